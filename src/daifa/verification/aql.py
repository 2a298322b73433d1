"""ISO 2859-1 single sampling plans, normal inspection, general inspection level II
(the same tables as ANSI/ASQ Z1.4, MIL-STD-105E and GB/T 2828.1).

Table 1 gives the sample-size code letter for a lot size; Table 2-A gives, per
code letter and AQL, the acceptance and rejection numbers, or an arrow: use the
first plan below (↓) or above (↑) in the same column, *with that plan's sample
size*. Pure computation, no Django: the first bulk lot's inspection page and the
tests use it.

Defect classes as inspection firms use them: critical (unsafe, illegal) at AQL 0
(one defective rejects the lot), major at 2.5, minor at 4.0.
"""

from __future__ import annotations

from dataclasses import dataclass

# Table 1, general inspection level II: (largest lot size of the range, letter).
_LEVEL_II = (
    (8, "A"),
    (15, "B"),
    (25, "C"),
    (50, "D"),
    (90, "E"),
    (150, "F"),
    (280, "G"),
    (500, "H"),
    (1200, "J"),
    (3200, "K"),
    (10000, "L"),
    (35000, "M"),
    (150000, "N"),
    (500000, "P"),
    (None, "Q"),
)
LETTERS = "ABCDEFGHJKLMNPQR"
SAMPLE_SIZES = dict(
    zip(LETTERS, (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000), strict=True)
)

# Table 2-A, one column per AQL written as it is printed: for each code letter
# A..R either (Ac, Re) or an arrow. Every column has the same shape: arrows down
# to the first plan (0, 1), an arrow up, an arrow down, then the acceptance
# numbers 1, 2, 3, 5, 7, 10, 14, 21 and arrows up to the end of the table.
DOWN, UP = "↓", "↑"
_ACCEPTS = (1, 2, 3, 5, 7, 10, 14, 21)
Cell = str | tuple[int, int]  # an arrow, or (Ac, Re)


def _column(first_plan_letter: str) -> tuple[Cell, ...]:
    start = LETTERS.index(first_plan_letter)
    cells: list[Cell] = [DOWN] * start
    first: list[Cell] = [(0, 1), UP, DOWN]
    cells += first + [(a, a + 1) for a in _ACCEPTS]
    cells += [UP] * len(LETTERS)
    return tuple(cells[: len(LETTERS)])


# The code letter whose plan is (0, 1) in each AQL's column.
_FIRST_PLAN = {
    0.065: "L", 0.1: "K", 0.15: "J", 0.25: "H", 0.4: "G", 0.65: "F",
    1.0: "E", 1.5: "D", 2.5: "C", 4.0: "B", 6.5: "A",
}  # fmt: skip
TABLE_2A = {aql: _column(letter) for aql, letter in _FIRST_PLAN.items()}
AQLS = tuple(sorted(TABLE_2A))


class AqlError(ValueError):
    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_en, self.message_zh = message_en, message_zh

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en


@dataclass(frozen=True)
class Plan:
    aql: float
    lot_size: int
    code_letter: str  # the lot's letter from Table 1
    plan_letter: str  # the letter whose plan applies after following the arrows
    sample_size: int  # as the table gives it
    accept: int
    reject: int

    @property
    def inspect_all(self) -> bool:
        """The table's sample is at least the lot: inspect every unit."""
        return self.sample_size >= self.lot_size

    @property
    def units_to_inspect(self) -> int:
        return min(self.sample_size, self.lot_size)


def code_letter(lot_size: int) -> str:
    if not isinstance(lot_size, int) or isinstance(lot_size, bool) or lot_size < 2:
        raise AqlError(
            f"Lot size: “{lot_size}” is not allowed; a lot has at least 2 units",
            f"批量：“{lot_size}”无效；一批至少 2 件",
        )
    for largest, letter in _LEVEL_II:
        if largest is None or lot_size <= largest:
            return letter
    raise AssertionError("unreachable: the last range is open")


def plan(lot_size: int, aql: float) -> Plan:
    """The single sampling plan for ``lot_size`` at ``aql`` (0 = no defect allowed)."""
    letter = code_letter(lot_size)
    if aql == 0:
        n = SAMPLE_SIZES[letter]
        return Plan(0.0, lot_size, letter, letter, n, 0, 1)
    column = TABLE_2A.get(float(aql))
    if column is None:
        allowed = ", ".join(f"{a:g}" for a in (0, *AQLS))
        raise AqlError(
            f"AQL: “{aql}” is not in the table (allowed: {allowed})",
            f"AQL：“{aql}”不在表中（可选：{allowed}）",
        )
    i = LETTERS.index(letter)
    cell = column[i]
    step = {DOWN: 1, UP: -1}.get(cell, 0) if isinstance(cell, str) else 0
    while isinstance(cell, str):  # follow the arrow (DOWN or UP) to the first printed plan
        i += step
        cell = column[i]
    accept, reject = cell
    return Plan(float(aql), lot_size, letter, LETTERS[i], SAMPLE_SIZES[LETTERS[i]], accept, reject)


@dataclass(frozen=True)
class Inspection:
    critical: Plan
    major: Plan
    minor: Plan

    def accepts(self, *, critical: int, major: int, minor: int) -> bool:
        """Accept only when each class of defectives is within its acceptance number.
        A defective unit is counted once, in its most serious class."""
        return (
            critical <= self.critical.accept
            and major <= self.major.accept
            and minor <= self.minor.accept
        )


def inspection(
    lot_size: int, *, critical: float = 0.0, major: float = 2.5, minor: float = 4.0
) -> Inspection:
    return Inspection(plan(lot_size, critical), plan(lot_size, major), plan(lot_size, minor))
