"""Names of fields as the seller reads them, canonical ones from the schema."""

from __future__ import annotations

from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.text import Text

# Facts a page shows that have no canonical column; kept as raw provenance.
EXTRA_LABELS: dict[str, Text] = {
    "good_review_rate_pct": Text("好评率", "Good review rate %"),
    "sold_units": Text("已售（未注明周期）", "Units sold (no period given)"),
    "orders": Text("成交笔数（未注明周期）", "Orders (no period given)"),
    "orders_30d": Text("近30天成交笔数", "Orders, last 30 days"),
    "tags": Text("标签", "Tags"),
    "member_id": Text("会员ID", "1688 member id"),
    "shop_name": Text("店铺名", "Shop name"),
    "sales_90d": Text("近90天成交（件）", "Units sold, last 90 days"),
    "orders_90d": Text("近90天成交笔数", "Orders, last 90 days"),
    "service_stars": Text("综合服务星级", "Service stars (1–5)"),
    "dispatch_promise_hours": Text("承诺发货时效(小时)", "Promised dispatch within (hours)"),
    "late_shipping_compensation": Text("晚发必赔", "Compensates late dispatch"),
}


def label(field: str, lang: str = "zh") -> str:
    column = COLUMNS_BY_NAME.get(field)
    if column is not None:
        return column.label_zh if lang == "zh" else column.label_en
    return EXTRA_LABELS.get(field, Text(field, field)).get(lang)
