"""The documentation's criteria tables, rendered from the catalogue.

``docs/profiles.md`` (the default criteria) and ``docs/data-format.md`` (the
columns each criterion reads) carry these tables between marker comments;
``scripts/criteria_docs.py`` writes them and a test checks they are current, so
a new catalogue entry cannot leave the docs behind.
"""

from __future__ import annotations

from collections.abc import Iterable

from daifa.engine.criteria._catalogue import CATALOGUE
from daifa.engine.criteria._model import Criterion, format_number

# The marked blocks: (document, block name) -> renderer.
BEGIN, END = "<!-- generated: {name} (scripts/criteria_docs.py) -->", "<!-- end: {name} -->"


def default_criteria(criteria: Iterable[Criterion] = CATALOGUE) -> str:
    """``docs/profiles.md``: every criterion's defaults."""
    lines = [
        "| id | dimension | kind | rule | threshold | zero at | weight / penalty |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in criteria:
        rule = c.rule
        if rule.op == "range":
            threshold = f"{_n(rule.good)}–{_n(rule.high)}"
        else:
            threshold = _n(rule.good)
        lines.append(
            f"| `{c.id}` | {c.dimension} | {c.kind} | {rule.op} | {threshold} "
            f"| {_n(rule.bad)} | {format_number(c.weight)} |"
        )
    return "\n".join(lines)


def columns_read(criteria: Iterable[Criterion] = CATALOGUE) -> str:
    """``docs/data-format.md``: the columns each criterion reads."""
    lines = ["| criterion | kind | columns it reads |", "|---|---|---|"]
    for c in criteria:
        columns = ", ".join(f"`{name}`" for name in c.columns) or _NO_COLUMNS.get(c.id, "–")
        lines.append(f"| `{c.id}` ({c.label.en}) | {c.kind} | {columns} |")
    return "\n".join(lines)


# Flags that read a companion file rather than supplier columns.
_NO_COLUMNS = {"template_reviews": "the reviews file (`text`, `rating`)"}

TABLES = {
    ("docs/profiles.md", "default criteria"): default_criteria,
    ("docs/data-format.md", "columns each criterion reads"): columns_read,
}


def block(name: str, body: str) -> str:
    """The table between its markers, as it stands in the document."""
    return f"{BEGIN.format(name=name)}\n{body}\n{END.format(name=name)}"


def replace_block(text: str, name: str, body: str) -> str:
    """``text`` with its ``name`` block replaced by ``body`` (``ValueError`` if unmarked)."""
    begin, end = BEGIN.format(name=name), END.format(name=name)
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        raise ValueError(f"no {begin!r} … {end!r} block")
    return text[:start] + block(name, body) + text[stop + len(end) :]


def _n(value: float | None) -> str:
    return "–" if value is None else format_number(value)
