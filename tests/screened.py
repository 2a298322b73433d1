"""A small screened workspace: one product group of four suppliers and a loner."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from daifa.catalog.models import Supplier
from daifa.catalog.services import import_tables
from daifa.engine.schema import REVIEW_COLUMNS, SALES_COLUMNS
from daifa.screening.services import screening_refresh
from tests.catalog.test_import_service import Tables, rows
from tests.passing import passing_gate_facts

_STORY = dict(dropship_supported=True, cross_border_tag=True, repeat_rate_pct=45.0, response_minutes=5.0,
            dispute_rate_pct=0.2, years_in_business=8.0, inventory_consistent=True,
            test_order_ship_hours=20.0, sample_test_passed=True, certifications=["CE", "FCC"],
            neutral_packaging=True, intl_logistics=["云途", "燕文"], inventory_sheet=True,
            pickup_sla_hours=12.0, late_compensation_pct=8.0, transit_days_min=7.0, transit_days_max=11.0,
            quote_all_inclusive=True, own_factory=True, quality_return_terms=True,
            english_communication=True, answer_precision=5.0)  # fmt: skip
# Every gate the catalogue has passes (a new gate needs no edit here), then the
# values this workspace's stories are told with.
GOOD = passing_gate_facts() | _STORY


def _offer(sid, name, price, **facts):
    return {"supplier_id": sid, "supplier_name": name, "offer_id": f"O-{sid}", "category": "3C数码",
            "product_group": "耳机-01", "product_title": f"蓝牙耳机 {name}", "unit_price_cny": price,
            "moq": 2, "weight_g": 120.0, "length_cm": 10.0, "width_cm": 8.0, "height_cm": 4.0,
            "target_retail_price": 19.99, "retail_currency": "USD", **facts}  # fmt: skip


HONEST = [
    "耳机音质清楚，低音一般，续航大概5小时",
    "左耳塞有点紧，换了小号耳帽就好了",
    "充电盒比想象中小，放口袋里没问题",
    "连接iPhone很快，安卓偶尔断一下",
    "打电话对方说声音有点远，听歌没问题",
    "包装是白盒中性包装，正好适合我们转卖",
    "第二次回购了，这次颜色发错了一个，客服补发很快",
    "降噪基本没有，价格便宜也能接受",
    "跑步戴了半小时没有掉，比上一家好",
    "指示灯太亮，晚上充电有点晃眼",
    "说明书是英文的，客户看得懂",
    "用了两周右耳没声音了，申请售后换了新的",
]


@pytest.fixture
def screened(personas):
    offers = rows(
        _offer("S-BEST", "优选电子", 30.0, dropship_price_cny=32.0, **GOOD),
        _offer(
            "S-CHEAP",
            "<b>低价</b>电子",
            18.0,
            dropship_supported=True,
            repeat_rate_pct=8.0,
            response_minutes=90.0,
            dispute_rate_pct=4.0,
        ),  # fmt: skip
        _offer("S-MID", "中庸电子", 29.0, dropship_supported=True, repeat_rate_pct=25.0),
        _offer("S-FAIL", "无代发", 31.0, dropship_supported=False, repeat_rate_pct=40.0),
        {
            "supplier_id": "S-LONE",
            "supplier_name": "孤品家居",
            "offer_id": "O-LONE",
            "category": "家居日用",
            "product_group": "",
            "unit_price_cny": 9.0,
        },  # fmt: skip
    )
    start = date(2026, 5, 1)
    sales = pl.DataFrame(
        [
            {"supplier_id": sid, "offer_id": None, "period_start": start + timedelta(days=d), "period_days": 1,
             "units": float(5 + (d % 3) + (60 if sid == "S-CHEAP" and d >= 150 else 0))}
            for sid in ("S-BEST", "S-CHEAP") for d in range(180)
        ],
        schema=SALES_COLUMNS,
    )  # fmt: skip
    template = ["物流快，质量好，好评！", "质量很好，下次还会再来", "好评！物流快"]
    reviews = pl.DataFrame(
        [{"supplier_id": "S-CHEAP", "offer_id": None, "text": template[i % 3], "rating": 5.0, "created_at": None}
         for i in range(12)]
        + [{"supplier_id": "S-BEST", "offer_id": None, "text": text, "rating": 4.0, "created_at": None}
           for text in HONEST],
        schema=REVIEW_COLUMNS,
    )  # fmt: skip
    import_tables(
        workspace=personas.workspace, tables=Tables(offers, sales, reviews), filename="s.csv"
    )
    screening_refresh(workspace=personas.workspace)
    return {s.external_id: s for s in Supplier.objects.filter(workspace=personas.workspace)}


@pytest.fixture
def two_offers(personas):
    """One supplier whose better offer is its second: the scorecard judges that one."""
    unknown = (
        "inventory_consistent",
        "sample_test_passed",
        "certifications",
        "quote_all_inclusive",
    )
    shop = {k: v for k, v in GOOD.items() if k not in unknown}
    common = {"supplier_id": "S-TWO", "supplier_name": "双品电子", "category": "3C数码",
              "moq": 1, "unit_price_cny": 30.0, **shop}  # fmt: skip
    offers = rows(
        {**common, "offer_id": "O-FIRST", "product_title": "旧款耳机", "product_group": "",
         "certifications": [], "quote_all_inclusive": False},
        {**common, "offer_id": "O-JUDGED", "product_title": "新款耳机", "product_group": "",
         "certifications": ["CE", "FCC"], "quote_all_inclusive": True},
    )  # fmt: skip
    import_tables(workspace=personas.workspace, tables=Tables(offers), filename="two.csv")
    screening_refresh(workspace=personas.workspace)
    return Supplier.objects.get(workspace=personas.workspace, external_id="S-TWO")
