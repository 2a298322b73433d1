"""Spreadsheet import and export: CSV/XLSX <-> canonical frames (no Django).

    >>> from daifa.sources.spreadsheet import read_tables, write_tables
    >>> tables = read_tables("suppliers.xlsx")            # doctest: +SKIP
    >>> tables.report.ok, tables.suppliers.height          # doctest: +SKIP
    >>> write_tables(tables, "out.csv")                    # doctest: +SKIP

Headers may be Chinese or English (data-format.md plus variants, see
:mod:`.headers`); values are read as people write them (:mod:`.numbers`,
:mod:`.structured`). Unreadable cells never raise: they are listed, with row,
column, raw value and reason in zh and en, in ``tables.report``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import SpreadsheetError
from .headers import HeaderMatch, match_header, normalise_header
from .reader import Progress, Tables, companion_path, read_tables
from .report import CellProblem, Note, ReadReport

if TYPE_CHECKING:
    from .writer import write_tables


def __getattr__(name: str) -> Any:
    # The writer (its XLSX part imports xml.sax, urllib, http.client, ssl) loads on
    # first use: a process that only reads, such as `daifa screen`, never pays for it.
    if name == "write_tables":
        from .writer import write_tables

        return write_tables
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CellProblem",
    "HeaderMatch",
    "Note",
    "Progress",
    "ReadReport",
    "SpreadsheetError",
    "Tables",
    "companion_path",
    "match_header",
    "normalise_header",
    "read_tables",
    "write_tables",
]
