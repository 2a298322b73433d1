"""What each check is for: the criteria it answers, the sample-test checklists
per category, and the questions (with ready messages in 简体中文 and English)
that the supplier answers in writing. Pure data, both languages side by side."""

from __future__ import annotations

from dataclasses import dataclass

# criterion id → (check type, topic). Gates first: they decide approval.
CRITERION_CHECKS: dict[str, tuple[str, str]] = {
    "inventory_consistent": ("stock_probe", ""),
    "test_order_ship_hours": ("test_order", ""),
    "sample_days": ("sample_order", ""),
    "sample_fee_deductible": ("sample_order", ""),
    "sample_test_passed": ("sample_test", ""),
    "certifications": ("certificate", ""),
    "response_minutes": ("inquiry", "service"),
    "english_communication": ("inquiry", "service"),
    "platform_rules_knowledge": ("inquiry", "service"),
    "answer_precision": ("inquiry", "service"),
    "quality_return_terms": ("inquiry", "after_sales"),
    "wrong_item_terms": ("inquiry", "after_sales"),
    "unsold_return_days": ("inquiry", "after_sales"),
    "old_customer_ratio": ("inquiry", "references"),
    "media_support": ("inquiry", "references"),
    "trend_recommendations": ("inquiry", "references"),
    "custom_moq": ("inquiry", "customisation"),
    "custom_cost_pct": ("inquiry", "customisation"),
    "quote_all_inclusive": ("inquiry", "customisation"),
    "inventory_sheet": ("inquiry", "logistics"),
    "pickup_sla_hours": ("inquiry", "logistics"),
    "late_compensation_pct": ("inquiry", "logistics"),
    "transit_days_eu_us": ("inquiry", "logistics"),
}
# Checks about one product (the rest are about the shop).
OFFER_CHECKS = {"stock_probe", "sample_test", "certificate"}
# Days from planning to the due date, per check type.
DUE_DAYS = {"stock_probe": 2, "test_order": 5, "sample_order": 10, "sample_test": 14,
            "certificate": 7, "inquiry": 3}  # fmt: skip

TYPE_WORDS = {
    "stock_probe": ("小号库存核对", "Second-account stock probe"),
    "test_order": ("测试单（1–2 件）", "Test order (1–2 pieces)"),
    "sample_order": ("样品订单", "Sample order"),
    "sample_test": ("样品测试", "Sample test"),
    "certificate": ("证书", "Certificates"),
    "inquiry": ("向供应商提问", "Questions to the supplier"),
}
STATUS_WORDS = {
    "todo": ("待办", "to do"),
    "waiting": ("等待供应商", "waiting for the supplier"),
    "done": ("已完成", "done"),
    "skipped": ("已跳过", "skipped"),
}


@dataclass(frozen=True)
class Item:
    """One sample-test line. ``rule`` is "pass" (seen to work), "min" or "max"
    (a measured number against ``limit`` in ``unit``)."""

    key: str
    zh: str
    en: str
    rule: str = "pass"
    limit: float | None = None
    unit: str = ""

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def limit_text(self, lang: str) -> str:
        if self.rule == "pass":
            return "合格 / 不合格" if lang == "zh" else "pass / fail"
        sign = "≥" if self.rule == "min" else "≤"
        return f"{sign} {self.limit:g} {self.unit}".strip()

    def judge(self, measured: float | None) -> bool | None:
        if self.rule == "pass" or measured is None or self.limit is None:
            return None
        return measured >= self.limit if self.rule == "min" else measured <= self.limit


