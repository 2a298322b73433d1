"""The catalogue's data: every criterion of docs/criteria.md with its defaults and texts.

Each entry is one unit: its data (dimension, kind, rule, columns, weight, texts) and
the functions that make it work when it is not a plain rule on one column: its
value builder (``value=``, :mod:`._values`), its describer (``describe=``,
:mod:`._describe`) and, for a flag, its detector (``detector=``, :mod:`._detect`).
See docs/adding-a-criterion.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from daifa.engine.criteria import _describe as d
from daifa.engine.criteria import _detect as detect
from daifa.engine.criteria import _values as v
from daifa.engine.criteria._model import Criterion, Rule, Text


def _acts(*, unknown: Text, fail: Text, **more: Text) -> Mapping[str, Text]:
    """Next actions per status (``warn`` falls back to ``fail``) or per message variant."""
    return MappingProxyType({"unknown": unknown, "fail": fail, **more})


def _msgs(**variants: Text) -> Mapping[str, Text]:
    """Message templates that replace the generic ones, per status or variant."""
    return MappingProxyType(variants)


# KPI messages: the headline is the count ("0 / 3") or the mean with its unit, then the
# rate and the 95 % interval in {detail}; {cmp} is ≤ or ≥ and the threshold is inclusive.
_KPI = _msgs(
    **{
        "pass": Text(
            "{label} {value}（{detail}），达到 {cmp}{good}{unit}",
            "{label} {value} ({detail}), meets {cmp}{good}{unit}",
        ),
        "warn": Text(
            "{label} {value}（{detail}），样本不足，还不能确定是否达到 {cmp}{good}{unit}",
            "{label} {value} ({detail}), too few to tell whether it meets {cmp}{good}{unit}",
        ),
        "fail": Text(
            "{label} {value}（{detail}），未达到 {cmp}{good}{unit}",
            "{label} {value} ({detail}), misses {cmp}{good}{unit}",
        ),
        "unknown": Text("{label}：还没有订单数据", "{label}: no orders recorded yet"),
    }
)

BOOL = Rule("bool")
DETECTOR = Rule("detector")
_PCT = Text("%", "%")
_HOURS = Text(" 小时", " h")
_DAYS = Text(" 天", " days")


CATALOGUE: tuple[Criterion, ...] = (
    # 1. Compliance and cross-border fit
    Criterion(
        id="dropship_supported",
        dimension="compliance",
        kind="gate",
        rule=BOOL,
        columns=("dropship_supported",),
        weight=3.0,
        label=Text("一件代发", "Single-piece dropshipping"),
        actions=_acts(
            unknown=Text(
                "在 1688 搜索栏勾选“一件代发”，或直接询问是否支持单件代发",
                "Filter by 一件代发 on 1688 or ask whether single-piece dropshipping is offered",
            ),
            fail=Text(
                "不支持一件代发：换一家支持代发的供应商",
                "No single-piece dropshipping: choose a supplier that offers it",
            ),
        ),
        yes=Text("支持一件代发", "Offers single-piece dropshipping"),
        no=Text("不支持一件代发", "Does not offer single-piece dropshipping"),
        seed="seed guide 1.1",
    ),
    Criterion(
        id="cross_border_tag",
        dimension="compliance",
        kind="score",
        rule=BOOL,
        columns=("cross_border_tag",),
        weight=2.0,
        label=Text("跨境专供标签", "Cross-border (跨境专供) tag"),
        actions=_acts(
            unknown=Text(
                "查看店铺/商品页是否有“跨境专供”标签",
                "Check the shop or offer page for the 跨境专供 tag",
            ),
            fail=Text(
                "没有跨境专供标签：物流纠纷风险更高，优先比较带标签的同款",
                "No cross-border tag: logistics disputes are likelier; compare tagged peers first",
            ),
        ),
        yes=Text("有跨境专供标签", "Has the cross-border tag"),
        no=Text("没有跨境专供标签", "No cross-border tag"),
        seed="seed guide 1.1 (62% fewer logistics disputes)",
    ),
    Criterion(
        id="neutral_packaging",
        dimension="compliance",
        kind="score",
        rule=BOOL,
        columns=("neutral_packaging",),
        weight=1.0,
        label=Text("中性包装", "Neutral packaging"),
        actions=_acts(
            unknown=Text(
                "询问能否中性包装、贴英文标签",
                "Ask whether they ship in neutral packaging with English labels",
            ),
            fail=Text(
                "不能中性包装：清关或品牌形象有风险，协商或换供应商",
                "No neutral packaging: customs and brand risk; negotiate or switch",
            ),
        ),
        yes=Text("可中性包装、贴英文标签", "Neutral packaging with English labels"),
        no=Text("不能中性包装", "No neutral packaging"),
        seed="seed guide 1.1",
    ),
    Criterion(
        id="intl_logistics",
        dimension="compliance",
        kind="score",
        rule=BOOL,
        columns=("intl_logistics",),
        weight=2.0,
        label=Text("对接跨境专线", "Cross-border lines"),
        actions=_acts(
            unknown=Text(
                "询问对接哪些跨境专线（云途、燕文、4PX 等）",
                "Ask which cross-border lines they hand parcels to (YunExpress, Yanwen, 4PX…)",
            ),
            fail=Text(
                "没有对接跨境专线：需自己二次发货，运费和时效更差",
                "No cross-border line: you would re-ship yourself, slower and dearer",
            ),
            warn=Text(
                "确认所列物流是否为跨境专线",
                "Confirm the listed carriers are cross-border lines",
            ),
        ),
        messages=_msgs(
            **{
                "pass": Text(
                    "对接跨境专线：{value}", "Hands parcels to cross-border lines: {value}"
                ),
                "warn": Text(
                    "所列物流 {value} 不是已知的跨境专线",
                    "Listed carriers {value} are not known cross-border lines",
                ),
                "fail": Text("没有对接跨境专线", "No cross-border line"),
            }
        ),
        seed="seed guide 1.1, 2.2",
        value=v.known_lines,
    ),
    Criterion(
        id="certifications",
        dimension="compliance",
        kind="gate",
        rule=BOOL,
        columns=("certifications", "category", "product_title"),
        weight=3.0,
        label=Text("类目所需证书", "Certificates the category needs"),
        actions=_acts(
            unknown=Text(
                "向供应商索要 {required} 证书（{category} 类目需要）",
                "Ask the supplier for the {required} certificates ({category} needs them)",
            ),
            fail=Text(
                "缺少 {missing}：无证可能被平台下架，索要证书或换供应商",
                "Missing {missing}: the listing may be taken down; get them or switch",
            ),
            no_category=Text(
                "填写类目（或商品标题），以便判断需要哪些证书",
                "Fill in the category (or product title) so the certificate rules can apply",
            ),
        ),
        messages=_msgs(
            **{
                "pass": Text(
                    "具备 {category} 类目所需证书：{required}",
                    "Has the certificates {category} needs: {required}",
                ),
                "fail": Text(
                    "缺少 {missing}（{category} 类目需要 {required}）",
                    "Missing {missing} ({category} needs {required})",
                ),
                "unknown": Text(
                    "{category} 类目需要 {required}，未提供证书信息",
                    "{category} needs {required}; no certificate data",
                ),
                "no_rule": Text("该类目没有证书规则", "No certificate rule for this category"),
                "no_category": Text(
                    "类目未知，无法判断需要哪些证书",
                    "Category unknown: cannot tell which certificates apply",
                ),
            }
        ),
        seed="seed guide 1.1",
        value=v.category_certificates,
        describe=d.describe_certificates,
    ),
    # 2. Operating stability
    Criterion(
        id="years_in_business",
        dimension="stability",
        kind="score",
        rule=Rule("at_least", 3.0, 1.0),
        columns=("years_in_business", "trustpass_years"),
        weight=2.0,
        label=Text("经营年限", "Years in business"),
        actions=_acts(
            unknown=Text(
                "在店铺首页“商家档案”查看经营年限/诚信通年限",
                "Read the years in business (or TrustPass years) on the shop profile page",
            ),
            fail=Text(
                "经营不足 3 年：断货风险更高，先小单试合作",
                "Under 3 years: stock-outs are likelier; start with small orders",
            ),
        ),
        unit=Text(" 年", " years"),
        seed="seed guide 1.2 (70% fewer stock-outs)",
        value=v.years_or_trustpass,
        describe=d.describe_with_basis,
    ),
    Criterion(
        id="repeat_rate",
        dimension="stability",
        kind="score",
        rule=Rule("at_least", 25.0, 10.0),
        columns=("repeat_rate_pct",),
        weight=2.0,
        label=Text("回头率", "Repeat rate"),
        actions=_acts(
            unknown=Text(
                "在店铺首页“商家档案”查看回头率",
                "Read the repeat rate (回头率) on the shop profile page",
            ),
            fail=Text(
                "回头率偏低：买家不愿复购，对比同款其他供应商",
                "Low repeat rate: buyers do not come back; compare other suppliers",
            ),
        ),
        unit=_PCT,
        seed="seed guide 1.2",
    ),
    Criterion(
        id="response_minutes",
        dimension="stability",
        kind="score",
        rule=Rule("at_most", 15.0, 60.0),
        columns=("response_minutes",),
        weight=1.5,
        label=Text("平均响应", "Average response"),
        actions=_acts(
            unknown=Text(
                "在“商家档案”查看响应时间，或发询盘计时",
                "Read the response time on the shop profile, or time an inquiry yourself",
            ),
            fail=Text(
                "响应慢：海外客诉难以及时处理，协商专人对接或换供应商",
                "Slow replies: overseas complaints will wait; ask for a contact person or switch",
            ),
        ),
        unit=Text(" 分钟", " min"),
        seed="seed guide 1.2",
    ),
    Criterion(
        id="dispute_rate",
        dimension="stability",
        kind="score",
        rule=Rule("at_most", 1.0, 3.0),
        columns=("dispute_rate_pct",),
        weight=2.0,
        label=Text("纠纷率", "Dispute rate"),
        actions=_acts(
            unknown=Text(
                "在店铺首页“商家档案”查看纠纷率",
                "Read the dispute rate (纠纷率) on the shop profile page",
            ),
            fail=Text(
                "纠纷率偏高：查看纠纷原因，谨慎合作",
                "High dispute rate: read what the disputes were about before buying",
            ),
        ),
        unit=_PCT,
        seed="seed guide 1.2",
    ),
    Criterion(
        id="sales_spike",
        dimension="stability",
        kind="flag",
        rule=DETECTOR,
        columns=("sales_30d",),
        weight=10.0,
        label=Text(
            "刷单（销量突然上升，高于同组店铺）",
            "inflated sales (a sudden rise above the shop's own level and its peers')",
        ),
        actions=_acts(
            unknown=Text(
                "导入该供应商的历史销量（销量表）以便检测",
                "Import the supplier's sales history (sales sheet) so it can be checked",
            ),
            fail=Text(
                "销量疑似造假：与供应商沟通核实真实销量，或要求看发货记录",
                "Sales look inflated: ask for real shipping records before trusting them",
            ),
            new_listing=Text(
                "新品历史太短：过 4–6 周后重新导入销量再检测，期间先小单试单",
                "A new listing: import its sales again in 4–6 weeks; meanwhile order small",
            ),
            short_history=Text(
                "导入更长的历史销量（至少 6 周，按天）以便检测",
                "Import a longer sales history (at least 6 weeks, daily) so it can be checked",
            ),
            no_recent_data=Text(
                "导入最近两周的销量以便检测",
                "Import the last two weeks of sales so they can be checked",
            ),
            promotion=Text(
                "大促期间的上涨：把同款其他店铺放进同一“同款分组”并导入其销量，以便对比",
                "A rise during a big sale: put other shops of the same product in its product "
                "group and import their sales to compare",
            ),
        ),
        messages=_msgs(
            new_listing=Text("{label}：无法判断，{detail}", "{label}: cannot tell, {detail}"),
            short_history=Text("{label}：无法判断，{detail}", "{label}: cannot tell, {detail}"),
            no_recent_data=Text("{label}：无法判断，{detail}", "{label}: cannot tell, {detail}"),
            promotion=Text("可能是大促带动：{detail}", "Possibly a promotion: {detail}"),
        ),
        seed="seed guide 1.2 避坑点",
        describe=d.describe_sales_spike,
        detector=detect.sales_spike_flag,
    ),
    Criterion(
        id="template_reviews",
        dimension="stability",
        kind="flag",
        rule=DETECTOR,
        columns=(),
        weight=10.0,
        label=Text(
            "模板好评（评价雷同、无具体内容）",
            "template reviews (generic or near-duplicate)",
        ),
        actions=_acts(
            unknown=Text(
                "导入该供应商的评价（评价表）以便检测",
                "Import the supplier's reviews (reviews sheet) so they can be checked",
            ),
            fail=Text(
                "评价疑似模板：看带图追评、问老客户，进一步沟通验证",
                "Reviews look templated: read photo reviews, ask past buyers, verify further",
            ),
        ),
        seed="seed guide 1.2 避坑点",
        describe=d.describe_template_reviews,
        detector=detect.template_reviews_flag,
    ),
    # 3. Supply chain
    Criterion(
        id="inventory_consistent",
        dimension="supply_chain",
        kind="gate",
        rule=BOOL,
        columns=("inventory_consistent",),
        weight=3.0,
        label=Text("小号库存核对", "Second-account stock check"),
        actions=_acts(
            unknown=Text(
                "用另一个账号（小号）询问同款库存，与主号回复对比并记录",
                "Ask about stock from a second buyer account and compare with the first answer",
            ),
            fail=Text(
                "两次库存回复不一致：疑似虚标库存，不要合作或先核实",
                "Stock answers disagree: stock may be fake; do not approve until verified",
            ),
        ),
        yes=Text("两个账号询问的库存回复一致", "Stock answers to two accounts agree"),
        no=Text("两个账号询问的库存回复不一致", "Stock answers to two accounts disagree"),
        seed="seed guide 2.1",
    ),
    Criterion(
        id="test_order_ship_hours",
        dimension="supply_chain",
        kind="gate",
        rule=Rule("at_most", 48.0),
        columns=("test_order_ship_hours", "test_order_paid_at", "test_order_shipped_at"),
        weight=3.0,
        label=Text("测试单付款到发货", "Test order, payment to dispatch"),
        actions=_acts(
            unknown=Text(
                "下 1–2 件测试单，记录付款和发货时间",
                "Place a 1–2 piece test order and record when it ships",
            ),
            fail=Text(
                "测试单超过 48 小时才发货：可能库存不足，不要批准",
                "The test order took over 48 h to ship: stock may be short; do not approve",
            ),
        ),
        unit=_HOURS,
        seed="seed guide 2.1",
        value=v.paid_to_shipped_hours,
        describe=d.describe_with_basis,
    ),
    Criterion(
        id="inventory_sheet",
        dimension="supply_chain",
        kind="score",
        rule=BOOL,
        columns=("inventory_sheet",),
        weight=1.5,
        label=Text("每日库存表", "Daily stock sheet"),
        actions=_acts(
            unknown=Text("索要每日更新的库存表", "Ask for a stock sheet updated daily"),
            fail=Text(
                "没有库存表：超卖风险高，要求共享实时库存",
                "No stock sheet: overselling is likelier; ask for shared live stock",
            ),
        ),
        yes=Text("提供每日更新的库存表", "Provides a daily stock sheet"),
        no=Text("不提供库存表", "No stock sheet"),
        seed="seed guide 2.1 (oversell 18% → 3%)",
    ),
    Criterion(
        id="pickup_sla_hours",
        dimension="supply_chain",
        kind="score",
        rule=Rule("at_most", 24.0, 72.0),
        columns=("pickup_sla_hours",),
        weight=1.5,
        label=Text("承诺揽收时效", "Committed pickup"),
        actions=_acts(
            unknown=Text(
                "约定“付款后 24 小时内揽收”，写进下单备注或协议",
                "Agree pickup within 24 h of payment in the order note or a short agreement",
            ),
            fail=Text("揽收承诺太慢：协商 24 小时揽收", "Pickup promise too slow: negotiate 24 h"),
        ),
        unit=_HOURS,
        seed="seed guide 2.2",
    ),
    Criterion(
        id="late_compensation_pct",
        dimension="supply_chain",
        kind="score",
        rule=Rule("at_least", 5.0, 0.0),
        columns=("late_compensation_pct",),
        weight=1.0,
        label=Text("超时赔付", "Late-delivery compensation"),
        actions=_acts(
            unknown=Text(
                "约定超时按订单金额 5%–10% 赔付",
                "Agree compensation of 5–10% of the order value when late",
            ),
            fail=Text(
                "没有超时赔付：协商写入协议",
                "No late compensation: negotiate it into the agreement",
            ),
            warn=Text(
                "超时赔付低于 5%：协商提高到订单金额的 5%–10%",
                "Late compensation below 5%: negotiate 5–10% of the order value",
            ),
        ),
        unit=_PCT,
        seed="seed guide 2.2",
    ),
    Criterion(
        id="transit_days_eu_us",
        dimension="supply_chain",
        kind="score",
        rule=Rule("at_most", 12.0, 20.0),
        columns=("transit_days_min", "transit_days_max"),
        weight=1.5,
        label=Text("欧美专线时效", "EU/US transit"),
        actions=_acts(
            unknown=Text(
                "询问专线到欧美的时效（天）",
                "Ask the transit time of their line to the EU/US (days)",
            ),
            fail=Text(
                "时效超过 7–12 天：换更快的专线",
                "Slower than 7–12 days: ask for a faster line",
            ),
        ),
        unit=_DAYS,
        seed="seed guide 2.2",
        value=v.transit_slow_end,
        describe=d.describe_transit,
    ),
    Criterion(
        id="custom_moq",
        dimension="supply_chain",
        kind="score",
        rule=Rule("at_most", 100.0, 500.0),
        columns=("custom_moq",),
        weight=1.0,
        label=Text("定制起订量", "Custom MOQ"),
        actions=_acts(
            unknown=Text(
                "询问定制 logo/包装的最低起订量",
                "Ask the minimum order for a custom logo or packaging",
            ),
            fail=Text(
                "定制起订量太高：小单测款困难，协商 50–100 件",
                "Custom MOQ too high for small tests: negotiate 50–100 pieces",
            ),
        ),
        unit=Text(" 件", " pcs"),
        seed="seed guide 2.3",
    ),
    Criterion(
        id="sample_days",
        dimension="supply_chain",
        kind="score",
        rule=Rule("at_most", 7.0, 21.0),
        columns=("sample_days",),
        weight=1.0,
        label=Text("打样周期（含国际快递）", "Sample lead time (incl. express)"),
        actions=_acts(
            unknown=Text(
                "询问打样周期（含国际快递）",
                "Ask how long a sample takes, international express included",
            ),
            fail=Text("打样太慢：协商 7 天内", "Samples too slow: negotiate 7 days"),
        ),
        unit=_DAYS,
        seed="seed guide 2.3",
    ),
    Criterion(
        id="sample_fee_deductible",
        dimension="supply_chain",
        kind="score",
        rule=BOOL,
        columns=("sample_fee_deductible",),
        weight=0.5,
        label=Text("样品费可抵扣", "Sample fee deductible"),
        actions=_acts(
            unknown=Text(
                "询问打样费能否在大货中抵扣",
                "Ask whether the sample fee is deducted from the bulk order",
            ),
            fail=Text("样品费不可抵扣：协商抵扣", "Sample fee not deductible: negotiate it"),
        ),
        yes=Text("样品费可在大货中抵扣", "Sample fee deducted from the bulk order"),
        no=Text("样品费不可抵扣", "Sample fee not deductible"),
        seed="seed guide 2.3",
    ),
    Criterion(
        id="custom_cost_pct",
        dimension="supply_chain",
        kind="score",
        rule=Rule("at_most", 15.0, 30.0),
        columns=("custom_cost_pct",),
        weight=1.0,
        label=Text("定制加价", "Customisation surcharge"),
        actions=_acts(
            unknown=Text(
                "询问定制后单价上涨多少",
                "Ask how much customisation adds to the unit price",
            ),
            fail=Text(
                "定制加价过高：会压缩利润，协商到 10%–15%",
                "Customisation costs too much: negotiate 10–15%",
            ),
        ),
        unit=_PCT,
        seed="seed guide 2.3",
    ),
    # 4. Product competitiveness
    Criterion(
        id="markup_room",
        dimension="product",
        kind="score",
        rule=Rule("at_least", 3.0, 1.5),
        columns=("target_retail_price", "retail_currency", "unit_price_cny", "dropship_price_cny"),
        weight=2.0,
        label=Text("售价/采购价（含额外费用）", "Retail ÷ purchase price (incl. extra fees)"),
        actions=_acts(
            unknown=Text(
                "填写目标售价（及币种）和单价，才能算利润空间",
                "Fill in the target retail price (with currency) and the unit price"
                " to see the markup",
            ),
            fail=Text(
                "利润空间不足 3 倍：运费、佣金、营销成本可能亏本，议价或换品",
                "Under 3× markup: freight, fees and marketing may eat the margin;"
                " negotiate or drop",
            ),
            currency=Text(
                "设置 {currency} 兑人民币的汇率，或直接填写人民币目标售价",
                "Set a {currency} to CNY exchange rate, or give the target retail price in CNY",
            ),
        ),
        unit=Text("×", "×"),
        messages=_msgs(
            currency=Text(
                "售价币种为 {currency}，缺少汇率，无法计算利润空间",
                "Retail currency is {currency}; no exchange rate to compute the markup",
            ),
            **{
                "pass": Text(
                    "{label} {value}{unit}，达到 {good}{unit}；{profit}",
                    "{label} {value}{unit}, meets {good}{unit}; {profit}",
                ),
                "warn": Text(
                    "{label} {value}{unit}，低于 {good}{unit}"
                    "（部分得分，{bad}{unit} 及以下不得分）；{profit}",
                    "{label} {value}{unit}, below {good}{unit} (partial credit; none at "
                    "{bad}{unit}); {profit}",
                ),
                "fail": Text(
                    "{label} {value}{unit}，低于 {good}{unit}；{profit}",
                    "{label} {value}{unit}, below {good}{unit}; {profit}",
                ),
            },
        ),
        seed="seed guide 3.1",
        value=v.markup_ratio,
        describe=d.describe_markup,
    ),
    Criterion(
        id="price_vs_peers",
        dimension="product",
        kind="flag",
        rule=DETECTOR,
        columns=("unit_price_cny", "product_group"),
        weight=8.0,
        label=Text(
            "低价陷阱（低于同款均价 20% 以上）",
            "price trap (over 20% below similar offers)",
        ),
        actions=_acts(
            unknown=Text(
                "在“同款分组”中填入 3–5 家同款供应商以便比价",
                "Put 3–5 suppliers of the same product in one product group to compare prices",
            ),
            fail=Text(
                "报价远低于同款均价：警惕偷工减料，拿样检测用料",
                "Far below the peer average: beware cut corners; test a sample's materials",
            ),
            unit_check=Text(
                "核对计价单位：这是单件价还是整包/整箱价？问清后按同一单位填写",
                "Check the unit: is this a price per piece or per pack? Enter all prices per piece",
            ),
            moq_mismatch=Text(
                "按相同数量询价（阶梯价），或填写各家的阶梯价以便在同一数量下比较",
                "Ask every supplier for a price at the same quantity, or enter their price tiers",
            ),
            other_basis=Text(
                "向同款供应商询问同一种价格（都问代发价或都问批发价）",
                "Ask the other suppliers for the same kind of price"
                " (all dropship or all wholesale)",
            ),
            no_group=Text(
                "在“同款分组”中填入 3–5 家同款供应商以便比价",
                "Put 3–5 suppliers of the same product in one product group to compare prices",
            ),
        ),
        # An unknown says why: too few peers, not comparable, or a unit question.
        messages=_msgs(
            few_peers=Text(
                "{label}：同款中只有 {n_peers} 家有报价，不足以比价（至少需要 3 家）",
                "{label}: only {peers} with a price, too few to compare (3 suppliers needed)",
            ),
            other_basis=Text(
                "{label}：无法比较，同款其他家报的是另一种价格（代发价与批发价不能直接比）",
                "{label}: not comparable, the other suppliers quote another kind of price "
                "(dropship and wholesale prices are not compared)",
            ),
            moq_mismatch=Text(
                "{label}：无法比较，报价对应 {quantity} 件起订，同款其他家约 {peer_moq} 件起订",
                "{label}: not comparable, this price is for orders of {quantity}, the others' "
                "for about {peer_moq}",
            ),
            unit_check=Text(
                "{label}：{detail}；差距大到更像计价单位不同（单件价还是整包价？），请先核对单位",
                "{label}: {detail}; a gap this large is more likely a different unit (per piece "
                "or per pack?): check the unit first",
            ),
            no_group=Text(
                "{label}：未填写同款分组，无法比价",
                "{label}: no product group, nothing to compare with",
            ),
        ),
        seed="seed guide 3.1",
        describe=d.describe_price_vs_peers,
        detector=detect.price_vs_peers_flag,
    ),
    Criterion(
        id="quote_all_inclusive",
        dimension="product",
        kind="score",
        rule=BOOL,
        columns=("quote_all_inclusive", "extra_fees_cny"),
        weight=1.0,
        label=Text("报价含包装配件", "Quote includes packaging and accessories"),
        actions=_acts(
            unknown=Text(
                "问清报价是否含包装、配件，有无其他费用",
                "Ask whether the quote includes packaging and accessories"
                " and whether other fees apply",
            ),
            fail=Text(
                "报价不含包装配件或有额外费用：重新算成本并要求全包价",
                "Extras are charged: recompute the cost and ask for an all-inclusive price",
            ),
        ),
        yes=Text(
            "报价含包装和配件，无额外费用",
            "Quote includes packaging and accessories; no extra fees",
        ),
        no=Text("报价不全包或有额外费用", "Quote is not all-inclusive or extra fees appeared"),
        seed="seed guide 3.1",
        value=v.all_inclusive_quote,
    ),
    Criterion(
        id="sample_test_passed",
        dimension="product",
        kind="gate",
        rule=BOOL,
        columns=("sample_test_passed",),
        weight=3.0,
        label=Text("样品测试", "Sample test"),
        actions=_acts(
            unknown=Text(
                "先拿样：测核心功能、耐用性（如拉链拉 50 次）、做工和气味",
                "Order a sample and test its core function, durability"
                " (e.g. pull the zip 50×), workmanship and smell",
            ),
            fail=Text("样品未通过测试：不要合作", "The sample failed your tests: do not approve"),
        ),
        yes=Text("样品通过测试", "Sample passed your tests"),
        no=Text("样品未通过测试", "Sample failed your tests"),
        seed="seed guide 3.2; buyer guide (3)",
    ),
    Criterion(
        id="own_factory_or_design",
        dimension="product",
        kind="score",
        rule=BOOL,
        columns=("own_factory", "original_design"),
        weight=1.0,
        label=Text("自有工厂或原创设计", "Own factory or original design"),
        actions=_acts(
            unknown=Text(
                "查看是否有“自有工厂”“原创设计”标识",
                "Check for the 自有工厂 (own factory) or 原创设计 (original design) badges",
            ),
            fail=Text(
                "非源头工厂、无原创：款式易撞款，差异化难",
                "Neither a factory nor original designs: styles will be common",
            ),
        ),
        yes=Text("自有工厂或原创设计", "Own factory or original design"),
        no=Text("既非自有工厂也无原创设计", "Neither own factory nor original design"),
        seed="seed guide 3.3",
        value=v.factory_or_design,
    ),
    Criterion(
        id="new_styles_per_month",
        dimension="product",
        kind="score",
        rule=Rule("at_least", 10.0, 0.0),
        columns=("new_styles_per_month",),
        weight=1.0,
        label=Text("月上新", "New styles a month"),
        actions=_acts(
            unknown=Text(
                "查看店铺近一个月上新数量",
                "Count the shop's new listings over the last month",
            ),
            fail=Text("上新少：难以提供平台稀缺款", "Few new styles: hard to get scarce designs"),
        ),
        unit=Text(" 款", " styles"),
        seed="seed guide 3.3",
    ),
    # 5. Service
    Criterion(
        id="quality_return_terms",
        dimension="service",
        kind="score",
        rule=BOOL,
        columns=("quality_return_terms",),
        weight=1.5,
        label=Text("质量问题包往返运费", "Pays freight both ways on quality problems"),
        actions=_acts(
            unknown=Text(
                "书面确认质量问题是否承担往返运费并补发/退款",
                "Get in writing who pays return freight and reships/refunds on quality problems",
            ),
            fail=Text(
                "质量问题不包运费：协商写入协议",
                "Will not pay freight on quality problems: negotiate it in writing",
            ),
        ),
        yes=Text(
            "质量问题承担往返运费并补发或退款", "Pays freight both ways and reships or refunds"
        ),
        no=Text("质量问题不承担往返运费", "Does not pay freight on quality problems"),
        seed="seed guide 4.1",
    ),
    Criterion(
        id="wrong_item_terms",
        dimension="service",
        kind="score",
        rule=BOOL,
        columns=(
            "wrong_item_response_hours",
            "wrong_item_reship_hours",
            "wrong_item_compensation_pct",
        ),
        weight=1.0,
        label=Text("错发漏发条款", "Wrong or missing item terms"),
        actions=_acts(
            unknown=Text(
                "约定错发漏发：24 小时响应、48 小时补发、超时赔 10%",
                "Agree: reply in 24 h, reship in 48 h, 10% compensation when late",
            ),
            fail=Text(
                "错发漏发条款不达标：协商 24 小时响应、48 小时补发、超时赔 10%",
                "Terms fall short: negotiate 24 h reply, 48 h reship, 10% when late",
            ),
        ),
        messages=_msgs(
            **{
                "pass": Text(
                    "已知的错发漏发条款均达标：{value}",
                    "Known wrong-item terms all met: {value}",
                ),
                "warn": Text(
                    "错发漏发条款部分达标：{value}", "Wrong-item terms partly met: {value}"
                ),
                "fail": Text("错发漏发条款均不达标：{value}", "Wrong-item terms not met: {value}"),
            }
        ),
        seed="seed guide 4.1",
        value=v.wrong_item_terms,
        describe=d.describe_wrong_item_terms,
    ),
    Criterion(
        id="unsold_return_days",
        dimension="service",
        kind="score",
        rule=Rule("at_least", 30.0, 0.0),
        columns=("unsold_return_days", "unsold_return_loss_pct"),
        weight=1.0,
        label=Text("滞销退换", "Unsold stock returns"),
        actions=_acts(
            unknown=Text(
                "询问滞销品可退换天数和损耗率",
                "Ask how many days unsold stock can be returned and at what loss",
            ),
            fail=Text(
                "滞销退换条件差：季节性产品压货风险高，协商 30 天内、损耗 ≤5%",
                "Weak unsold-stock terms: negotiate 30 days at ≤ 5% loss",
            ),
        ),
        unit=_DAYS,
        messages=_msgs(
            **{
                "pass": Text(
                    "滞销 {value}，达到 30 天内可退、损耗 ≤5%",
                    "Unsold returns {value}: meets 30 days at ≤ 5% loss",
                ),
                "warn": Text(
                    "滞销 {value}，未完全达到 30 天内可退、损耗 ≤5%",
                    "Unsold returns {value}: short of 30 days at ≤ 5% loss",
                ),
                "fail": Text(
                    "滞销 {value}，不可退或损耗过高",
                    "Unsold returns {value}: not returnable or the loss is too high",
                ),
            }
        ),
        seed="seed guide 4.1",
        value=v.unsold_returns,
        describe=d.describe_unsold_returns,
    ),
    Criterion(
        id="english_communication",
        dimension="service",
        kind="score",
        rule=BOOL,
        columns=("english_communication",),
        weight=1.0,
        label=Text("简单英文沟通", "Simple English"),
        actions=_acts(
            unknown=Text(
                "用简单英文发一条询盘，看能否回复",
                "Send a short inquiry in English and see whether they answer",
            ),
            fail=Text(
                "不能英文沟通：海外客诉同步会慢",
                "No English: syncing overseas complaints will be slow",
            ),
        ),
        yes=Text("能用简单英文沟通", "Can communicate in simple English"),
        no=Text("不能用英文沟通", "Cannot communicate in English"),
        seed="seed guide 4.2",
    ),
    Criterion(
        id="platform_rules_knowledge",
        dimension="service",
        kind="score",
        rule=BOOL,
        columns=("platform_rules_knowledge",),
        weight=1.0,
        label=Text("熟悉平台规则", "Knows platform rules"),
        actions=_acts(
            unknown=Text(
                "问供应商是否了解亚马逊禁售、TikTok 禁运品类",
                "Ask whether they know Amazon prohibited and TikTok restricted items",
            ),
            fail=Text(
                "不了解平台规则：自己核对禁售清单",
                "Does not know platform rules: check the prohibited lists yourself",
            ),
        ),
        yes=Text("了解亚马逊/TikTok 禁售禁运规则", "Knows Amazon/TikTok prohibited items"),
        no=Text("不了解平台禁售规则", "Does not know platform prohibited items"),
        seed="seed guide 4.2",
    ),
    Criterion(
        id="answer_precision",
        dimension="service",
        kind="score",
        rule=Rule("at_least", 4.0, 2.0),
        columns=("answer_precision",),
        weight=1.0,
        label=Text("回复精准度（1–5）", "Answer precision (1–5)"),
        actions=_acts(
            unknown=Text(
                "问一个具体问题（如“能否贴 FBA 标签”），按 1–5 给回复打分",
                "Ask a precise question (e.g. can you apply FBA labels?) and rate the answer 1–5",
            ),
            fail=Text(
                "回复含糊（“再问问”）：沟通成本高",
                "Vague answers (I'll ask): communication will be costly",
            ),
        ),
        unit=Text(" 分", " points"),
        seed="seed guide 4.2",
    ),
    # 6. Hidden signals
    Criterion(
        id="old_customer_ratio",
        dimension="hidden",
        kind="score",
        rule=Rule("at_least", 60.0, 30.0),
        columns=("old_customer_ratio_pct",),
        weight=1.0,
        label=Text("老客户占比", "Returning customers"),
        actions=_acts(
            unknown=Text(
                "询问老客户占比并请对方提供合作案例",
                "Ask the share of returning customers and for references",
            ),
            fail=Text(
                "老客户占比低：合作稳定性存疑",
                "Few returning customers: stability is doubtful",
            ),
        ),
        unit=_PCT,
        seed="seed guide 5.1",
    ),
    Criterion(
        id="media_support",
        dimension="hidden",
        kind="score",
        rule=BOOL,
        columns=("media_support",),
        weight=0.5,
        label=Text("素材支持", "Media support"),
        actions=_acts(
            unknown=Text(
                "询问能否提供无水印图片视频、定制场景拍摄",
                "Ask for watermark-free photos and videos and custom scene shoots",
            ),
            fail=Text(
                "不提供素材：需自己拍摄，推广成本更高",
                "No media: you will shoot your own content",
            ),
        ),
        yes=Text("提供无水印图片视频", "Provides watermark-free photos and videos"),
        no=Text("不提供推广素材", "No promotional media"),
        seed="seed guide 5.2",
    ),
    Criterion(
        id="trend_recommendations",
        dimension="hidden",
        kind="score",
        rule=BOOL,
        columns=("trend_recommendations",),
        weight=0.5,
        label=Text("主动推荐潜力款", "Recommends rising products"),
        actions=_acts(
            unknown=Text(
                "询问是否会基于跨境数据推荐潜力款",
                "Ask whether they recommend rising products with data",
            ),
            fail=Text(
                "不主动推荐新品：选品要靠自己",
                "No recommendations: product research is on you",
            ),
        ),
        yes=Text("会用数据主动推荐潜力款", "Recommends rising products with data"),
        no=Text("不主动推荐潜力款", "Does not recommend products"),
        seed="seed guide 5.3",
    ),
    # 7. KPIs from the seller's own orders
    Criterion(
        id="kpi_return_rate",
        dimension="kpi",
        kind="kpi",
        rule=Rule("at_most", 5.0, 12.0),
        columns=("returned",),
        weight=1.0,
        label=Text("退货率", "Return rate"),
        actions=_acts(
            unknown=Text(
                "记录你的订单（含退货），才能计算退货率",
                "Record your orders (with returns) to measure the return rate",
            ),
            fail=Text(
                "退货率偏高：查看退货原因，与供应商复盘质量",
                "High return rate: review the reasons with the supplier",
            ),
            warn=Text("订单还太少，继续记录再判断", "Too few orders to tell; keep recording"),
        ),
        unit=_PCT,
        messages=_KPI,
        seed="seed guide intro",
    ),
    Criterion(
        id="kpi_on_time_ship_rate",
        dimension="kpi",
        kind="kpi",
        rule=Rule("at_least", 95.0, 80.0),
        columns=("ordered_at", "picked_up_at", "promised_pickup_hours"),
        weight=1.0,
        label=Text("按时揽收率", "On-time pickup rate"),
        actions=_acts(
            unknown=Text(
                "记录你的订单（下单和揽收时间），才能计算按时揽收率",
                "Record your orders (order and pickup times) to measure on-time pickup",
            ),
            fail=Text(
                "经常超时揽收：按协议索赔并督促",
                "Pickups are often late: claim the agreed compensation",
            ),
            warn=Text("订单还太少，继续记录再判断", "Too few orders to tell; keep recording"),
        ),
        unit=_PCT,
        messages=_KPI,
        seed="seed guide 2.2",
    ),
    Criterion(
        id="kpi_oversell_rate",
        dimension="kpi",
        kind="kpi",
        rule=Rule("at_most", 3.0, 10.0),
        columns=("status",),
        weight=1.0,
        label=Text("缺货取消率", "Cancelled for no stock"),
        actions=_acts(
            unknown=Text(
                "记录你的订单（含缺货取消），才能计算超卖率",
                "Record your orders (with no-stock cancellations) to measure overselling",
            ),
            fail=Text(
                "超卖多：要求每日库存表或实时库存共享",
                "Overselling: ask for a daily stock sheet or live stock",
            ),
            warn=Text("订单还太少，继续记录再判断", "Too few orders to tell; keep recording"),
        ),
        unit=_PCT,
        messages=_KPI,
        seed="seed guide 2.1",
    ),
    Criterion(
        id="kpi_dispute_rate",
        dimension="kpi",
        kind="kpi",
        rule=Rule("at_most", 1.0, 3.0),
        columns=("disputed",),
        weight=1.0,
        label=Text("订单纠纷率", "Order dispute rate"),
        actions=_acts(
            unknown=Text(
                "记录你的订单（含纠纷），才能计算纠纷率",
                "Record your orders (with disputes) to measure the dispute rate",
            ),
            fail=Text(
                "纠纷多：复盘原因，考虑更换供应商",
                "Many disputes: review the causes; consider switching",
            ),
            warn=Text("订单还太少，继续记录再判断", "Too few orders to tell; keep recording"),
        ),
        unit=_PCT,
        messages=_KPI,
        seed="seed guide 1.2",
    ),
    Criterion(
        id="kpi_after_sales_days",
        dimension="kpi",
        kind="kpi",
        rule=Rule("at_most", 1.0, 3.0),
        columns=("after_sales_days",),
        weight=1.0,
        label=Text("售后处理天数", "Days to settle after-sales"),
        actions=_acts(
            unknown=Text(
                "记录售后案件的处理天数",
                "Record how many days each after-sales case took",
            ),
            fail=Text(
                "售后处理慢：按协议督促，必要时换供应商",
                "After-sales is slow: hold them to the terms or switch",
            ),
            warn=Text("案件还太少，继续记录再判断", "Too few cases to tell; keep recording"),
        ),
        unit=_DAYS,
        messages=_KPI,
        seed="seed guide 4.1",
    ),
)
