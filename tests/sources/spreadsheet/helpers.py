"""Parse a few cells of one column through the real sheet parser."""

from __future__ import annotations

from typing import Any

import polars as pl

from daifa.sources.spreadsheet.headers import TableKind, match_header
from daifa.sources.spreadsheet.parse import RawSheet, SheetResult, parse_sheet


def parse_cells(header: str, cells: list[str | None], kind: TableKind = "suppliers") -> SheetResult:
    """A sheet with a supplier_id column and ``header`` holding ``cells`` (rows 2...)."""
    frame = pl.DataFrame(
        {"c0": [f"S{i}" for i in range(len(cells))], "c1": cells},
        schema={"c0": pl.String, "c1": pl.String},
    ).with_row_index("_row", offset=2)
    sheet = RawSheet("test", ["supplier_id", header], frame.cast({"_row": pl.Int64}), 1)
    return parse_sheet(sheet, kind, lambda done: None)


def values(header: str, cells: list[str | None], kind: TableKind = "suppliers") -> list[Any]:
    """The parsed values of the column, asserting no cell was refused."""
    result = parse_cells(header, cells, kind)
    assert not result.problems, [p.text("en") for p in result.problems]
    match = match_header(header, kind)
    assert match is not None
    return result.frame.get_column(match.field).to_list()


def value(header: str, cell: str | None, kind: TableKind = "suppliers") -> Any:
    return values(header, [cell], kind)[0]


def reasons(header: str, cells: list[str | None], kind: TableKind = "suppliers") -> list[str]:
    """The reason code of every refused cell, in row order."""
    return [p.code for p in sorted(parse_cells(header, cells, kind).problems, key=lambda p: p.row)]