_COMMON = (
    Item(
        "identity",
        "型号/颜色/尺寸与订单一致，配件齐全",
        "Model, colour, size match the order; accessories complete",
    ),
    Item(
        "packaging",
        "包装完好，中性包装/标签符合要求",
        "Packaging intact, neutral, labels as agreed",
    ),
    Item("smell", "无异味", "No odour"),
)
CHECKLISTS: dict[str, tuple[tuple[str, str], tuple[Item, ...]]] = {
    "electronics": (
        ("电子产品", "Electronics"),
        (
            Item(
                "function",
                "通电，主要功能按说明书正常",
                "Powers on; main function works per manual",
            ),
            Item(
                "battery_pct",
                "电池容量（实测占标称）",
                "Battery capacity (measured share of stated)",
                "min",
                90,
                "%",
            ),
            Item("charge_hours", "充满电时间", "Time to full charge", "max", 3, "h"),
            Item(
                "surface_temp",
                "满载 30 分钟表面温度",
                "Surface temperature after 30 min under load",
                "max",
                45,
                "°C",
            ),
        ),
    ),
    "bags": (
        ("箱包", "Bags and luggage"),
        (
            Item(
                "zip_cycles",
                "拉链开合不卡顿次数",
                "Zip open/close cycles without sticking",
                "min",
                50,
                "×",
            ),
            Item(
                "handle_load",
                "提手承重（提起 20 次不变形）",
                "Handle load (lifted 20 times, no damage)",
                "min",
                5,
                "kg",
            ),
            Item("seams", "缝线牢固，无跳针脱线", "Seams secure, no skipped or loose stitches"),
        ),
    ),
    "apparel": (
        ("服装", "Apparel"),
        (
            Item(
                "seams", "缝线牢固，无跳针、起皱", "Seams secure, no skipped stitches or puckering"
            ),
            Item(
                "colour_fastness",
                "耐摩擦色牢度（级）",
                "Colour fastness to rubbing (grade)",
                "min",
                3,
                "",
            ),
            Item(
                "size_deviation",
                "关键尺寸与尺码表偏差",
                "Key measurements off the size chart",
                "max",
                2,
                "cm",
            ),
        ),
    ),
    "cosmetics": (
        ("美妆个护", "Cosmetics"),
        (
            Item(
                "ingredients",
                "成分表（INCI）、批号、保质期齐全",
                "Ingredient list (INCI), batch and expiry printed",
            ),
            Item("seal", "倒置/密封测试无渗漏", "Inversion/seal test: no leak"),
            Item(
                "net_content",
                "净含量（占标识量）",
                "Net content (share of labelled amount)",
                "min",
                100,
                "%",
            ),
        ),
    ),
    "toys": (
        ("玩具/母婴", "Toys and children's products"),
        (
            Item(
                "small_parts",
                "无可放入小零件筒的部件（3 岁以下）",
                "No part fits the small-parts cylinder (under 3s)",
            ),
            Item("sharp_edges", "无锐利边缘和尖端", "No sharp edges or points"),
            Item("en71_cpc", "EN71 / CPC 报告与产品一致", "EN71 / CPC report matches the product"),
        ),
    ),
    "home": (
        ("家居日用", "Home goods"),
        (
            Item("function", "功能正常，配件可用", "Works as listed; parts fit"),
            Item("drop_test", "1 米跌落后无破损", "No damage after a 1 m drop", "max", 0, "处损坏"),
            Item("soak_test", "浸泡后无掉色变形", "No fading or warping after soaking"),
        ),
    ),
}


def checklist(category: str) -> tuple[Item, ...]:
    return (*_COMMON, *CHECKLISTS[category][1])


def guess_category(text: str) -> str:
    """The checklist a 1688 category most likely needs (the seller can change it)."""
    words = {
        "electronics": ("电", "数码", "3C", "耳机", "充电", "灯", "electr"),
        "bags": ("包", "箱", "bag", "luggage"),
        "apparel": ("服", "衣", "裤", "裙", "apparel", "shirt"),
        "cosmetics": ("妆", "护肤", "个护", "cosmetic"),
        "toys": ("玩具", "母婴", "儿童", "toy", "baby"),
    }
    for key, hints in words.items():
        if any(h.lower() in (text or "").lower() for h in hints):
            return key
    return "home"


@dataclass(frozen=True)
class Question:
    """One thing asked, answered into a canonical field (parsed as the facts form does)."""

    field: str
    zh: str
    en: str


@dataclass(frozen=True)
class Topic:
    key: str
    title: tuple[str, str]
    message: tuple[str, str]  # ready to paste into 旺旺
    questions: tuple[Question, ...]


