"""Which words on a 1688 page name which canonical field, and what its value looks like.

A rule reads a value written after its label on the same cell (``回头率 41%``,
``诚信通第8年``) or, when the label stands alone, in the next cell
(``回头率\\n41%``). Only the *lexeme* is cut out here (``≥2件`` -> ``≥2``); turning
it into a number is the spreadsheet parsers' job (``parse_as`` names the
canonical field whose parser reads it), so a paste and a file read ``≤15分钟``
the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from daifa.sources.spreadsheet.values import OFFER_URL_ID

from .cells import QTY_UNITS

PCT = r"(?:≤|<=|<|≥|>=|>|约)?\s*\d+(?:\.\d+)?\s*%?"
DURATION = r"(?:≤|<=|<|约|平均)?\s*\d+(?:\.\d+)?\s*(?:分钟|分|小时|h|min)?\s*(?:以内|内)?"
YEARS = r"\d+(?:\.\d+)?\s*年?\s*(?:以上)?"
COUNT = r"(?:≥|>=|>)?\s*\d+(?:,\d{3})*(?:\.\d+)?\s*(?:万|千|w|W|k)?\s*\+?"
MONEY = r"¥?\s*\d+(?:\.\d+)?\s*元?"
WEIGHT = r"\d+(?:\.\d+)?\s*(?:kg|KG|Kg|千克|公斤|g|G|克|斤)"
TEXT = r"(?!送至|发往|运费)\S(?:.*?\S)?"
ORDERS = r"(?:笔|单)"
# A text value ends where the page starts the next thing (发货地 浙江金华 送至 北京).
TEXT_END = r"(?=\s+(?:送至|至|发往|运费|快递)|\s*$)"
ITEMS = rf"\s*{QTY_UNITS}?"


@dataclass(frozen=True)
class Rule:
    field: str
    label: str = ""  # regex alternatives; "" for rules that only search ``pattern``
    value: str = TEXT  # the lexeme after the label
    after: str = ""  # what must follow the lexeme (not part of it)
    pattern: str = ""  # a search with group ``v``, for values written before the label
    parse_as: str = ""  # the canonical field whose parser reads the lexeme
    priority: int = 0  # 0 beats 1 when both are found (发货地 before 所在地)
    extra: bool = False  # not a canonical column: goes to Capture.extra
    keyword: str = ""  # for ``pattern`` rules: a word every match contains (a cheap filter)

    @property
    def hint(self) -> str:
        return self.label or self.keyword

    @property
    def reader(self) -> str:
        return self.parse_as or self.field

    @cached_property
    def inline(self) -> re.Pattern[str]:
        if self.pattern:
            return re.compile(self.pattern)
        return re.compile(rf"(?:{self.label})\s*:?\s*(?P<v>{self._lexeme}){self.after}")

    @cached_property
    def alone(self) -> re.Pattern[str] | None:
        """The label on a cell of its own: its value is in the next cell."""
        return re.compile(rf"(?:{self.label})\s*:?") if self.label else None

    @cached_property
    def next_value(self) -> re.Pattern[str]:
        return re.compile(rf"(?P<v>{self._lexeme}){self.after}")

    @cached_property
    def rest(self) -> re.Pattern[str] | None:
        """The label, a separator and anything: a value the lexeme does not fit."""
        return re.compile(rf"(?:{self.label})\s*(?::|\s)\s*(?P<v>.+)") if self.label else None

    @property
    def _lexeme(self) -> str:
        # Atomic, so ``1.2万+ 笔`` cannot backtrack to ``1.2万`` to dodge ``(?!笔)``.
        return self.value if self.value == TEXT else f"(?>{self.value})"


def _text(field: str, label: str, priority: int = 0) -> Rule:
    return Rule(field, label, TEXT, TEXT_END, priority=priority)


LABEL_RULES: tuple[Rule, ...] = (
    _text("supplier_name", r"公司名称|企业名称|商家名称|供应商名称"),
    # A shop's name is often shorter than its company's (恒星饰品 for 义乌市恒星饰品有限公司):
    # it finds the supplier but does not rename it.
    Rule("shop_name", r"店铺名称|店铺名", TEXT, TEXT_END, parse_as="supplier_name", extra=True),
    # A member id (``b2b-2213456789``) is 1688's own id of the seller: the best supplier id.
    Rule(
        "member_id",
        pattern=r"(?<![\w-])(?P<v>b2b-\d{6,20})(?![\w-])",
        keyword="b2b-",
        parse_as="supplier_id",
        extra=True,
    ),
    Rule("trustpass_years", r"诚信通年限", YEARS),
    Rule("trustpass_years", pattern=r"诚信通\s*(?:第\s*)?(?P<v>\d+\s*年)", keyword="诚信通"),
    Rule("trustpass_years", pattern=r"(?P<v>\d+\s*年)\s*诚信通", keyword="诚信通"),
    # The criterion counts years *on 1688* (criteria.md, years_in_business): the
    # page's "入驻1688 5年" says exactly that and wins over a company's age.
    Rule(
        "years_in_business",
        # 1-2 digits: "入驻2019年" is a year, not a count of years.
        pattern=r"入驻\s*(?:1688)?\s*(?:第\s*)?(?<!\d)(?P<v>\d{1,2}(?:\.\d+)?\s*年)",
        keyword="入驻",
    ),
    Rule("years_in_business", r"经营年限|成立年限|从业年限", YEARS, priority=1),
    Rule("repeat_rate_pct", r"(?:近\s*\d+\s*天)?(?:买家)?(?:回头率|复购率)", PCT),
    Rule("response_minutes", r"(?:平均)?(?:旺旺)?响应(?:时间|时长|速度)", DURATION),
    Rule("dispute_rate_pct", r"(?:近\s*\d+\s*天)?(?:品质)?纠纷(?:退款)?率", PCT),
    _text("origin", r"发货地(?:址|区)?"),
    _text("origin", r"所在地(?:区)?|产地|货源地", priority=1),
    # "48小时发货" promises *dispatch* within 48 h, not carrier pickup: kept apart so
    # it earns no credit on the pickup criterion (揽收 ≤ 24 h, criteria.md).
    Rule(
        "dispatch_promise_hours",
        pattern=r"(?P<v>\d+\s*小时)内?发货",
        keyword="发货",
        parse_as="pickup_sla_hours",
        extra=True,
    ),
    Rule("pickup_sla_hours", pattern=r"(?P<v>\d+\s*小时)内?揽收", keyword="揽收"),
    Rule("pickup_sla_hours", r"揽收时效|揽收时间", DURATION),
    Rule(
        "service_stars",
        r"综合服务(?:星级|分)|服务星级",
        r"\d(?:\.\d)?",
        r"\s*(?:星|分)?",
        # 1688 draws 1–5 stars in halves; the 1–5 reader of answer_precision reads them.
        parse_as="answer_precision",
        extra=True,
    ),
    Rule(
        "sales_90d",
        r"(?:近)?90\s*天内?(?:销量|已售|售出|成交|销售)",
        COUNT,
        rf"{ITEMS}(?!\s*{ORDERS})",
        parse_as="sales_30d",
        extra=True,
    ),
    Rule(
        "orders_90d",
        r"(?:近)?90\s*天内?成交",
        COUNT,
        rf"\s*{ORDERS}",
        parse_as="sales_30d",
        extra=True,
    ),
    Rule("new_styles_per_month", r"月上新|每月上新", COUNT, r"\s*款?"),
    Rule(
        "good_review_rate_pct",
        r"好评率",
        PCT,
        parse_as="repeat_rate_pct",
        extra=True,
    ),
    # offer
    _text("product_title", r"商品标题|商品名称|产品名称|标题|品名"),
    Rule("offer_id", pattern=OFFER_URL_ID, keyword="1688"),  # the id is group 1
    Rule("offer_id", r"商品ID|货品ID|商品编号|offerId", r"\d{6,20}"),
    Rule("weight_g", r"包装重量|毛重|单品重量|商品重量|重量", WEIGHT),
    Rule(
        "shop_url",
        pattern=r"(?P<v>(?:https?://)?(?<![\w.-])(?!detail\.|www\.|s\.|m\.|work\.|login\.|"
        r"trade\.|air\.|cart\.)[a-z0-9-]+\.1688\.com)(?![\w.-]*/offer)",
        keyword="1688",
    ),
    Rule("dropship_price_cny", r"(?:一件)?代发价(?:格)?", MONEY),
    Rule(
        "unit_price_cny",
        r"(?<!代发)(?:价格|批发价|单价|采购价|起批价)",
        MONEY,
        r"(?!\s*[-~～至]\s*¥?\s*\d)",
    ),
    Rule("moq", r"(?:最小)?起(?:批|订)量|最小起订量?|起订", COUNT, ITEMS),
    Rule("moq", pattern=rf"(?P<v>(?:≥\s*)?\d+)\s*{QTY_UNITS}\s*起(?:批|订|售)", keyword="起"),
    Rule(
        "sales_30d",
        r"月销量?|(?:近)?30\s*天内?(?:销量|已售|售出|成交|销售)",
        COUNT,
        rf"{ITEMS}(?!\s*{ORDERS})",
    ),
    Rule(
        "orders_30d",
        r"(?:近)?30\s*天内?成交",
        COUNT,
        rf"\s*{ORDERS}",
        parse_as="sales_30d",
        extra=True,
    ),
    Rule(
        "sold_units",
        r"(?<![天月])(?<!天内)已售",
        COUNT,
        rf"{ITEMS}(?!\s*{ORDERS})",
        parse_as="sales_30d",
        extra=True,
    ),
    Rule(
        "orders",
        r"(?<![天月])(?<!天内)(?:成交|已售)",
        COUNT,
        rf"\s*{ORDERS}",
        parse_as="sales_30d",
        extra=True,
    ),
)

# Most cells of a copied page (menus, specs, reviews) name no field: one search
# over every rule's label rules them out before the rules are tried one by one.
ANY_LABEL = re.compile("|".join(f"(?:{rule.hint})" for rule in LABEL_RULES))
assert all(rule.hint for rule in LABEL_RULES), "every rule needs a label or a keyword"


@dataclass(frozen=True)
class Flag:
    """A badge or phrase that states a yes/no fact (``一件代发`` -> dropship_supported)."""

    field: str
    pattern: re.Pattern[str]
    value: bool
    extra: bool = False  # no canonical column: kept in Capture.extra


def _flag(field: str, pattern: str, value: bool = True, *, extra: bool = False) -> Flag:
    return Flag(field, re.compile(pattern), value, extra)


FLAGS: tuple[Flag, ...] = (
    _flag("dropship_supported", r"(?:不支持|暂不支持|不提供|不做)(?:一件)?代发", False),
    # ``一件代发价`` is a price label, not the badge.
    _flag("dropship_supported", r"(?<![不无])(?<!不支持)(?:支持)?一件代发(?!价)"),
    _flag("cross_border_tag", r"跨境专供"),
    _flag(
        "own_factory",
        r"源头工厂|自有工厂|超级工厂|实力工厂|深度验厂|经营模式\s*:?\s*生产(?:厂家|加工)",
    ),
    _flag("original_design", r"原创设计|原创款|自主设计|独立设计"),
    _flag("neutral_packaging", r"中性包装"),
    # A promise to compensate late dispatch, without the rate: late_compensation_pct
    # (5–10 % of the order value) needs the rate, so this is kept beside it.
    _flag("late_shipping_compensation", r"晚发必赔|延迟发货赔付|晚发赔付", extra=True),
)

# Badges kept as tags (Capture.extra["tags"]) so the seller sees them all.
TAGS = re.compile(
    r"实力商家|超级工厂|源头工厂|深度验厂|深度验商|跨境专供|(?<!不支持)一件代发(?!价)|支持定制|来图定制|"
    r"支持混批|\d+小时发货|晚发必赔|7天无理由|包邮|先采后付|极速退款|破损包赔|金牌供应商"
)

# Cross-border lines (criteria: intl_logistics), as sellers and pages name them.
LOGISTICS = re.compile(
    r"云途|YunExpress|燕文|Yanwen|4PX|递四方|万邑通|WINIT|纵腾|谷仓|出口易|三态|顺丰国际|"
    r"DHL|FedEx|UPS|TNT",
)
# Certificates (criteria: certifications); word-bounded so "NICE" is not CE.
CERTIFICATES = re.compile(
    r"(?<![A-Za-z0-9])(CE|FCC|RoHS|ROHS|FDA|UL|CCC|3C|UKCA|REACH|EN71|CPC|MSDS|BSCI|ISO\s?9001|"
    r"ISO\s?14001|LFGB|KC|PSE|GS|ETL|SGS)(?![A-Za-z0-9])"
)

# A company name standing alone: the shop header of both page kinds.
COMPANY = re.compile(
    r"^(?P<v>(?=.{6,40}$)[\u4e00-\u9fff()（）·A-Za-z0-9]+"
    r"(?:有限公司|有限责任公司|商行|经营部|贸易行|工作室|厂))$"
)
# Labels of a price-tier table (tiers.py), e.g. ``价格`` above the prices.
TIER_HEADERS = re.compile(
    r"^(?:价格|批发价|采购价|单价|起批量|起订量|采购量|数量|价格\(元\))\s*:?$"
)
# A price range is the price of several options, not one unit price.
PRICE_RANGE = re.compile(r"^¥?\s*(\d+(?:\.\d+)?)\s*(?:-|~|～|至)\s*¥?\s*(\d+(?:\.\d+)?)\s*元?$")
