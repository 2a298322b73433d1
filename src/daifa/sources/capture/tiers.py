"""Price-tier tables as a copy flattens them, into ``1-49:12.5;50-199:11.8;≥200:10.9``.

1688 draws tiers as a small table: prices over quantity ranges. Copied, it reads
either interleaved (``¥12.50 / 1-49件 / ¥11.80 / 50-199件``) or as two blocks
(``价格 ¥6.80 ¥6.20 起批量 2-99件 100-499件``). Each cell gets a letter (P price,
Q quantity, H table label, R price range) and a regex over the letters finds the
tables; the canonical tier text goes to the spreadsheet's tier parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from daifa.sources.spreadsheet.report import Note

from .candidates import Candidate
from .cells import PRICE, QTY, Cell, is_price, is_qty
from .rules import PRICE_RANGE, TIER_HEADERS

_TABLE = re.compile(
    r"H?(?:PQ){2,}|H?(?:QP){2,}|H?(?P<p1>P{2,})H?(?P<q1>Q{2,})|H?(?P<q2>Q{2,})H?(?P<p2>P{2,})"
    r"|H?(?:PQ|QP)"
)


def _letter(cell: Cell) -> str:
    if is_price(cell.text):
        return "P"
    if is_qty(cell.text):
        return "Q"
    if TIER_HEADERS.match(cell.text):
        return "H"
    return "R" if PRICE_RANGE.match(cell.text) else "x"


def find_tiers(cells: Sequence[Cell]) -> tuple[list[Candidate], set[int], list[Note]]:
    """Tier (or single price) candidates, the cells they used, and price-range notes."""
    letters = "".join(_letter(c) for c in cells)
    found: list[Candidate] = []
    used: set[int] = set()
    for match in _TABLE.finditer(letters):
        table = cells[match.start() : match.end()]
        prices = [c for c in table if c.text and is_price(c.text)]
        quantities = [c for c in table if is_qty(c.text)]
        if len(prices) != len(quantities):
            continue  # two blocks of different lengths are not one table
        used.update(range(match.start(), match.end()))
        found.append(_candidate(table, prices, quantities))
    notes = [_range_note(c) for i, c in enumerate(cells) if letters[i] == "R"]
    used.update(i for i, letter in enumerate(letters) if letter == "R")
    return found, used, notes


def _candidate(table: Sequence[Cell], prices: list[Cell], quantities: list[Cell]) -> Candidate:
    span = ((table[0].start, table[-1].end),)
    first = table[0]
    if len(prices) == 1:
        # One price over one quantity is the offer's price, not a table of tiers.
        price = prices[0]
        return Candidate("unit_price_cny", _price(price), span, price.line, price.index, priority=1)
    text = ";".join(f"{_bounds(q)}:{_price(p)}" for p, q in zip(prices, quantities, strict=True))
    return Candidate("price_tiers", text, span, first.line, first.index)


def _price(cell: Cell) -> str:
    match = PRICE.match(cell.text)
    assert match is not None  # only price cells get here
    return match.group("price") or match.group("yuan")


def _bounds(cell: Cell) -> str:
    match = QTY.match(cell.text)
    assert match is not None  # only quantity cells get here
    low, high = match.group("min"), match.group("max")
    if high:
        return f"{low}-{high}"
    return f"≥{low}" if match.group("ge") or match.group("up") else low


def _range_note(cell: Cell) -> Note:
    return Note(
        f'line {cell.line}: "{cell.text}" is a price range (it depends on the option '
        f"chosen); no unit price was taken from it",
        f"第 {cell.line} 行：「{cell.text}」是价格区间（随规格变化），未作为单价",
    )
