"""`daifa import` / `daifa export` end to end, on the database the tests use."""

from __future__ import annotations

import json

import openpyxl
import polars as pl
import pytest

from daifa.catalog.models import Observation, Supplier
from daifa.cli import main
from daifa.importers.spreadsheet.exporting import workspace_tables

pytestmark = pytest.mark.django_db(transaction=True)

ZH_HEADERS = [
    "供应商ID",
    "店铺名称",
    "商品链接",
    "类目",
    "同款分组",
    "回头率",
    "平均响应时长",
    "纠纷率",
    "经营年限",
    "一件代发",
    "认证",
    "阶梯价",
    "起批量",
    "代发价",
]
ROWS = [
    [
        "S1",
        "义乌甲电子商务有限公司",
        "https://detail.1688.com/offer/610000000001.html",
        "3C数码",
        "耳机-01",
        "41%",
        "≤15分钟",
        "0.3%",
        "5年",
        "是",
        "CE;FCC",
        "1-49:12.5;50-199:11.8;200+:10.9",
        "2",
        "¥13.50",
    ],
    [
        "S1",
        "义乌甲电子商务有限公司",
        "https://detail.1688.com/offer/610000000002.html",
        "3C数码",
        "耳机-02",
        "41%",
        "≤15分钟",
        "0.3%",
        "5年",
        "是",
        "CE",
        "1-99:8;100+:7.5",
        "10",
        "9元",
    ],
    [
        "S2",
        "深圳乙科技",
        "https://detail.1688.com/offer/620000000001.html",
        "美妆个护",
        "口红-01",
        "22%",
        "0.5小时",
        "",
        "3年以上",
        "否",
        "",
        "",
        "1.2万",
        "",
    ],
]
CANONICAL = [
    "supplier_id",
    "supplier_name",
    "offer_id",
    "offer_url",
    "category",
    "product_group",
    "repeat_rate_pct",
    "response_minutes",
    "dispute_rate_pct",
    "years_in_business",
    "dropship_supported",
    "certifications",
    "price_tiers",
    "moq",
    "dropship_price_cny",
]
CANONICAL_ROWS = [
    [
        "S1",
        "义乌甲电子商务有限公司",
        "610000000001",
        "https://detail.1688.com/offer/610000000001.html",
        "3C数码",
        "耳机-01",
        "41",
        "15",
        "0.3",
        "5",
        "yes",
        "CE;FCC",
        "1-49:12.5;50-199:11.8;200+:10.9",
        "2",
        "13.5",
    ],
    [
        "S1",
        "义乌甲电子商务有限公司",
        "610000000002",
        "https://detail.1688.com/offer/610000000002.html",
        "3C数码",
        "耳机-02",
        "41",
        "15",
        "0.3",
        "5",
        "yes",
        "CE",
        "1-99:8;100+:7.5",
        "10",
        "9",
    ],
    [
        "S2",
        "深圳乙科技",
        "620000000001",
        "https://detail.1688.com/offer/620000000001.html",
        "美妆个护",
        "口红-01",
        "22",
        "30",
        "",
        "3",
        "no",
        "",
        "",
        "12000",
        "",
    ],
]
SALES = [
    ["供应商ID", "开始日期", "天数", "销量"],
    ["S1", "2026-10-01", "30", "120"],
    ["S2", "2026/10/1", "30", "1.2万"],
]
SALES_EN = [
    ["supplier_id", "period_start", "period_days", "units"],
    ["S1", "2026-10-01", "30", "120"],
    ["S2", "2026-10-01", "30", "12000"],
]
REVIEWS = [
    ["供应商ID", "评价内容", "评分"],
    ["S1", "音质不错，续航有6小时", "5"],
    ["S2", "颜色和图片一样", "4"],
]
REVIEWS_EN = [
    ["supplier_id", "text", "rating"],
    ["S1", "音质不错，续航有6小时", "5"],
    ["S2", "颜色和图片一样", "4"],
]


def write_csv(path, rows, encoding="utf-8"):
    text = "\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in rows) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def canonical_tables(name):
    from daifa.accounts.models import Workspace

    tables = workspace_tables(Workspace.objects.get(name=name))
    return {k: getattr(tables, k) for k in ("suppliers", "sales", "reviews")}


def test_gbk_csv_three_sheet_xlsx_and_canonical_csv_import_to_identical_workspaces(
    tmp_path, capsys
):
    gbk = write_csv(
        tmp_path / "gbk.csv", [["供应商档案导出 2026-11"], ZH_HEADERS, *ROWS], "gb18030"
    )
    write_csv(tmp_path / "gbk.sales.csv", SALES, "gb18030")
    write_csv(tmp_path / "gbk.reviews.csv", REVIEWS, "gb18030")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "供应商"
    for row in [ZH_HEADERS, *ROWS]:
        sheet.append(row)
    for title, rows in (("销量", SALES), ("评价", REVIEWS)):
        extra = book.create_sheet(title)
        for row in rows:
            extra.append(row)
    book.save(tmp_path / "book.xlsx")

    canonical = write_csv(tmp_path / "canon.csv", [CANONICAL, *CANONICAL_ROWS])
    write_csv(tmp_path / "canon.sales.csv", SALES_EN)
    write_csv(tmp_path / "canon.reviews.csv", REVIEWS_EN)

    for name, path in (("gbk", gbk), ("xlsx", tmp_path / "book.xlsx"), ("canon", canonical)):
        assert main(["import", str(path), "--workspace", name]) == 0, capsys.readouterr()

    gbk_tables, xlsx_tables, canon_tables = (canonical_tables(n) for n in ("gbk", "xlsx", "canon"))
    for kind in ("suppliers", "sales", "reviews"):
        assert gbk_tables[kind].equals(xlsx_tables[kind]), kind
        assert gbk_tables[kind].equals(canon_tables[kind]), kind
    suppliers = gbk_tables["suppliers"]
    assert suppliers["moq"].to_list() == [2, 10, 12000]
    assert suppliers["response_minutes"].to_list() == [15.0, 15.0, 30.0]
    assert suppliers["dispute_rate_pct"].to_list() == [0.3, 0.3, None]  # empty is unknown, not 0


