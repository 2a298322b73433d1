"""Rate cards, currency rates and the seller's cost settings, as immutable values.

Everything here is plain data: the engine never reads a file. ``daifa.sources.ratecards``
parses TOML/CSV into these objects (and ships dated example cards); a web form builds
them the same way. A what-if is ``settings.replace(quantity=200)``.

Money is in CNY unless a field says otherwise (``*_cny``). Platform fixed fees and
duty thresholds are in the currency of that platform or destination, because that is
how the platforms and customs publish them; the engine converts with ``CurrencyRates``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from daifa.engine.errors import InputError
from daifa.text import Text

BulkMode = Literal["sea", "air"]
PlatformModel = Literal["marketplace", "supply_price"]

STALE_AFTER_DAYS = 7
# A card not checked against its source for this long gets a warning.
CARD_STALE_AFTER_DAYS = 90


def _unknown(
    kind_en: str, kind_zh: str, field_name: str, value: str, known: list[str]
) -> InputError:
    allowed = ", ".join(sorted(known)) or "(none)"
    return InputError(
        f"Unknown {kind_en} {value!r} in {field_name}; known: {allowed}.",
        f"{field_name} 中的{kind_zh} {value!r} 不存在;可选:{allowed}。",
        field=field_name,
        value=value,
        allowed=allowed,
    )


def _bad(field_name: str, value: Any, allowed_en: str, allowed_zh: str) -> InputError:
    return InputError(
        f"{field_name} = {value!r} is not allowed; expected {allowed_en}.",
        f"{field_name} = {value!r} 无效;应为 {allowed_zh}。",
        field=field_name,
        value=value,
        allowed=allowed_en,
    )


def _check_non_negative(obj: object, *names: str) -> None:
    # Cards and settings come from files and web forms: refuse negatives at the door so
    # a typo never turns into a negative freight bill deep inside a vectorised pass.
    for name in names:
        value = getattr(obj, name)
        if value is not None and not value >= 0:
            raise _bad(name, value, "a number ≥ 0", "≥ 0 的数")


@dataclass(frozen=True)
class LineRate:
    """One destination zone of a parcel line: price and transit time."""

    destination: str
    per_kg_cny: float
    registration_cny: float
    transit_days_min: int
    transit_days_max: int
    # DDP (完税) lines quote a price that already includes the destination's duty and
    # import taxes: counting duty again on top would charge it twice.
    duty_included: bool = False

    def __post_init__(self) -> None:
        _check_non_negative(self, "per_kg_cny", "registration_cny", "transit_days_min")
        _check_days(self.transit_days_min, self.transit_days_max)


def _check_days(low: int, high: int) -> None:
    if high < low:
        raise _bad("transit_days_max", high, f"≥ transit_days_min ({low})", f"≥ 时效下限({low})")


@dataclass(frozen=True)
class ParcelLine:
    """A per-parcel cross-border line (专线/小包) such as 云途 YunExpress or 燕文 Yanwen.

    The chargeable weight is the largest of the actual weight, the volumetric weight
    (L×W×H cm³ / ``volumetric_divisor`` kg; ``None`` = the line ignores volume) and
    ``min_chargeable_g``.
    """

    id: str
    name_zh: str
    name_en: str
    min_chargeable_g: float
    volumetric_divisor: float | None
    max_weight_g: float
    rates: tuple[LineRate, ...]

    def __post_init__(self) -> None:
        _check_non_negative(self, "min_chargeable_g", "max_weight_g")
        if self.volumetric_divisor is not None and not self.volumetric_divisor > 0:
            raise _bad("volumetric_divisor", self.volumetric_divisor, "a number > 0", "> 0 的数")

    def rate_for(self, destination: str) -> LineRate:
        for rate in self.rates:
            if rate.destination == destination:
                return rate
        known = [r.destination for r in self.rates]
        allowed = ", ".join(sorted(known))
        raise InputError(
            f"Line {self.id!r} has no rate for destination {destination!r}; "
            f"it ships to: {allowed}.",
            f"线路 {self.name_zh}({self.id})没有目的地 {destination!r} 的运价;"
            f"可选目的地:{allowed}。",
            field="destination",
            value=destination,
            allowed=allowed,
        )

    @property
    def destinations(self) -> tuple[str, ...]:
        return tuple(r.destination for r in self.rates)


@dataclass(frozen=True)
class BulkLane:
    """Bulk sea or air freight to an overseas warehouse, then one parcel per order.

    Sea is charged per cubic metre with the usual weight-or-measure rule (1 t = 1 cbm);
    air per kg of the larger of actual and volumetric weight. ``per_shipment_cny``
    covers customs clearance, documents and trucking; ``fulfilment_per_unit_cny`` is
    the warehouse's pick, pack and last-mile delivery for each order.
    """

    id: str
    mode: BulkMode
    name_zh: str
    name_en: str
    destination: str
    per_kg_cny: float
    per_cbm_cny: float
    volumetric_divisor: float
    min_charge_cny: float
    per_shipment_cny: float
    fulfilment_per_unit_cny: float
    transit_days_min: int
    transit_days_max: int

    def __post_init__(self) -> None:
        if self.mode not in ("sea", "air"):
            raise _bad("mode", self.mode, "sea, air", "sea(海运)、air(空运)")
        _check_non_negative(
            self,
            "per_kg_cny",
            "per_cbm_cny",
            "min_charge_cny",
            "per_shipment_cny",
            "fulfilment_per_unit_cny",
            "transit_days_min",
        )
        if not self.volumetric_divisor > 0:
            raise _bad("volumetric_divisor", self.volumetric_divisor, "a number > 0", "> 0 的数")
        _check_days(self.transit_days_min, self.transit_days_max)


@dataclass(frozen=True)
class Platform:
    """A platform fee schedule.

    ``model = "supply_price"`` describes Temu-style (全托管/半托管) programmes: the
    platform buys at the seller's declared supply price and sets the consumer price,
    so the "retail price" to enter is that supply price and there is no referral fee.

    ``vat_inclusive_destinations`` lists the destinations where the listed price
    includes VAT/GST that the marketplace collects and keeps (it is the deemed supplier:
    the UK up to £135, the EU under IOSS, Australia up to A$1,000). The seller is paid
    the price net of that VAT, so profit is computed on retail ÷ (1 + VAT).
    """

    id: str
    name_zh: str
    name_en: str
    currency: str
    referral_pct: float
    category_referral_pct: tuple[tuple[str, float], ...] = ()
    min_referral_fee: float = 0.0
    fixed_per_order: float = 0.0
    payment_pct: float = 0.0
    payment_fixed: float = 0.0
    model: PlatformModel = "marketplace"
    vat_inclusive_destinations: tuple[str, ...] = ()
    # eBay-style: a smaller per-order fee for orders up to ``small_order_max``
    small_order_max: float | None = None
    fixed_per_small_order: float = 0.0
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = ""
    checked_on: date | None = None
    note_en: str = ""
    note_zh: str = ""

    def __post_init__(self) -> None:
        if self.model not in ("marketplace", "supply_price"):
            raise _bad(
                "model", self.model, "marketplace, supply_price", "marketplace、supply_price"
            )
        _check_non_negative(
            self,
            "referral_pct",
            "min_referral_fee",
            "fixed_per_order",
            "payment_pct",
            "payment_fixed",
            "small_order_max",
            "fixed_per_small_order",
        )
        for _, pct in self.category_referral_pct:
            if not 0 <= pct <= 100:
                raise _bad("category_referral_pct", pct, "0–100", "0–100")

    def referral_for(self, category: str | None) -> float:
        for name, pct in self.category_referral_pct:
            if category is not None and name == category:
                return pct
        return self.referral_pct

    def prices_include_vat(self, destination: str) -> bool:
        return destination in self.vat_inclusive_destinations


@dataclass(frozen=True)
class DutyRule:
    """Import duty for one destination, with its de-minimis threshold.

    Ad-valorem duty applies when a parcel's (or a bulk shipment's) goods value is above
    ``de_minimis`` (in ``currency``); a parcel at or below it pays ``low_value_flat``
    (for example the EU's flat duty per item category on low-value parcels) plus
    ``low_value_fee`` (national or handling fees per low-value parcel, e.g. France's
    €2) instead. The duty base is the goods value, plus the international freight
    when ``duty_on_freight`` (CIF customs value, as in the EU and the UK; the US uses
    the goods value).

    VAT/GST (``vat_pct``): a consignment worth at most ``vat_at_sale_up_to`` has its
    VAT charged at sale on the sale price (by the marketplace as deemed supplier, or
    under IOSS), not at import; above it, import VAT is charged at the border on
    goods + freight + duty. ``None`` = VAT is always charged at import.
    """

    destination: str
    currency: str
    duty_pct: float
    de_minimis: float
    low_value_flat: float = 0.0
    vat_pct: float = 0.0
    low_value_fee: float = 0.0
    duty_on_freight: bool = False
    vat_at_sale_up_to: float | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = ""
    checked_on: date | None = None
    note_en: str = ""
    note_zh: str = ""

    def __post_init__(self) -> None:
        _check_non_negative(
            self,
            "duty_pct",
            "de_minimis",
            "low_value_flat",
            "vat_pct",
            "low_value_fee",
            "vat_at_sale_up_to",
        )


@dataclass(frozen=True)
class RateCards:
    """All freight, platform and duty cards, with where they came from."""

    lines: tuple[ParcelLine, ...]
    bulk: tuple[BulkLane, ...] = ()
    platforms: tuple[Platform, ...] = ()
    duties: tuple[DutyRule, ...] = ()
    as_of: date | None = None
    example: bool = False
    note_en: str = ""
    note_zh: str = ""
    # when each card was last checked against its source: ((kind, date, source), ...)
    checks: tuple[tuple[str, date | None, str], ...] = ()

    def line(self, line_id: str) -> ParcelLine:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise _unknown("line", "线路", "line", line_id, [x.id for x in self.lines])

    def bulk_lane(self, lane_id: str) -> BulkLane:
        for lane in self.bulk:
            if lane.id == lane_id:
                return lane
        raise _unknown("bulk lane", "头程线路", "line", lane_id, [x.id for x in self.bulk])

    def is_bulk(self, line_id: str) -> bool:
        return any(lane.id == line_id for lane in self.bulk)

    def freight_ids(self) -> list[str]:
        return [x.id for x in self.lines] + [x.id for x in self.bulk]

    def platform(self, platform_id: str) -> Platform:
        for platform in self.platforms:
            if platform.id == platform_id:
                return platform
        raise _unknown("platform", "平台", "platform", platform_id, [p.id for p in self.platforms])

    def duty(self, destination: str) -> DutyRule | None:
        for rule in self.duties:
            if rule.destination == destination:
                return rule
        return None

    def replace(self, **changes: Any) -> RateCards:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class CurrencyRates:
    """CNY per one unit of each currency, as the seller set them on ``as_of``."""

    as_of: date
    cny_per_unit: tuple[tuple[str, float], ...]

    def __post_init__(self) -> None:
        for code, value in self.cny_per_unit:
            if not value > 0:
                raise _bad(f"cny_per_unit[{code}]", value, "a rate > 0", "> 0 的汇率")

    def rate(self, currency: str, *, field_name: str = "currency") -> float:
        if currency == "CNY":
            return 1.0
        for code, value in self.cny_per_unit:
            if code == currency:
                return value
        known = ["CNY", *(code for code, _ in self.cny_per_unit)]
        raise _unknown("currency", "币种", field_name, currency, known)

    def to_cny(self, amount: float, currency: str) -> float:
        return amount * self.rate(currency)

    @property
    def currencies(self) -> tuple[str, ...]:
        return ("CNY", *(code for code, _ in self.cny_per_unit))


def stale_currency_warning(rates: CurrencyRates, today: date) -> Text | None:
    """The warning (zh and en) when the rates are older than a week, else ``None``.

    Examples
    --------
    >>> rates = CurrencyRates(date(2026, 1, 1), (("USD", 7.1),))
    >>> stale_currency_warning(rates, date(2026, 1, 8)) is None
    True
    >>> stale_currency_warning(rates, date(2026, 1, 9)).en[:38]
    'Currency rates are 8 days old (set on '
    """
    age = (today - rates.as_of).days
    if age <= STALE_AFTER_DAYS:
        return None
    return Text(
        zh=f"汇率已有 {age} 天未更新(设置于 {rates.as_of.isoformat()}),请先更新汇率再看利润数字。",
        en=f"Currency rates are {age} days old (set on {rates.as_of.isoformat()}); "
        "update them before trusting profit figures.",
    )


@dataclass(frozen=True)
class CostSettings:
    """The seller's situation: cards, rates, quantity, line, destination, platform, costs.

    ``quantity`` is the units bought in one order from the supplier (it picks the price
    tier and spreads per-order costs). ``dropship`` forces the single-piece dropship
    price. Percentages are 0–100. ``return_cost_cny = None`` means a returned unit is
    written off (its landed cost is lost).
    """

    cards: RateCards
    rates: CurrencyRates
    quantity: int = 1
    line: str = "yunexpress"
    destination: str = "US"
    platform: str = "amazon_us"
    retail_currency: str = "USD"
    dropship: bool = False
    packaging_cny: float = 0.0
    sample_fee_cny: float = 0.0
    domestic_freight_per_order_cny: float = 0.0
    ad_cost_per_order_cny: float = 0.0
    return_rate_pct: float = 0.0
    return_cost_cny: float | None = None
    include_duty: bool = True
    include_vat: bool = False
    markup_low: float = 3.0
    markup_high: float = 5.0

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise _bad("quantity", self.quantity, "a whole number ≥ 1", "≥ 1 的整数")
        _check_non_negative(
            self,
            "packaging_cny",
            "sample_fee_cny",
            "domestic_freight_per_order_cny",
            "ad_cost_per_order_cny",
            "return_cost_cny",
        )
        if not 0 <= self.return_rate_pct <= 100:
            raise _bad("return_rate_pct", self.return_rate_pct, "0–100", "0–100")
        if not 0 < self.markup_low <= self.markup_high:
            raise _bad(
                "markup_low", self.markup_low, "0 < markup_low ≤ markup_high", "0 < 下限 ≤ 上限"
            )

    def replace(self, **changes: Any) -> CostSettings:
        return dataclasses.replace(self, **changes)


def card_warnings(cards: RateCards, today: date) -> list[Text]:
    """A warning (zh and en) for each card not checked for 90 days and each rule out of its dates.

    Examples
    --------
    >>> rule = DutyRule("US", "USD", 10.0, 0.0, valid_to=date(2026, 7, 24))
    >>> cards = RateCards((), duties=(rule,), checks=(("duties", date(2026, 1, 1), "x"),))
    >>> [w.en[:40] for w in card_warnings(cards, date(2026, 12, 1))]
    ['Card duties was last checked on 2026-01-', 'Duty rule US was valid until 2026-07-24;']
    """
    out: list[Text] = []
    for kind, checked, source in cards.checks:
        if checked is None:
            continue
        age = (today - checked).days
        if age > CARD_STALE_AFTER_DAYS:
            where = f" against {source}" if source else ""
            out.append(
                _warning(
                    f"Card {kind} was last checked on {checked.isoformat()}{where}, {age} days "
                    "ago: fees and duties change; check it before trusting profit figures.",
                    f"卡片 {kind} 上次核对于 {checked.isoformat()}({age} 天前),费率和关税会变,"
                    "请先核对再看利润。",
                )
            )
    rules: list[tuple[str, str, Platform | DutyRule]] = [
        ("Platform", "平台", p) for p in cards.platforms
    ]
    rules += [("Duty rule", "关税规则", d) for d in cards.duties]
    for en, zh, rule in rules:
        name = rule.id if isinstance(rule, Platform) else rule.destination
        if rule.valid_to is not None and rule.valid_to < today:
            out.append(
                _warning(
                    f"{en} {name} was valid until {rule.valid_to.isoformat()}; "
                    "update it from its source.",
                    f"{zh} {name} 的有效期到 {rule.valid_to.isoformat()} 为止,请按来源更新。",
                )
            )
        if rule.valid_from is not None and rule.valid_from > today:
            out.append(
                _warning(
                    f"{en} {name} applies only from {rule.valid_from.isoformat()}.",
                    f"{zh} {name} 自 {rule.valid_from.isoformat()} 起才适用。",
                )
            )
    return out


def _warning(en: str, zh: str) -> Text:
    return Text(zh=zh, en=en)
