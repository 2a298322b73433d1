"""Reading files: encodings, header rows, sheets, row numbers, and the report."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from daifa.sources.spreadsheet import SpreadsheetError, read_tables

DATA = Path(__file__).parent / "data"
SMALL = "供应商ID,回头率,一件代发\nb2b-1,41%,是\nb2b-2,0.5%,否\n"


def _write(tmp_path: Path, name: str, text: str, encoding: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_it_reads_each_encoding_sellers_send(tmp_path: Path, encoding: str, reported: str) -> None:
    tables = read_tables(_write(tmp_path, "s.csv", SMALL, encoding))
    assert tables.suppliers["supplier_id"].to_list() == ["b2b-1", "b2b-2"]
    assert tables.suppliers["repeat_rate_pct"].to_list() == [41.0, 0.5]
    assert tables.suppliers["dropship_supported"].to_list() == [True, False]
    assert tables.report is not None
    assert any(reported in note.en for note in tables.report.notes)


def test_a_bom_file_keeps_its_first_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom.csv", SMALL, "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    tables = read_tables(path)
    assert tables.report is not None and tables.report.unknown_columns == []
    assert "supplier_id" in tables.suppliers.columns


@pytest.mark.parametrize(("name", "separator"), [("s.csv", ";"), ("s.tsv", "\t"), ("s.txt", "\t")])
def test_it_sniffs_the_delimiter(tmp_path: Path, name: str, separator: str) -> None:
    text = SMALL.replace(",", separator)
    tables = read_tables(_write(tmp_path, name, text, "utf-8"))
    assert tables.suppliers["repeat_rate_pct"].to_list() == [41.0, 0.5]


def test_it_finds_the_header_below_a_title_and_blank_rows(tmp_path: Path) -> None:
    text = "2024年5月供应商对比表,,\n,,\n\n" + SMALL + ",,\nb2b-3,12%,否\n"
    tables = read_tables(_write(tmp_path, "t.csv", text, "utf-8"))
    # title 1, blank 2-3, header 4, data 5-6, blank 7, data 8
    assert tables.suppliers["_row"].to_list() == [5, 6, 8]
    assert tables.suppliers["supplier_id"].to_list() == ["b2b-1", "b2b-2", "b2b-3"]


def test_a_cell_with_a_line_break_is_one_row(tmp_path: Path) -> None:
    text = '供应商ID,商品标题,回头率\nb2b-1,"台灯\n白色",41%\nb2b-2,夜灯,bad\n'
    tables = read_tables(_write(tmp_path, "nl.csv", text, "utf-8"))
    assert tables.suppliers["product_title"].to_list() == ["台灯\n白色", "夜灯"]
    assert tables.report is not None
    assert [(p.row, p.value) for p in tables.report.problems] == [(3, "bad")]


def test_a_file_with_bad_rows_names_row_column_value_and_reason() -> None:
    tables = read_tables(DATA / "bad_rows.csv")
    report = tables.report
    assert report is not None and not report.ok
    found = sorted((p.row, p.column, p.field, p.value, p.code) for p in report.problems)
    assert found == [
        (3, "回头率", "repeat_rate_pct", "很高", "percent"),
        (4, "一件代发", "dropship_supported", "也许", "bool"),
        (4, "响应时间", "response_minutes", "快", "duration"),
        (5, "供应商ID", "supplier_id", "", "missing_id"),
        (6, "回头率", "repeat_rate_pct", "130%", "pct_over_100"),
        (6, "阶梯价", "price_tiers", "50-99:11;1-49:12", "tiers_order"),
    ]
    assert report.invalid_rows == [("bad_rows.csv", r) for r in (3, 4, 5, 6)]
    assert report.unknown_columns == [("bad_rows.csv", "内部编码")]


def test_the_report_reads_row_by_row_in_both_languages() -> None:
    report = read_tables(DATA / "bad_rows.csv").report
    assert report is not None
    zh, en = report.to_text("zh"), report.to_text("en")
    assert "第 3 行，列「回头率」(repeat_rate_pct)：「很高」— 不是百分比" in zh
    assert 'row 3, column "回头率" (repeat_rate_pct): "很高" — not a percentage' in en
    assert zh.startswith("bad_rows.csv：供应商 5 行")
    assert en.startswith("bad_rows.csv: suppliers: 5 rows")
    assert "未识别的列" in zh and "内部编码" in zh
    assert "Columns not recognised" in en
    assert zh.index("第 3 行") < zh.index("第 4 行") < zh.index("第 6 行")


def test_the_report_is_json_able() -> None:
    report = read_tables(DATA / "bad_rows.csv").report
    assert report is not None
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["ok"] is False
    assert data["problems"][0].keys() >= {
        "sheet",
        "row",
        "column",
        "field",
        "value",
        "reason_en",
        "reason_zh",
    }
    assert data["unknown_columns"] == [{"sheet": "bad_rows.csv", "header": "内部编码"}]


def test_a_clean_file_reports_ok(tmp_path: Path) -> None:
    report = read_tables(_write(tmp_path, "ok.csv", SMALL, "utf-8")).report
    assert report is not None and report.ok
    assert "全部单元格读取成功" in report.to_text("zh")
    assert report.rows == {"suppliers": 2}


def test_a_file_without_a_supplier_id_column_is_a_problem(tmp_path: Path) -> None:
    tables = read_tables(_write(tmp_path, "noid.csv", "类目,回头率\n甲,41%\n", "utf-8"))
    report = tables.report
    assert report is not None and not report.ok
    assert [(p.code, p.row, p.field) for p in report.problems] == [
        ("no_id_column", 1, "supplier_id")
    ]
    assert "供应商ID" in report.problems[0].reason_zh


def test_a_file_with_no_header_at_all_is_a_problem(tmp_path: Path) -> None:
    tables = read_tables(_write(tmp_path, "junk.csv", "a,b\n1,2\n", "utf-8"))
    assert tables.report is not None
    assert [p.code for p in tables.report.problems] == ["no_id_column"]
    assert tables.suppliers.height == 0


def test_a_second_column_for_the_same_field_is_left_out_and_said(tmp_path: Path) -> None:
    text = "供应商ID,回头率,复购率\nb2b-1,41%,50%\n"
    tables = read_tables(_write(tmp_path, "dup.csv", text, "utf-8"))
    assert tables.suppliers["repeat_rate_pct"].to_list() == [41.0]
    assert tables.report is not None
    assert tables.report.unknown_columns == [("dup.csv", "复购率")]
    assert any("复购率" in n.zh for n in tables.report.notes)


def test_a_csv_of_sales_is_read_as_sales(tmp_path: Path) -> None:
    text = "供应商ID,日期,销量\nb2b-1,2024-05-01,12\n"
    tables = read_tables(_write(tmp_path, "history.csv", text, "utf-8"))
    assert tables.sales is not None and tables.sales["units"].to_list() == [12.0]
    assert tables.suppliers.height == 0
    assert tables.report is not None and tables.report.ok


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "file not found"),
        ("s.pdf", b"%PDF", "unsupported file type"),
        ("broken.xlsx", b"not a zip", "cannot open"),
    ],
)
def test_a_file_it_cannot_open_raises_a_bilingual_error(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SpreadsheetError) as caught:
        read_tables(path)
    assert message in caught.value.message_en
    assert caught.value.message_zh and caught.value.message("zh") == caught.value.message_zh


def test_it_reports_progress_from_zero_to_all_rows(tmp_path: Path) -> None:
    calls: list[tuple[int, int | None]] = []
    read_tables(
        _write(tmp_path, "p.csv", SMALL, "utf-8"), progress=lambda d, t: calls.append((d, t))
    )
    assert calls[0] == (0, 2) and calls[-1] == (2, 2)
    done = [d for d, _ in calls]
    assert done == sorted(done)


def _workbook(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path


def test_an_xlsx_title_row_and_blank_rows_keep_excel_row_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "供应商对比表（合并标题）"
    sheet.merge_cells("A1:C1")
    for row, cells in (
        (4, ["供应商ID", "回头率(小数)", "一件代发"]),
        (5, [123456789012, 0.41, True]),
        (7, ["b2b-2", "50%", False]),
    ):
        for column, cell in enumerate(cells, start=1):
            sheet.cell(row=row, column=column, value=cell)
    path = tmp_path / "title.xlsx"
    book.save(path)
    tables = read_tables(path)
    assert tables.suppliers["_row"].to_list() == [5, 7]
    assert tables.suppliers["supplier_id"].to_list() == ["123456789012", "b2b-2"]
    assert tables.suppliers["repeat_rate_pct"].to_list() == [41.0, 50.0]
    assert tables.suppliers["dropship_supported"].to_list() == [True, False]


def test_xlsx_sheets_are_recognised_by_their_columns(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        {
            "说明": [["这个工作簿记录了供应商信息"]],
            "Sheet1": [["Supplier ID", "Unit price"], ["b2b-1", 12.5]],
            "Sheet2": [
                ["supplier_id", "period_start", "units"],
                ["b2b-1", datetime(2024, 5, 1), 3],
            ],
            "Sheet3": [["supplier_id", "text"], ["b2b-1", "好"]],
        },
    )
    tables = read_tables(path)
    assert tables.suppliers["unit_price_cny"].to_list() == [12.5]
    assert tables.sales is not None and tables.sales["units"].to_list() == [3.0]
    assert tables.reviews is not None and tables.reviews["text"].to_list() == ["好"]
    assert tables.report is not None and tables.report.ok
    assert any("说明" in n.en for n in tables.report.notes)


def test_xlsx_bad_cells_name_the_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {"供应商": [["供应商ID", "回头率"], ["b2b-1", "高"]]})
    report = read_tables(path).report
    assert report is not None
    assert [(p.sheet, p.row, p.column, p.value) for p in report.problems] == [
        ("供应商", 2, "回头率", "高")
    ]


def test_companion_files_of_a_csv_are_read(tmp_path: Path, canonical_csv: Path) -> None:
    moved = tmp_path / "copy" / "x.csv"
    moved.parent.mkdir()
    shutil.copy(canonical_csv, moved)
    assert read_tables(moved).sales is None
    shutil.copy(canonical_csv.with_name("canonical.sales.csv"), moved.with_name("x.sales.csv"))
    sales = read_tables(moved).sales
    assert sales is not None and sales.height == 3


def test_an_unnamed_column_with_data_is_reported_by_position(tmp_path: Path) -> None:
    text = "供应商ID,,回头率\nb2b-1,x,41%\n"
    tables = read_tables(_write(tmp_path, "blank_header.csv", text, "utf-8"))
    assert tables.report.unknown_columns == [("blank_header.csv", "#2")]
    assert tables.suppliers["repeat_rate_pct"].to_list() == [41.0]


def test_a_short_row_reads_its_missing_cells_as_unknown(tmp_path: Path) -> None:
    text = "供应商ID,回头率,一件代发\nb2b-1,41%\nb2b-2,30%,是\n"
    tables = read_tables(_write(tmp_path, "short.csv", text, "utf-8"))
    assert tables.suppliers["dropship_supported"].to_list() == [None, True]
    assert tables.report.ok


def test_progress_covers_every_sheet_of_a_workbook(three_sheet_xlsx: Path) -> None:
    calls: list[tuple[int, int | None]] = []
    read_tables(three_sheet_xlsx, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 8) and calls[-1] == (8, 8)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_excel_unicode_text_utf16_tabs_and_crlf_reads(tmp_path: Path) -> None:
    # Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated, CRLF line ends.
    text = "标题\r\n" + SMALL.replace(",", "\t").replace("\n", "\r\n")
    tables = read_tables(_write(tmp_path, "export.txt", text, "utf-16"))
    assert tables.suppliers["supplier_id"].to_list() == ["b2b-1", "b2b-2"]
    assert tables.suppliers["_row"].to_list() == [3, 4]
    assert tables.report.ok


def test_a_long_report_can_be_cut_short() -> None:
    report = read_tables(DATA / "bad_rows.csv").report
    text = report.to_text("en", limit=2)
    assert text.count("row ") == 2 and "... and 4 more" in text
    assert "另有 4 个" in report.to_text("zh", limit=2)


def test_a_file_that_turns_gbk_after_its_first_lines_is_read_as_gbk(tmp_path: Path) -> None:
    ascii_rows = "".join(f"b2b-{i},{i % 90}%,Y\n" for i in range(30_000))
    text = "supplier_id,repeat_rate_pct,dropship_supported\n" + ascii_rows + "b2b-x,12,是\n"
    path = tmp_path / "late.csv"
    path.write_bytes(text.encode("gbk"))
    tables = read_tables(path)
    assert tables.report.ok
    assert tables.suppliers.height == 30_001
    assert tables.suppliers["dropship_supported"].to_list()[-1] is True
    assert any("gb18030" in n.en for n in tables.report.notes)


def test_a_western_code_page_file_is_not_taken_for_chinese(tmp_path: Path) -> None:
    text = (
        "supplier_id,supplier_name,origin\n"
        "b2b-1,Café Zürich GmbH,Zürich\n"
        "b2b-2,Müller & Söhne,Köln\n"
    )
    tables = read_tables(_write(tmp_path, "west.csv", text, "cp1252"))
    assert tables.suppliers["supplier_name"].to_list() == ["Café Zürich GmbH", "Müller & Söhne"]
    assert tables.suppliers["origin"].to_list() == ["Zürich", "Köln"]
