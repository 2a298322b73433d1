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

from .errors import SpreadsheetError
from .headers import HeaderMatch, match_header, normalise_header
from .reader import Progress, Tables, companion_path, read_tables
from .report import CellProblem, Note, ReadReport
from .writer import write_tables

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
