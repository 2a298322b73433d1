from __future__ import annotations

import pytest

from daifa.engine.schema import COLUMNS
from daifa.sources.spreadsheet.headers import (
    ALIAS_TABLES,
    REVIEW_ALIASES,
    SALES_ALIASES,
    SUPPLIER_ALIASES,
    TRANSIT_RANGE,
    kind_from_headers,
    kind_from_sheet_name,
    match_header,
    normalise_header,
    split_unit,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("供应商ID", "supplier_id"),
        ("店铺ID", "supplier_id"),
        ("Supplier ID", "supplier_id"),
        ("supplier_id", "supplier_id"),
        ("SUPPLIER-ID", "supplier_id"),
        ("商家 ID", "supplier_id"),
        ("回头率", "repeat_rate_pct"),
        ("复购率", "repeat_rate_pct"),
        ("Repeat Rate", "repeat_rate_pct"),
        ("起订量", "moq"),
        ("起批量", "moq"),
        ("MOQ", "moq"),
        ("moq", "moq"),
        ("响应时间(分钟)", "response_minutes"),
        ("平均响应时长", "response_minutes"),
        ("单价（元）", "unit_price_cny"),
        ("单价【元】", "unit_price_cny"),
        ("重量/g", "weight_g"),
        ("是否一件代发", "dropship_supported"),
        ("一件代发?", "dropship_supported"),
        ("*供应商ID", "supplier_id"),
        ("近30天成交(件)", "sales_30d"),
        ("30天销量", "sales_30d"),
        ("商品链接", "offer_url"),
        ("货品ID", "offer_id"),
        ("资质证书", "certifications"),
        ("自有工厂", "own_factory"),
        ("源头工厂", "own_factory"),
        ("时效", TRANSIT_RANGE),
        ("Unit Price (CNY)", "unit_price_cny"),
        ("Sales, last 30 days", "sales_30d"),
        ("ＭＯＱ", "moq"),
        ("  回头率  ", "repeat_rate_pct"),
    ],
)
def test_it_recognises_headers_and_their_variants(header: str, field: str) -> None:
    match = match_header(header, "suppliers")
    assert match is not None and match.field == field


@pytest.mark.parametrize(
    "header",
    ["内部编码", "奇怪列", "", "internal code", "price per kilo of gold", "工厂", "English"],
)
def test_it_does_not_guess_unknown_headers(header: str) -> None:
    assert match_header(header, "suppliers") is None


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: c.name)
def test_every_schema_name_and_label_maps_back_to_its_column(column: object) -> None:
    for header in (column.name, column.label_zh, column.label_en):  # type: ignore[attr-defined]
        match = match_header(header, "suppliers")
        assert match is not None and match.field == column.name, header  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "aliases",
    [SUPPLIER_ALIASES, SALES_ALIASES, REVIEW_ALIASES],
    ids=["suppliers", "sales", "reviews"],
)
def test_no_alias_names_two_fields(aliases: dict[str, tuple[str, ...]]) -> None:
    seen: dict[str, str] = {}
    for field, names in aliases.items():
        for name in (field, *names):
            key = normalise_header(name)
            assert seen.setdefault(key, field) == field, f"{name!r}: {seen[key]} and {field}"


def test_every_alias_table_is_built() -> None:
    assert set(ALIAS_TABLES) == {"suppliers", "sales", "reviews"}


@pytest.mark.parametrize(
    ("header", "text", "unit"),
    [
        ("响应时间(分钟)", "响应时间", "分钟"),
        ("单价（元）", "单价", "元"),
        ("重量/kg", "重量", "kg"),
        ("回头率", "回头率", None),
        ("超时赔付(%)", "超时赔付", "%"),
    ],
)
def test_it_keeps_the_unit_written_in_the_header(header: str, text: str, unit: str | None) -> None:
    assert split_unit(header) == (text, unit)


def test_the_canonical_pct_name_states_percent() -> None:
    match = match_header("repeat_rate_pct", "suppliers")
    assert match is not None and match.unit == "%"
    other = match_header("回头率", "suppliers")
    assert other is not None and other.unit is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("供应商", "suppliers"),
        ("Suppliers", "suppliers"),
        ("销量", "sales"),
        ("sales", "sales"),
        ("评价", "reviews"),
        ("Reviews", "reviews"),
        ("Sheet1", None),
    ],
)
def test_it_knows_sheets_by_name(name: str, kind: str | None) -> None:
    assert kind_from_sheet_name(name) == kind


def test_it_knows_sheets_by_their_columns() -> None:
    assert kind_from_headers({"供应商ID", "日期", "销量"}) == "sales"
    assert kind_from_headers({"供应商ID", "评价内容", "评分"}) == "reviews"
    assert kind_from_headers({"供应商ID", "单价", "回头率"}) == "suppliers"
    # a supplier sheet with a review-summary column stays a supplier sheet
    assert kind_from_headers({"供应商ID", "评价", "单价", "回头率"}) == "suppliers"
