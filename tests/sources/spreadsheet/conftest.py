"""One small dataset written three ways: GBK CSV with Chinese headers and messy
values, an XLSX with sheets 供应商/销量/评价, and the canonical CSV. All three must
read to the same canonical frames (the brief's "must show")."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from daifa.engine.schema import COLUMNS_BY_NAME, REVIEW_COLUMNS, SALES_COLUMNS

TIERS_1 = [
    {"min_qty": 1, "max_qty": 49, "price_cny": 12.5},
    {"min_qty": 50, "max_qty": 199, "price_cny": 11.8},
    {"min_qty": 200, "max_qty": None, "price_cny": 10.9},
]
TIERS_2 = [{"min_qty": 1, "max_qty": None, "price_cny": 8.0}]
URL = "https://detail.1688.com/offer/{}.html"

SUPPLIERS: dict[str, list[object]] = {
    "supplier_id": ["b2b-1001", "b2b-1001", "2001"],
    "supplier_name": ["义乌小商品厂", "义乌小商品厂", "深圳电子"],
    "offer_id": ["610001", "610002", "620001"],
    "offer_url": [URL.format(610001), None, URL.format(620001)],
    "dropship_supported": [True, True, False],
    "cross_border_tag": [None, False, True],
    "intl_logistics": [["云途", "燕文"], ["4PX"], None],
    "certifications": [["CE", "FCC"], [], ["CE"]],
    "years_in_business": [3.0, 3.0, 10.0],
    "repeat_rate_pct": [41.0, 41.0, 35.0],
    "response_minutes": [15.0, 15.0, 30.0],
    "dispute_rate_pct": [0.5, 0.5, 1.2],
    "sales_30d": [12000, 500, 1500],
    "unit_price_cny": [12.5, 8.0, 99.9],
    "price_tiers": [TIERS_1, TIERS_2, None],
    "moq": [2, 1, 10],
    "weight_g": [250.0, 1500.0, None],
    "test_order_paid_at": [datetime(2024, 5, 1, 10, 30), None, datetime(2024, 6, 2)],
    "pickup_sla_hours": [24.0, 48.0, 12.0],
}
SALES: dict[str, list[object]] = {
    "supplier_id": ["b2b-1001", "b2b-1001", "2001"],
    "offer_id": ["610001", "610001", None],
    "period_start": [date(2024, 4, 1), date(2024, 5, 1), date(2024, 5, 1)],
    "period_days": [30, 30, 1],
    "units": [11000.0, 12000.0, 50.0],
}
REVIEWS: dict[str, list[object]] = {
    "supplier_id": ["b2b-1001", "2001"],
    "offer_id": ["610001", None],
    "text": ["质量不错，发货快", "物流快"],
    "rating": [5.0, 4.0],
    "created_at": [datetime(2024, 5, 3, 8, 0), None],
}


def expected_frames() -> dict[str, pl.DataFrame]:
    return {
        "suppliers": pl.DataFrame(
            SUPPLIERS, schema={name: COLUMNS_BY_NAME[name].dtype for name in SUPPLIERS}
        ),
        "sales": pl.DataFrame(SALES, schema=SALES_COLUMNS),
        "reviews": pl.DataFrame(REVIEWS, schema=REVIEW_COLUMNS),
    }


# (a) GBK CSV, Chinese headers (with variants), values as sellers type them.
_HEADER = (
    "店铺ID,店铺名称,商品ID,商品链接,是否一件代发,跨境专供,对接专线,资质证书,经营年限,回头率,"
    "平均响应时长,纠纷率,近30天成交(件),单价（元）,阶梯价,起批量,重量/g,测试单付款时间,"
    "揽收时效(小时)"
).split(",")
_ROWS = [
    [
        "b2b-1001",
        "义乌小商品厂",
        "610001",
        URL.format(610001),
        "是",
        "",
        "云途、燕文",
        "CE；FCC",
        "3年以上",
        "41%",
        "≤15分钟",
        "0.5%",
        "1.2万",
        "￥12.50",
        "1-49:12.5；50-199:11.8；200+:10.9",
        "2件",
        "250",
        "2024/5/1 10:30",
        "24",
    ],
    [
        "b2b-1001",
        "义乌小商品厂",
        "610002",
        "",
        "√",
        "否",
        "4PX",
        "无",
        "3年",
        "41%",
        "15 分钟",
        "0.5%",
        "500+",
        "8元",
        "≥1件 ￥8",
        "1",
        "1.5kg",
        "",
        "2天",
    ],
    [
        "2001",
        "深圳电子",
        URL.format(620001),
        URL.format(620001),
        "不支持",
        "有",
        "",
        "ce",
        "十年",
        "35",
        "0.5小时",
        "1.2%",
        "1,500",
        "CNY 99.9",
        "",
        "10",
        "",
        "2024年6月2日",
        "12",
    ],
]


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


# A merged-looking title row and a blank row come before the header, as in Chinese Excel.
GBK_SUPPLIERS = _csv_text([["供应商列表（2024年5月）"], [], _HEADER, *_ROWS])
GBK_SALES = """供应商ID,商品ID,统计日期,天数,销量
b2b-1001,610001,2024/4/1,30天,1.1万
b2b-1001,610001,2024年5月1日,30,"12,000"
2001,,2024-05-01,1,50
"""
GBK_REVIEWS = """供应商ID,商品ID,评价内容,评分,评价时间
b2b-1001,610001,质量不错，发货快,5星,2024年5月3日 8:00
2001,,物流快,4分,
"""

# (c) the canonical CSV, as write_tables documents it (written here by hand).
CANONICAL_SUPPLIERS = (
    "supplier_id,supplier_name,offer_id,offer_url,dropship_supported,cross_border_tag,"
    "intl_logistics,certifications,years_in_business,repeat_rate_pct,response_minutes,"
    "dispute_rate_pct,sales_30d,unit_price_cny,price_tiers,moq,weight_g,test_order_paid_at,"
    "pickup_sla_hours\n"
    "b2b-1001,义乌小商品厂,610001,https://detail.1688.com/offer/610001.html,true,,云途;燕文,"
    "CE;FCC,3,41,15,0.5,12000,12.5,1-49:12.5;50-199:11.8;200+:10.9,2,250,"
    "2024-05-01 10:30:00,24\n"
    "b2b-1001,义乌小商品厂,610002,,true,false,4PX,无,3,41,15,0.5,500,8,1+:8,1,1500,,48\n"
    "2001,深圳电子,620001,https://detail.1688.com/offer/620001.html,false,true,,CE,10,35,30,"
    "1.2,1500,99.9,,10,,2024-06-02 00:00:00,12\n"
)
CANONICAL_SALES = (
    "supplier_id,offer_id,period_start,period_days,units\n"
    "b2b-1001,610001,2024-04-01,30,11000\n"
    "b2b-1001,610001,2024-05-01,30,12000\n"
    "2001,,2024-05-01,1,50\n"
)
CANONICAL_REVIEWS = (
    "supplier_id,offer_id,text,rating,created_at\n"
    "b2b-1001,610001,质量不错，发货快,5,2024-05-03 08:00:00\n"
    "2001,,物流快,4,\n"
)


@pytest.fixture
def gbk_csv(tmp_path: Path) -> Path:
    path = tmp_path / "供应商.csv"
    path.write_bytes(GBK_SUPPLIERS.encode("gbk"))
    (tmp_path / "供应商.sales.csv").write_bytes(GBK_SALES.encode("gbk"))
    (tmp_path / "供应商.reviews.csv").write_bytes(GBK_REVIEWS.encode("gbk"))
    return path


@pytest.fixture
def canonical_csv(tmp_path: Path) -> Path:
    path = tmp_path / "canonical.csv"
    path.write_text(CANONICAL_SUPPLIERS, encoding="utf-8")
    (tmp_path / "canonical.sales.csv").write_text(CANONICAL_SALES, encoding="utf-8")
    (tmp_path / "canonical.reviews.csv").write_text(CANONICAL_REVIEWS, encoding="utf-8")
    return path


@pytest.fixture
def three_sheet_xlsx(tmp_path: Path) -> Path:
    """Real Excel cells: numbers, booleans, dates; fractions for the repeat rate."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "供应商"
    sheet.append(
        [
            "Supplier ID",
            "公司名称",
            "Offer ID",
            "offer url",
            "dropship",
            "跨境",
            "物流专线",
            "certificates",
            "经营年限",
            "复购率(小数)",
            "响应时间(小时)",
            "纠纷率",
            "月销量",
            "价格",
            "Price Tiers",
            "MOQ",
            "重量(kg)",
            "付款时间",
            "揽收时效",
        ]
    )
    sheet.append(
        [
            "b2b-1001",
            "义乌小商品厂",
            610001,
            URL.format(610001),
            True,
            None,
            "云途/燕文",
            "CE,FCC",
            3,
            0.41,
            0.25,
            "0.5%",
            12000,
            12.5,
            "1-49:12.5;50-199:11.8;200+:10.9",
            2,
            0.25,
            datetime(2024, 5, 1, 10, 30),
            "24h",
        ]
    )
    sheet.append(
        [
            "b2b-1001",
            "义乌小商品厂",
            610002,
            None,
            "Y",
            False,
            "4PX",
            "无",
            "3年",
            0.41,
            "15min",
            "0.5%",
            500,
            "¥8",
            "1+:8",
            1,
            1.5,
            None,
            "2天",
        ]
    )
    sheet.append(
        [
            2001,
            "深圳电子",
            None,
            URL.format(620001),
            "N",
            "✓",
            None,
            "CE",
            "十年",
            0.35,
            0.5,
            "1.2%",
            "1.5千",
            99.9,
            None,
            10,
            None,
            datetime(2024, 6, 2),
            12,
        ]
    )
    sales = book.create_sheet("销量")
    sales.append(["店铺ID", "商品ID", "日期", "周期天数", "数量"])
    sales.append(["b2b-1001", 610001, date(2024, 4, 1), 30, 11000])
    sales.append(["b2b-1001", 610001, date(2024, 5, 1), 30, 12000])
    sales.append([2001, None, date(2024, 5, 1), 1, 50])
    reviews = book.create_sheet("评价")
    reviews.append(["商家ID", "货品ID", "评论", "星级", "评论时间"])
    reviews.append(["b2b-1001", 610001, "质量不错，发货快", "★★★★★", datetime(2024, 5, 3, 8)])
    reviews.append([2001, None, "物流快", 4, None])
    path = tmp_path / "workbook.xlsx"
    book.save(path)
    return path