def test_a_file_with_bad_rows_exits_1_names_row_column_value_and_changes_nothing(tmp_path, capsys):
    good = write_csv(tmp_path / "good.csv", [ZH_HEADERS, *ROWS])
    assert main(["import", str(good), "--workspace", "w"]) == 0
    before = (Supplier.objects.count(), Observation.objects.count())
    snapshot = list(Supplier.objects.values_list("facts", flat=True).order_by("id"))

    bad_rows = [list(r) for r in ROWS]
    bad_rows[0][5] = "很高"  # repeat rate
    bad_rows[2][12] = "-5"  # MOQ
    bad_rows.append(["S3", "新店", "", "", "", "10%", "5分钟", "", "", "", "", "", "", ""])
    bad = write_csv(tmp_path / "bad.csv", [ZH_HEADERS, *bad_rows])
    capsys.readouterr()
    assert main(["import", str(bad), "--workspace", "w", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "很高" in err and "回头率" in err and "2" in err
    assert "-5" in err and "起批量" in err
    assert "nothing was imported" in err
    assert (Supplier.objects.count(), Observation.objects.count()) == before
    assert list(Supplier.objects.values_list("facts", flat=True).order_by("id")) == snapshot


def test_dry_run_reports_and_stores_nothing(tmp_path, capsys):
    path = write_csv(tmp_path / "s.csv", [ZH_HEADERS + ["内部编码"], *[r + ["x"] for r in ROWS]])
    assert main(["import", str(path), "--workspace", "w", "--dry-run", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (
        payload["ok"] is True and payload["rows"] == {"suppliers": 3} and payload["dry_run"] is True
    )
    assert "内部编码" in json.dumps(payload, ensure_ascii=False)
    assert Supplier.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_is_lossless(tmp_path, fmt, capsys):
    source = write_csv(tmp_path / "s.csv", [ZH_HEADERS, *ROWS])
    write_csv(tmp_path / "s.sales.csv", SALES)
    write_csv(tmp_path / "s.reviews.csv", REVIEWS)
    assert main(["import", str(source), "--workspace", "a"]) == 0
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--workspace", "a", "--format", fmt, "--out", str(out)]) == 0
    assert main(["import", str(out), "--workspace", "b"]) == 0, capsys.readouterr()
    a, b = canonical_tables("a"), canonical_tables("b")
    for kind in ("suppliers", "sales", "reviews"):
        assert a[kind].equals(b[kind]), (kind, _diff(a[kind], b[kind]))


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["import", str(tmp_path / "missing.csv"), "--workspace", "w"]) == 2
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert main(["import", str(tmp_path / "notes.pdf"), "--workspace", "w"]) == 2
    assert (
        main(
            ["export", "--workspace", "nobody", "--format", "csv", "--out", str(tmp_path / "x.csv")]
        )
        == 2
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["import"])
    assert exit_info.value.code == 2


def test_frames_survive_a_second_identical_import_without_new_history(tmp_path):
    path = write_csv(tmp_path / "s.csv", [ZH_HEADERS, *ROWS])
    assert main(["import", str(path), "--workspace", "w"]) == 0
    count = Observation.objects.count()
    assert main(["import", str(path), "--workspace", "w"]) == 0
    assert Observation.objects.count() == count
    assert isinstance(canonical_tables("w")["suppliers"], pl.DataFrame)


def _diff(a, b):
    return [
        (c, a[c].to_list(), b[c].to_list(), a[c].dtype, b[c].dtype)
        for c in a.columns
        if not a[c].equals(b[c])
    ][:2]


HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "'=quoted by the seller",
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_never_executes_and_still_round_trips(tmp_path, fmt, capsys):
    import csv

    source = tmp_path / "h.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["供应商ID", "店铺名称", "单价"])
        writer.writerows([f"H{i}", name, "12.5"] for i, name in enumerate(HOSTILE_NAMES))
    assert main(["import", str(source), "--workspace", "a"]) == 0, capsys.readouterr()
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--workspace", "a", "--format", fmt, "--out", str(out)]) == 0
    if fmt == "xlsx":
        book = openpyxl.load_workbook(out)
        cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
        assert [c.value for c in cells if c.data_type == "f"] == []
        assert {c.value for c in cells if c.data_type == "n" and c.value is not None} == {12.5}
    else:
        with out.open(encoding="utf-8-sig") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row if cell]
        assert not [c for c in cells if c[0] in "=+-@"]
        assert "12.5" in cells
    assert main(["import", str(out), "--workspace", "b"]) == 0, capsys.readouterr()
    a, b = canonical_tables("a"), canonical_tables("b")
    # A seller's own leading apostrophe is the spreadsheet's "text" mark, not text.
    stored = [n.removeprefix("'") for n in HOSTILE_NAMES]
    assert sorted(a["suppliers"]["supplier_name"].to_list()) == sorted(stored)
    assert a["suppliers"].equals(b["suppliers"]), _diff(a["suppliers"], b["suppliers"])
