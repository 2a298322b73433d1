"""Walk the cells and collect every candidate value the rules recognise."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .candidates import Candidate
from .cells import Cell
from .rules import (
    ANY_LABEL,
    CERTIFICATES,
    COMPANY,
    FLAGS,
    LABEL_RULES,
    LOGISTICS,
    TAGS,
    TEXT,
    Rule,
)

# An unreadable value is shown in a note; a whole paragraph would not help.
_SHOWN = 40


def _group(match: re.Match[str]) -> str:
    return match.group("v") if "v" in match.re.groupindex else match.group(1)


def label_alone(cell: Cell) -> Rule | None:
    """The rule whose label is the whole cell (its value is in a following cell)."""
    if not ANY_LABEL.search(cell.text):
        return None
    return next((r for r in LABEL_RULES if r.alone and r.alone.fullmatch(cell.text)), None)


def scan(cells: Sequence[Cell], used: set[int]) -> list[Candidate]:
    """Label/value candidates; ``used`` (cells taken by tier tables) grows as values are taken."""
    found: list[Candidate] = []
    i = 0
    while i < len(cells):
        if i in used:
            i += 1
            continue
        labels = _label_run(cells, i, used)
        if labels:
            found.extend(_pair(cells, i, labels, used))
            i += len(labels)
            continue
        found.extend(_inline(cells[i]))
        i += 1
    return found


def _label_run(cells: Sequence[Cell], start: int, used: set[int]) -> list[Rule]:
    run: list[Rule] = []
    for i in range(start, len(cells)):
        rule = None if i in used else label_alone(cells[i])
        if rule is None:
            break
        run.append(rule)
    return run


def _pair(cells: Sequence[Cell], start: int, labels: list[Rule], used: set[int]) -> list[Candidate]:
    """Labels then values: ``回头率\\n41%``, or a copied table row of labels over values."""
    k = len(labels)
    values = [c for c in cells[start + k : start + 2 * k] if c.index not in used]
    if len(values) == k and all(
        rule.next_value.match(v.text) for rule, v in zip(labels, values, strict=True)
    ):
        pairs = list(zip(range(start, start + k), labels, values, strict=True))
    elif values and label_alone(values[0]) is None:
        # Not a table: only the last label is followed by its value.
        pairs = [(start + k - 1, labels[-1], values[0])]
    else:
        return []
    found = []
    for index, rule, value in pairs:
        candidate = _from_next(cells[index], rule, value, table=k > 1)
        if candidate is not None:
            used.add(value.index)
            found.append(candidate)
    return found


def _from_next(label: Cell, rule: Rule, value: Cell, *, table: bool) -> Candidate | None:
    match = rule.next_value.match(value.text)
    if match is None and rule.value == TEXT:
        return None  # any text "fits" a text field: a cell that does not is not its value
    text = _group(match).strip() if match else value.text[:_SHOWN]
    spans = (
        ((label.start, label.end), (value.start, value.end))
        if table
        else ((label.start, value.end),)
    )
    return _candidate(rule, text, spans, label)


def _inline(cell: Cell) -> list[Candidate]:
    if not ANY_LABEL.search(cell.text):
        return []
    span = ((cell.start, cell.end),)
    found = [
        _candidate(rule, _group(match).strip(), span, cell)
        for rule in LABEL_RULES
        if (match := rule.inline.search(cell.text))
    ]
    if found:
        return found
    # A label whose value is not one: say so rather than guess (``响应时间 较快``).
    for rule in LABEL_RULES:
        rest = rule.rest.match(cell.text) if rule.rest else None
        if rest:
            return [_candidate(rule, rest.group("v")[:_SHOWN], span, cell)]
    return []


def _candidate(rule: Rule, text: str, spans: tuple[tuple[int, int], ...], cell: Cell) -> Candidate:
    return Candidate(
        rule.field,
        text,
        spans,
        cell.line,
        cell.index,
        parse_as=rule.parse_as,
        priority=rule.priority,
        extra=rule.extra,
    )


def flags(cells: Sequence[Cell]) -> list[Candidate]:
    """Yes/no facts stated by badges (一件代发, 跨境专供, 源头工厂 ...)."""
    found = []
    for cell in cells:
        for flag in FLAGS:
            if flag.pattern.search(cell.text):
                span = ((cell.start, cell.end),)
                found.append(
                    Candidate(
                        flag.field,
                        None,
                        span,
                        cell.line,
                        cell.index,
                        extra=flag.extra,
                        constant=flag.value,
                    )
                )
    return found


def lists(cells: Sequence[Cell]) -> list[Candidate]:
    """Tags, cross-border lines and certificates, each gathered over the whole page."""
    found = []
    for name, pattern, extra in (
        ("tags", TAGS, True),
        ("intl_logistics", LOGISTICS, False),
        ("certifications", CERTIFICATES, False),
    ):
        items: list[str] = []
        spans: list[tuple[int, int]] = []
        first: Cell | None = None
        for cell in cells:
            hits = [m.group() for m in pattern.finditer(cell.text)]
            if hits:
                first = first or cell
                items.extend(h for h in hits if h not in items)
                spans.append((cell.start, cell.end))
        if first is not None:
            found.append(
                Candidate(
                    name, None, tuple(spans), first.line, first.index, extra=extra, constant=items
                )
            )
    return found


def company(cells: Sequence[Cell]) -> list[Candidate]:
    """A cell that is only a company name (the shop header), the weaker source of a name."""
    for cell in cells:
        match = COMPANY.match(cell.text)
        if match:
            span = ((cell.start, cell.end),)
            return [
                Candidate(
                    "supplier_name", match.group("v"), span, cell.line, cell.index, priority=1
                )
            ]
    return []
