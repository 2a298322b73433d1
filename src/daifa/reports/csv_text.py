"""A result frame as CSV bytes, fast: the bytes Polars' ``write_csv`` gives, in less time.

Polars' default quoting ("necessary") checks every text cell for a character that
needs quotes, Enum cells included. A screening result has 50 Enum status columns
whose four words never need them: at a million rows the check cost about as much
as writing those columns. So the text columns that can hold such a character are
quoted here, exactly as Polars would quote them (a cell holding the separator, a
quote or a line break, and the empty string, goes in quotes with its quotes
doubled), and the frame is written without Polars' check (``quote_style="never"``).
``tests/reports/test_csv_text.py`` checks the bytes against Polars' own on
arbitrary text. Supplier text that could run as a formula is neutralised in the
same pass (:mod:`daifa.sources.spreadsheet.safe`).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import polars as pl

from daifa.sources.spreadsheet.safe import _GUARDED, neutralised

# What makes Polars quote a field under quote_style="necessary" (separator ",").
_NEEDS_QUOTES = r'[,"\r\n]'


def _quoted(values: pl.Series) -> pl.Series:
    """The cells that need quotes, quoted; only those cells are rebuilt (most need none,
    and an empty cell, common in blocking/flags, is a constant)."""
    empty = values == ""
    special = values.str.contains(_NEEDS_QUOTES).fill_null(False)
    out = values.set(empty.fill_null(False), '""') if empty.any() else values
    rows = special.arg_true()
    if rows.len() == 0:
        return out
    inner = values.gather(rows).str.replace_all('"', '""', literal=True)
    return out.scatter(rows, '"' + inner + '"')


def _safe_words(dtype: pl.DataType) -> bool:
    """An Enum whose every category can be written without quotes (and is not empty)."""
    if not isinstance(dtype, pl.Enum):
        return False
    words = dtype.categories
    return not (words.str.contains(_NEEDS_QUOTES) | (words == "")).any()


def prepared(frame: pl.DataFrame) -> pl.DataFrame | None:
    """``frame`` with text neutralised and quoted as CSV needs, to be written with
    ``quote_style="never"``; None when a column cannot be (a header needing quotes,
    a column type this does not know): write it the plain way then."""
    text: list[str] = []
    for name, dtype in frame.schema.items():
        if _safe_words(dtype) or dtype.is_numeric() or dtype == pl.Boolean:
            continue
        if dtype != pl.String:
            return None
        text.append(name)
    if any(_needs_quotes(name) for name in frame.columns):
        return None
    if not text:
        return frame
    # One scan over the text columns: which need neutralising, which need quotes.
    found = frame.select(
        *(pl.col(c).str.contains(_GUARDED).any().alias(f"g{i}") for i, c in enumerate(text)),
        *(
            (pl.col(c).str.contains(_NEEDS_QUOTES) | (pl.col(c) == "")).any().alias(f"q{i}")
            for i, c in enumerate(text)
        ),
    ).row(0)
    guard, quote = found[: len(text)], found[len(text) :]
    changed = []
    for name, guarded, quoted in zip(text, guard, quote, strict=True):
        if not guarded and not quoted:
            continue
        column = frame.select(neutralised(pl.col(name))).to_series() if guarded else frame[name]
        changed.append((_quoted(column) if quoted else column).alias(name))
    return frame.with_columns(changed) if changed else frame


def _needs_quotes(text: str) -> bool:
    return text == "" or any(ch in text for ch in ',"\r\n')


def write_frame(
    frame: pl.DataFrame,
    target: str | Path | IO[bytes],
    *,
    include_bom: bool = False,
    include_header: bool = True,
) -> None:
    """Write ``frame`` as ``neutralise_frame(frame).write_csv(target, ...)`` would."""
    from daifa.sources.spreadsheet.safe import neutralise_frame

    ready = prepared(frame)
    if ready is None:
        neutralise_frame(frame).write_csv(
            target, include_bom=include_bom, include_header=include_header
        )
        return
    if isinstance(target, str | Path):
        with open(target, "wb") as handle:
            _write_ready(ready, handle, include_bom=include_bom, include_header=include_header)
    else:
        _write_ready(ready, target, include_bom=include_bom, include_header=include_header)


# Rows written per round: the leading columns' text and the rows built from it
# stay a few tens of megabytes whatever the frame's length.
_BLOCK_ROWS = 65_536


def _write_ready(
    ready: pl.DataFrame, handle: IO[bytes], *, include_bom: bool, include_header: bool
) -> None:
    """``ready.write_csv(handle, quote_style="never", ...)``'s bytes. The trailing run of
    columns with few distinct cells (Enum statuses, points) is written from word
    tables (:mod:`daifa.reports._words`); Polars writes the leading columns."""
    from daifa.reports._words import WordColumns

    preface = ready.clear().write_csv(
        include_bom=include_bom, include_header=include_header, quote_style="never"
    )
    handle.write(preface.encode("utf-8"))
    words = WordColumns.of(ready) if ready.height else None
    if words is None:
        ready.write_csv(handle, include_header=False, quote_style="never")
        return
    lead = ready.select(ready.columns[: ready.width - words.width])
    for start in range(0, ready.height, _BLOCK_ROWS):
        rows = min(_BLOCK_ROWS, ready.height - start)
        text = words.rows(lead.slice(start, rows), start, rows)
        if text is None:  # a quoted line break in the leading columns
            ready.slice(start, rows).write_csv(handle, include_header=False, quote_style="never")
        else:
            handle.write(text)
