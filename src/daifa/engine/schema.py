"""The canonical columns of a supplier-offer row (shared/design/data-format.md).

One row per supplier offer. Every column but ``supplier_id`` is optional and a
missing value is *unknown* (null), never zero or false. ``level`` says whether a
value describes the supplier (shop, terms, the seller's checks of the shop) or one
of its offers (a product: price, size, certificates, sample).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

ValueType = Literal["text", "bool", "number", "integer", "list", "tiers", "datetime"]
Level = Literal["supplier", "offer"]

POLARS_TYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "bool": pl.Boolean(),
    "number": pl.Float64(),
    "integer": pl.Int64(),
    "list": pl.List(pl.String()),
    # price tiers: [{min_qty, max_qty (null = open), price_cny}], ascending by min_qty
    "tiers": pl.List(
        pl.Struct({"min_qty": pl.Int64(), "max_qty": pl.Int64(), "price_cny": pl.Float64()})
    ),
    "datetime": pl.Datetime("us"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ValueType
    level: Level
    label_zh: str
    label_en: str

    @property
    def dtype(self) -> pl.DataType:
        return POLARS_TYPES[self.type]


def _c(name: str, type_: ValueType, level: Level, zh: str, en: str) -> Column:
    return Column(name, type_, level, zh, en)


COLUMNS: tuple[Column, ...] = (
    # identity
    _c("supplier_id", "text", "supplier", "供应商ID", "Supplier id"),
    _c("supplier_name", "text", "supplier", "供应商", "Supplier"),
    _c("shop_url", "text", "supplier", "店铺链接", "Shop address"),
    _c("offer_id", "text", "offer", "商品ID", "Offer id"),
    _c("offer_url", "text", "offer", "商品链接", "Offer address"),
    _c("product_title", "text", "offer", "商品标题", "Product title"),
    _c("category", "text", "offer", "类目", "Category"),
    _c("product_group", "text", "offer", "同款分组", "Product group"),
    _c("origin", "text", "supplier", "发货地", "Ships from"),
    # the seller's own remarks on the shop (a 备注 column); shown, never scored
    _c("supplier_note", "text", "supplier", "备注", "Notes"),
    # compliance and stability
    _c("dropship_supported", "bool", "supplier", "一件代发", "Single-piece dropshipping"),
    _c("cross_border_tag", "bool", "supplier", "跨境专供", "Cross-border tag"),
    _c("neutral_packaging", "bool", "supplier", "中性包装", "Neutral packaging"),
    _c("intl_logistics", "list", "supplier", "国际物流", "Cross-border lines"),
    _c("certifications", "list", "offer", "认证", "Certificates"),
    _c("trustpass_years", "number", "supplier", "诚信通年限", "TrustPass years"),
    _c("years_in_business", "number", "supplier", "经营年限", "Years in business"),
    _c("repeat_rate_pct", "number", "supplier", "回头率", "Repeat rate %"),
    _c("response_minutes", "number", "supplier", "响应时间(分钟)", "Response minutes"),
    _c("dispute_rate_pct", "number", "supplier", "纠纷率", "Dispute rate %"),
    _c("sales_30d", "integer", "offer", "近30天成交", "Sales, last 30 days"),
    _c("own_factory", "bool", "supplier", "自有工厂", "Own factory"),
    _c("original_design", "bool", "supplier", "原创设计", "Original design"),
    _c("new_styles_per_month", "integer", "supplier", "月上新", "New styles a month"),
    # supply chain and product
    _c("unit_price_cny", "number", "offer", "单价(元)", "Unit price (CNY)"),
    _c("price_tiers", "tiers", "offer", "阶梯价", "Price tiers"),
    _c("moq", "integer", "offer", "起订量", "MOQ"),
    _c("dropship_price_cny", "number", "offer", "代发价(元)", "Dropship price (CNY)"),
    _c("weight_g", "number", "offer", "重量(克)", "Weight (g)"),
    _c("length_cm", "number", "offer", "长(厘米)", "Length (cm)"),
    _c("width_cm", "number", "offer", "宽(厘米)", "Width (cm)"),
    _c("height_cm", "number", "offer", "高(厘米)", "Height (cm)"),
    _c("target_retail_price", "number", "offer", "目标售价", "Target retail price"),
    _c("retail_currency", "text", "offer", "售价币种", "Retail currency"),
    _c("quote_all_inclusive", "bool", "offer", "含包装", "Quote all-inclusive"),
    _c("extra_fees_cny", "number", "offer", "额外费用(元)", "Extra fees (CNY)"),
    _c("inventory_consistent", "bool", "offer", "库存一致", "Stock answers agree"),
    _c("inventory_sheet", "bool", "supplier", "库存表", "Daily stock sheet"),
    _c(
        "test_order_ship_hours",
        "number",
        "supplier",
        "测试单发货时长(小时)",
        "Test order ship hours",
    ),
    _c("test_order_paid_at", "datetime", "supplier", "测试单付款时间", "Test order paid at"),
    _c("test_order_shipped_at", "datetime", "supplier", "测试单发货时间", "Test order shipped at"),
    _c("pickup_sla_hours", "number", "supplier", "揽收时效(小时)", "Pickup SLA hours"),
    _c("late_compensation_pct", "number", "supplier", "超时赔付(%)", "Late compensation %"),
    _c("transit_days_min", "number", "supplier", "时效下限(天)", "Transit days, min"),
    _c("transit_days_max", "number", "supplier", "时效上限(天)", "Transit days, max"),
    _c("custom_moq", "integer", "offer", "定制起订量", "Custom MOQ"),
    _c("sample_days", "number", "supplier", "打样周期(天)", "Sample days"),
    _c("sample_fee_deductible", "bool", "supplier", "样品费可抵扣", "Sample fee deductible"),
    _c("custom_cost_pct", "number", "offer", "定制加价(%)", "Customisation cost %"),
    _c("sample_test_passed", "bool", "offer", "样品测试", "Sample test passed"),
    # service and hidden signals
    _c(
        "quality_return_terms",
        "bool",
        "supplier",
        "质量问题包运费",
        "Pays return freight on quality",
    ),
    _c(
        "wrong_item_response_hours",
        "number",
        "supplier",
        "错发响应(小时)",
        "Wrong item response hours",
    ),
    _c(
        "wrong_item_reship_hours", "number", "supplier", "补发时效(小时)", "Wrong item reship hours"
    ),
    _c(
        "wrong_item_compensation_pct",
        "number",
        "supplier",
        "错发赔付(%)",
        "Wrong item compensation %",
    ),
    _c("unsold_return_days", "number", "supplier", "滞销退换天数", "Unsold return days"),
    _c("unsold_return_loss_pct", "number", "supplier", "滞销损耗率(%)", "Unsold return loss %"),
    _c("english_communication", "bool", "supplier", "英文沟通", "English communication"),
    _c("platform_rules_knowledge", "bool", "supplier", "熟悉平台规则", "Knows platform rules"),
    _c("answer_precision", "number", "supplier", "回复精准度(1-5)", "Answer precision (1-5)"),
    _c("old_customer_ratio_pct", "number", "supplier", "老客户占比", "Old customer ratio %"),
    _c("media_support", "bool", "supplier", "素材支持", "Media support"),
    _c("trend_recommendations", "bool", "supplier", "推荐潜力款", "Trend recommendations"),
)

COLUMNS_BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)

# Companion tables (data-format.md, "Companion files").
SALES_COLUMNS: dict[str, pl.DataType] = {
    "supplier_id": pl.String(),
    "offer_id": pl.String(),
    "period_start": pl.Date(),
    "period_days": pl.Int64(),
    "units": pl.Float64(),
}
REVIEW_COLUMNS: dict[str, pl.DataType] = {
    "supplier_id": pl.String(),
    "offer_id": pl.String(),
    "text": pl.String(),
    "rating": pl.Float64(),
    "created_at": pl.Datetime("us"),
}
# The seller's own orders, one row per order (the KPIs, daifa.engine.scorecard._kpis).
ORDER_STATUSES: tuple[str, ...] = ("delivered", "returned", "cancelled_no_stock", "disputed")
# An orders file as the demo writes it and a 1688 export gives it: the order's
# id and payment time are kept, the KPIs read the other columns (ORDER_COLUMNS).
ORDER_FILE_COLUMNS: dict[str, pl.DataType] = {
    "order_id": pl.String(),
    "supplier_id": pl.String(),
    "offer_id": pl.String(),
    "ordered_at": pl.Datetime("us"),
    "paid_at": pl.Datetime("us"),
    "shipped_at": pl.Datetime("us"),
    "picked_up_at": pl.Datetime("us"),
    "promised_pickup_hours": pl.Float64(),
    "status": pl.String(),
    "returned": pl.Boolean(),
    "disputed": pl.Boolean(),
    "after_sales_days": pl.Float64(),
}
ORDER_COLUMNS: dict[str, pl.DataType] = {
    name: dtype for name, dtype in ORDER_FILE_COLUMNS.items() if name not in ("order_id", "paid_at")
}


def empty_frame() -> pl.DataFrame:
    """A frame with every canonical column and no rows."""
    return pl.DataFrame(schema={c.name: c.dtype for c in COLUMNS})


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the missing canonical columns as nulls and order them canonically.

    Columns that are not canonical are kept after the canonical ones (for example
    provenance columns such as ``_source``).
    """
    missing = [
        pl.lit(None, dtype=c.dtype).alias(c.name) for c in COLUMNS if c.name not in frame.columns
    ]
    frame = frame.with_columns(missing) if missing else frame
    extra = [name for name in frame.columns if name not in COLUMNS_BY_NAME]
    return frame.select([*COLUMN_NAMES, *extra])
