"""A pasted page suggests its supplier's id and finds the supplier it is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from daifa.sources.capture import parse_pasted
from daifa.sources.capture.identity import (
    Known,
    core,
    match_supplier,
    shop_id,
    suggest_supplier_id,
)

DATA = Path(__file__).parent / "data"


def _page(name: str):
    capture = parse_pasted((DATA / name).read_text(encoding="utf-8"))
    return capture.values, capture.extra


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://shop1234567890.1688.com", "shop1234567890"),
        ("hengxing888.1688.com/page/creditdetail.htm", "hengxing888"),
        ("HTTPS://HengXing888.1688.com", "hengxing888"),
        ("https://detail.1688.com/offer/723456789012.html", None),
        ("https://www.1688.com", None),
        ("", None),
    ],
)
def test_the_shop_id_is_the_shop_address_subdomain(url, expected):
    assert shop_id(url) == expected


def test_a_shop_page_suggests_its_shop_id():
    values, extra = _page("shop_hengxing.txt")
    suggestion = suggest_supplier_id(values, extra)
    assert (suggestion.supplier_id, suggestion.basis) == ("hengxing888", "shop_url")


def test_without_a_shop_address_the_member_id_then_the_name_is_the_id():
    assert suggest_supplier_id({}, {"member_id": "b2b-2213456789"}).supplier_id == (
        "b2b-2213456789"
    )
    named = suggest_supplier_id({"supplier_name": "义乌市 恒星饰品（有限公司）"}, {})
    assert (named.supplier_id, named.basis) == ("义乌市恒星饰品(有限公司)", "name")
    assert suggest_supplier_id({}, {}) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("义乌市恒星饰品有限公司", "恒星饰品"),
        ("浙江省义乌市恒星饰品有限公司", "恒星饰品"),
        ("广州市白云区优品皮具厂", "优品皮具"),
        ("恒星饰品旗舰店", "恒星饰品"),
        ("有限公司", "有限公司"),  # nothing distinctive left: the whole name
    ],
)
def test_the_core_of_a_name_drops_the_place_and_the_legal_form(name, expected):
    assert core(name) == expected


KNOWN = [
    Known(1, "b2b-2200000001", "义乌市宏宇饰品有限公司"),
    Known(2, "hengxing888", "义乌市恒星饰品有限公司", "https://hengxing888.1688.com"),
    Known(3, "S3", "深圳市鑫达电子科技有限公司"),
    Known(4, "S4", "广州市白云区优品皮具厂"),
    Known(5, "S5", "东莞市鸿运来五金塑胶制品有限公司"),
]


def test_an_offer_page_finds_its_shop_by_the_shop_name():
    values, extra = _page("offer_hengxing.txt")  # 店铺名：恒星饰品, no id
    match = match_supplier(values, extra, KNOWN)
    assert (match.key, match.how, match.said) == (2, "core", "恒星饰品")


@pytest.mark.parametrize(
    ("values", "extra", "key", "how"),
    [
        ({"shop_url": "https://hengxing888.1688.com"}, {}, 2, "id"),
        ({}, {"member_id": "b2b-2200000001"}, 1, "id"),
        ({"supplier_name": "深圳市鑫达电子科技有限公司"}, {}, 3, "name"),
        ({"supplier_name": "义乌恒星饰品厂"}, {}, 2, "fuzzy"),  # place without 市
        ({}, {"shop_name": "鑫达电子科技旗舰店"}, 3, "core"),
        ({}, {"shop_name": "鑫达电子科技商城"}, 3, "fuzzy"),
        ({"supplier_name": "东莞市鸿运来五金塑料制品有限公司"}, {}, 5, "fuzzy"),  # 塑胶/塑料
    ],
)
def test_a_page_is_matched_by_id_then_name_then_fuzzily(values, extra, key, how):
    match = match_supplier(values, extra, KNOWN)
    assert (match.key, match.how) == (key, how)


def test_a_shop_address_finds_a_supplier_stored_under_another_id():
    known = [Known(7, "S7", "", "http://hengxing888.1688.com/")]
    match = match_supplier({"shop_url": "https://hengxing888.1688.com"}, {}, known)
    assert (match.key, match.how) == (7, "shop_url")


@pytest.mark.parametrize(
    "name",
    [
        "义乌市宏达饰品有限公司",  # another shop that also sells 饰品
        "杭州市某某服饰有限公司",
    ],
)
def test_a_different_shop_is_not_matched(name):
    assert match_supplier({"supplier_name": name}, {}, KNOWN) is None


def test_two_suppliers_with_the_same_core_are_left_to_the_seller():
    known = [Known(1, "A", "义乌市恒星饰品有限公司"), Known(2, "B", "金华市恒星饰品厂")]
    assert match_supplier({}, {"shop_name": "恒星饰品"}, known) is None
