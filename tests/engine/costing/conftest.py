"""Small rate cards with round numbers, so every expected figure can be worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from daifa.engine.costing import (
    BulkLane,
    CostSettings,
    CurrencyRates,
    DutyRule,
    LineRate,
    ParcelLine,
    Platform,
    RateCards,
)

LINE = ParcelLine(
    id="line",
    name_zh="测试专线",
    name_en="Test line",
    min_chargeable_g=50,
    volumetric_divisor=8000,
    max_weight_g=2000,
    rates=(LineRate("US", 100.0, 20.0, 7, 12), LineRate("DE", 80.0, 10.0, 8, 14)),
)
SLOW = ParcelLine(
    id="slow",
    name_zh="慢线",
    name_en="Slow post",
    min_chargeable_g=0,
    volumetric_divisor=None,
    max_weight_g=2000,
    rates=(LineRate("US", 60.0, 10.0, 15, 25),),
)
SEA = BulkLane(
    id="sea_us",
    mode="sea",
    name_zh="海运",
    name_en="Sea",
    destination="US",
    per_kg_cny=0.0,
    per_cbm_cny=1000.0,
    volumetric_divisor=6000,
    min_charge_cny=1000.0,
    per_shipment_cny=1000.0,
    fulfilment_per_unit_cny=20.0,
    transit_days_min=30,
    transit_days_max=40,
)
AIR = BulkLane(
    id="air_us",
    mode="air",
    name_zh="空运",
    name_en="Air",
    destination="US",
    per_kg_cny=40.0,
    per_cbm_cny=0.0,
    volumetric_divisor=5000,
    min_charge_cny=800.0,
    per_shipment_cny=200.0,
    fulfilment_per_unit_cny=20.0,
    transit_days_min=8,
    transit_days_max=12,
)
PLATFORM = Platform(
    id="shop",
    name_zh="测试平台",
    name_en="Test shop",
    currency="USD",
    referral_pct=10.0,
    category_referral_pct=(("3C", 8.0),),
    min_referral_fee=0.30,
    fixed_per_order=0.5,
    payment_pct=2.0,
    payment_fixed=0.2,
)
BARE = Platform(id="bare", name_zh="无费", name_en="No fees", currency="USD", referral_pct=0.0)
DUTIES = (
    DutyRule(destination="US", currency="USD", duty_pct=10.0, de_minimis=100.0),
    DutyRule(
        destination="DE",
        currency="EUR",
        duty_pct=4.0,
        de_minimis=150.0,
        low_value_flat=3.0,
        vat_pct=20.0,
    ),
)
RATES = CurrencyRates(date(2026, 11, 1), (("USD", 7.0), ("EUR", 8.0)))
CARDS = RateCards(
    lines=(LINE, SLOW),
    bulk=(SEA, AIR),
    platforms=(PLATFORM, BARE),
    duties=DUTIES,
    as_of=date(2026, 11, 1),
)


@pytest.fixture
def settings() -> CostSettings:
    """No costs but goods and freight: each test switches on the component it checks."""
    return CostSettings(
        CARDS,
        RATES,
        quantity=50,
        line="line",
        destination="US",
        platform="bare",
        include_duty=False,
    )
