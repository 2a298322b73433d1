"""The brief's "must show": three spellings of one dataset read to identical frames."""

from __future__ import annotations

from pathlib import Path

from polars.testing import assert_frame_equal

from daifa.sources.spreadsheet import read_tables

from .conftest import expected_frames


def _assert_reads_as_expected(path: Path) -> None:
    tables = read_tables(path)
    assert tables.report is not None
    assert tables.report.ok, tables.report.to_text("en")
    frames = tables.frames()
    for kind, expected in expected_frames().items():
        assert_frame_equal(frames[kind], expected, check_column_order=True)


def test_a_gbk_csv_with_chinese_headers_and_messy_values_reads_canonically(gbk_csv: Path) -> None:
    _assert_reads_as_expected(gbk_csv)


def test_an_xlsx_with_three_sheets_reads_canonically(three_sheet_xlsx: Path) -> None:
    _assert_reads_as_expected(three_sheet_xlsx)


def test_the_canonical_csv_with_companion_files_reads_canonically(canonical_csv: Path) -> None:
    _assert_reads_as_expected(canonical_csv)


def test_the_gbk_file_reports_its_encoding(gbk_csv: Path) -> None:
    report = read_tables(gbk_csv).report
    assert report is not None
    assert any("gb18030" in note.en for note in report.notes)


def test_the_xlsx_fraction_column_is_noted_in_both_languages(three_sheet_xlsx: Path) -> None:
    report = read_tables(three_sheet_xlsx).report
    assert report is not None
    fraction_notes = [n for n in report.notes if "复购率" in n.en]
    assert len(fraction_notes) == 1
    assert "0.41 read as 41 %" in fraction_notes[0].en
    assert "0.41 读作 41%" in fraction_notes[0].zh


def test_row_numbers_match_the_file_after_title_and_blank_rows(gbk_csv: Path) -> None:
    tables = read_tables(gbk_csv)
    # Title row 1, blank row 2, header row 3: the first supplier is on row 4.
    assert tables.suppliers["_row"].to_list() == [4, 5, 6]
    assert tables.suppliers["_sheet"].unique().to_list() == ["供应商.csv"]
    assert tables.sales is not None and tables.sales["_row"].to_list() == [2, 3, 4]


def test_xlsx_rows_and_sheet_names_are_kept(three_sheet_xlsx: Path) -> None:
    tables = read_tables(three_sheet_xlsx)
    assert tables.suppliers["_row"].to_list() == [2, 3, 4]
    assert tables.reviews is not None
    assert tables.reviews["_sheet"].to_list() == ["评价", "评价"]
