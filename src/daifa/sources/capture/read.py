"""Lexemes -> typed values through the spreadsheet's parsers, all in one Polars pass.

A paste and a spreadsheet cell must read ``≤15分钟``, ``1.2万+`` or ``0.00%`` the
same way, so nothing here parses a number: each lexeme becomes a one-row column
handed to :func:`daifa.sources.spreadsheet.values.parse_field` (or the tier
parser), and the reason codes come back with the values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.sources.spreadsheet.report import REASONS
from daifa.sources.spreadsheet.scope import Scope, run
from daifa.sources.spreadsheet.structured import price_tiers
from daifa.sources.spreadsheet.values import parse_field

# The writer's text form of a typed value is what the reader reads back.
from daifa.sources.spreadsheet.writer import _text_column

from .model import CaptureValueError

Read = tuple[Any, str | None]  # (value or None, reason code or None)


def read_texts(items: Sequence[tuple[str, str]]) -> list[Read]:
    """Each ``(field, text)`` read by that field's parser, in order."""
    results: list[Read | None] = [None] * len(items)
    tiers = [i for i, (name, _) in enumerate(items) if COLUMNS_BY_NAME[name].type == "tiers"]
    others = [i for i in range(len(items)) if i not in set(tiers)]
    if tiers:
        parsed = price_tiers(pl.Series([items[i][1] for i in tiers], dtype=pl.String))
        for i, (value, reason) in zip(tiers, parsed.rows(), strict=True):
            results[i] = (value, reason)
    if others:
        row = _read_row([items[i] for i in others])
        for n, i in enumerate(others):
            results[i] = (row[2 * n], row[2 * n + 1])
    return [r if r is not None else (None, None) for r in results]


def _read_row(items: Sequence[tuple[str, str]]) -> tuple[Any, ...]:
    """One frame, one column per lexeme: Polars runs the parsers side by side."""
    frame = pl.DataFrame({f"c{i}": [text] for i, (_, text) in enumerate(items)})
    scopes, outputs = [], []
    for i, (name, _) in enumerate(items):
        scope = Scope(f"c{i}")
        parsed = parse_field(scope, name, pl.col(f"c{i}"), "suppliers")
        scopes.append(scope)
        outputs += [parsed.value.alias(f"v{i}"), parsed.reason.alias(f"r{i}")]
    return run(frame, scopes, outputs).row(0)


def read_value(field: str, text: str) -> Any:
    """The value of ``field`` written as ``text`` (None when blank or ``暂无``).

    Raises :class:`CaptureValueError`, in zh and en, when the text is not a value
    of that field (``回头率`` = ``很高``).
    """
    if field not in COLUMNS_BY_NAME:
        raise KeyError(field)
    value, reason = read_texts([(field, text)])[0]
    if reason is not None:
        en, zh = REASONS.get(reason, (reason, reason))
        raise CaptureValueError(field, text, en, zh)
    return value


def format_value(field: str, value: Any) -> str:
    """``value`` as text that :func:`read_value` reads back (tiers as ``1-49:12.5;...``)."""
    if value is None:
        return ""
    dtype = COLUMNS_BY_NAME[field].dtype
    frame = pl.DataFrame({field: [value]}, schema={field: dtype})
    text = frame.select(_text_column(field, dtype, excel=False)).item()
    return "" if text is None else str(text)
