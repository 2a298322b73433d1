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
    by_field: dict[str, list[int]] = {}
    for i, (name, _) in enumerate(items):
        by_field.setdefault(name, []).append(i)
    results: list[Read] = [(None, None)] * len(items)
    tiers = [name for name in by_field if COLUMNS_BY_NAME[name].type == "tiers"]
    for name in tiers:
        positions = by_field.pop(name)
        parsed = price_tiers(pl.Series([items[i][1] for i in positions], dtype=pl.String))
        for i, (value, reason) in zip(positions, parsed.rows(), strict=True):
            results[i] = (value, reason)
    if by_field:
        columns = _read_columns({n: [items[i][1] for i in at] for n, at in by_field.items()})
        for name, positions in by_field.items():
            for row, i in enumerate(positions):
                results[i] = columns[name][row]
    return results


def _read_columns(texts: dict[str, list[str]]) -> dict[str, list[Read]]:
    """One frame, one column per field (short ones padded with nulls, which read as
    unknown), so Polars runs the parsers side by side in a single pass."""
    height = max(len(values) for values in texts.values())
    names = list(texts)
    frame = pl.DataFrame(
        {f"c{i}": texts[n] + [None] * (height - len(texts[n])) for i, n in enumerate(names)},
        schema={f"c{i}": pl.String for i in range(len(names))},
    )
    scopes, outputs = [], []
    for i, name in enumerate(names):
        scope = Scope(f"c{i}")
        parsed = parse_field(scope, name, pl.col(f"c{i}"), "suppliers")
        scopes.append(scope)
        outputs += [parsed.value.alias(f"v{i}"), parsed.reason.alias(f"r{i}")]
    out = run(frame, scopes, outputs)
    return {
        name: list(zip(out[f"v{i}"].to_list(), out[f"r{i}"].to_list(), strict=True))
        for i, name in enumerate(names)
    }


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
