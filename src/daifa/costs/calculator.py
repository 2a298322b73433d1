"""One offer's landed cost and freight choice, laid out for the calculator page.

The numbers all come from the engine (``landed_cost_one``, ``choose_freight``); this
module only picks the reader's language and orders the lines of the breakdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from daifa.engine.costing import (
    CostSettings,
    FreightChoice,
    FreightOption,
    choose_freight,
    landed_cost_one,
)
from daifa.sources.ratecards import settings_from_mapping

# (column, label, is a subtotal): the landed cost, then what selling adds on top
LANDED_LINES: tuple[tuple[str, Promise, bool], ...] = (
    ("unit_price_at_qty_cny", _("Unit price at the quantity"), False),
    ("packaging_extras_cny", _("Packaging and extras"), False),
    ("sample_fee_per_unit_cny", _("Sample fee share"), False),
    ("domestic_freight_cny", _("Domestic freight"), False),
    ("intl_freight_cny", _("International freight"), False),
    ("duty_cny", _("Duty"), False),
    ("vat_cny", _("Import VAT"), False),
    ("landed_unit_cost_cny", _("Landed unit cost"), True),
)
SELLING_LINES: tuple[tuple[str, Promise, bool], ...] = (
    ("sales_vat_cny", _("VAT kept by the marketplace"), False),
    ("net_revenue_cny", _("Net revenue (what the marketplace pays)"), True),
    ("platform_fee_cny", _("Platform fee"), False),
    ("payment_fee_cny", _("Payment fee"), False),
    ("ad_cost_cny", _("Advertising per order"), False),
    ("returns_allowance_cny", _("Returns allowance"), False),
    ("total_unit_cost_cny", _("Total unit cost"), True),
)
FREIGHT_KINDS = {
    "parcel": _("dropship parcel line"),
    "sea": _("bulk sea to a warehouse"),
    "air": _("bulk air to a warehouse"),
}
PRICE_BASIS = {
    "dropship": _("dropship price"),
    "tier": _("price tier"),
    "unit_price": _("unit price"),
}


@dataclass(frozen=True)
class Line:
    label: Any
    value: float | None
    subtotal: bool
    detail: Any = ""


@dataclass(frozen=True)
class FreightRow:
    option: FreightOption
    name: str
    kind: Any
    note: str
    winner: bool


@dataclass(frozen=True)
class Calculation:
    row: dict[str, Any]
    landed: tuple[Line, ...]
    selling: tuple[Line, ...]
    note: str | None
    freight: FreightChoice | None
    freight_rows: tuple[FreightRow, ...]
    freight_reason: str

    @property
    def passes(self) -> bool | None:
        value = self.row["markup_passes"]
        return None if value is None else bool(value)


def calculate(
    settings: CostSettings,
    offer: dict[str, Any],
    setting_values: dict[str, Any],
    *,
    units: int | None,
    deadline_days: int | None,
    lang: str,
) -> Calculation:
    """Raises ``InputError`` (zh and en, naming the field) for what the engine refuses."""
    settings = settings_from_mapping(setting_values, base=settings, label="calculator")
    row = landed_cost_one(offer, settings)
    freight = None
    if deadline_days is not None:
        freight = _freight(settings, offer, row, units or settings.quantity, deadline_days)
    zh = lang == "zh"
    details = _details(row)
    return Calculation(
        row=row,
        landed=tuple(
            Line(label, row[key], total, details.get(key, "")) for key, label, total in LANDED_LINES
        ),
        selling=tuple(Line(label, row[key], total) for key, label, total in SELLING_LINES),
        note=row["costing_note_zh"] if zh else row["costing_note"],
        freight=freight,
        freight_rows=_freight_rows(freight, zh),
        freight_reason="" if freight is None else (freight.reason_zh if zh else freight.reason_en),
    )


def _details(row: dict[str, Any]) -> dict[str, Any]:
    """Why two lines have their value: the price basis and the chargeable weight."""
    details: dict[str, Any] = {}
    if row["price_basis"]:
        details["unit_price_at_qty_cny"] = PRICE_BASIS[row["price_basis"]]
    if row["chargeable_weight_g"] is not None:
        grams = f"{row['chargeable_weight_g']:,.0f}"
        details["intl_freight_cny"] = _("chargeable weight %(grams)s g") % {"grams": grams}
    return details


def _freight_rows(choice: FreightChoice | None, zh: bool) -> tuple[FreightRow, ...]:
    if choice is None:
        return ()
    winner = choice.winner.id if choice.winner else None
    return tuple(
        FreightRow(
            option=o,
            name=o.name_zh if zh else o.name_en,
            kind=FREIGHT_KINDS[o.kind],
            note=o.note_zh if zh else o.note_en,
            winner=o.id == winner,
        )
        for o in choice.options
    )


def _freight(
    settings: CostSettings, offer: dict[str, Any], row: dict[str, Any], units: int, deadline: int
) -> FreightChoice:
    # the customs value of one unit, as the landed cost counts it, when it is known
    price, extras = row["unit_price_at_qty_cny"], row["packaging_extras_cny"]
    goods = None if price is None or extras is None else price + extras
    return choose_freight(
        settings,
        units=units,
        deadline_days=deadline,
        weight_g=offer.get("weight_g", 0.0),
        length_cm=offer.get("length_cm"),
        width_cm=offer.get("width_cm"),
        height_cm=offer.get("height_cm"),
        goods_value_cny=goods,
    )
