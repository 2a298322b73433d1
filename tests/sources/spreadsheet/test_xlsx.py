"""The column-wise XLSX writer: typed, escaped, formatted cells Excel and readers accept."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import polars as pl

from daifa.sources.spreadsheet.xlsx import MAX_CELL_TEXT, XlsxSheet, write_xlsx


def _book(sheets: list[XlsxSheet]) -> openpyxl.Workbook:
    out = io.BytesIO()
    write_xlsx(sheets, out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def test_cells_keep_their_types_and_text_is_escaped() -> None:
    frame = pl.DataFrame(
        {
            "text": ['<b>"A&B"</b>', " padded ", "bell\x07", "x" * (MAX_CELL_TEXT + 5), None],
            "number": [1.5, float("nan"), float("inf"), -2.0, None],
            "count": [1, 2, None, 4, 5],
            "flag": [True, False, None, True, False],
            "day": [date(2026, 12, 6), None, date(1999, 1, 2), None, None],
            "when": [datetime(2026, 12, 6, 10, 30), None, None, None, datetime(2000, 1, 1)],
        }
    )
    sheet = _book([XlsxSheet("a/b:c", frame, number_formats={"number": "0.00"})]).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows[:3]] == ['<b>"A&B"</b>', " padded ", "bell"]
    assert len(rows[3][0]) == MAX_CELL_TEXT and rows[4][0] is None
    assert [r[1] for r in rows] == [1.5, None, None, -2, None]  # NaN/inf: no cell
    assert [r[2] for r in rows] == [1, 2, None, 4, 5]
    assert [r[3] for r in rows] == [True, False, None, True, False]
    assert rows[0][4] == datetime(2026, 12, 6) and rows[2][4] == datetime(1999, 1, 2)
    assert rows[0][5] == datetime(2026, 12, 6, 10, 30) and rows[4][5] == datetime(2000, 1, 1)
    assert sheet["B2"].number_format == "0.00" and sheet["E2"].number_format == "yyyy-mm-dd"
    assert sheet.title == "a_b_c"


def test_every_sheet_has_a_bold_frozen_filtered_header() -> None:
    frames = [pl.DataFrame({"a": [1, 2]}), pl.DataFrame({"b": ["x"], "c": ["y"]})]
    book = _book([XlsxSheet("one", frames[0], headers=["甲"]), XlsxSheet("two", frames[1])])
    assert book.sheetnames == ["one", "two"]
    for sheet, ref in zip(book, ["A1:A3", "A1:B2"], strict=True):
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == ref
        assert all(cell.font.bold for cell in sheet[1])
    assert book["one"]["A1"].value == "甲" and book["two"]["B1"].value == "c"


def test_an_empty_frame_is_a_header_only_sheet() -> None:
    sheet = _book([XlsxSheet("s", pl.DataFrame(schema={"a": pl.String}))]).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["a"]]
