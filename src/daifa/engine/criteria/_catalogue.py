"""The catalogue's data: every criterion of criteria.md with its defaults and texts."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from daifa.engine.criteria._model import Criterion, Dimension, Kind, Rule, Text


def _acts(
    unknown: tuple[str, str], fail: tuple[str, str], **more: tuple[str, str]
) -> Mapping[str, Text]:
    texts = {"unknown": Text(*unknown), "fail": Text(*fail)}
    texts.update({status: Text(*pair) for status, pair in more.items()})
    return MappingProxyType(texts)


def _msgs(**variants: tuple[str, str]) -> Mapping[str, Text]:
    return MappingProxyType({key: Text(*pair) for key, pair in variants.items()})


def _c(
    id_: str,
    dimension: Dimension,
    kind: Kind,
    rule: Rule,
    columns: tuple[str, ...],
    weight: float,
    label: tuple[str, str],
    actions: Mapping[str, Text],
    *,
    unit: tuple[str, str] = ("", ""),
    yes: tuple[str, str] | None = None,
    no: tuple[str, str] | None = None,
    messages: Mapping[str, Text] | None = None,
    seed: str = "",
) -> Criterion:
    return Criterion(
        id=id_,
        dimension=dimension,
        kind=kind,
        rule=rule,
        columns=columns,
        weight=weight,
        label=Text(*label),
        actions=actions,
        unit=Text(*unit),
        yes=Text(*yes) if yes else None,
        no=Text(*no) if no else None,
        messages=messages if messages is not None else MappingProxyType({}),
        seed=seed,
    )


# KPI messages: the headline is the count ("0 / 3") or the mean with its unit, then the
# rate and the 95 % interval in {detail}; {cmp} is ≤ or ≥ and the threshold is inclusive.
_KPI = _msgs(
    **{
        "pass": (
            "{label} {value}（{detail}），达到 {cmp}{good}{unit}",
            "{label} {value} ({detail}), meets {cmp}{good}{unit}",
        ),
        "warn": (
            "{label} {value}（{detail}），样本不足，还不能确定是否达到 {cmp}{good}{unit}",
            "{label} {value} ({detail}), too few to tell whether it meets {cmp}{good}{unit}",
        ),
        "fail": (
            "{label} {value}（{detail}），未达到 {cmp}{good}{unit}",
            "{label} {value} ({detail}), misses {cmp}{good}{unit}",
        ),
        "unknown": ("{label}：还没有订单数据", "{label}: no orders recorded yet"),
    }
)

BOOL = Rule("bool")
DETECTOR = Rule("detector")
_PCT = ("%", "%")
_HOURS = (" 小时", " h")
_DAYS = (" 天", " days")

# Cross-border lines a 1688 supplier hands parcels to (seed guide 1.1, 2.2). Matched
# case-insensitively as substrings of the supplier's `intl_logistics` entries.
KNOWN_LINES: tuple[str, ...] = (
    "云途",
    "yunexpress",
    "yun express",
    "燕文",
    "yanwen",
    "4px",
    "递四方",
    "万邑通",
    "winit",
    "纵腾",
    "谷仓",
    "goodcang",
    "顺丰国际",
    "sf international",
    "ems",
    "中国邮政",
    "china post",
    "e邮宝",
    "epacket",
    "出口易",
    "chukou1",
    "三态",
    "sfc",
    "递一",
    "飞特",
    "equick",
    "嘉里",
    "kerry",
    "菜鸟",
    "cainiao",
)

CATALOGUE: tuple[Criterion, ...] = (
    # 1. Compliance and cross-border fit
    _c(
        "dropship_supported",
        "compliance",
        "gate",
        BOOL,
        ("dropship_supported",),
        3.0,
        ("一件代发", "Single-piece dropshipping"),
        _acts(
            (
                "在 1688 搜索栏勾选“一件代发”，或直接询问是否支持单件代发",
                "Filter by 一件代发 on 1688 or ask whether single-piece dropshipping is offered",
            ),
            (
                "不支持一件代发：换一家支持代发的供应商",
                "No single-piece dropshipping: choose a supplier that offers it",
            ),
        ),
        yes=("支持一件代发", "Offers single-piece dropshipping"),
        no=("不支持一件代发", "Does not offer single-piece dropshipping"),
        seed="seed guide 1.1",
    ),
    _c(
        "cross_border_tag",
        "compliance",
        "score",
        BOOL,
        ("cross_border_tag",),
        2.0,
        ("跨境专供标签", "Cross-border (跨境专供) tag"),
        _acts(
            (
                "查看店铺/商品页是否有“跨境专供”标签",
                "Check the shop or offer page for the 跨境专供 tag",
            ),
            (
                "没有跨境专供标签：物流纠纷风险更高，优先比较带标签的同款",
                "No cross-border tag: logistics disputes are likelier; compare tagged peers first",
            ),
        ),
        yes=("有跨境专供标签", "Has the cross-border tag"),
        no=("没有跨境专供标签", "No cross-border tag"),
        seed="seed guide 1.1 (62% fewer logistics disputes)",
    ),
    _c(
        "neutral_packaging",
        "compliance",
        "score",
        BOOL,
        ("neutral_packaging",),
        1.0,
        ("中性包装", "Neutral packaging"),
        _acts(
            (
                "询问能否中性包装、贴英文标签",
                "Ask whether they ship in neutral packaging with English labels",
            ),
            (
                "不能中性包装：清关或品牌形象有风险，协商或换供应商",
                "No neutral packaging: customs and brand risk; negotiate or switch",
            ),
        ),
        yes=("可中性包装、贴英文标签", "Neutral packaging with English labels"),
        no=("不能中性包装", "No neutral packaging"),
        seed="seed guide 1.1",
    ),
    _c(
        "intl_logistics",
        "compliance",
        "score",
        BOOL,
        ("intl_logistics",),
        2.0,
        ("对接跨境专线", "Cross-border lines"),
        _acts(
            (
                "询问对接哪些跨境专线（云途、燕文、4PX 等）",
                "Ask which cross-border lines they hand parcels to (YunExpress, Yanwen, 4PX…)",
            ),
            (
                "没有对接跨境专线：需自己二次发货，运费和时效更差",
                "No cross-border line: you would re-ship yourself, slower and dearer",
            ),
            warn=(
                "确认所列物流是否为跨境专线",
                "Confirm the listed carriers are cross-border lines",
            ),
        ),
        messages=_msgs(
            **{
                "pass": ("对接跨境专线：{value}", "Hands parcels to cross-border lines: {value}"),
                "warn": (
                    "所列物流 {value} 不是已知的跨境专线",
                    "Listed carriers {value} are not known cross-border lines",
                ),
                "fail": ("没有对接跨境专线", "No cross-border line"),
            }
        ),
        seed="seed guide 1.1, 2.2",
    ),
    _c(
        "certifications",
        "compliance",
        "gate",
        BOOL,
        ("certifications", "category", "product_title"),
        3.0,
        ("类目所需证书", "Certificates the category needs"),
        _acts(
            (
                "向供应商索要 {required} 证书（{category} 类目需要）",
                "Ask the supplier for the {required} certificates ({category} needs them)",
            ),
            (
                "缺少 {missing}：无证可能被平台下架，索要证书或换供应商",
                "Missing {missing}: the listing may be taken down; get them or switch",
            ),
            no_category=(
                "填写类目（或商品标题），以便判断需要哪些证书",
                "Fill in the category (or product title) so the certificate rules can apply",
            ),
        ),
        messages=_msgs(
            **{
                "pass": (
                    "具备 {category} 类目所需证书：{required}",
                    "Has the certificates {category} needs: {required}",
                ),
                "fail": (
                    "缺少 {missing}（{category} 类目需要 {required}）",
                    "Missing {missing} ({category} needs {required})",
                ),
                "unknown": (
                    "{category} 类目需要 {required}，未提供证书信息",
                    "{category} needs {required}; no certificate data",
                ),
                "no_rule": ("该类目没有证书规则", "No certificate rule for this category"),
                "no_category": (
                    "类目未知，无法判断需要哪些证书",
                    "Category unknown: cannot tell which certificates apply",
                ),
            }
        ),
        seed="seed guide 1.1",
    ),
    # 2. Operating stability
    _c(
        "years_in_business",
        "stability",
        "score",
        Rule("at_least", 3.0, 1.0),
        ("years_in_business", "trustpass_years"),
        2.0,
        ("经营年限", "Years in business"),
        _acts(
            (
                "在店铺首页“商家档案”查看经营年限/诚信通年限",
                "Read the years in business (or TrustPass years) on the shop profile page",
            ),
            (
                "经营不足 3 年：断货风险更高，先小单试合作",
                "Under 3 years: stock-outs are likelier; start with small orders",
            ),
        ),
        unit=(" 年", " years"),
        seed="seed guide 1.2 (70% fewer stock-outs)",
    ),
    _c(
        "repeat_rate",
        "stability",
        "score",
        Rule("at_least", 25.0, 10.0),
        ("repeat_rate_pct",),
        2.0,
        ("回头率", "Repeat rate"),
        _acts(
            (
                "在店铺首页“商家档案”查看回头率",
                "Read the repeat rate (回头率) on the shop profile page",
            ),
            (
                "回头率偏低：买家不愿复购，对比同款其他供应商",
                "Low repeat rate: buyers do not come back; compare other suppliers",
            ),
        ),
        unit=_PCT,
        seed="seed guide 1.2",
    ),
    _c(
        "response_minutes",
        "stability",
        "score",
        Rule("at_most", 15.0, 60.0),
        ("response_minutes",),
        1.5,
        ("平均响应", "Average response"),
        _acts(
            (
                "在“商家档案”查看响应时间，或发询盘计时",
                "Read the response time on the shop profile, or time an inquiry yourself",
            ),
            (
                "响应慢：海外客诉难以及时处理，协商专人对接或换供应商",
                "Slow replies: overseas complaints will wait; ask for a contact person or switch",
            ),
        ),
        unit=(" 分钟", " min"),
        seed="seed guide 1.2",
    ),
    _c(
        "dispute_rate",
        "stability",
        "score",
        Rule("at_most", 1.0, 3.0),
        ("dispute_rate_pct",),
        2.0,
        ("纠纷率", "Dispute rate"),
        _acts(
            (
                "在店铺首页“商家档案”查看纠纷率",
                "Read the dispute rate (纠纷率) on the shop profile page",
            ),
            (
                "纠纷率偏高：查看纠纷原因，谨慎合作",
                "High dispute rate: read what the disputes were about before buying",
            ),
        ),
        unit=_PCT,
        seed="seed guide 1.2",
    ),
    _c(
        "sales_spike",
        "stability",
        "flag",
        DETECTOR,
        ("sales_30d",),
        10.0,
        ("刷单（近 30 天销量异常暴涨）", "inflated sales (30-day spike over a flat history)"),
        _acts(
            (
                "导入该供应商的历史销量（销量表）以便检测",
                "Import the supplier's sales history (sales sheet) so it can be checked",
            ),
            (
                "销量疑似造假：与供应商沟通核实真实销量，或要求看发货记录",
                "Sales look inflated: ask for real shipping records before trusting them",
            ),
            new_listing=(
                "新品历史太短：过 4–6 周后重新导入销量再检测，期间先小单试单",
                "A new listing: import its sales again in 4–6 weeks; meanwhile order small",
            ),
            short_history=(
                "导入更长的历史销量（至少 6 周，按天）以便检测",
                "Import a longer sales history (at least 6 weeks, daily) so it can be checked",
            ),
            no_recent_data=(
                "导入最近两周的销量以便检测",
                "Import the last two weeks of sales so they can be checked",
            ),
            promotion=(
                "大促期间的上涨：把同款其他店铺放进同一“同款分组”并导入其销量，以便对比",
                "A rise during a big sale: put other shops of the same product in its product "
                "group and import their sales to compare",
            ),
        ),
        messages=_msgs(
            new_listing=("{label}：无法判断，{detail}", "{label}: cannot tell, {detail}"),
            short_history=("{label}：无法判断，{detail}", "{label}: cannot tell, {detail}"),
            no_recent_data=("{label}：无法判断，{detail}", "{label}: cannot tell, {detail}"),
            promotion=("可能是大促带动：{detail}", "Possibly a promotion: {detail}"),
        ),
        seed="seed guide 1.2 避坑点",
    ),
    _c(
        "template_reviews",
        "stability",
        "flag",
        DETECTOR,
        (),
        10.0,
        ("模板好评（评价雷同、无具体内容）", "template reviews (generic or near-duplicate)"),
        _acts(
            (
                "导入该供应商的评价（评价表）以便检测",
                "Import the supplier's reviews (reviews sheet) so they can be checked",
            ),
            (
                "评价疑似模板：看带图追评、问老客户，进一步沟通验证",
                "Reviews look templated: read photo reviews, ask past buyers, verify further",
            ),
        ),
        seed="seed guide 1.2 避坑点",
    ),
    # 3. Supply chain
    _c(
        "inventory_consistent",
        "supply_chain",
        "gate",
        BOOL,
        ("inventory_consistent",),
        3.0,
        ("小号库存核对", "Second-account stock check"),
        _acts(
            (
                "用另一个账号（小号）询问同款库存，与主号回复对比并记录",
                "Ask about stock from a second buyer account and compare with the first answer",
            ),
            (
                "两次库存回复不一致：疑似虚标库存，不要合作或先核实",
                "Stock answers disagree: stock may be fake; do not approve until verified",
            ),
        ),
        yes=("两个账号询问的库存回复一致", "Stock answers to two accounts agree"),
        no=("两个账号询问的库存回复不一致", "Stock answers to two accounts disagree"),
        seed="seed guide 2.1",
    ),
    _c(
        "test_order_ship_hours",
        "supply_chain",
        "gate",
        Rule("at_most", 48.0),
        ("test_order_ship_hours", "test_order_paid_at", "test_order_shipped_at"),
        3.0,
        ("测试单付款到发货", "Test order, payment to dispatch"),
        _acts(
            (
                "下 1–2 件测试单，记录付款和发货时间",
                "Place a 1–2 piece test order and record when it ships",
            ),
            (
                "测试单超过 48 小时才发货：可能库存不足，不要批准",
                "The test order took over 48 h to ship: stock may be short; do not approve",
            ),
        ),
        unit=_HOURS,
        seed="seed guide 2.1",
    ),
    _c(
        "inventory_sheet",
        "supply_chain",
        "score",
        BOOL,
        ("inventory_sheet",),
        1.5,
        ("每日库存表", "Daily stock sheet"),
        _acts(
            ("索要每日更新的库存表", "Ask for a stock sheet updated daily"),
            (
                "没有库存表：超卖风险高，要求共享实时库存",
                "No stock sheet: overselling is likelier; ask for shared live stock",
            ),
        ),
        yes=("提供每日更新的库存表", "Provides a daily stock sheet"),
        no=("不提供库存表", "No stock sheet"),
        seed="seed guide 2.1 (oversell 18% → 3%)",
    ),
    _c(
        "pickup_sla_hours",
        "supply_chain",
        "score",
        Rule("at_most", 24.0, 72.0),
        ("pickup_sla_hours",),
        1.5,
        ("承诺揽收时效", "Committed pickup"),
        _acts(
            (
                "约定“付款后 24 小时内揽收”，写进下单备注或协议",
                "Agree pickup within 24 h of payment in the order note or a short agreement",
            ),
            ("揽收承诺太慢：协商 24 小时揽收", "Pickup promise too slow: negotiate 24 h"),
        ),
        unit=_HOURS,
        seed="seed guide 2.2",
    ),
    _c(
        "late_compensation_pct",
        "supply_chain",
        "score",
        Rule("at_least", 5.0, 0.0),
        ("late_compensation_pct",),
        1.0,
        ("超时赔付", "Late-delivery compensation"),
        _acts(
            (
                "约定超时按订单金额 5%–10% 赔付",
                "Agree compensation of 5–10% of the order value when late",
            ),
            ("没有超时赔付：协商写入协议", "No late compensation: negotiate it into the agreement"),
            warn=(
                "超时赔付低于 5%：协商提高到订单金额的 5%–10%",
                "Late compensation below 5%: negotiate 5–10% of the order value",
            ),
        ),
        unit=_PCT,
        seed="seed guide 2.2",
    ),
    _c(
        "transit_days_eu_us",
        "supply_chain",
        "score",
        Rule("at_most", 12.0, 20.0),
        ("transit_days_min", "transit_days_max"),
        1.5,
        ("欧美专线时效", "EU/US transit"),
        _acts(
            (
                "询问专线到欧美的时效（天）",
                "Ask the transit time of their line to the EU/US (days)",
            ),
            ("时效超过 7–12 天：换更快的专线", "Slower than 7–12 days: ask for a faster line"),
        ),
        unit=_DAYS,
        seed="seed guide 2.2",
    ),
    _c(
        "custom_moq",
        "supply_chain",
        "score",
        Rule("at_most", 100.0, 500.0),
        ("custom_moq",),
        1.0,
        ("定制起订量", "Custom MOQ"),
        _acts(
            (
                "询问定制 logo/包装的最低起订量",
                "Ask the minimum order for a custom logo or packaging",
            ),
            (
                "定制起订量太高：小单测款困难，协商 50–100 件",
                "Custom MOQ too high for small tests: negotiate 50–100 pieces",
            ),
        ),
        unit=(" 件", " pcs"),
        seed="seed guide 2.3",
    ),
    _c(
        "sample_days",
        "supply_chain",
        "score",
        Rule("at_most", 7.0, 21.0),
        ("sample_days",),
        1.0,
        ("打样周期（含国际快递）", "Sample lead time (incl. express)"),
        _acts(
            (
                "询问打样周期（含国际快递）",
                "Ask how long a sample takes, international express included",
            ),
            ("打样太慢：协商 7 天内", "Samples too slow: negotiate 7 days"),
        ),
        unit=_DAYS,
        seed="seed guide 2.3",
    ),
    _c(
        "sample_fee_deductible",
        "supply_chain",
        "score",
        BOOL,
        ("sample_fee_deductible",),
        0.5,
        ("样品费可抵扣", "Sample fee deductible"),
        _acts(
            (
                "询问打样费能否在大货中抵扣",
                "Ask whether the sample fee is deducted from the bulk order",
            ),
            ("样品费不可抵扣：协商抵扣", "Sample fee not deductible: negotiate it"),
        ),
        yes=("样品费可在大货中抵扣", "Sample fee deducted from the bulk order"),
        no=("样品费不可抵扣", "Sample fee not deductible"),
        seed="seed guide 2.3",
    ),
    _c(
        "custom_cost_pct",
        "supply_chain",
        "score",
        Rule("at_most", 15.0, 30.0),
        ("custom_cost_pct",),
        1.0,
        ("定制加价", "Customisation surcharge"),
        _acts(
            ("询问定制后单价上涨多少", "Ask how much customisation adds to the unit price"),
            (
                "定制加价过高：会压缩利润，协商到 10%–15%",
                "Customisation costs too much: negotiate 10–15%",
            ),
        ),
        unit=_PCT,
        seed="seed guide 2.3",
    ),
    # 4. Product competitiveness
    _c(
        "markup_room",
        "product",
        "score",
        Rule("at_least", 3.0, 1.5),
        ("target_retail_price", "retail_currency", "unit_price_cny", "dropship_price_cny"),
        2.0,
        ("售价/采购价（含额外费用）", "Retail ÷ purchase price (incl. extra fees)"),
        _acts(
            (
                "填写目标售价（及币种）和单价，才能算利润空间",
                "Fill in the target retail price (with currency) and the unit price"
                " to see the markup",
            ),
            (
                "利润空间不足 3 倍：运费、佣金、营销成本可能亏本，议价或换品",
                "Under 3× markup: freight, fees and marketing may eat the margin;"
                " negotiate or drop",
            ),
            currency=(
                "设置 {currency} 兑人民币的汇率，或直接填写人民币目标售价",
                "Set a {currency} to CNY exchange rate, or give the target retail price in CNY",
            ),
        ),
        unit=("×", "×"),
        messages=_msgs(
            currency=(
                "售价币种为 {currency}，缺少汇率，无法计算利润空间",
                "Retail currency is {currency}; no exchange rate to compute the markup",
            ),
            **{
                "pass": (
                    "{label} {value}{unit}，达到 {good}{unit}；{profit}",
                    "{label} {value}{unit}, meets {good}{unit}; {profit}",
                ),
                "warn": (
                    "{label} {value}{unit}，低于 {good}{unit}"
                    "（部分得分，{bad}{unit} 及以下不得分）；{profit}",
                    "{label} {value}{unit}, below {good}{unit} (partial credit; none at "
                    "{bad}{unit}); {profit}",
                ),
                "fail": (
                    "{label} {value}{unit}，低于 {good}{unit}；{profit}",
                    "{label} {value}{unit}, below {good}{unit}; {profit}",
                ),
            },
        ),
        seed="seed guide 3.1",
    ),
    _c(
        "price_vs_peers",
        "product",
        "flag",
        DETECTOR,
        ("unit_price_cny", "product_group"),
        8.0,
        ("低价陷阱（低于同款均价 20% 以上）", "price trap (over 20% below similar offers)"),
        _acts(
            (
                "在“同款分组”中填入 3–5 家同款供应商以便比价",
                "Put 3–5 suppliers of the same product in one product group to compare prices",
            ),
            (
                "报价远低于同款均价：警惕偷工减料，拿样检测用料",
                "Far below the peer average: beware cut corners; test a sample's materials",
            ),
            unit_check=(
                "核对计价单位：这是单件价还是整包/整箱价？问清后按同一单位填写",
                "Check the unit: is this a price per piece or per pack? Enter all prices per piece",
            ),
            moq_mismatch=(
                "按相同数量询价（阶梯价），或填写各家的阶梯价以便在同一数量下比较",
                "Ask every supplier for a price at the same quantity, or enter their price tiers",
            ),
            other_basis=(
                "向同款供应商询问同一种价格（都问代发价或都问批发价）",
                "Ask the other suppliers for the same kind of price"
                " (all dropship or all wholesale)",
            ),
            no_group=(
                "在“同款分组”中填入 3–5 家同款供应商以便比价",
                "Put 3–5 suppliers of the same product in one product group to compare prices",
            ),
        ),
        # An unknown says why: too few peers, not comparable, or a unit question.
        messages=_msgs(
            few_peers=(
                "{label}：同款中只有 {n_peers} 家有报价，不足以比价（至少需要 3 家）",
                "{label}: only {peers} with a price, too few to compare (3 suppliers needed)",
            ),
            other_basis=(
                "{label}：无法比较，同款其他家报的是另一种价格（代发价与批发价不能直接比）",
                "{label}: not comparable, the other suppliers quote another kind of price "
                "(dropship and wholesale prices are not compared)",
            ),
            moq_mismatch=(
                "{label}：无法比较，报价对应 {quantity} 件起订，同款其他家约 {peer_moq} 件起订",
                "{label}: not comparable, this price is for orders of {quantity}, the others' "
                "for about {peer_moq}",
            ),
            unit_check=(
                "{label}：{detail}；差距大到更像计价单位不同（单件价还是整包价？），请先核对单位",
                "{label}: {detail}; a gap this large is more likely a different unit (per piece "
                "or per pack?): check the unit first",
            ),
            no_group=(
                "{label}：未填写同款分组，无法比价",
                "{label}: no product group, nothing to compare with",
            ),
        ),
        seed="seed guide 3.1",
    ),
    _c(
        "quote_all_inclusive",
        "product",
        "score",
        BOOL,
        ("quote_all_inclusive", "extra_fees_cny"),
        1.0,
        ("报价含包装配件", "Quote includes packaging and accessories"),
        _acts(
            (
                "问清报价是否含包装、配件，有无其他费用",
                "Ask whether the quote includes packaging and accessories"
                " and whether other fees apply",
            ),
            (
                "报价不含包装配件或有额外费用：重新算成本并要求全包价",
                "Extras are charged: recompute the cost and ask for an all-inclusive price",
            ),
        ),
        yes=(
            "报价含包装和配件，无额外费用",
            "Quote includes packaging and accessories; no extra fees",
        ),
        no=("报价不全包或有额外费用", "Quote is not all-inclusive or extra fees appeared"),
        seed="seed guide 3.1",
    ),
    _c(
        "sample_test_passed",
        "product",
        "gate",
        BOOL,
        ("sample_test_passed",),
        3.0,
        ("样品测试", "Sample test"),
        _acts(
            (
                "先拿样：测核心功能、耐用性（如拉链拉 50 次）、做工和气味",
                "Order a sample and test its core function, durability"
                " (e.g. pull the zip 50×), workmanship and smell",
            ),
            ("样品未通过测试：不要合作", "The sample failed your tests: do not approve"),
        ),
        yes=("样品通过测试", "Sample passed your tests"),
        no=("样品未通过测试", "Sample failed your tests"),
        seed="seed guide 3.2; buyer guide (3)",
    ),
    _c(
        "own_factory_or_design",
        "product",
        "score",
        BOOL,
        ("own_factory", "original_design"),
        1.0,
        ("自有工厂或原创设计", "Own factory or original design"),
        _acts(
            (
                "查看是否有“自有工厂”“原创设计”标识",
                "Check for the 自有工厂 (own factory) or 原创设计 (original design) badges",
            ),
            (
                "非源头工厂、无原创：款式易撞款，差异化难",
                "Neither a factory nor original designs: styles will be common",
            ),
        ),
        yes=("自有工厂或原创设计", "Own factory or original design"),
        no=("既非自有工厂也无原创设计", "Neither own factory nor original design"),
        seed="seed guide 3.3",
    ),
    _c(
        "new_styles_per_month",
        "product",
        "score",
        Rule("at_least", 10.0, 0.0),
        ("new_styles_per_month",),
        1.0,
        ("月上新", "New styles a month"),
        _acts(
            ("查看店铺近一个月上新数量", "Count the shop's new listings over the last month"),
            ("上新少：难以提供平台稀缺款", "Few new styles: hard to get scarce designs"),
        ),
        unit=(" 款", " styles"),
        seed="seed guide 3.3",
    ),
    # 5. Service
    _c(
        "quality_return_terms",
        "service",
        "score",
        BOOL,
        ("quality_return_terms",),
        1.5,
        ("质量问题包往返运费", "Pays freight both ways on quality problems"),
        _acts(
            (
                "书面确认质量问题是否承担往返运费并补发/退款",
                "Get in writing who pays return freight and reships/refunds on quality problems",
            ),
            (
                "质量问题不包运费：协商写入协议",
                "Will not pay freight on quality problems: negotiate it in writing",
            ),
        ),
        yes=("质量问题承担往返运费并补发或退款", "Pays freight both ways and reships or refunds"),
        no=("质量问题不承担往返运费", "Does not pay freight on quality problems"),
        seed="seed guide 4.1",
    ),
    _c(
        "wrong_item_terms",
        "service",
        "score",
        BOOL,
        ("wrong_item_response_hours", "wrong_item_reship_hours", "wrong_item_compensation_pct"),
        1.0,
        ("错发漏发条款", "Wrong or missing item terms"),
        _acts(
            (
                "约定错发漏发：24 小时响应、48 小时补发、超时赔 10%",
                "Agree: reply in 24 h, reship in 48 h, 10% compensation when late",
            ),
            (
                "错发漏发条款不达标：协商 24 小时响应、48 小时补发、超时赔 10%",
                "Terms fall short: negotiate 24 h reply, 48 h reship, 10% when late",
            ),
        ),
        messages=_msgs(
            **{
                "pass": (
                    "已知的错发漏发条款均达标：{value}",
                    "Known wrong-item terms all met: {value}",
                ),
                "warn": ("错发漏发条款部分达标：{value}", "Wrong-item terms partly met: {value}"),
                "fail": ("错发漏发条款均不达标：{value}", "Wrong-item terms not met: {value}"),
            }
        ),
        seed="seed guide 4.1",
    ),
    _c(
        "unsold_return_days",
        "service",
        "score",
        Rule("at_least", 30.0, 0.0),
        ("unsold_return_days", "unsold_return_loss_pct"),
        1.0,
        ("滞销退换", "Unsold stock returns"),
        _acts(
            (
                "询问滞销品可退换天数和损耗率",
                "Ask how many days unsold stock can be returned and at what loss",
            ),
            (
                "滞销退换条件差：季节性产品压货风险高，协商 30 天内、损耗 ≤5%",
                "Weak unsold-stock terms: negotiate 30 days at ≤ 5% loss",
            ),
        ),
        unit=_DAYS,
        messages=_msgs(
            **{
                "pass": (
                    "滞销 {value}，达到 30 天内可退、损耗 ≤5%",
                    "Unsold returns {value}: meets 30 days at ≤ 5% loss",
                ),
                "warn": (
                    "滞销 {value}，未完全达到 30 天内可退、损耗 ≤5%",
                    "Unsold returns {value}: short of 30 days at ≤ 5% loss",
                ),
                "fail": (
                    "滞销 {value}，不可退或损耗过高",
                    "Unsold returns {value}: not returnable or the loss is too high",
                ),
            }
        ),
        seed="seed guide 4.1",
    ),
    _c(
        "english_communication",
        "service",
        "score",
        BOOL,
        ("english_communication",),
        1.0,
        ("简单英文沟通", "Simple English"),
        _acts(
            (
                "用简单英文发一条询盘，看能否回复",
                "Send a short inquiry in English and see whether they answer",
            ),
            (
                "不能英文沟通：海外客诉同步会慢",
                "No English: syncing overseas complaints will be slow",
            ),
        ),
        yes=("能用简单英文沟通", "Can communicate in simple English"),
        no=("不能用英文沟通", "Cannot communicate in English"),
        seed="seed guide 4.2",
    ),
    _c(
        "platform_rules_knowledge",
        "service",
        "score",
        BOOL,
        ("platform_rules_knowledge",),
        1.0,
        ("熟悉平台规则", "Knows platform rules"),
        _acts(
            (
                "问供应商是否了解亚马逊禁售、TikTok 禁运品类",
                "Ask whether they know Amazon prohibited and TikTok restricted items",
            ),
            (
                "不了解平台规则：自己核对禁售清单",
                "Does not know platform rules: check the prohibited lists yourself",
            ),
        ),
        yes=("了解亚马逊/TikTok 禁售禁运规则", "Knows Amazon/TikTok prohibited items"),
        no=("不了解平台禁售规则", "Does not know platform prohibited items"),
        seed="seed guide 4.2",
    ),
    _c(
        "answer_precision",
        "service",
        "score",
        Rule("at_least", 4.0, 2.0),
        ("answer_precision",),
        1.0,
        ("回复精准度（1–5）", "Answer precision (1–5)"),
        _acts(
            (
                "问一个具体问题（如“能否贴 FBA 标签”），按 1–5 给回复打分",
                "Ask a precise question (e.g. can you apply FBA labels?) and rate the answer 1–5",
            ),
            (
                "回复含糊（“再问问”）：沟通成本高",
                "Vague answers (I'll ask): communication will be costly",
            ),
        ),
        unit=(" 分", " points"),
        seed="seed guide 4.2",
    ),
    # 6. Hidden signals
    _c(
        "old_customer_ratio",
        "hidden",
        "score",
        Rule("at_least", 60.0, 30.0),
        ("old_customer_ratio_pct",),
        1.0,
        ("老客户占比", "Returning customers"),
        _acts(
            (
                "询问老客户占比并请对方提供合作案例",
                "Ask the share of returning customers and for references",
            ),
            ("老客户占比低：合作稳定性存疑", "Few returning customers: stability is doubtful"),
        ),
        unit=_PCT,
        seed="seed guide 5.1",
    ),
    _c(
        "media_support",
        "hidden",
        "score",
        BOOL,
        ("media_support",),
        0.5,
        ("素材支持", "Media support"),
        _acts(
            (
                "询问能否提供无水印图片视频、定制场景拍摄",
                "Ask for watermark-free photos and videos and custom scene shoots",
            ),
            ("不提供素材：需自己拍摄，推广成本更高", "No media: you will shoot your own content"),
        ),
        yes=("提供无水印图片视频", "Provides watermark-free photos and videos"),
        no=("不提供推广素材", "No promotional media"),
        seed="seed guide 5.2",
    ),
    _c(
        "trend_recommendations",
        "hidden",
        "score",
        BOOL,
        ("trend_recommendations",),
        0.5,
        ("主动推荐潜力款", "Recommends rising products"),
        _acts(
            (
                "询问是否会基于跨境数据推荐潜力款",
                "Ask whether they recommend rising products with data",
            ),
            ("不主动推荐新品：选品要靠自己", "No recommendations: product research is on you"),
        ),
        yes=("会用数据主动推荐潜力款", "Recommends rising products with data"),
        no=("不主动推荐潜力款", "Does not recommend products"),
        seed="seed guide 5.3",
    ),
    # 7. KPIs from the seller's own orders
    _c(
        "kpi_return_rate",
        "kpi",
        "kpi",
        Rule("at_most", 5.0, 12.0),
        ("returned",),
        1.0,
        ("退货率", "Return rate"),
        _acts(
            (
                "记录你的订单（含退货），才能计算退货率",
                "Record your orders (with returns) to measure the return rate",
            ),
            (
                "退货率偏高：查看退货原因，与供应商复盘质量",
                "High return rate: review the reasons with the supplier",
            ),
            warn=("订单还太少，继续记录再判断", "Too few orders to tell; keep recording"),
        ),
        unit=_PCT,
        messages=_KPI,
        seed="seed guide intro",
    ),
    _c(
        "kpi_on_time_ship_rate",
        "kpi",
        "kpi",
        Rule("at_least", 95.0, 80.0),
        ("ordered_at", "picked_up_at", "promised_pickup_hours"),
        1.0,
        ("按时揽收率", "On-time pickup rate"),
        _acts(
            (
                "记录你的订单（下单和揽收时间），才能计算按时揽收率",
                "Record your orders (order and pickup times) to measure on-time pickup",
            ),
            (
                "经常超时揽收：按协议索赔并督促",
                "Pickups are often late: claim the agreed compensation",
            ),
            warn=("订单还太少，继续记录再判断", "Too few orders to tell; keep recording"),
        ),
        unit=_PCT,
        messages=_KPI,
        seed="seed guide 2.2",
    ),
    _c(
        "kpi_oversell_rate",
        "kpi",
        "kpi",
        Rule("at_most", 3.0, 10.0),
        ("status",),
        1.0,
        ("缺货取消率", "Cancelled for no stock"),
        _acts(
            (
                "记录你的订单（含缺货取消），才能计算超卖率",
                "Record your orders (with no-stock cancellations) to measure overselling",
            ),
            (
                "超卖多：要求每日库存表或实时库存共享",
                "Overselling: ask for a daily stock sheet or live stock",
            ),
            warn=("订单还太少，继续记录再判断", "Too few orders to tell; keep recording"),
        ),
        unit=_PCT,
        messages=_KPI,
        seed="seed guide 2.1",
    ),
    _c(
        "kpi_dispute_rate",
        "kpi",
        "kpi",
        Rule("at_most", 1.0, 3.0),
        ("disputed",),
        1.0,
        ("订单纠纷率", "Order dispute rate"),
        _acts(
            (
                "记录你的订单（含纠纷），才能计算纠纷率",
                "Record your orders (with disputes) to measure the dispute rate",
            ),
            (
                "纠纷多：复盘原因，考虑更换供应商",
                "Many disputes: review the causes; consider switching",
            ),
            warn=("订单还太少，继续记录再判断", "Too few orders to tell; keep recording"),
        ),
        unit=_PCT,
        messages=_KPI,
        seed="seed guide 1.2",
    ),
    _c(
        "kpi_after_sales_days",
        "kpi",
        "kpi",
        Rule("at_most", 1.0, 3.0),
        ("after_sales_days",),
        1.0,
        ("售后处理天数", "Days to settle after-sales"),
        _acts(
            ("记录售后案件的处理天数", "Record how many days each after-sales case took"),
            (
                "售后处理慢：按协议督促，必要时换供应商",
                "After-sales is slow: hold them to the terms or switch",
            ),
            warn=("案件还太少，继续记录再判断", "Too few cases to tell; keep recording"),
        ),
        unit=_DAYS,
        messages=_KPI,
        seed="seed guide 4.1",
    ),
)
