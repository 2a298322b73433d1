"""Each crash class of the 2026-12 probe (issue #11, F5/F10/F14) is a cell
problem, a note, or a file-level SpreadsheetError naming what to fix."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest
from tests.fixtures.hostile.make_corpus import corpus

from daifa.sources.spreadsheet import SpreadsheetError, limits, read_tables


def _read(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_tables(path)


def _codes(tables):
    return [(p.row, p.field, p.code) for p in tables.report.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("supplier_id,moq\nS1,9223372036854775808\n", [(2, "moq", "too_large")]),
        ("supplier_id,sales_30d\nS1,1e20\n", [(2, "sales_30d", "too_large")]),
        ("supplier_id,unit_price_cny\nS1,1e309\n", [(2, "unit_price_cny", "money")]),
        ("supplier_id,period_start,period_days,units\nS1,2024-01-01,1e20,5\n",
         [(2, "period_days", "period_days")]),
        ("supplier_id,test_order_shipped_at\nS1,00000\n",
         [(2, "test_order_shipped_at", "date_range")]),
        ("supplier_id,test_order_shipped_at\nS1,1899-12-30\n",
         [(2, "test_order_shipped_at", "date_range")]),
    ],
)  # fmt: skip
def test_numbers_past_every_type_are_cell_problems(tmp_path, text, expected):
    assert _codes(_read(tmp_path, "x.csv", text.encode())) == expected


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("55_utf16_bom_odd_length.csv", "UTF-16"),
        ("56_utf16_bom_lone_surrogate.csv", "UTF-16"),
        ("57_utf8_bom_invalid_bytes.csv", "UTF-8"),
        ("30_unbalanced_quote.csv", "line 2"),
        ("58_gbk_unbalanced_quote.csv", "line 2"),
        ("45_xxe.xlsx", "cannot be read"),
        ("46_billion_laughs.xlsx", "cannot be read"),
        ("01_truncated.xlsx", "damaged"),
    ],
)
def test_unreadable_files_are_one_bilingual_error(tmp_path, name, says):
    with pytest.raises(SpreadsheetError) as caught:
        _read(tmp_path, name, corpus()[name])
    assert says in caught.value.message_en and caught.value.message_zh
    assert "Error" not in caught.value.message_en


def test_a_bom_in_the_middle_is_removed_and_noted(tmp_path):
    data = b"supplier_id,moq\nS1,1\n" + codecs.BOM_UTF8 + b"S3,2\n"
    tables = _read(tmp_path, "x.csv", data)
    assert tables.suppliers["supplier_id"].to_list() == ["S1", "S3"]
    assert any("byte-order mark" in n.en for n in tables.report.notes)


def test_duplicate_rows_are_noted_with_their_row_numbers(tmp_path):
    data = b"supplier_id,offer_id,unit_price_cny\nS1,A,1\nS2,A,2\nS1,A,3\nS1,B,4\n"
    notes = [n.en for n in _read(tmp_path, "x.csv", data).report.notes]
    assert any("supplier S1, offer A appears in rows 2, 4" in n for n in notes), notes


def test_cells_and_ids_past_the_limits_are_row_errors(tmp_path):
    name = "x" * (limits.MAX_CELL_CHARS + 1)
    ident = "I" * (limits.MAX_ID_CHARS + 1)
    data = f"supplier_id,supplier_name\nS1,{name}\n{ident},ok\n".encode()
    assert sorted(_codes(_read(tmp_path, "x.csv", data))) == [
        (2, "supplier_name", "too_long"),
        (3, "supplier_id", "id_too_long"),
    ]


def test_too_many_rows_or_columns_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    rows = "".join(f"S{i},1\n" for i in range(4))
    with pytest.raises(SpreadsheetError, match="at most 3 rows"):
        _read(tmp_path, "x.csv", ("supplier_id,moq\n" + rows).encode())
    blank_rows = "supplier_id,moq\n" + "\n" * 50 + "S1,1\n"  # blank rows do not count
    assert _read(tmp_path, "y.csv", blank_rows.encode()).report.ok
    header = "supplier_id," + ",".join(f"x{i}" for i in range(limits.MAX_COLUMNS))
    with pytest.raises(SpreadsheetError, match="columns"):
        _read(tmp_path, "z.csv", (header + "\nS1\n").encode())


def test_a_zip_bomb_is_refused_from_the_directory_without_inflating(tmp_path, monkeypatch):
    import fastexcel

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(fastexcel, "read_excel", never)
    monkeypatch.setattr(limits, "MAX_XLSX_INFLATED_BYTES", 5_000_000)
    with pytest.raises(SpreadsheetError, match="would unpack to 12 MB"):
        _read(tmp_path, "bomb.xlsx", corpus()["02_zipbomb.xlsx"])


def test_a_file_larger_than_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    with pytest.raises(SpreadsheetError, match="Split it"):
        _read(tmp_path, "x.csv", b"supplier_id,moq\n" + b"S1,1\n" * 100)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("x.xml", "x" * 1000)
    with pytest.raises(SpreadsheetError, match="Split it"):
        _read(tmp_path, "x.xlsx", out.getvalue())


def test_a_huge_report_is_summarised(tmp_path):
    rows = "".join(f"S{i},bad\n" for i in range(limits.MAX_REPORTED_PROBLEMS + 5))
    report = _read(tmp_path, "x.csv", ("supplier_id,moq\n" + rows).encode()).report
    payload = report.to_dict()
    assert len(payload["problems"]) == limits.MAX_REPORTED_PROBLEMS
    assert payload["problems_total"] == limits.MAX_REPORTED_PROBLEMS + 5
    assert payload["problems_hidden"] == 5
    assert "and 5 more" in report.to_text("en", limit=limits.MAX_REPORTED_PROBLEMS)
