"""Every value parser, with the examples of the brief and data-format.md."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from .helpers import parse_cells, reasons, value, values


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("41%", 41.0),
        ("41", 41.0),
        ("41 %", 41.0),
        ("４１％", 41.0),
        ("≤1%", 1.0),
        ("0.5%", 0.5),
        ("100%", 100.0),
        ("约30%", 30.0),
        ("二十%", 20.0),
    ],
)
def test_it_reads_percentages(cell: str, expected: float) -> None:
    assert value("回头率", cell) == expected


def test_a_bare_number_at_most_one_is_percent_as_sellers_copy_it_and_the_note_says_so() -> None:
    # The seed's exemplary supplier: 纠纷率 0.3 (from 商家档案) means 0.3 %, not 30 %.
    result = parse_cells("纠纷率", ["0.3"])
    assert result.frame["dispute_rate_pct"].to_list() == [0.3]
    (note,) = result.notes
    assert "read as percent (0.3 read as 0.3 %)" in note.en
    assert "按百分数读取" in note.zh and "纠纷率(小数)" in note.zh


def test_a_column_of_bare_small_numbers_is_percent_too() -> None:
    result = parse_cells("回头率", ["0.41", "0.35", "1"])
    assert result.frame["repeat_rate_pct"].to_list() == [0.41, 0.35, 1.0]
    assert any("2 values written without %" in note.en for note in result.notes)


@pytest.mark.parametrize("header", ["回头率(小数)", "回头率（小数）"])
def test_a_header_that_says_fractions_reads_bare_numbers_as_fractions(header: str) -> None:
    result = parse_cells(header, ["0.41", "0.35", "1", "28%"])
    assert result.frame["repeat_rate_pct"].to_list() == [41.0, 35.0, 100.0, 28.0]
    assert any("0.41 read as 41 %" in note.en for note in result.notes)


def test_in_a_mixed_column_bare_numbers_are_percent() -> None:
    # 0.3 next to 0.5% is the same kind of figure: 0.3 %, never 30 %.
    result = parse_cells("纠纷率", ["0.3", "0.5%"])
    assert result.frame["dispute_rate_pct"].to_list() == [0.3, 0.5]
    result = parse_cells("复购率", ["41%", "28", "0.35"])
    assert result.frame["repeat_rate_pct"].to_list() == [41.0, 28.0, 0.35]
    assert len(result.notes) == 1


def test_bare_numbers_without_fractions_are_percent_without_a_note() -> None:
    result = parse_cells("回头率", ["41", "0", "1"])
    assert result.frame["repeat_rate_pct"].to_list() == [41.0, 0.0, 1.0]
    assert not result.notes


@pytest.mark.parametrize("header", ["repeat_rate_pct", "回头率(%)", "回头率（%）"])
def test_a_header_that_states_percent_keeps_small_numbers(header: str) -> None:
    result = parse_cells(header, ["0.5", "0.3"])
    assert result.frame["repeat_rate_pct"].to_list() == [0.5, 0.3]
    assert not result.notes


@pytest.mark.parametrize(
    ("cell", "code"), [("abc", "percent"), ("120%", "pct_over_100"), ("-5%", "negative")]
)
def test_it_refuses_bad_percentages(cell: str, code: str) -> None:
    assert reasons("纠纷率", [cell]) == [code]


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("响应时间", "≤15分钟", 15.0),
        ("响应时间", "15min", 15.0),
        ("响应时间", "15 分钟", 15.0),
        ("响应时间", "0.5小时", 30.0),
        ("响应时间", "1h", 60.0),
        ("响应时间", "2天", 2880.0),
        ("响应时间", "15", 15.0),
        ("响应时间", "十五分钟", 15.0),
        ("响应时间", "<5 mins", 5.0),
        ("响应时间", "1小时30分", 90.0),
        ("揽收时效", "1h30min", 1.5),
        ("响应时间(小时)", "0.5", 30.0),
        ("响应时间(分钟)", "15", 15.0),
        ("揽收时效", "24", 24.0),
        ("揽收时效", "2天", 48.0),
        ("揽收时效", "30分钟", 0.5),
        ("揽收时效", "24h", 24.0),
        ("揽收时效", "48小时内", 48.0),
        ("打样周期", "7天", 7.0),
        ("打样周期", "1周", 7.0),
        ("打样周期", "48小时", 2.0),
        ("打样周期", "3个工作日", 3.0),
    ],
)
def test_it_reads_durations_in_the_unit_of_the_column(
    header: str, cell: str, expected: float
) -> None:
    assert value(header, cell) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "code"),
    [("快", "duration"), ("2天30", "duration"), ("-3分钟", "negative"), ("15秒", "duration")],
)
def test_it_refuses_bad_durations(cell: str, code: str) -> None:
    assert reasons("响应时间", [cell]) == [code]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("5年", 5.0),
        ("3年以上", 3.0),
        ("3+", 3.0),
        ("十年", 10.0),
        ("二十年", 20.0),
        ("十二年", 12.0),
        ("5 years", 5.0),
        ("6个月", 0.5),
        ("第5年", 5.0),
        ("4", 4.0),
    ],
)
def test_it_reads_years(cell: str, expected: float) -> None:
    assert value("经营年限", cell) == pytest.approx(expected)


def test_it_refuses_years_it_cannot_read() -> None:
    assert reasons("诚信通年限", ["老店"]) == ["years"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.2万", 12000),
        ("3千", 3000),
        ("1,234", 1234),
        ("500+", 500),
        ("10万+", 100000),
        ("1234件", 1234),
        ("1.5E+05", 150000),
        ("2w", 20000),
        ("1,234,567", 1234567),
        ("3k", 3000),
        ("十", 10),
    ],
)
def test_it_reads_counts(cell: str, expected: int) -> None:
    assert value("近30天成交", cell) == expected


@pytest.mark.parametrize(
    ("cell", "code"),
    [("很多", "count"), ("12.5", "not_whole"), ("-1", "negative"), ("12,34", "count")],
)
def test_it_refuses_bad_counts(cell: str, code: str) -> None:
    assert reasons("起订量", [cell]) == [code]


def test_sales_units_may_be_fractional() -> None:
    assert value("销量", "2.5", kind="sales") == 2.5


@pytest.mark.parametrize(
    "cell", ["¥12.50", "￥12.5", "12.5元", "CNY 12.5", "12.50", "rmb12.5", "12.5元/件", "¥ 12.5"]
)
def test_it_reads_yuan(cell: str) -> None:
    assert value("单价（元）", cell) == 12.5


@pytest.mark.parametrize(
    ("cell", "code"), [("$12", "money"), ("-3", "negative"), ("12-8.5", "money"), ("很贵", "money")]
)
def test_it_refuses_bad_amounts(cell: str, code: str) -> None:
    assert reasons("代发价", [cell]) == [code]


@pytest.mark.parametrize("cell", ["面议", "价格面议", "电议", "询价", "待定", "咨询客服"])
def test_a_price_on_request_is_unknown_with_a_notice_naming_row_and_column(cell: str) -> None:
    """Issue 13.6: "面议" is a cell the seller cannot price yet, not a broken file."""
    result = parse_cells("单价", ["10", cell, None])
    assert not result.problems
    assert result.frame["unit_price_cny"].to_list() == [10.0, None, None]
    (note,) = result.notes
    assert "列「单价」第 3 行" in note.zh and cell in note.zh and "按未知处理" in note.zh
    assert 'column "单价", row 3' in note.en and "read as unknown" in note.en


def test_a_1688_price_range_is_read_as_its_smallest_order_price_with_a_notice() -> None:
    result = parse_cells("单价（元）", ["8.5-12", "¥9.9~15元", "10", "3至5"])
    assert not result.problems
    assert result.frame["unit_price_cny"].to_list() == [12.0, 15.0, 10.0, 5.0]
    (note,) = result.notes
    assert "第 2、3、5 行" in note.zh and "「8.5-12」按 12 元" in note.zh
    assert "rows 2, 3, 5" in note.en and '"8.5-12" as 12 yuan' in note.en


def test_many_such_cells_make_one_short_notice_per_column() -> None:
    result = parse_cells("代发价", ["面议"] * 40 + ["12"])
    assert not result.problems
    (note,) = result.notes
    assert "等 40 行" in note.zh and "and 35 more" in note.en


def test_a_retail_price_in_dollars_fills_the_currency() -> None:
    result = parse_cells("目标售价", ["$19.99", "129元", "25"])
    assert result.frame["target_retail_price"].to_list() == [19.99, 129.0, 25.0]
    assert result.frame["retail_currency"].to_list() == ["USD", "CNY", None]


@pytest.mark.parametrize(
    ("cell", "expected"), [("usd", "USD"), ("$", "USD"), ("美元", "USD"), ("eur", "EUR")]
)
def test_it_reads_currency_codes(cell: str, expected: str) -> None:
    assert value("售价币种", cell) == expected


@pytest.mark.parametrize(
    "cell", ["是", "有", "支持", "yes", "Y", "y", "✓", "√", "1", "TRUE", "true", "可以", "✔"]
)
def test_it_reads_true(cell: str) -> None:
    assert value("一件代发", cell) is True


@pytest.mark.parametrize(
    "cell", ["否", "无", "不支持", "no", "N", "✗", "×", "0", "FALSE", "false", "没有", "✘"]
)
def test_it_reads_false(cell: str) -> None:
    assert value("一件代发", cell) is False


@pytest.mark.parametrize("cell", [None, "", "  ", "-", "未知"])
def test_blank_is_unknown_never_false(cell: str | None) -> None:
    assert value("中性包装", cell) is None


def test_it_refuses_a_yes_no_it_cannot_read() -> None:
    assert reasons("中性包装", ["也许"]) == ["bool"]


@pytest.mark.parametrize(
    "cell", ["CE;FCC", "CE；FCC", "CE,FCC", "CE、FCC", "CE/FCC", "ce ; fcc", "CE;FCC;CE"]
)
def test_it_reads_certificate_lists_upper_case(cell: str) -> None:
    assert value("认证", cell) == ["CE", "FCC"]


def test_logistics_names_keep_their_text() -> None:
    assert value("国际物流", "云途；YunExpress、4px") == ["云途", "YunExpress", "4px"]


def test_none_in_a_list_is_an_empty_list_not_unknown() -> None:
    assert values("认证", ["无", None]) == [[], None]


T = {"min_qty": 1, "max_qty": 49, "price_cny": 12.5}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "1-49:12.5;50-199:11.8;200+:10.9",
            [
                T,
                {"min_qty": 50, "max_qty": 199, "price_cny": 11.8},
                {"min_qty": 200, "max_qty": None, "price_cny": 10.9},
            ],
        ),
        ("1-49：12.5；≥50：11", [T, {"min_qty": 50, "max_qty": None, "price_cny": 11.0}]),
        ("1~49件 ¥12.5", [T]),
        ("1～49件 ￥12.5", [T]),
        ("≥1:12.5;≥50:11", [T, {"min_qty": 50, "max_qty": None, "price_cny": 11.0}]),
        ("1-49件:12.5元, 50件以上:11", [T, {"min_qty": 50, "max_qty": None, "price_cny": 11.0}]),
    ],
)
def test_it_reads_price_tiers(cell: str, expected: list[dict[str, object]]) -> None:
    assert value("阶梯价", cell) == expected


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("50-199:11.8;1-49:12.5", "tiers_order"),
        ("1-60:12;50-99:11", "tiers_order"),
        ("49-1:12.5", "tiers_order"),
        ("12.5", "tiers"),
        ("1-49:贵", "tiers"),
    ],
)
def test_it_refuses_bad_price_tiers(cell: str, code: str) -> None:
    assert reasons("阶梯价", [cell]) == [code]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-05-01", datetime(2024, 5, 1)),
        ("2024/5/1", datetime(2024, 5, 1)),
        ("2024年5月1日", datetime(2024, 5, 1)),
        ("2024-05-01 10:30", datetime(2024, 5, 1, 10, 30)),
        ("2024-05-01T10:30:00", datetime(2024, 5, 1, 10, 30)),
        ("2024/5/1 10:30:15", datetime(2024, 5, 1, 10, 30, 15)),
        ("2024年5月1日 10:30", datetime(2024, 5, 1, 10, 30)),
        ("2024-05-01 10:30:00.250000", datetime(2024, 5, 1, 10, 30, 0, 250000)),
        ("45413", datetime(2024, 5, 1)),
        ("45413.4375", datetime(2024, 5, 1, 10, 30)),
    ],
)
def test_it_reads_datetimes(cell: str, expected: datetime) -> None:
    assert value("测试单付款时间", cell) == expected


@pytest.mark.parametrize("cell", ["明天", "2024-02-30", "2024", "5/1/2024"])
def test_it_refuses_datetimes_it_cannot_read(cell: str) -> None:
    assert reasons("测试单发货时间", [cell]) == ["datetime"]


@pytest.mark.parametrize(
    ("cell", "expected"), [("2024/4/1", date(2024, 4, 1)), ("2024年5月", date(2024, 5, 1))]
)
def test_sales_periods_are_dates(cell: str, expected: date) -> None:
    assert value("统计日期", cell, kind="sales") == expected


@pytest.mark.parametrize(("cell", "expected"), [("30天", 30), ("1", 1), ("1周", 7), ("1月", 30)])
def test_sales_period_days_are_whole_days(cell: str, expected: int) -> None:
    assert value("天数", cell, kind="sales") == expected


def test_a_fractional_period_is_refused() -> None:
    assert reasons("天数", ["0.5"], kind="sales") == ["period_days"]


@pytest.mark.parametrize(
    ("cell", "expected"), [("5星", 5.0), ("★★★★☆", 4.0), ("4.5分", 4.5), ("3", 3.0)]
)
def test_it_reads_ratings(cell: str, expected: float) -> None:
    assert value("评分", cell, kind="reviews") == expected


def test_a_rating_out_of_range_is_refused() -> None:
    assert reasons("评分", ["6"], kind="reviews") == ["out_of_range"]
    assert reasons("回复精准度", ["0"]) == ["out_of_range"]


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("重量", "250g", 250.0),
        ("重量", "0.25kg", 250.0),
        ("重量", "1斤", 500.0),
        ("重量", "250", 250.0),
        ("重量(kg)", "0.25", 250.0),
        ("重量/g", "250", 250.0),
        ("长", "20cm", 20.0),
        ("长(mm)", "200", 20.0),
        ("宽", "200mm", 20.0),
        ("高", "0.2m", 20.0),
    ],
)
def test_it_reads_weights_and_lengths(header: str, cell: str, expected: float) -> None:
    assert value(header, cell) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("https://detail.1688.com/offer/610001.html", "610001"),
        ("610001.0", "610001"),
        ("610001", "610001"),
        ("detail.1688.com/offer/7.html?spm=x", "7"),
        ("abc-9", "abc-9"),
    ],
)
def test_it_reads_offer_ids(cell: str, expected: str) -> None:
    assert value("商品ID", cell) == expected


def test_an_offer_id_is_taken_from_the_offer_url_when_missing() -> None:
    result = parse_cells("商品链接", ["https://detail.1688.com/offer/42.html", "https://x.com/a"])
    assert result.frame["offer_id"].to_list() == ["42", None]


def test_ids_excel_rounded_to_scientific_notation_are_refused() -> None:
    assert reasons("商品ID", ["6.10001E+11"]) == ["id_rounded"]


def test_a_numeric_supplier_id_is_text_without_a_decimal() -> None:
    result = parse_cells("店铺名称", ["x"])
    assert result.frame["supplier_id"].to_list() == ["S0"]
    assert value("商品ID", "123.0") == "123"


@pytest.mark.parametrize(
    ("cell", "low", "high"),
    [("7-12天", 7.0, 12.0), ("10天", 10.0, 10.0), ("1-2周", 7.0, 14.0), ("7~12", 7.0, 12.0)],
)
def test_a_transit_range_fills_both_ends(cell: str, low: float, high: float) -> None:
    result = parse_cells("时效", [cell])
    assert not result.problems
    assert result.frame.select("transit_days_min", "transit_days_max").row(0) == (low, high)


def test_a_reversed_transit_range_is_refused() -> None:
    assert reasons("时效", ["12-7天"]) == ["range_order"]


def test_text_keeps_its_characters_but_not_surrounding_spaces() -> None:
    assert values("商品标题", ["  ＬＥＤ 台灯 ", ""]) == ["ＬＥＤ 台灯", None]


def test_excel_percent_formatted_cells_read_as_the_percent_the_seller_saw(tmp_path) -> None:
    from openpyxl import Workbook

    from daifa.sources.spreadsheet import read_tables

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["供应商ID", "回头率", "纠纷率"])
    sheet.append(["s1", 0.41, 0.3])
    sheet["B2"].number_format = "0%"  # typed as 41% in Excel: stored as 0.41
    path = tmp_path / "percent.xlsx"
    book.save(path)
    row = read_tables(path).suppliers.row(0, named=True)
    assert row["repeat_rate_pct"] == pytest.approx(41.0)
    assert row["dispute_rate_pct"] == pytest.approx(0.3)  # a plain 0.3 is 0.3 %
