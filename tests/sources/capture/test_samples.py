"""Each sample paste: exactly these values (nothing invented), from exactly this text."""

from __future__ import annotations

from pathlib import Path

import pytest

from daifa.sources.capture import parse_pasted

DATA = Path(__file__).parent / "data"

TIERS_INTERLEAVED = [
    {"min_qty": 1, "max_qty": 49, "price_cny": 12.5},
    {"min_qty": 50, "max_qty": 199, "price_cny": 11.8},
    {"min_qty": 200, "max_qty": None, "price_cny": 10.9},
]
TIERS_BLOCKS = [
    {"min_qty": 2, "max_qty": 99, "price_cny": 28.0},
    {"min_qty": 100, "max_qty": 499, "price_cny": 26.5},
    {"min_qty": 500, "max_qty": None, "price_cny": 24.8},
]

EXPECTED = {
    "shop_profile_lines.txt": (
        "shop",
        {
            "trustpass_years": 8.0,
            "supplier_name": "义乌市佳美饰品有限公司",
            "own_factory": True,
            "origin": "浙江省 金华市 义乌市",
            "years_in_business": 11.0,
            "repeat_rate_pct": 41.0,
            "response_minutes": 15.0,
            "dispute_rate_pct": 0.0,
            "dropship_supported": True,
        },
        {
            "good_review_rate_pct": 98.6,
            "tags": ["实力商家", "深度验商", "一件代发", "48小时发货", "7天无理由"],
            "dispatch_promise_hours": 48.0,  # a dispatch promise, not a pickup SLA
        },
    ),
    "shop_profile_table.txt": (
        "shop",
        {
            "supplier_name": "深圳市鑫达电子科技有限公司",
            "trustpass_years": 5.0,
            "years_in_business": 3.0,
            "origin": "广东 深圳",
            "repeat_rate_pct": 35.2,
            "response_minutes": 30.0,
            "dispute_rate_pct": 0.12,
            "intl_logistics": ["云途", "燕文", "4PX"],
            "certifications": ["CE", "FCC", "RoHS"],
            "cross_border_tag": True,
            "neutral_packaging": True,
        },
        {"tags": ["跨境专供"]},
    ),
    "shop_sparse.txt": ("shop", {"trustpass_years": 2.0}, {}),
    "offer_interleaved.txt": (
        "offer",
        {
            "supplier_name": "义乌市佳美饰品有限公司",
            "trustpass_years": 8.0,
            "repeat_rate_pct": 41.0,
            "product_title": "韩版ins风珍珠发夹女后脑勺抓夹2024新款鲨鱼夹批发",
            "price_tiers": TIERS_INTERLEAVED,
            "dropship_price_cny": 13.8,
            "moq": 2,
            "origin": "浙江金华",
            "dropship_supported": True,
            "offer_id": "712345678901",
        },
        {
            "sold_units": 3000,
            "tags": ["48小时发货", "7天无理由", "一件代发"],
            "dispatch_promise_hours": 48.0,
        },
    ),
    "offer_blocks.txt": (
        "offer",
        {
            "supplier_name": "广州市白云区优品皮具厂",
            "own_factory": True,
            "trustpass_years": 3.0,
            "cross_border_tag": True,
            "dropship_supported": True,
            "product_title": "跨境专供爆款 PU斜挎包女 小方包 一件代发",
            "sales_30d": 12000,
            "price_tiers": TIERS_BLOCKS,
            "dropship_price_cny": 29.5,
            "origin": "广东 广州",
            "new_styles_per_month": 20,
            "original_design": True,
        },
        {"tags": ["源头工厂", "跨境专供", "一件代发", "支持定制", "来图定制"]},
    ),
    "offer_single_price.txt": (
        "offer",
        {
            "product_title": "【热销】硅胶折叠水杯 户外旅行便携伸缩杯",
            "unit_price_cny": 8.5,
            "moq": 3,
            "origin": "浙江 台州",
        },
        {"orders": 560, "tags": ["24小时发货", "包邮"], "dispatch_promise_hours": 24.0},
    ),
    "offer_price_range.txt": (
        "offer",
        {
            "certifications": ["CE"],
            "cross_border_tag": True,
            "product_title": "蓝牙耳机无线运动入耳式 TWS 跨境专供 CE认证",
            "moq": 10,
            "sales_30d": 1200,
            "origin": "广东深圳",
            "dropship_supported": False,
            "dispute_rate_pct": 0.8,
        },
        {"orders_30d": 86, "tags": ["跨境专供"]},
    ),
    "not_a_page.txt": ("unknown", {}, {}),
    "shop_hengxing.txt": (
        "shop",
        {
            "supplier_name": "义乌市恒星饰品有限公司",
            "shop_url": "https://hengxing888.1688.com",
            "trustpass_years": 5.0,
            "years_in_business": 5.0,  # 入驻1688 5年: years on 1688, what the criterion counts
            "own_factory": True,
            "origin": "浙江省 金华市 义乌市",
            "repeat_rate_pct": 38.0,
            "response_minutes": 12.0,
            "dispute_rate_pct": 0.28,
            "dropship_supported": True,
            "cross_border_tag": True,
        },
        {
            "member_id": "b2b-2213456789",
            "service_stars": 4.5,
            "sales_90d": 23000,
            "dispatch_promise_hours": 48.0,
            "late_shipping_compensation": True,
            "tags": ["实力商家", "一件代发", "跨境专供", "48小时发货", "晚发必赔", "7天无理由"],
        },
    ),
    "offer_hengxing.txt": (
        "offer",
        {
            "product_title": "复古珍珠耳环女2024新款气质高级感耳饰批发",
            "price_tiers": [
                {"min_qty": 2, "max_qty": 99, "price_cny": 12.5},
                {"min_qty": 100, "max_qty": 499, "price_cny": 11.0},
                {"min_qty": 500, "max_qty": None, "price_cny": 9.8},
            ],
            "moq": 2,
            "origin": "浙江金华",
            "weight_g": 50.0,  # 包装重量 0.05kg
            "offer_id": "723456789012",
        },
        {
            "shop_name": "恒星饰品",
            "service_stars": 4.5,
            "sold_units": 12000,
            "orders_30d": 856,
            "dispatch_promise_hours": 48.0,
            "late_shipping_compensation": True,
            "tags": ["48小时发货", "晚发必赔", "7天无理由"],
        },
    ),
}


