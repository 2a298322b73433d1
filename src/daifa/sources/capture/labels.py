"""Names of fields as the seller reads them, canonical ones from the schema."""

from __future__ import annotations

from daifa.engine.schema import COLUMNS_BY_NAME

# Facts a page shows that have no canonical column; kept as raw provenance.
EXTRA_LABELS: dict[str, tuple[str, str]] = {
    # field: (简体中文, English)
    "good_review_rate_pct": ("好评率", "Good review rate %"),
    "sold_units": ("已售（未注明周期）", "Units sold (no period given)"),
    "orders": ("成交笔数（未注明周期）", "Orders (no period given)"),
    "orders_30d": ("近30天成交笔数", "Orders, last 30 days"),
    "tags": ("标签", "Tags"),
    "member_id": ("会员ID", "1688 member id"),
    "shop_name": ("店铺名", "Shop name"),
    "sales_90d": ("近90天成交（件）", "Units sold, last 90 days"),
    "orders_90d": ("近90天成交笔数", "Orders, last 90 days"),
    "service_stars": ("综合服务星级", "Service stars (1–5)"),
    "dispatch_promise_hours": ("承诺发货时效(小时)", "Promised dispatch within (hours)"),
    "late_shipping_compensation": ("晚发必赔", "Compensates late dispatch"),
}


def label(field: str, lang: str = "zh") -> str:
    column = COLUMNS_BY_NAME.get(field)
    if column is not None:
        return column.label_zh if lang == "zh" else column.label_en
    zh, en = EXTRA_LABELS.get(field, (field, field))
    return zh if lang == "zh" else en
