"""A seller's natural sheet (name, shop link, notes; no id column) imports."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from daifa.sources.spreadsheet import read_tables
from daifa.sources.spreadsheet.ids import name_key, shop_id_from_url

SHEET = (
    "供应商名称,店铺链接,商品链接,价格,备注\n"
    "义乌甲电子,https://shop1234567.1688.com,https://detail.1688.com/offer/610000000001.html,12,"
    "老板回复快\n"
    "义乌乙电子,https://yiwuyi.1688.com/page/offerlist.htm,,13,\n"
    "义乌丙电子,https://m.1688.com/winport/b2b-2201234567abc.html,,14,\n"
    "丁 电子,,https://detail.1688.com/offer/610000000009.html,15,样品已到\n"
    ",,https://detail.1688.com/offer/610000000010.html,16,\n"
)


@pytest.mark.parametrize(
    ("url", "shop"),
    [
        ("https://shop1234567.1688.com", "shop1234567"),
        ("https://shop1234567.1688.com/", "shop1234567"),
        ("HTTPS://Shop1234567.1688.com/page/contactinfo.htm", "shop1234567"),
        ("shop99.1688.com", "shop99"),
        ("https://xxx.1688.com/page/offerlist.htm?spm=1", "xxx"),
        ("https://m.1688.com/winport/b2b-2201234567abc.html", "b2b-2201234567abc"),
        ("https://detail.1688.com/offer/1.html?memberId=b2b-99", "b2b-99"),
        ("https://detail.1688.com/offer/610000000001.html", None),
        ("https://www.1688.com/", None),
        ("https://evil.example/shop1.1688.com", None),
        ("https://shop1.1688.com.evil.example/", None),
    ],
)
def test_the_shop_link_names_the_shop(url: str, shop: str | None) -> None:
    found = pl.select(shop_id_from_url(pl.lit(url))).item()
    assert found == shop


def test_a_name_key_is_stable_across_spacing_width_and_case() -> None:
    assert name_key("义乌 甲 电子") == name_key("义乌甲电子") == name_key("义乌甲电子 ")
    assert name_key("ABC Trading") == name_key("ａｂｃ trading")
    assert name_key("义乌甲电子") != name_key("义乌乙电子")
    assert name_key("义乌甲电子").startswith("name-")


def test_a_sheet_without_an_id_column_gets_ids_and_says_how(tmp_path: Path) -> None:
    path = tmp_path / "upload-3f2a.csv"
    path.write_bytes(SHEET.encode("gb18030"))
    tables = read_tables(path, name="我的供应商.csv")
    report = tables.report
    assert report.ok, report.to_text("en")
    assert tables.suppliers["supplier_id"].to_list() == [
        "shop1234567",
        "yiwuyi",
        "b2b-2201234567abc",
        name_key("丁 电子"),
        "offer-610000000010",
    ]
    assert tables.suppliers["offer_id"].to_list()[0] == "610000000001"
    zh, en = report.to_text("zh"), report.to_text("en")
    assert "3 行取自店铺链接" in zh and "1 行由店铺名生成" in zh and "1 行取自商品链接" in zh
    assert "3 from the shop link" in en and "derived from the shop name" in en
    # the seller's own file name everywhere, never the stored temporary name
    assert report.source == "我的供应商.csv" and "upload-3f2a" not in zh + en
    assert set(tables.suppliers["_sheet"].to_list()) == {"我的供应商.csv"}


def test_the_same_sheet_gives_the_same_ids_again(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.xlsx"
    first.write_text(SHEET, encoding="utf-8")
    pl.read_csv(first, infer_schema_length=0).write_excel(second)
    ids = [read_tables(p).suppliers["supplier_id"].to_list() for p in (first, second, first)]
    assert ids[0] == ids[1] == ids[2]


def test_a_row_with_nothing_to_make_an_id_from_is_named(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("供应商名称,价格\n甲,12\n,13\n", encoding="utf-8")
    report = read_tables(path).report
    assert [(p.code, p.row) for p in report.problems] == [("no_id_source", 3)]
    assert (
        "店铺链接" in report.problems[0].reason_zh and "shop link" in report.problems[0].reason_en
    )


def test_the_notes_column_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(SHEET, encoding="utf-8")
    tables = read_tables(path)
    assert tables.suppliers["supplier_note"].to_list() == [
        "老板回复快",
        None,
        None,
        "样品已到",
        None,
    ]
    assert tables.report.unknown_columns == []
