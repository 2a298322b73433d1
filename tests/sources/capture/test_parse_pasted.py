"""How labels and values are written on pasted pages, one variant at a time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daifa.sources.capture import MAX_CHARS, CaptureError, parse_pasted


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("回头率\n41%", "repeat_rate_pct", 41.0),
        ("回头率41%", "repeat_rate_pct", 41.0),
        ("买家回头率：41%", "repeat_rate_pct", 41.0),
        ("近90天回头率 38.5%", "repeat_rate_pct", 38.5),
        ("回头率\t41%", "repeat_rate_pct", 41.0),
        ("回头率 ４１％", "repeat_rate_pct", 41.0),  # full-width digits and %
        ("响应速度 ≤15分钟", "response_minutes", 15.0),
        ("平均响应时长：0.5小时", "response_minutes", 30.0),
        ("响应时间\n3分钟", "response_minutes", 3.0),
        ("纠纷率 0.00%", "dispute_rate_pct", 0.0),
        ("纠纷退款率：1.2%", "dispute_rate_pct", 1.2),
        ("诚信通第8年", "trustpass_years", 8.0),
        ("诚信通 8年", "trustpass_years", 8.0),
        ("8年诚信通", "trustpass_years", 8.0),
        ("诚信通年限：6年", "trustpass_years", 6.0),
        ("经营年限：5年", "years_in_business", 5.0),
        ("起批量 ≥2件", "moq", 2),
        ("起订量：100个", "moq", 100),
        ("≥5件起批", "moq", 5),
        ("最小起订量\n50件", "moq", 50),
        ("一件代发价 ¥13.80", "dropship_price_cny", 13.8),
        ("代发价：12.5元", "dropship_price_cny", 12.5),
        ("价格：￥8.50", "unit_price_cny", 8.5),
        ("月销 1.2万+", "sales_30d", 12000),
        ("月销量\n860件", "sales_30d", 860),
        ("30天销量 1,234", "sales_30d", 1234),
        ("发货地：广东 深圳 送至 上海", "origin", "广东 深圳"),
        ("月上新 15款", "new_styles_per_month", 15),
        ("公司名称：义乌市甲乙饰品有限公司", "supplier_name", "义乌市甲乙饰品有限公司"),
        ("https://detail.1688.com/offer/623456789012.html?spm=a2615", "offer_id", "623456789012"),
        ("商品ID：623456789012", "offer_id", "623456789012"),
        ("店铺 https://yiwujiamei.1688.com", "shop_url", "https://yiwujiamei.1688.com"),
        ("一件代发", "dropship_supported", True),
        ("暂不支持代发", "dropship_supported", False),
        ("跨境专供", "cross_border_tag", True),
        ("超级工厂", "own_factory", True),
        ("原创设计", "original_design", True),
        ("中性包装 可贴英文标", "neutral_packaging", True),
        ("24小时内揽收", "pickup_sla_hours", 24.0),
        ("揽收时效：24小时", "pickup_sla_hours", 24.0),
        ("入驻1688 5年", "years_in_business", 5.0),
        ("入驻1688第3年", "years_in_business", 3.0),
        ("包装重量 0.05kg", "weight_g", 50.0),
        ("毛重：350g", "weight_g", 350.0),
        ("物流：燕文 / YunExpress", "intl_logistics", ["燕文", "YunExpress"]),
        ("证书 CE FCC", "certifications", ["CE", "FCC"]),
    ],
)
def test_it_reads_each_way_a_page_writes_a_value(text, field, value):
    assert parse_pasted(text).values[field] == value


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("一件代发价 ¥13.80", "dropship_supported"),  # a price label, not the badge
        ("代发价格 ¥13.80", "unit_price_cny"),
        ("3分钟响应率 85%", "response_minutes"),  # a rate, not a time
        ("NICE 品质", "certifications"),
        ("https://detail.1688.com/offer/623456789012.html", "shop_url"),
        ("成交 560 笔", "sales_30d"),  # orders, and no period
        ("已售3000+件", "sales_30d"),
        ("¥12.50-15.00", "unit_price_cny"),
        ("源头好货 工厂价", "own_factory"),
        ("发货地\n送至 北京", "origin"),  # the destination, not the ship-from place
        ("入驻2019年", "years_in_business"),  # a year, not a number of years
    ],
)
def test_it_does_not_read_what_only_looks_like_a_value(text, absent):
    assert absent not in parse_pasted(text).values


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("近90天成交 2.3万件", "sales_90d", 23000),
        ("近90天成交 1,860 笔", "orders_90d", 1860),
        ("综合服务星级 4.5", "service_stars", 4.5),
        ("综合服务星级\n5.0星", "service_stars", 5.0),
        ("晚发必赔", "late_shipping_compensation", True),
        ("48小时发货", "dispatch_promise_hours", 48.0),
        ("会员ID：b2b-2213456789", "member_id", "b2b-2213456789"),
        ("店铺名：恒星饰品", "shop_name", "恒星饰品"),
    ],
)
def test_facts_without_a_criterion_column_are_kept_beside_the_values(text, field, value):
    capture = parse_pasted(text)
    assert capture.extra[field] == value
    assert field not in capture.values
    assert capture.found_for(field).snippet.replace("\n", "") in text.replace("\n", "")


def test_a_dispatch_promise_earns_no_pickup_credit_and_says_why():
    capture = parse_pasted("服务\n48小时发货\n一件代发")
    assert "pickup_sla_hours" not in capture.values
    assert capture.extra["dispatch_promise_hours"] == 48.0
    assert any("dispatch" in n.en and "pickup" in n.en for n in capture.notes)
    assert any("发货承诺" in n.zh and "揽收" in n.zh for n in capture.notes)


def test_years_on_1688_win_over_the_company_age():
    capture = parse_pasted("经营年限：11年\n入驻1688 5年")
    assert capture.values["years_in_business"] == 5.0
    assert capture.found_for("years_in_business").snippet == "入驻1688 5年"


def test_late_dispatch_compensation_without_a_rate_is_not_a_percentage():
    capture = parse_pasted("晚发必赔\n7天无理由")
    assert "late_compensation_pct" not in capture.values
    assert any("超时赔付" in n.zh for n in capture.notes)


def test_a_copied_table_pairs_labels_with_values_by_position():
    capture = parse_pasted("回头率\t响应时间\t纠纷率\n41%\t≤15分钟\t0.5%")
    assert capture.values == {
        "repeat_rate_pct": 41.0,
        "response_minutes": 15.0,
        "dispute_rate_pct": 0.5,
    }


def test_a_label_without_its_value_does_not_take_the_next_labels_value():
    capture = parse_pasted("回头率\n响应时间\n≤15分钟")
    assert capture.values == {"response_minutes": 15.0}


def test_tiers_in_two_blocks_pair_by_position():
    text = "价格\t¥6.80\t¥6.20\t¥5.50\n起批量\t2-99件\t100-499件\t≥500件"
    assert parse_pasted(text).values["price_tiers"] == [
        {"min_qty": 2, "max_qty": 99, "price_cny": 6.8},
        {"min_qty": 100, "max_qty": 499, "price_cny": 6.2},
        {"min_qty": 500, "max_qty": None, "price_cny": 5.5},
    ]


def test_tiers_with_quantities_first_and_prices_on_one_line():
    text = "≥2件 ¥9.90 ≥100件 ¥8.80"
    assert parse_pasted(text).values["price_tiers"] == [
        {"min_qty": 2, "max_qty": 99, "price_cny": 9.9},
        {"min_qty": 100, "max_qty": None, "price_cny": 8.8},
    ]


def test_tiers_out_of_order_are_not_stored_and_say_why():
    capture = parse_pasted("¥12.50\n100-199件\n¥11.00\n1-99件")
    assert "price_tiers" not in capture.values
    assert any("ascend" in n.en for n in capture.notes)


def test_two_different_values_keep_the_first_and_say_so():
    capture = parse_pasted("回头率 41%\n回头率 38%")
    assert capture.values["repeat_rate_pct"] == 41.0
    assert any("38.0" in n.en and "kept 41.0" in n.en for n in capture.notes)


def test_the_ship_from_place_beats_the_company_address():
    capture = parse_pasted("所在地区：浙江 义乌\n发货地：浙江 金华")
    assert capture.values["origin"] == "浙江 金华"


def test_a_page_with_an_offer_address_only_is_an_offer():
    assert parse_pasted("detail.1688.com/offer/623456789012.html").page_kind == "offer"


def test_blank_text_is_unknown_with_a_note():
    capture = parse_pasted("  \n\t ")
    assert capture.page_kind == "unknown" and capture.values == {}
    assert capture.notes[0].zh == "没有粘贴任何内容。"


def test_text_longer_than_a_page_is_refused_in_both_languages():
    with pytest.raises(CaptureError) as error:
        parse_pasted("x" * (MAX_CHARS + 1))
    assert "paste one page" in error.value.message("en")
    assert "只粘贴一个页面" in error.value.message("zh")


def test_non_text_is_refused():
    with pytest.raises(CaptureError):
        parse_pasted(b"\xe5\x9b\x9e")  # type: ignore[arg-type]


_PAGE_WORDS = st.sampled_from(
    [
        "回头率",
        "41%",
        "响应时间",
        "≤15分钟",
        "¥12.50",
        "1-49件",
        "≥200件",
        "起批量",
        "一件代发",
        "诚信通第8年",
        "发货地",
        "暂无",
        "价格",
        "：",
        "\n",
        "\t",
        "  ",
        "月销",
        "1.2万+",
        "已售",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PAGE_WORDS, st.text(max_size=6)), max_size=25))
def test_any_paste_gives_a_capture_whose_snippets_were_pasted(words):
    text = "".join(words)
    capture = parse_pasted(text)
    assert capture.page_kind in {"shop", "offer", "unknown"}
    for found in capture.found:
        assert all(piece in text for piece in found.snippet.split(" … "))
        assert (found.field in capture.values) == found.canonical


def test_the_documented_examples_run():
    import doctest

    import daifa.sources.capture as package
    import daifa.sources.capture.parse as module

    for documented in (package, module):
        assert doctest.testmod(documented).failed == 0
