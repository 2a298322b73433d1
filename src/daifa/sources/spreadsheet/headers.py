"""Header aliases: the Chinese and English names sellers write for each column.

A header is normalised (NFKC, lower case, no spaces/underscores, bracketed units
removed) and looked up in the alias table of its table kind. The unit that was
in the brackets (``响应时间(小时)``, ``重量/kg``) is kept as a hint: it tells the
value parser what a bare number means.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from daifa.engine.schema import COLUMNS, REVIEW_COLUMNS, SALES_COLUMNS

TableKind = Literal["suppliers", "sales", "reviews"]
TABLE_KINDS: tuple[TableKind, ...] = ("suppliers", "sales", "reviews")

# Not a schema column: a single "时效 7-12天" cell fills transit_days_min and _max.
TRANSIT_RANGE = "transit_days"

_ID_ALIASES: dict[str, tuple[str, ...]] = {
    "supplier_id": (
        "供应商ID",
        "供应商编号",
        "供应商代码",
        "店铺ID",
        "商家ID",
        "卖家ID",
        "会员ID",
        "旺旺ID",
        "memberId",
        "member id",
        "seller id",
        "shop id",
        "supplier id",
    ),
    "offer_id": (
        "商品ID",
        "货品ID",
        "产品ID",
        "商品编号",
        "offerId",
        "offer id",
        "item id",
        "product id",
    ),
}

SUPPLIER_ALIASES: dict[str, tuple[str, ...]] = {
    **_ID_ALIASES,
    "supplier_name": (
        "供应商",
        "供应商名称",
        "店铺名称",
        "店铺名",
        "店铺",
        "公司名称",
        "公司",
        "商家名称",
        "厂家",
        "supplier name",
        "shop name",
        "company",
        "company name",
    ),
    "shop_url": ("店铺链接", "店铺网址", "店铺地址", "shop url", "shop link", "store url"),
    "offer_url": (
        "商品链接",
        "商品网址",
        "货品链接",
        "产品链接",
        "链接",
        "offer url",
        "offer link",
        "product url",
        "product link",
        "item url",
        "url",
    ),
    "product_title": (
        "商品标题",
        "品名",
        "商品名称",
        "产品名称",
        "标题",
        "title",
        "product title",
        "product name",
        "item title",
    ),
    "category": ("类目", "品类", "分类", "类别", "category"),
    "product_group": ("同款分组", "产品", "同款", "分组", "product group", "group"),
    "origin": ("产地", "发货地", "所在地", "货源地", "origin", "ship from", "ships from"),
    "supplier_note": (
        "备注",
        "备注信息",
        "供应商备注",
        "说明",
        "notes",
        "note",
        "remarks",
        "remark",
        "memo",
    ),
    "dropship_supported": (
        "一件代发",
        "支持一件代发",
        "代发",
        "dropship",
        "dropshipping",
        "dropship supported",
    ),
    "cross_border_tag": ("跨境专供", "跨境", "cross border", "cross border tag"),
    "neutral_packaging": ("中性包装", "neutral packaging"),
    "intl_logistics": (
        "国际物流",
        "对接专线",
        "物流专线",
        "跨境物流",
        "跨境专线",
        "物流",
        "logistics",
        "intl logistics",
        "international logistics",
        "shipping lines",
    ),
    "certifications": (
        "认证",
        "资质证书",
        "证书",
        "资质",
        "认证证书",
        "certifications",
        "certificates",
        "certs",
    ),
    "trustpass_years": ("诚信通年限", "诚信通", "诚信通年份", "trustpass", "trustpass years"),
    "years_in_business": ("经营年限", "成立年限", "开店年限", "经营年数", "years in business"),
    "repeat_rate_pct": (
        "回头率",
        "复购率",
        "回购率",
        "买家回头率",
        "repeat rate",
        "repurchase rate",
    ),
    "response_minutes": (
        "响应时间",
        "平均响应时长",
        "响应时长",
        "平均响应时间",
        "响应速度",
        "response time",
        "avg response time",
        "average response time",
    ),
    "dispute_rate_pct": ("纠纷率", "dispute rate"),
    "sales_30d": (
        "近30天成交",
        "30天销量",
        "近30天销量",
        "30天成交",
        "30日销量",
        "月销量",
        "sales 30d",
        "30 day sales",
        "30d sales",
        "monthly sales",
    ),
    # Not bare "工厂"/"factory": such a column often holds the factory's name.
    "own_factory": ("自有工厂", "源头工厂", "own factory"),
    "original_design": ("原创设计", "原创", "original design"),
    "new_styles_per_month": (
        "月上新",
        "每月上新",
        "上新",
        "上新数",
        "new styles per month",
        "new styles",
    ),
    "unit_price_cny": (
        "单价",
        "价格",
        "批发价",
        "进货价",
        "采购价",
        "拿货价",
        "unit price",
        "price",
        "wholesale price",
    ),
    "price_tiers": (
        "阶梯价",
        "阶梯价格",
        "价格区间",
        "批发阶梯价",
        "price tiers",
        "tiered price",
        "tiers",
    ),
    "moq": (
        "起订量",
        "起批量",
        "最小起订量",
        "起订",
        "起批",
        "minimum order",
        "min order qty",
        "minimum order quantity",
    ),
    "dropship_price_cny": ("代发价", "一件代发价", "代发价格", "dropship price"),
    "weight_g": ("重量", "毛重", "包装重量", "weight"),
    "length_cm": ("长", "长度", "length"),
    "width_cm": ("宽", "宽度", "width"),
    "height_cm": ("高", "高度", "height"),
    "target_retail_price": (
        "目标售价",
        "零售价",
        "售价",
        "计划售价",
        "目标零售价",
        "retail price",
        "target price",
    ),
    "retail_currency": ("售价币种", "币种", "货币", "currency"),
    "quote_all_inclusive": (
        "含包装",
        "报价含包装",
        "包含包装",
        "报价全包",
        "all inclusive",
        "quote all inclusive",
    ),
    "extra_fees_cny": ("额外费用", "附加费用", "其他费用", "extra fees", "extra cost"),
    "inventory_consistent": (
        "库存一致",
        "库存核对一致",
        "inventory consistent",
        "stock consistent",
    ),
    "inventory_sheet": ("库存表", "每日库存表", "提供库存表", "inventory sheet", "stock sheet"),
    "test_order_ship_hours": ("测试单发货时长", "测试单发货", "测试单时效", "test order hours"),
    "test_order_paid_at": ("测试单付款时间", "付款时间", "paid at"),
    "test_order_shipped_at": ("测试单发货时间", "发货时间", "shipped at"),
    "pickup_sla_hours": ("揽收时效", "揽收时间", "揽收", "pickup sla", "pickup hours"),
    "late_compensation_pct": ("超时赔付", "延迟赔付", "超时赔偿", "late compensation"),
    TRANSIT_RANGE: ("时效", "运输时效", "物流时效", "transit days", "transit time", "transit"),
    "transit_days_min": ("时效下限", "最短时效", "最快时效", "min transit days"),
    "transit_days_max": ("时效上限", "最长时效", "最慢时效", "max transit days"),
    "custom_moq": ("定制起订量", "定制起批量", "定制moq", "custom moq"),
    "sample_days": ("打样周期", "打样时间", "打样天数", "样品周期", "sample days", "sampling days"),
    "sample_fee_deductible": ("样品费可抵扣", "样品费抵扣", "样品费可退", "sample fee deductible"),
    "custom_cost_pct": (
        "定制加价",
        "定制成本",
        "定制加价比例",
        "custom cost",
        "customisation cost",
        "customization cost",
    ),
    "sample_test_passed": (
        "样品测试",
        "样品测试通过",
        "样品检测",
        "sample test",
        "sample test passed",
    ),
    "quality_return_terms": (
        "质量问题包运费",
        "质量问题退换",
        "质量退换",
        "quality return terms",
        "quality returns",
    ),
    "wrong_item_response_hours": (
        "错发响应",
        "错发漏发响应",
        "错发响应时间",
        "wrong item response",
    ),
    "wrong_item_reship_hours": (
        "补发时效",
        "补发时间",
        "错发补发",
        "reship hours",
        "wrong item reship",
    ),
    "wrong_item_compensation_pct": ("错发赔付", "错发赔偿", "wrong item compensation"),
    "unsold_return_days": ("滞销退换天数", "滞销退换", "滞销退换期", "unsold return days"),
    "unsold_return_loss_pct": ("滞销损耗率", "损耗率", "退换损耗", "unsold return loss"),
    "english_communication": ("英文沟通", "英语沟通", "会英文", "english communication"),
    "platform_rules_knowledge": (
        "熟悉平台规则",
        "平台规则",
        "了解平台规则",
        "platform rules",
        "platform rules knowledge",
    ),
    "answer_precision": ("回复精准度", "回复准确度", "精准度", "answer precision"),
    "old_customer_ratio_pct": (
        "老客户占比",
        "老客占比",
        "老客户比例",
        "old customer ratio",
        "returning customers",
    ),
    "media_support": ("素材支持", "图片视频支持", "提供素材", "media support"),
    "trend_recommendations": ("推荐潜力款", "趋势推荐", "潜力款推荐", "trend recommendations"),
}

SALES_ALIASES: dict[str, tuple[str, ...]] = {
    **_ID_ALIASES,
    "period_start": (
        "日期",
        "开始日期",
        "统计日期",
        "周期开始",
        "月份",
        "时间",
        "date",
        "period start",
        "period",
        "month",
        "day",
    ),
    "period_days": ("天数", "周期天数", "周期", "days", "period days"),
    "units": ("销量", "数量", "件数", "成交量", "销售量", "units", "quantity", "qty", "sales"),
}

REVIEW_ALIASES: dict[str, tuple[str, ...]] = {
    **_ID_ALIASES,
    "text": (
        "评价",
        "评价内容",
        "评论",
        "评论内容",
        "内容",
        "评语",
        "review",
        "text",
        "comment",
        "content",
    ),
    "rating": ("评分", "星级", "打分", "分数", "rating", "stars", "score"),
    "created_at": (
        "评价时间",
        "时间",
        "日期",
        "创建时间",
        "评论时间",
        "created at",
        "date",
        "time",
    ),
}

SHEET_NAMES: dict[TableKind, tuple[str, ...]] = {
    "suppliers": (
        "供应商",
        "供应商列表",
        "供应商信息",
        "商家",
        "店铺",
        "suppliers",
        "supplier",
        "offers",
    ),
    "sales": ("销量", "销售", "销量历史", "销售记录", "销量记录", "sales", "sales history"),
    "reviews": ("评价", "评论", "评价记录", "reviews", "review"),
}

_BRACKETS = re.compile(r"[(\[【{<]([^)\]】}>]*)[)\]】}>]")
_SLASH_UNIT = re.compile(r"/\s*([a-z%\u4e00-\u9fff]{1,3})$")
_NOISE = re.compile(r"[\s_\-.·:*?#,、]+")


def _nfkc_lower(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def split_unit(header: str) -> tuple[str, str | None]:
    """``"响应时间(分钟)"`` -> ``("响应时间", "分钟")``; the unit is None when absent."""
    text = _nfkc_lower(header)
    units = [m.strip() for m in _BRACKETS.findall(text) if m.strip()]
    text = _BRACKETS.sub("", text)
    slash = _SLASH_UNIT.search(text)
    if slash and text[: slash.start()].strip():
        units.append(slash.group(1))
        text = text[: slash.start()]
    return text, (units[-1] if units else None)


def normalise_header(header: str) -> str:
    """The lookup key of a header: case, spacing, brackets and ``是否`` do not matter."""
    text, _unit = split_unit(header)
    text = _NOISE.sub("", text)
    return text.removeprefix("是否") if len(text) > 2 else text


def _build_table(aliases: dict[str, tuple[str, ...]], kind: TableKind) -> dict[str, str]:
    table: dict[str, str] = {}
    for field, names in aliases.items():
        for name in (field, *names):
            table.setdefault(normalise_header(name), field)
    if kind == "suppliers":
        # The schema's own labels, so files exported with zh/en headers re-import.
        for column in COLUMNS:
            for label in (column.label_zh, column.label_en):
                table.setdefault(normalise_header(label), column.name)
    return table


ALIAS_TABLES: dict[TableKind, dict[str, str]] = {
    "suppliers": _build_table(SUPPLIER_ALIASES, "suppliers"),
    "sales": _build_table(SALES_ALIASES, "sales"),
    "reviews": _build_table(REVIEW_ALIASES, "reviews"),
}
_SHEET_KEYS: dict[str, TableKind] = {
    normalise_header(name): kind for kind, names in SHEET_NAMES.items() for name in names
}
TABLE_FIELDS: dict[TableKind, tuple[str, ...]] = {
    "suppliers": tuple(c.name for c in COLUMNS),
    "sales": tuple(SALES_COLUMNS),
    "reviews": tuple(REVIEW_COLUMNS),
}


@dataclass(frozen=True)
class HeaderMatch:
    header: str  # as written in the file
    field: str  # canonical name (or TRANSIT_RANGE)
    unit: str | None  # unit hint from the header, e.g. "分钟", "kg", "%"


def match_header(header: str, kind: TableKind) -> HeaderMatch | None:
    """The canonical field a header names in a table of ``kind``, or None."""
    field = ALIAS_TABLES[kind].get(normalise_header(header))
    if field is None:
        return None
    _text, unit = split_unit(header)
    if (
        unit is None
        and field.endswith("_pct")
        and normalise_header(header) == field.replace("_", "")
    ):
        # The canonical name states its unit: `repeat_rate_pct` holds percent.
        unit = "%"
    return HeaderMatch(header=header, field=field, unit=unit)


def kind_from_sheet_name(name: str) -> TableKind | None:
    return _SHEET_KEYS.get(normalise_header(name))


def kind_from_headers(headers: set[str]) -> TableKind:
    """Guess what a sheet holds from the columns it names (data-format.md, companions).

    Sales need ``period_start`` and ``units``, reviews need ``text``; among the
    kinds that qualify, the one naming most of the sheet's columns wins, so a
    supplier sheet with a "评价" summary column stays a supplier sheet.
    """
    found = {kind: fields_of(headers, kind) - {"supplier_id", "offer_id"} for kind in TABLE_KINDS}
    eligible: list[TableKind] = ["suppliers"]
    if {"period_start", "units"} <= found["sales"]:
        eligible.append("sales")
    if "text" in found["reviews"]:
        eligible.append("reviews")
    return max(eligible, key=lambda kind: len(found[kind]))


def fields_of(headers: set[str], kind: TableKind) -> set[str]:
    table = ALIAS_TABLES[kind]
    return {table[key] for key in map(normalise_header, headers) if key in table}