TOPICS: dict[str, Topic] = {
    t.key: t
    for t in (
        Topic(
            "service",
            ("沟通与平台规则", "Communication and platform rules"),
            (
                "您好，我们做跨境电商代发，想确认几点：1）能否用简单英文沟通？"
                "2）是否了解亚马逊/TikTok 等平台对包装、标签和发货时效的要求？"
                "3）一般多久回复消息？谢谢！",
                "Hello, we sell cross-border and dropship. Could you confirm: 1) can we "
                "communicate in simple English? 2) do you know the packaging, labelling and "
                "dispatch rules of Amazon / TikTok Shop? 3) how quickly do you usually reply? "
                "Thank you!",
            ),
            (
                Question(
                    "english_communication",
                    "能用简单英文沟通（是/否）",
                    "Communicates in simple English (yes/no)",
                ),
                Question(
                    "platform_rules_knowledge",
                    "了解平台规则（是/否）",
                    "Knows the platform rules (yes/no)",
                ),
                Question(
                    "answer_precision",
                    "回复精准度（1–5，您的评分）",
                    "Answer precision (1–5, your rating)",
                ),
            ),
        ),
        Topic(
            "after_sales",
            ("售后条款", "After-sales terms"),
            (
                "您好，合作前想书面确认售后：1）质量问题是否包来回运费并补发或退款？"
                "2）错发漏发多久响应、多久补发，是否赔付（订单金额的百分之几）？"
                "3）滞销款多少天内可退换，损耗率多少？",
                "Hello, before we work together we'd like the after-sales terms in writing: "
                "1) for quality problems, do you pay both-way freight and reship or refund? "
                "2) for wrong or missing items, how fast do you respond and reship, and do you "
                "compensate (what % of the order)? 3) within how many days can unsold stock be "
                "returned or exchanged, and at what loss?",
            ),
            (
                Question(
                    "quality_return_terms",
                    "质量问题包来回运费（是/否）",
                    "Pays both-way freight on quality problems (yes/no)",
                ),
                Question(
                    "wrong_item_response_hours", "错发响应（小时）", "Wrong item: response (hours)"
                ),
                Question(
                    "wrong_item_reship_hours", "错发补发（小时）", "Wrong item: reship (hours)"
                ),
                Question(
                    "wrong_item_compensation_pct", "错发赔付（%）", "Wrong item: compensation (%)"
                ),
                Question("unsold_return_days", "滞销退换天数", "Unsold returns: days"),
                Question("unsold_return_loss_pct", "滞销损耗率（%）", "Unsold returns: loss (%)"),
            ),
        ),
        Topic(
            "references",
            ("老客户与素材", "References and media"),
            (
                "您好，想了解一下：1）老客户（回头客）大概占多少比例？能否介绍一两位合作中的代发客户？"
                "2）能否提供商品的主图、视频等素材？3）会主动推荐潜力款/新款吗？",
                "Hello, could you tell us: 1) roughly what share of your buyers are returning "
                "customers, and could you introduce one or two dropship clients? 2) can you "
                "provide product photos and videos? 3) do you recommend rising products?",
            ),
            (
                Question("old_customer_ratio_pct", "老客户占比（%）", "Returning customers (%)"),
                Question(
                    "media_support",
                    "提供图片视频素材（是/否）",
                    "Provides photos and videos (yes/no)",
                ),
                Question(
                    "trend_recommendations",
                    "主动推荐潜力款（是/否）",
                    "Recommends rising products (yes/no)",
                ),
            ),
        ),
        Topic(
            "customisation",
            ("定制与报价", "Customisation and the quote"),
            (
                "您好，关于这款产品：1）定制（logo/包装）的起订量是多少？2）定制加价大约百分之几？"
                "3）报价是否已包含包装、贴标等费用？",
                "Hello, about this product: 1) what is the MOQ for customisation (logo, "
                "packaging)? 2) roughly what % does customisation add to the price? 3) does "
                "the quote already include packaging and labelling?",
            ),
            (
                Question("custom_moq", "定制起订量（件）", "Customisation MOQ (pieces)"),
                Question("custom_cost_pct", "定制加价（%）", "Customisation cost (%)"),
                Question(
                    "quote_all_inclusive",
                    "报价含包装贴标（是/否）",
                    "Quote includes packaging and labels (yes/no)",
                ),
            ),
        ),
        Topic(
            "logistics",
            ("库存与发货", "Stock and dispatch"),
            (
                "您好，想确认发货相关：1）能否每天提供库存表？2）付款后多少小时内揽收？"
                "3）超时揽收是否赔付，赔付订单金额的百分之几？4）发欧美的物流时效大约几天（最快–最慢）？",
                "Hello, about dispatch: 1) can you send a daily stock sheet? 2) within how "
                "many hours after payment is the parcel picked up? 3) do you compensate late "
                "pickup, and what % of the order? 4) how many days does delivery to Europe / "
                "the US take (fastest–slowest)?",
            ),
            (
                Question("inventory_sheet", "每日库存表（是/否）", "Daily stock sheet (yes/no)"),
                Question("pickup_sla_hours", "揽收时效（小时）", "Pickup within (hours)"),
                Question("late_compensation_pct", "超时赔付（%）", "Late pickup compensation (%)"),
                Question(
                    "transit_days_min", "欧美时效下限（天）", "Transit to EU/US, fastest (days)"
                ),
                Question(
                    "transit_days_max", "欧美时效上限（天）", "Transit to EU/US, slowest (days)"
                ),
            ),
        ),
    )
}

CERTIFICATE_KINDS = ("CE", "FCC", "RoHS", "CCC", "UN38.3", "MSDS", "EN71", "CPC", "ASTM F963",
                     "CPSIA", "FDA", "LFGB", "REACH", "ISO 9001", "BSCI")  # fmt: skip