def _capture(name: str):
    return parse_pasted((DATA / name).read_text(encoding="utf-8"))


def test_every_sample_has_expectations():
    assert {p.name for p in DATA.glob("*.txt")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_finds_exactly_the_values_on_the_page(name):
    kind, values, extra = EXPECTED[name]
    capture = _capture(name)
    assert capture.page_kind == kind
    assert capture.values == values  # equality: nothing absent from the page is invented
    assert capture.extra == extra


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_snippet_is_text_that_was_pasted(name):
    text = (DATA / name).read_text(encoding="utf-8")
    capture = _capture(name)
    assert [f.field for f in capture.found] == sorted(
        (f.field for f in capture.found), key=lambda n: capture.found_for(n).line
    )
    for found in capture.found:
        for piece in found.snippet.split(" … "):
            assert piece in text, (found.field, piece)
        first_line = found.snippet.split(" … ")[0].splitlines()[0]
        assert first_line in text.splitlines()[found.line - 1]


@pytest.mark.parametrize(
    ("name", "field", "snippet"),
    [
        ("shop_profile_lines.txt", "repeat_rate_pct", "回头率\n41%"),
        ("shop_profile_lines.txt", "response_minutes", "响应时间\n≤15分钟"),
        ("shop_profile_lines.txt", "dispute_rate_pct", "纠纷率\n0.00%"),
        ("shop_profile_lines.txt", "years_in_business", "经营年限：11年"),
        ("shop_profile_lines.txt", "trustpass_years", "诚信通第8年"),
        ("shop_profile_table.txt", "repeat_rate_pct", "回头率 … 35.2%"),
        ("shop_profile_table.txt", "trustpass_years", "诚信通 5年"),
        (
            "offer_interleaved.txt",
            "price_tiers",
            "¥12.50\n1-49件\n¥11.80\n50-199件\n¥10.90\n≥200件",
        ),
        ("offer_interleaved.txt", "moq", "起批量 ≥2件"),
        ("offer_interleaved.txt", "sold_units", "已售3000+件"),
        ("offer_interleaved.txt", "offer_id", "https://detail.1688.com/offer/712345678901.html"),
        ("offer_blocks.txt", "sales_30d", "月销 1.2万+"),
        ("offer_blocks.txt", "dropship_price_cny", "代发价格：¥29.50"),
        ("offer_single_price.txt", "orders", "成交 560 笔"),
        ("offer_single_price.txt", "unit_price_cny", "价格\n¥8.50"),
    ],
)
def test_the_snippet_shows_where_a_value_came_from(name, field, snippet):
    assert _capture(name).found_for(field).snippet == snippet


def test_placeholders_and_unreadable_values_stay_unknown_with_a_note():
    capture = _capture("shop_sparse.txt")
    assert "repeat_rate_pct" not in capture.values
    assert "response_minutes" not in capture.values
    assert "dispute_rate_pct" not in capture.values
    notes = [n.en for n in capture.notes]
    assert any("Repeat rate %" in n and "暂无" in n and "left unknown" in n for n in notes)
    assert any("较快" in n and "not a duration" in n for n in notes)
    assert any("纠纷率" in n.zh and "「-」" in n.zh for n in capture.notes)


def test_a_price_range_gives_a_note_and_no_unit_price():
    capture = _capture("offer_price_range.txt")
    assert "unit_price_cny" not in capture.values
    assert any("¥35.00-45.00" in n.en and "price range" in n.en for n in capture.notes)
    assert any("价格区间" in n.zh for n in capture.notes)


def test_a_rate_without_a_percent_sign_says_how_it_was_read():
    capture = _capture("offer_price_range.txt")
    assert any("0.8" in n.en and "no % sign" in n.en for n in capture.notes)


def test_sales_without_a_period_are_not_thirty_day_sales():
    capture = _capture("offer_interleaved.txt")
    assert "sales_30d" not in capture.values
    assert any("no period" in n.en for n in capture.notes)
    assert any("未注明统计周期" in n.zh for n in capture.notes)


def test_a_guessed_title_is_flagged_for_checking():
    capture = _capture("offer_interleaved.txt")
    assert any("title was taken from the line above the price" in n.en for n in capture.notes)


def test_a_chat_message_gives_nothing():
    capture = _capture("not_a_page.txt")
    assert capture.found == [] and capture.notes == []
