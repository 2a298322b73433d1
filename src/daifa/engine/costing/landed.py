"""Landed cost and profit for many offers at once.

``landed_costs`` validates the offers frame and the settings, pulls each column out
once as a NumPy array (null → NaN = unknown), runs the per-component kernels over
whole arrays and returns one row per offer, in the same order. There is no loop over
offers. See docs/costing.md for each formula and a worked example.

Landed unit cost = what one unit costs delivered to the buyer's country:
goods at the order quantity + packaging/extras + sample share + domestic freight +
international freight + duty (+ import VAT when asked and the destination charges it at
the border). Selling costs (platform, payment, advertising, returns) come on top of it in
``total_unit_cost_cny``; the 3–5× rule is checked against the landed unit cost, as the
``markup_room`` criterion asks.

Revenue is what the marketplace pays: where a platform's prices include VAT for the
destination (Amazon UK/DE, TikTok Shop UK...), the marketplace keeps that VAT, so profit,
margin, ROI and break-even read ``net_revenue_cny`` = retail ÷ (1 + VAT), and the VAT it
keeps is shown as ``sales_vat_cny``. VAT is counted once: never as import VAT as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine._joined import joined_where
from daifa.engine.costing import freight as fk
from daifa.engine.costing.cards import (
    BulkLane,
    CostSettings,
    DutyRule,
    LineRate,
    ParcelLine,
    Platform,
)
from daifa.engine.costing.inputs import flag, numbers, text_lookup, tiers_column
from daifa.engine.costing.tiers import parse_tiers, tier_prices_at
from daifa.engine.errors import InputError
from daifa.engine.schema import COLUMNS_BY_NAME

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Inputs that must be numbers ≥ 0 when present. `sample_fee_cny` is not canonical: an
# offers frame may carry it to override the settings' sample fee per offer.
NON_NEGATIVE = (
    "unit_price_cny",
    "dropship_price_cny",
    "moq",
    "weight_g",
    "length_cm",
    "width_cm",
    "height_cm",
    "target_retail_price",
    "extra_fees_cny",
    "sample_fee_cny",
)

LANDED_COLUMNS: tuple[str, ...] = (
    "price_basis",
    "unit_price_at_qty_cny",
    "packaging_extras_cny",
    "sample_fee_per_unit_cny",
    "domestic_freight_cny",
    "chargeable_weight_g",
    "intl_freight_cny",
    "duty_cny",
    "vat_cny",
    "landed_unit_cost_cny",
    "target_retail_price_cny",
    "sales_vat_cny",
    "net_revenue_cny",
    "platform_fee_cny",
    "payment_fee_cny",
    "ad_cost_cny",
    "returns_allowance_cny",
    "total_unit_cost_cny",
    "unit_profit_cny",
    "margin_pct",
    "roi_pct",
    "breakeven_ad_cost_cny",
    "retail_low_cny",
    "retail_high_cny",
    "markup_multiple",
    "markup_passes",
    "purchase_cost_cny",
    "seed_multiple",
    "seed_multiple_passes",
    "costing_note",
    "costing_note_zh",
)

PRICE_BASES: dict[int, str | None] = {0: "dropship", 1: "tier", 2: "unit_price", 3: None}

# Why a figure is unknown or uncertain, in the order they are shown: code -> (en, zh).
NOTES: dict[str, tuple[str, str]] = {
    "below_moq": (
        "quantity below the minimum order: no price",
        "数量低于起订量:无法报价",
    ),
    "no_price": ("no price at this quantity", "该数量下没有价格"),
    "weight_unknown": (
        "weight unknown: freight and landed cost unknown",
        "重量未知:运费和到岸成本未知",
    ),
    "size_unknown_sea": (
        "size unknown: sea freight (charged by volume) unknown",
        "尺寸未知:海运按体积计费,运费未知",
    ),
    "size_unknown": (
        "size unknown: volumetric weight not checked",
        "尺寸未知:未核对体积重",
    ),
    "over_max_weight": (
        "heavier than the line's maximum parcel weight",
        "超过该线路单件最大重量",
    ),
    "extras_unconfirmed": (
        "quote not confirmed all-inclusive: extra fees may follow",
        "报价未确认包含包装配件:可能另有费用",
    ),
    "duty_included": (
        "the line's DDP rate includes duty and import taxes: not added again",
        "该线路为 DDP 完税价,已含关税和进口税:不重复计算",
    ),
    "vat_at_sale": (
        "VAT is charged at sale on the sale price (low-value rule), not at import",
        "低货值规则:增值税在销售时按售价征收,不在进口时征收",
    ),
    "retail_unknown": (
        "target retail price unknown: profit and markup unknown",
        "目标售价未知:利润和加价倍数未知",
    ),
}


@dataclass(frozen=True)
class _Plan:
    """The settings resolved once per call: line, rates, platform, duty, exchange rates."""

    parcel: ParcelLine | None
    rate: LineRate | None
    lane: BulkLane | None
    platform: Platform
    platform_fx: float
    duty: DutyRule | None
    duty_fx: float
    # VAT % inside the retail price that the marketplace keeps (0 = prices exclude VAT)
    sales_vat_pct: float = 0.0
    duty_included: bool = False


def landed_costs(
    offers: pl.DataFrame,
    settings: CostSettings,
    *,
    quantity: int | None = None,
    line: str | None = None,
    destination: str | None = None,
    platform: str | None = None,
) -> pl.DataFrame:
    """Landed unit cost, profit and the 3–5× check for every offer.

    Parameters
    ----------
    offers : one row per offer with canonical columns (``daifa.engine.schema``); any
        may be missing. An optional ``sample_fee_cny`` column overrides the settings'
        sample fee per offer.
    settings : the seller's cards, currency rates and costs.
    quantity, line, destination, platform : override the settings for this call.

    Returns
    -------
    A frame with ``LANDED_COLUMNS``, one row per offer in the same order. Unknown
    figures are null (never zero) and ``costing_note`` / ``costing_note_zh`` say why.

    Raises
    ------
    InputError : a negative or non-numeric value (names the row, field and value), an
        unknown line, platform or currency, or a destination the line does not serve.

    Examples
    --------
    >>> from datetime import date
    >>> from daifa.engine.costing.cards import (
    ...     CostSettings, CurrencyRates, LineRate, ParcelLine, Platform, RateCards)
    >>> line = ParcelLine("demo", "示例", "Demo", 50, None, 2000,
    ...                   (LineRate("US", 100.0, 20.0, 7, 12),))
    >>> cards = RateCards((line,), platforms=(Platform("shop", "店", "Shop", "USD", 10.0),))
    >>> settings = CostSettings(cards, CurrencyRates(date(2026, 1, 1), (("USD", 7.0),)),
    ...                         line="demo", platform="shop", include_duty=False)
    >>> offers = pl.DataFrame({"unit_price_cny": [10.0], "weight_g": [200.0],
    ...                        "target_retail_price": [10.0], "quote_all_inclusive": [True]})
    >>> row = landed_costs(offers, settings).row(0, named=True)
    >>> row["landed_unit_cost_cny"], row["unit_profit_cny"], row["markup_passes"]
    (50.0, 13.0, False)
    """
    changes = {"quantity": quantity, "line": line, "destination": destination, "platform": platform}
    settings = settings.replace(**{k: v for k, v in changes.items() if v is not None})
    plan = _resolve(settings)
    return _compute(offers, settings, plan)


def with_landed_costs(
    offers: pl.DataFrame, settings: CostSettings, **overrides: Any
) -> pl.DataFrame:
    """``offers`` with the ``LANDED_COLUMNS`` added (replacing any of the same name)."""
    costs = landed_costs(offers, settings, **overrides)
    return offers.drop([c for c in LANDED_COLUMNS if c in offers.columns]).hstack(costs)


def landed_cost_one(
    offer: Mapping[str, Any], settings: CostSettings, **overrides: Any
) -> dict[str, Any]:
    """One offer given as a mapping (e.g. a web form's cleaned data) → one result row.

    ``price_tiers`` may be the text form ``"1-49:12.5;50+:11.8"`` or a list of tiers.
    """
    values = dict(offer)
    if isinstance(values.get("price_tiers"), str):
        values["price_tiers"] = parse_tiers(values["price_tiers"])
    schema = {
        name: COLUMNS_BY_NAME[name].dtype if name in COLUMNS_BY_NAME else pl.Float64()
        for name in values
    }
    frame = pl.DataFrame([values], schema=schema)
    return landed_costs(frame, settings, **overrides).row(0, named=True)


# -- settings ---------------------------------------------------------------------------


def _resolve(settings: CostSettings) -> _Plan:
    cards, rates = settings.cards, settings.rates
    parcel = rate = lane = None
    if cards.is_bulk(settings.line):
        lane = cards.bulk_lane(settings.line)
        _check_lane_destination(lane, settings.destination)
    elif any(x.id == settings.line for x in cards.lines):
        parcel = cards.line(settings.line)
        rate = parcel.rate_for(settings.destination)
    else:
        known = ", ".join(sorted(cards.freight_ids())) or "(none)"
        raise InputError(
            f"Unknown line {settings.line!r}; known lines: {known}.",
            f"线路 {settings.line!r} 不存在;可选线路:{known}。",
            field="line",
            value=settings.line,
            allowed=known,
        )
    platform = cards.platform(settings.platform)
    duty = duty_rule_for(settings)
    duty_fx = rates.rate(duty.currency, field_name="duty currency") if duty else 1.0
    platform_fx = rates.rate(platform.currency, field_name="platform currency")
    sales_vat = _sales_vat_pct(settings, platform)
    included = rate is not None and rate.duty_included
    return _Plan(parcel, rate, lane, platform, platform_fx, duty, duty_fx, sales_vat, included)


def _sales_vat_pct(settings: CostSettings, platform: Platform) -> float:
    """The VAT % inside the platform's prices for this destination (0 when none)."""
    if not platform.prices_include_vat(settings.destination):
        return 0.0
    rule = settings.cards.duty(settings.destination)
    if rule is None:
        raise InputError(
            f"Platform {platform.id!r} sells VAT-inclusive in {settings.destination!r}, but "
            f"no duty card gives that destination's VAT rate; add a duty rule with vat_pct.",
            f"平台 {platform.name_zh}({platform.id})在 {settings.destination!r} 的售价含增值税,"
            "但关税卡片中没有该目的地的税率;请补充含 vat_pct 的关税规则。",
            field="destination",
            value=settings.destination,
            allowed=", ".join(sorted(r.destination for r in settings.cards.duties)),
        )
    return rule.vat_pct


def _check_lane_destination(lane: BulkLane, destination: str) -> None:
    if lane.destination != destination:
        raise InputError(
            f"Bulk lane {lane.id!r} delivers to a warehouse in {lane.destination}, "
            f"not {destination!r}; allowed destination: {lane.destination}.",
            f"头程线路 {lane.name_zh}({lane.id})只到 {lane.destination} 海外仓,"
            f"不到 {destination!r};可选目的地:{lane.destination}。",
            field="destination",
            value=destination,
            allowed=lane.destination,
        )


def duty_rule_for(settings: CostSettings) -> DutyRule | None:
    if not (settings.include_duty or settings.include_vat):
        return None
    rule = settings.cards.duty(settings.destination)
    if rule is None:
        known = ", ".join(sorted(r.destination for r in settings.cards.duties)) or "(none)"
        raise InputError(
            f"No duty rule for destination {settings.destination!r}; duty cards cover: "
            f"{known}. Add a rule or turn duties off (include_duty = false).",
            f"目的地 {settings.destination!r} 没有关税规则;已有:{known}。"
            "请补充规则,或关闭关税计算(include_duty = false)。",
            field="destination",
            value=settings.destination,
            allowed=known,
        )
    return rule


# -- inputs -----------------------------------------------------------------------------


def _retail_fx(offers: pl.DataFrame, settings: CostSettings) -> FloatArray:
    def rate(code: str | None) -> float:
        currency = (code or settings.retail_currency).upper()
        return settings.rates.rate(currency, field_name="retail_currency")

    return text_lookup(offers, "retail_currency", settings.retail_currency, rate)


# -- computation ------------------------------------------------------------------------


def _compute(offers: pl.DataFrame, settings: CostSettings, plan: _Plan) -> pl.DataFrame:
    notes: dict[str, BoolArray] = {}
    out: dict[str, Any] = {}
    price, basis = _unit_price(offers, settings, notes)
    out["price_basis"] = basis
    out["unit_price_at_qty_cny"] = price
    out["packaging_extras_cny"] = _packaging_extras(offers, settings, notes)
    # The seed's 采购价: what the supplier charges per unit, extra fees included.
    out["purchase_cost_cny"] = price + np.nan_to_num(numbers(offers, "extra_fees_cny"), nan=0.0)
    out["sample_fee_per_unit_cny"] = _sample_share(offers, settings)
    out["domestic_freight_cny"] = np.full(
        offers.height, settings.domestic_freight_per_order_cny / settings.quantity
    )
    chargeable, freight = _intl_freight(offers, settings, plan, notes)
    out["chargeable_weight_g"] = chargeable
    out["intl_freight_cny"] = freight
    out.update(_duties(price + out["packaging_extras_cny"], freight, settings, plan, notes))
    landed = sum(
        out[k]
        for k in (
            "unit_price_at_qty_cny",
            "packaging_extras_cny",
            "sample_fee_per_unit_cny",
            "domestic_freight_cny",
            "intl_freight_cny",
            "duty_cny",
            "vat_cny",
        )
    )
    out["landed_unit_cost_cny"] = landed
    out.update(_selling(offers, settings, plan, landed, notes))
    out.update(_profit(out, settings))
    en, zh = _note_texts(notes, offers.height)
    out["costing_note"], out["costing_note_zh"] = en, zh
    return _frame(out)


def _unit_price(
    offers: pl.DataFrame, settings: CostSettings, notes: dict[str, BoolArray]
) -> tuple[FloatArray, pl.Series]:
    q = settings.quantity
    tier_price, first_min = tier_prices_at(tiers_column(offers), q, check=True)
    has_tiers = ~np.isnan(first_min)
    dropship_price = numbers(offers, "dropship_price_cny")
    # Single pieces (or dropship mode) take the dropship price when the offer has one.
    use_dropship = (settings.dropship or q == 1) & ~np.isnan(dropship_price)
    moq = np.fmax(numbers(offers, "moq"), first_min)
    below_moq = (q < moq) & ~use_dropship
    base = np.where(has_tiers, tier_price, numbers(offers, "unit_price_cny"))
    price = np.where(use_dropship, dropship_price, np.where(below_moq, np.nan, base))
    notes["below_moq"] = below_moq
    notes["no_price"] = np.isnan(price) & ~below_moq
    # codes, then one gather from the few texts: building a string column from NumPy
    # is slow, and a gather is a third of a replace_strict's hashing
    codes = np.where(use_dropship, 0, np.where(has_tiers, 1, 2))
    codes[np.isnan(price)] = 3
    texts = pl.Series("price_basis", [PRICE_BASES[c] for c in range(4)], dtype=pl.String)
    basis = texts.gather(codes)
    return price, basis


def _packaging_extras(
    offers: pl.DataFrame, settings: CostSettings, notes: dict[str, BoolArray]
) -> FloatArray:
    extra = numbers(offers, "extra_fees_cny")
    inclusive, inclusive_known = flag(offers, "quote_all_inclusive")
    notes["extras_unconfirmed"] = ~inclusive_known & np.isnan(extra)
    packaging = np.where(inclusive, 0.0, settings.packaging_cny)
    return np.nan_to_num(extra, nan=0.0) + packaging


def _sample_share(offers: pl.DataFrame, settings: CostSettings) -> FloatArray:
    fee = numbers(offers, "sample_fee_cny")
    fee = np.where(np.isnan(fee), settings.sample_fee_cny, fee)
    deducted, _ = flag(offers, "sample_fee_deductible")
    return np.where(deducted, 0.0, fee / settings.quantity)


def _intl_freight(
    offers: pl.DataFrame, settings: CostSettings, plan: _Plan, notes: dict[str, BoolArray]
) -> tuple[FloatArray, FloatArray]:
    weight = numbers(offers, "weight_g")
    volume = fk.volume_cm3(
        numbers(offers, "length_cm"), numbers(offers, "width_cm"), numbers(offers, "height_cm")
    )
    size_unknown = np.isnan(volume) & ~np.isnan(weight)
    notes["weight_unknown"] = np.isnan(weight)
    if plan.lane is not None:
        return _bulk_freight(weight, volume, size_unknown, settings.quantity, plan.lane, notes)
    assert plan.parcel is not None and plan.rate is not None
    chargeable = fk.parcel_chargeable_g(weight, volume, plan.parcel)
    over = weight > plan.parcel.max_weight_g
    chargeable = np.where(over, np.nan, chargeable)
    notes["over_max_weight"] = over
    if plan.parcel.volumetric_divisor is not None:
        notes["size_unknown"] = size_unknown
    freight = fk.parcel_freight_cny(chargeable, plan.rate.per_kg_cny, plan.rate.registration_cny)
    return chargeable, freight


def _bulk_freight(
    weight: FloatArray,
    volume: FloatArray,
    size_unknown: BoolArray,
    quantity: int,
    lane: BulkLane,
    notes: dict[str, BoolArray],
) -> tuple[FloatArray, FloatArray]:
    per_unit = fk.bulk_shipment_cny(float(quantity), weight, volume, lane) / quantity
    if lane.mode == "sea":
        notes["size_unknown_sea"] = size_unknown
        # weight or measure: 1 cm³ counts as 1 g at sea
        chargeable = np.maximum(weight, volume)
    else:
        notes["size_unknown"] = size_unknown
        volumetric = np.where(np.isnan(weight), np.nan, volume / lane.volumetric_divisor * 1000.0)
        chargeable = np.fmax(weight, volumetric)
    return chargeable, per_unit + lane.fulfilment_per_unit_cny


def _duties(
    goods: FloatArray,
    freight: FloatArray,
    settings: CostSettings,
    plan: _Plan,
    notes: dict[str, BoolArray],
) -> dict[str, FloatArray]:
    zeros = np.zeros_like(goods)
    if plan.duty_included:
        notes["duty_included"] = np.ones_like(goods, dtype=bool)
        return {"duty_cny": zeros, "vat_cny": zeros}
    if plan.duty is None:
        return {"duty_cny": zeros, "vat_cny": zeros}
    consignment = float(settings.quantity) if plan.lane is not None else 1.0
    # The customs value carries the freight to the border, not the warehouse's delivery.
    border_freight = freight - plan.lane.fulfilment_per_unit_cny if plan.lane else freight
    duty = (
        fk.duty_cny(goods, consignment, plan.duty, plan.duty_fx, border_freight)
        if settings.include_duty
        else zeros
    )
    if not settings.include_vat or plan.sales_vat_pct > 0:
        # VAT inside a marketplace price is deducted from revenue (sales_vat_cny); import
        # VAT on a higher-value parcel is then reclaimed against it: counted once.
        return {"duty_cny": duty, "vat_cny": zeros}
    at_sale = fk.vat_collected_at_sale(goods, consignment, plan.duty, plan.duty_fx)
    notes["vat_at_sale"] = at_sale
    vat = np.where(at_sale, 0.0, fk.vat_cny(goods, border_freight, duty, plan.duty))
    return {"duty_cny": duty, "vat_cny": vat}


def _selling(
    offers: pl.DataFrame,
    settings: CostSettings,
    plan: _Plan,
    landed: FloatArray,
    notes: dict[str, BoolArray],
) -> dict[str, FloatArray]:
    retail = numbers(offers, "target_retail_price") * _retail_fx(offers, settings)
    notes["retail_unknown"] = np.isnan(retail)
    platform = plan.platform
    referral_pct = text_lookup(offers, "category", None, platform.referral_for)
    fx = plan.platform_fx
    referral = np.maximum(referral_pct / 100.0 * retail, platform.min_referral_fee * fx)
    return_cost = landed if settings.return_cost_cny is None else settings.return_cost_cny
    sales_vat = fk.vat_inside(retail, plan.sales_vat_pct)
    fixed = np.full(offers.height, platform.fixed_per_order * fx)
    if platform.small_order_max is not None:
        # eBay: $0.30 per order up to $10, $0.40 above (compared in the platform's currency)
        small = retail / fx <= platform.small_order_max
        fixed = np.where(small, platform.fixed_per_small_order * fx, fixed)
    return {
        "target_retail_price_cny": retail,
        "sales_vat_cny": sales_vat,
        "net_revenue_cny": retail - sales_vat,
        "platform_fee_cny": referral + fixed,
        "payment_fee_cny": platform.payment_pct / 100.0 * retail + platform.payment_fixed * fx,
        "ad_cost_cny": np.full(offers.height, settings.ad_cost_per_order_cny),
        "returns_allowance_cny": settings.return_rate_pct
        / 100.0
        * np.broadcast_to(return_cost, landed.shape),
    }


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def _profit(out: dict[str, Any], settings: CostSettings) -> dict[str, Any]:
    landed, retail = out["landed_unit_cost_cny"], out["target_retail_price_cny"]
    net = out["net_revenue_cny"]
    ad = out["ad_cost_cny"]
    total = (
        landed
        + out["platform_fee_cny"]
        + out["payment_fee_cny"]
        + ad
        + out["returns_allowance_cny"]
    )
    # The seller is paid the price net of the VAT the marketplace keeps.
    profit = net - total
    low = settings.markup_low * landed
    known = ~np.isnan(retail) & ~np.isnan(landed)
    passes = pl.Series("markup_passes", retail >= low).scatter(np.flatnonzero(~known), None)
    return {
        "total_unit_cost_cny": total,
        "unit_profit_cny": profit,
        "margin_pct": _ratio(profit, net) * 100.0,
        "roi_pct": _ratio(profit, total) * 100.0,
        "breakeven_ad_cost_cny": profit + ad,
        "retail_low_cny": low,
        "retail_high_cny": settings.markup_high * landed,
        "markup_multiple": _ratio(retail, landed),
        "markup_passes": passes,
        **seed_multiple(retail, out["purchase_cost_cny"], settings.markup_low),
    }


def seed_multiple(
    retail: FloatArray, purchase: FloatArray, low: float = 3.0
) -> dict[str, FloatArray | pl.Series]:
    """The seed guide's 售价 = 采购价 × 3–5: retail ÷ purchase price (extra fees included).

    The multiple is meant to *cover* freight, fees and marketing, so it is taken on the
    purchase price, not on the landed cost; the landed profit is shown beside it. The
    scorecard's ``markup_room`` reads ``purchase_cost_cny`` from this same function.
    """
    multiple = _ratio(retail, purchase)
    known = ~np.isnan(multiple)
    passes = pl.Series("seed_multiple_passes", np.nan_to_num(multiple) >= low)
    return {
        "seed_multiple": multiple,
        "seed_multiple_passes": passes.scatter(np.flatnonzero(~known), None),
    }


def _note_texts(notes: dict[str, BoolArray], height: int) -> tuple[pl.Series, pl.Series]:
    present = [code for code in NOTES if code in notes and notes[code].any()]
    if not present:
        empty = pl.Series([None] * height, dtype=pl.String)
        return empty, empty
    masks = [notes[code] for code in present]
    en, zh = (
        joined_where(masks, [NOTES[c][lang] for c in present], separator, None, height)
        for lang, separator in ((0, "; "), (1, ";"))
    )
    return en, zh


def _frame(out: dict[str, Any]) -> pl.DataFrame:
    columns = []
    for name in LANDED_COLUMNS:
        value = out[name]
        if isinstance(value, pl.Series):
            columns.append(value.alias(name))
        else:
            columns.append(pl.Series(name, value, dtype=pl.Float64, nan_to_null=True))
    return pl.DataFrame(columns)
