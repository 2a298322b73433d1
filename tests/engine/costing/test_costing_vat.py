"""Revenue as the marketplace pays it: VAT inside a marketplace price is not the seller's.

The two hand cases are the audit's (numbers-2026-12 §5, cases 3 and 4): a £12.99 UK sale
and a €19.99 DE sale on Amazon, where the marketplace is the deemed supplier (UK ≤ £135)
or collects VAT under IOSS (EU ≤ €150) and keeps the VAT inside the price.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from daifa.engine.costing import (
    CostSettings,
    CurrencyRates,
    DutyRule,
    LineRate,
    ParcelLine,
    Platform,
    RateCards,
    landed_cost_one,
    landed_costs,
)
from daifa.engine.errors import InputError

LINE = ParcelLine(
    "line",
    "专线",
    "Line",
    50,
    8000,
    30000,
    (
        LineRate("GB", 62.0, 18.0, 5, 8),
        LineRate("DE", 66.0, 18.0, 7, 12),
        LineRate("FR", 70.0, 18.0, 7, 12),
        LineRate("US", 96.0, 21.0, 6, 10),
    ),
)
DDP = ParcelLine(
    "ddp", "完税专线", "DDP line", 50, None, 30000, (LineRate("US", 120.0, 21.0, 7, 12, True),)
)
AMAZON_UK = Platform(
    "amazon_uk", "亚马逊英国站", "Amazon UK", "GBP", 15.0, min_referral_fee=0.25,
    vat_inclusive_destinations=("GB",),
)  # fmt: skip
AMAZON_DE = Platform(
    "amazon_de", "亚马逊德国站", "Amazon DE", "EUR", 15.0, min_referral_fee=0.30,
    vat_inclusive_destinations=("DE", "FR"),
)  # fmt: skip
SHOP = Platform("shop", "独立站", "Own shop", "USD", 0.0)
DUTIES = (
    DutyRule("GB", "GBP", 4.0, 135.0, vat_pct=20.0, vat_at_sale_up_to=135.0),
    DutyRule("DE", "EUR", 4.0, 150.0, 3.0, 19.0, duty_on_freight=True, vat_at_sale_up_to=150.0),
    DutyRule("FR", "EUR", 4.0, 150.0, 3.0, 20.0, low_value_fee=2.0, vat_at_sale_up_to=150.0),
    DutyRule("US", "USD", 30.0, 0.0),
)
CARDS = RateCards((LINE, DDP), platforms=(AMAZON_UK, AMAZON_DE, SHOP), duties=DUTIES)
RATES = CurrencyRates(date(2026, 11, 1), (("USD", 7.10), ("EUR", 8.25), ("GBP", 9.40)))


def test_uk_12_99_nets_10_83_before_fees_and_profit_matches_the_hand_computation() -> None:
    settings = CostSettings(
        CARDS, RATES, quantity=20, line="line", destination="GB", platform="amazon_uk",
        retail_currency="GBP", packaging_cny=1.0, sample_fee_cny=60.0,
        domestic_freight_per_order_cny=40.0, ad_cost_per_order_cny=15.0, return_rate_pct=10.0,
    )  # fmt: skip
    row = landed_cost_one(
        {"unit_price_cny": 30.0, "extra_fees_cny": 2.13, "weight_g": 60.0,
         "length_cm": 10.0, "width_cm": 6.0, "height_cm": 6.0, "target_retail_price": 12.99},
        settings,
    )  # fmt: skip
    # By hand, in CNY at 9.40 per £:
    retail = 12.99 * 9.40  # 122.106
    net = 12.99 / 1.20 * 9.40  # £10.825 → 101.755: the marketplace keeps £2.165 of VAT
    landed = 30 + 2.13 + 1 + 60 / 20 + 40 / 20 + (0.060 * 62 + 18)  # 59.85 (60 g ≥ 45 g vol.)
    referral = 0.15 * retail  # Amazon UK charges on the VAT-inclusive price: 18.3159
    returns = 0.10 * landed  # 5.985
    total = landed + referral + 15.0 + returns  # 99.1509
    profit = net - total  # 2.6041, not the 22.96 of a VAT-blind sum
    assert round(12.99 / 1.2, 2) == 10.83
    assert row["landed_unit_cost_cny"] == pytest.approx(landed)
    assert row["duty_cny"] == 0.0  # ≤ £135: no customs duty
    assert row["vat_cny"] == 0.0  # VAT is not also counted at import
    assert row["sales_vat_cny"] == pytest.approx(retail - net)
    assert row["net_revenue_cny"] == pytest.approx(net)
    assert row["total_unit_cost_cny"] == pytest.approx(total)
    assert row["unit_profit_cny"] == pytest.approx(profit, rel=0.01)
    assert row["unit_profit_cny"] == pytest.approx(2.60, abs=0.01)
    assert row["margin_pct"] == pytest.approx(profit / net * 100, rel=0.01)
    assert row["roi_pct"] == pytest.approx(profit / total * 100, rel=0.01)
    assert row["breakeven_ad_cost_cny"] == pytest.approx(profit + 15.0, rel=0.01)


def test_de_19_99_profit_matches_the_hand_computation() -> None:
    settings = CostSettings(
        CARDS, RATES, line="line", destination="DE", platform="amazon_de",
        retail_currency="EUR", packaging_cny=1.0, return_rate_pct=5.0,
    )  # fmt: skip
    row = landed_cost_one(
        {"unit_price_cny": 10.0, "weight_g": 250.0, "target_retail_price": 19.99}, settings
    )
    retail = 19.99 * 8.25  # 164.9175
    net = retail / 1.19  # 138.5861; VAT kept by Amazon under IOSS: 26.3314
    landed = 10 + 1 + (0.25 * 66 + 18) + 3 * 8.25  # 70.25: €3 flat duty per item category
    total = landed + 0.15 * retail + 0.05 * landed  # 98.4976
    profit = net - total  # 40.0885, not 66.42
    assert row["duty_cny"] == pytest.approx(24.75)
    assert row["sales_vat_cny"] == pytest.approx(retail - net)
    assert row["unit_profit_cny"] == pytest.approx(profit, rel=0.01)
    assert row["unit_profit_cny"] == pytest.approx(40.09, abs=0.01)


def test_france_adds_its_small_parcel_fee_to_the_eu_flat_duty() -> None:
    settings = CostSettings(CARDS, RATES, line="line", destination="FR", platform="amazon_de")
    row = landed_cost_one({"unit_price_cny": 10.0, "weight_g": 100.0}, settings)
    assert row["duty_cny"] == pytest.approx((3 + 2) * 8.25)


def test_profit_is_never_above_net_revenue_minus_the_total_unit_cost() -> None:
    rng = np.random.default_rng(7)
    n = 300
    offers = pl.DataFrame(
        {
            "unit_price_cny": rng.uniform(1, 200, n),
            "weight_g": rng.uniform(20, 2000, n),
            "target_retail_price": rng.uniform(1, 150, n),
            "extra_fees_cny": rng.uniform(0, 5, n),
        }
    )
    for destination, platform, vat in (("GB", "amazon_uk", 20.0), ("DE", "amazon_de", 19.0)):
        for include_vat in (False, True):
            settings = CostSettings(
                CARDS, RATES, line="line", destination=destination, platform=platform,
                retail_currency="EUR", return_rate_pct=5.0, include_vat=include_vat,
            )  # fmt: skip
            out = landed_costs(offers, settings)
            retail, total = out["target_retail_price_cny"], out["total_unit_cost_cny"]
            bound = (retail / (1 + vat / 100) - total).to_numpy()
            assert (out["unit_profit_cny"].to_numpy() <= bound + 1e-9).all()


def test_prices_without_vat_keep_the_whole_price_as_revenue() -> None:
    settings = CostSettings(CARDS, RATES, line="line", destination="US", platform="shop")
    row = landed_cost_one(
        {"unit_price_cny": 10.0, "weight_g": 100.0, "target_retail_price": 10.0}, settings
    )
    assert row["sales_vat_cny"] == 0.0
    assert row["net_revenue_cny"] == pytest.approx(71.0)


def test_import_vat_follows_the_low_value_rule_when_the_price_excludes_vat() -> None:
    settings = CostSettings(
        CARDS, RATES, line="line", destination="DE", platform="shop", include_vat=True
    )
    cheap = landed_cost_one({"unit_price_cny": 10.0, "weight_g": 100.0}, settings)
    assert cheap["vat_cny"] == 0.0  # €1.21 ≤ €150: VAT charged at sale (IOSS), not at import
    assert "charged at sale" in cheap["costing_note"]
    dear = landed_cost_one({"unit_price_cny": 2000.0, "weight_g": 100.0}, settings)
    freight = 0.1 * 66 + 18
    duty = 0.04 * (2000 + freight)  # above €150: 4 % of the CIF value
    assert dear["duty_cny"] == pytest.approx(duty)
    assert dear["vat_cny"] == pytest.approx(0.19 * (2000 + freight + duty))


def test_a_ddp_line_does_not_count_duty_twice() -> None:
    settings = CostSettings(CARDS, RATES, line="ddp", destination="US", platform="shop")
    row = landed_cost_one({"unit_price_cny": 10.0, "weight_g": 100.0}, settings)
    assert row["duty_cny"] == 0.0
    assert "DDP" in row["costing_note"]
    plain = landed_cost_one({"unit_price_cny": 10.0, "weight_g": 100.0}, settings, line="line")
    assert plain["duty_cny"] == pytest.approx(3.0)


def test_a_vat_inclusive_platform_without_a_vat_rate_is_refused() -> None:
    cards = CARDS.replace(duties=DUTIES[2:])
    settings = CostSettings(
        cards, RATES, line="line", destination="GB", platform="amazon_uk", include_duty=False
    )
    with pytest.raises(InputError, match="VAT-inclusive"):
        landed_cost_one({"unit_price_cny": 10.0, "weight_g": 100.0}, settings)
