"""Excel percent cells: a cell formatted ``0%`` holds 0.41 and shows 41 %.

fastexcel reads values, not formats, so such a cell would reach the percent parser as a
bare ``0.41`` and be read as 0.41 %. This module looks at the number formats of the
first data rows (openpyxl, read-only) and writes the cells of percent-formatted columns
as the seller saw them: ``41%``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .parse import RawSheet

SAMPLE_ROWS = 200


def _percent_columns(path: Path, sheet_name: str, raw: RawSheet) -> list[int]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book[sheet_name]
        header = [
            "" if v is None else str(v).strip()
            for v in next(
                sheet.iter_rows(min_row=raw.header_row, max_row=raw.header_row, values_only=True),
                (),
            )
        ]
        offset = _offset(header, raw.headers)
        if offset is None:
            return []
        found: set[int] = set()
        rows = sheet.iter_rows(min_row=raw.header_row + 1, max_row=raw.header_row + SAMPLE_ROWS)
        for row in rows:
            for position, cell in enumerate(row):
                fmt = getattr(cell, "number_format", None)
                value = getattr(cell, "value", None)
                if fmt and "%" in fmt and isinstance(value, int | float):
                    found.add(position - offset)
        return sorted(i for i in found if 0 <= i < len(raw.headers))
    finally:
        book.close()


def _offset(cells: list[str], headers: list[str]) -> int | None:
    """Where the sheet's header row starts in openpyxl's columns (fastexcel trims)."""
    wanted = [h for h in headers]
    for start in range(len(cells) - len(wanted) + 1):
        if cells[start : start + len(wanted)] == wanted:
            return start
    return None


def mark_percent_cells(path: Path, sheet_name: str, raw: RawSheet) -> RawSheet:
    """``raw`` with percent-formatted numbers written as percentages (0.41 -> "41%")."""
    if not raw.headers:
        return raw
    try:
        columns = _percent_columns(path, sheet_name, raw)
    except Exception:  # formats are a refinement: an unreadable style leaves values as read
        return raw
    if not columns:
        return raw
    updates = []
    for index in columns:
        name = f"c{index}"
        if name not in raw.frame.columns:
            continue
        number = pl.col(name).str.strip_chars().cast(pl.Float64, strict=False)
        shown = (number * 100).round(10).cast(pl.String) + pl.lit("%")
        updates.append(
            pl.when(number.is_not_null()).then(shown).otherwise(pl.col(name)).alias(name)
        )
    frame = raw.frame.with_columns(updates) if updates else raw.frame
    return RawSheet(raw.name, raw.headers, frame, raw.header_row)
