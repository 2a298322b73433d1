"""Freight and duty kernels: arrays in, arrays out, no validation (see ``landed.py``).

NaN means unknown and propagates: a parcel whose weight is unknown has an unknown
freight, never a zero one.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from daifa.engine.costing.cards import BulkLane, DutyRule, ParcelLine

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
CM3_PER_CBM = 1_000_000.0
# Sea freight's weight-or-measure rule: a tonne counts as one cubic metre.
KG_PER_CBM_SEA = 1000.0


def volume_cm3(length_cm: FloatArray, width_cm: FloatArray, height_cm: FloatArray) -> FloatArray:
    return length_cm * width_cm * height_cm


def parcel_chargeable_g(weight_g: FloatArray, volume: FloatArray, line: ParcelLine) -> FloatArray:
    """max(actual, volumetric, line minimum) in grams; an unknown volume is not counted.

    Volumetric grams = cm³ / divisor × 1000 (a divisor of 8000 means 8000 cm³ weigh 1 kg).
    """
    chargeable = np.maximum(weight_g, line.min_chargeable_g)
    if line.volumetric_divisor is None:
        return chargeable
    volumetric = volume / line.volumetric_divisor * 1000.0
    # fmax lets an unknown volume leave the weight standing; an unknown weight stays unknown
    return np.where(np.isnan(weight_g), np.nan, np.fmax(chargeable, volumetric))


def parcel_freight_cny(
    chargeable_g: FloatArray, per_kg_cny: float, registration_cny: float
) -> FloatArray:
    return chargeable_g / 1000.0 * per_kg_cny + registration_cny


def bulk_shipment_cny(
    units: FloatArray | float,
    weight_g: FloatArray | float,
    volume: FloatArray | float,
    lane: BulkLane,
) -> FloatArray:
    """Freight for one bulk shipment of ``units`` identical units (without fulfilment).

    Sea: per cbm of max(volume, tonnes). Air: per kg of max(actual, volumetric kg).
    Either way at least ``min_charge_cny``, plus ``per_shipment_cny``.
    """
    kg = np.asarray(units * weight_g / 1000.0, dtype=np.float64)
    cm3 = np.asarray(units * volume, dtype=np.float64)
    if lane.mode == "sea":
        charge = np.maximum(cm3 / CM3_PER_CBM, kg / KG_PER_CBM_SEA) * lane.per_cbm_cny
    else:
        volumetric_kg = np.where(np.isnan(kg), np.nan, cm3 / lane.volumetric_divisor)
        charge = np.fmax(kg, volumetric_kg) * lane.per_kg_cny
    return np.maximum(charge, lane.min_charge_cny) + lane.per_shipment_cny


def duty_cny(
    goods_cny: FloatArray,
    consignment_units: FloatArray | float,
    rule: DutyRule,
    cny_per_duty_unit: float,
    freight_cny: FloatArray | float = 0.0,
) -> FloatArray:
    """Duty per unit: ad valorem when the consignment is above de minimis, else the flat fee.

    ``consignment_units`` is 1 for a parcel per order and the shipment size for bulk;
    the flat low-value duty and fees are per consignment, so they are spread over its
    units. The de-minimis test reads the goods value (the "intrinsic value" of EU and UK
    rules); the ad-valorem base adds the freight when the destination taxes CIF.
    """
    consignment_value = goods_cny * consignment_units / cny_per_duty_unit
    above = consignment_value > rule.de_minimis
    base = goods_cny + freight_cny if rule.duty_on_freight else goods_cny
    ad_valorem = base * rule.duty_pct / 100.0
    flat = (rule.low_value_flat + rule.low_value_fee) * cny_per_duty_unit / consignment_units
    return np.where(np.isnan(goods_cny), np.nan, np.where(above, ad_valorem, flat))


def vat_collected_at_sale(
    goods_cny: FloatArray,
    consignment_units: FloatArray | float,
    rule: DutyRule,
    cny_per_duty_unit: float,
) -> BoolArray:
    """True where the destination charges VAT at sale (low-value rule), not at import."""
    if rule.vat_at_sale_up_to is None:
        return np.zeros_like(goods_cny, dtype=bool)
    consignment_value = goods_cny * consignment_units / cny_per_duty_unit
    return consignment_value <= rule.vat_at_sale_up_to


def vat_cny(
    goods_cny: FloatArray, freight_cny: FloatArray, duty: FloatArray, rule: DutyRule
) -> FloatArray:
    # Import VAT is charged on the value landed at the border: goods, freight and duty.
    return (goods_cny + freight_cny + duty) * rule.vat_pct / 100.0


def vat_inside(retail_cny: FloatArray, vat_pct: float) -> FloatArray:
    """The VAT contained in a VAT-inclusive price: retail × v / (1 + v).

    >>> round(float(vat_inside(np.array([12.99]), 20.0)[0]), 4)  # £12.99 nets £10.825
    2.165
    """
    return retail_cny * vat_pct / (100.0 + vat_pct)
