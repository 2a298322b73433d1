"""Exported text never executes: the one rule every CSV and XLSX writer applies.

Excel, WPS and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), and a leading
tab or carriage return hides such a start. Supplier text is untrusted, so a text
cell starting with one of these gets a leading apostrophe: every spreadsheet
shows it as text. Numbers are never touched (``-1`` stays a number).

Round trips stay lossless: text that already starts with apostrophes followed by
a trigger (``'=x``) gets one more, and the reader removes exactly one apostrophe
from any cell of that shape (:func:`restored`). So ``=x`` -> ``'=x`` -> ``=x`` and
``'=x`` -> ``''=x`` -> ``'=x``. A seller's own cell written ``'-5`` (the
spreadsheet habit for "this is text") reads as ``-5``, as Excel shows it.
"""

from __future__ import annotations

import re

import polars as pl

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Any number of apostrophes, then a trigger: the shape that needs (or got) a guard.
_GUARDED = r"^'*[=+\-@\t\r]"
_GUARDED_RE = re.compile(_GUARDED)
_RESTORE = r"^'('*[=+\-@\t\r])"


def neutralise(text: str) -> str:
    """``"=1+1"`` -> ``"'=1+1"``; text that cannot start a formula is returned as is."""
    return "'" + text if _GUARDED_RE.match(text) else text


def neutralise_value(value: object) -> object:
    """:func:`neutralise` for strings; any other cell value is returned unchanged."""
    return neutralise(value) if isinstance(value, str) else value


def neutralised(expr: pl.Expr) -> pl.Expr:
    """The Polars form of :func:`neutralise`, for a String column."""
    return pl.when(expr.str.contains(_GUARDED)).then(pl.lit("'") + expr).otherwise(expr)


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every String column of ``frame`` neutralised; other columns as they are."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return frame
    # One scan to find the columns that need it: at a million rows most need nothing.
    found = frame.select(pl.col(name).str.contains(_GUARDED).any() for name in text).row(0)
    hit = [name for name, needs in zip(text, found, strict=True) if needs]
    return frame.with_columns(neutralised(pl.col(name)).alias(name) for name in hit)


def restored(expr: pl.Expr) -> pl.Expr:
    """The reader's inverse of :func:`neutralised`: one guarding apostrophe removed."""
    return expr.str.replace(_RESTORE, "$1")
