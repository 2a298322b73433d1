from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from daifa.engine.costing import (
    LANDED_COLUMNS,
    CostSettings,
    landed_cost_one,
    landed_costs,
    parse_tiers,
    with_landed_costs,
)
from daifa.engine.errors import InputError
from daifa.engine.schema import COLUMNS_BY_NAME

TIERS = "1-49:12.5;50-199:11.8;200+:10.9"


def offers(**columns: list[object]) -> pl.DataFrame:
    schema = {
        name: COLUMNS_BY_NAME[name].dtype if name in COLUMNS_BY_NAME else pl.Float64
        for name in columns
    }
    if "price_tiers" in columns:
        columns["price_tiers"] = [
            parse_tiers(t) if isinstance(t, str) else t for t in columns["price_tiers"]
        ]
    return pl.DataFrame(columns, schema=schema)


def one(settings: CostSettings, **values: object) -> dict[str, Any]:
    return dict(landed_cost_one({"quote_all_inclusive": True, **values}, settings))


# -- the full worked example (docs/costing.md) --------------------------------------------


def test_the_worked_example_adds_up_by_hand(settings: CostSettings) -> None:
    settings = settings.replace(
        platform="shop",
        include_duty=True,
        packaging_cny=1.0,
        sample_fee_cny=100.0,
        domestic_freight_per_order_cny=50.0,
        ad_cost_per_order_cny=5.0,
        return_rate_pct=10.0,
    )
    row = landed_cost_one(
        {
            "price_tiers": TIERS,
            "weight_g": 200.0,
            "length_cm": 10.0,
            "width_cm": 10.0,
            "height_cm": 10.0,
            "target_retail_price": 20.0,
            "retail_currency": "USD",
            "quote_all_inclusive": False,
            "extra_fees_cny": 0.5,
        },
        settings,
    )
    expected = {
        "unit_price_at_qty_cny": 11.8,
        "packaging_extras_cny": 1.5,  # 0.5 extra + 1.0 packaging (quote not all-inclusive)
        "sample_fee_per_unit_cny": 2.0,  # 100 / 50
        "domestic_freight_cny": 1.0,  # 50 / 50
        "chargeable_weight_g": 200.0,  # max(200, 1000/8000 kg = 125 g, 50)
        "intl_freight_cny": 40.0,  # 0.2 kg × 100 + 20
        "duty_cny": 0.0,  # 13.3 CNY = 1.9 USD ≤ 100 USD de minimis
        "landed_unit_cost_cny": 56.3,
        "target_retail_price_cny": 140.0,
        "platform_fee_cny": 17.5,  # max(10% × 140, 0.30 × 7) + 0.5 × 7
        "payment_fee_cny": 4.2,  # 2% × 140 + 0.2 × 7
        "ad_cost_cny": 5.0,
        "returns_allowance_cny": 5.63,  # 10% × 56.3 (a returned unit is written off)
        "total_unit_cost_cny": 88.63,
        "unit_profit_cny": 51.37,
        "breakeven_ad_cost_cny": 56.37,
        "retail_low_cny": 168.9,
        "retail_high_cny": 281.5,
    }
    for name, value in expected.items():
        assert row[name] == pytest.approx(value), name
    assert row["margin_pct"] == pytest.approx(51.37 / 140 * 100)
    assert row["roi_pct"] == pytest.approx(51.37 / 88.63 * 100)
    assert row["markup_multiple"] == pytest.approx(140 / 56.3)
    assert row["markup_passes"] is False
    assert row["price_basis"] == "tier"


def test_it_returns_every_documented_column_in_offer_order(settings: CostSettings) -> None:
    frame = offers(unit_price_cny=[3.0, 1.0, 2.0], weight_g=[100.0, 100.0, 100.0])
    result = landed_costs(frame, settings)
    assert result.columns == list(LANDED_COLUMNS)
    assert result["unit_price_at_qty_cny"].to_list() == [3.0, 1.0, 2.0]


# -- price at quantity ----------------------------------------------------------------


def test_49_pieces_take_the_1_to_49_price_and_50_take_the_next_tier(settings: CostSettings) -> None:
    frame = offers(price_tiers=[TIERS], weight_g=[100.0])
    assert landed_costs(frame, settings, quantity=49)["unit_price_at_qty_cny"][0] == 12.5
    assert landed_costs(frame, settings, quantity=50)["unit_price_at_qty_cny"][0] == 11.8
    assert landed_costs(frame, settings, quantity=200)["unit_price_at_qty_cny"][0] == 10.9


def test_a_single_piece_takes_the_dropship_price(settings: CostSettings) -> None:
    frame = offers(price_tiers=[TIERS], dropship_price_cny=[15.0], weight_g=[100.0])
    single = landed_costs(frame, settings, quantity=1)
    assert single["unit_price_at_qty_cny"][0] == 15.0
    assert single["price_basis"][0] == "dropship"
    assert landed_costs(frame, settings, quantity=2)["unit_price_at_qty_cny"][0] == 12.5


def test_dropship_mode_takes_the_dropship_price_at_any_quantity(settings: CostSettings) -> None:
    frame = offers(price_tiers=[TIERS], dropship_price_cny=[15.0], weight_g=[100.0])
    result = landed_costs(frame, settings.replace(dropship=True, quantity=60))
    assert result["unit_price_at_qty_cny"][0] == 15.0


def test_below_the_moq_there_is_no_price_and_a_note_says_why(settings: CostSettings) -> None:
    frame = offers(unit_price_cny=[5.0], moq=[10], weight_g=[100.0])
    row = landed_costs(frame, settings, quantity=5).row(0, named=True)
    assert row["unit_price_at_qty_cny"] is None
    assert row["landed_unit_cost_cny"] is None
    assert "below the minimum order" in row["costing_note"]
    assert "起订量" in row["costing_note_zh"]
    assert landed_costs(frame, settings, quantity=10)["unit_price_at_qty_cny"][0] == 5.0


def test_a_dropship_price_lifts_the_moq_for_one_piece(settings: CostSettings) -> None:
    frame = offers(unit_price_cny=[5.0], moq=[10], dropship_price_cny=[7.0], weight_g=[100.0])
    assert landed_costs(frame, settings, quantity=1)["unit_price_at_qty_cny"][0] == 7.0


def test_the_unit_price_is_used_when_there_are_no_tiers(settings: CostSettings) -> None:
    frame = offers(price_tiers=[None, TIERS], unit_price_cny=[9.0, 99.0], weight_g=[100.0, 100.0])
    result = landed_costs(frame, settings)
    assert result["unit_price_at_qty_cny"].to_list() == [9.0, 11.8]
    assert result["price_basis"].to_list() == ["unit_price", "tier"]


# -- goods-side components -------------------------------------------------------------


def test_packaging_is_added_unless_the_quote_is_all_inclusive(settings: CostSettings) -> None:
    settings = settings.replace(packaging_cny=1.2)
    frame = offers(
        unit_price_cny=[10.0, 10.0, 10.0],
        weight_g=[100.0] * 3,
        quote_all_inclusive=[True, False, None],
        extra_fees_cny=[None, 0.8, None],
    )
    result = landed_costs(frame, settings)
    assert result["packaging_extras_cny"].to_list() == pytest.approx([0.0, 2.0, 1.2])
    notes = result["costing_note"].to_list()
    assert notes[0] is None or "all-inclusive" not in notes[0]
    assert "not confirmed all-inclusive" in notes[2]


def test_the_sample_fee_is_spread_over_the_first_order_unless_deducted(
    settings: CostSettings,
) -> None:
    settings = settings.replace(sample_fee_cny=60.0, quantity=20)
    frame = offers(
        unit_price_cny=[10.0] * 3,
        weight_g=[100.0] * 3,
        sample_fee_deductible=[False, True, None],
        sample_fee_cny=[None, None, 100.0],  # a per-offer sample fee overrides the setting
    )
    assert landed_costs(frame, settings)["sample_fee_per_unit_cny"].to_list() == [3.0, 0.0, 5.0]


def test_domestic_freight_per_order_is_shared_by_the_units(settings: CostSettings) -> None:
    settings = settings.replace(domestic_freight_per_order_cny=12.0, quantity=8)
    row = one(settings, unit_price_cny=10.0, weight_g=100.0)
    assert row["domestic_freight_cny"] == 1.5


# -- international freight --------------------------------------------------------------


def test_a_light_but_bulky_parcel_is_charged_by_volume(settings: CostSettings) -> None:
    # 40 × 30 × 10 cm = 12,000 cm³ / 8000 = 1.5 kg chargeable, though it weighs 100 g
    row = one(
        settings, unit_price_cny=10.0, weight_g=100.0, length_cm=40.0, width_cm=30.0, height_cm=10.0
    )
    assert row["chargeable_weight_g"] == 1500.0
    assert row["intl_freight_cny"] == pytest.approx(1.5 * 100 + 20)


def test_a_tiny_parcel_pays_the_minimum_chargeable_weight(settings: CostSettings) -> None:
    row = one(settings, unit_price_cny=10.0, weight_g=20.0)
    assert row["chargeable_weight_g"] == 50.0
    assert row["intl_freight_cny"] == pytest.approx(0.05 * 100 + 20)
    assert "volumetric weight not checked" in row["costing_note"]


def test_an_unknown_weight_makes_freight_and_landed_cost_unknown_never_zero(
    settings: CostSettings,
) -> None:
    row = one(settings, unit_price_cny=10.0, target_retail_price=10.0)
    assert row["intl_freight_cny"] is None
    assert row["landed_unit_cost_cny"] is None
    assert row["markup_passes"] is None
    assert "weight unknown" in row["costing_note"]
    assert "重量未知" in row["costing_note_zh"]


def test_a_known_size_does_not_stand_in_for_an_unknown_weight(settings: CostSettings) -> None:
    dims = {"length_cm": 40.0, "width_cm": 30.0, "height_cm": 10.0}
    assert one(settings, unit_price_cny=10.0, **dims)["intl_freight_cny"] is None
    bulk = landed_cost_one({"unit_price_cny": 10.0, **dims}, settings, line="air_us")
    assert bulk["intl_freight_cny"] is None


def test_a_parcel_over_the_line_maximum_has_no_freight(settings: CostSettings) -> None:
    row = one(settings, unit_price_cny=10.0, weight_g=2500.0)
    assert row["intl_freight_cny"] is None
    assert "maximum parcel weight" in row["costing_note"]


def test_the_cheapest_unit_price_is_not_the_cheapest_landed_cost(settings: CostSettings) -> None:
    frame = offers(unit_price_cny=[8.0, 12.0], weight_g=[900.0, 150.0], offer_id=["heavy", "light"])
    result = landed_costs(frame, settings)
    # heavy: 8 + 0.9 × 100 + 20 = 118; light: 12 + 0.15 × 100 + 20 = 47
    assert result["landed_unit_cost_cny"].to_list() == pytest.approx([118.0, 47.0])


def test_a_bulk_lane_spreads_the_shipment_over_the_units(settings: CostSettings) -> None:
    # air, 100 units of 200 g in 10×10×10: volumetric 100 × 1000 / 5000 = 20 kg = actual 20 kg
    # freight max(20 × 40, 800) + 200 = 1000 → 10 a unit, plus 20 fulfilment
    row = landed_cost_one(
        {
            "unit_price_cny": 10.0,
            "weight_g": 200.0,
            "length_cm": 10.0,
            "width_cm": 10.0,
            "height_cm": 10.0,
        },
        settings,
        line="air_us",
        quantity=100,
    )
    assert row["intl_freight_cny"] == pytest.approx(30.0)


def test_sea_freight_needs_the_size(settings: CostSettings) -> None:
    row = landed_cost_one({"unit_price_cny": 10.0, "weight_g": 200.0}, settings, line="sea_us")
    assert row["intl_freight_cny"] is None
    assert "sea freight" in row["costing_note"]


# -- duty and VAT -------------------------------------------------------------------------


def test_duty_applies_only_above_the_de_minimis(settings: CostSettings) -> None:
    settings = settings.replace(include_duty=True)
    frame = offers(
        unit_price_cny=[700.0, 707.0], weight_g=[100.0, 100.0], quote_all_inclusive=[True, True]
    )
    # 700 CNY = 100 USD is not above 100 USD; 707 CNY = 101 USD pays 10 %
    assert landed_costs(frame, settings)["duty_cny"].to_list() == pytest.approx([0.0, 70.7])


def test_a_low_value_parcel_pays_the_flat_duty_instead(settings: CostSettings) -> None:
    settings = settings.replace(include_duty=True, destination="DE")
    row = one(settings, unit_price_cny=80.0, weight_g=100.0)
    assert row["duty_cny"] == pytest.approx(3.0 * 8.0)  # €3 at 8 CNY/EUR


def test_vat_is_charged_on_goods_freight_and_duty_when_asked(settings: CostSettings) -> None:
    settings = settings.replace(include_duty=True, include_vat=True, destination="DE")
    # goods 80, freight 0.1 × 80 + 10 = 18, duty 24 → VAT 20 % of 122
    row = one(settings, unit_price_cny=80.0, weight_g=100.0)
    assert row["vat_cny"] == pytest.approx(24.4)


# -- selling costs and profit ---------------------------------------------------------


def test_the_retail_price_is_converted_with_the_row_currency_or_the_default(
    settings: CostSettings,
) -> None:
    frame = offers(
        unit_price_cny=[10.0, 10.0, 10.0],
        weight_g=[100.0] * 3,
        target_retail_price=[10.0, 10.0, 10.0],
        retail_currency=["EUR", None, "cny"],
    )
    assert landed_costs(frame, settings)["target_retail_price_cny"].to_list() == [80.0, 70.0, 10.0]


def test_platform_fees_use_the_category_rate_and_the_minimum(settings: CostSettings) -> None:
    settings = settings.replace(platform="shop")
    frame = offers(
        unit_price_cny=[10.0] * 3,
        weight_g=[100.0] * 3,
        target_retail_price=[100.0, 100.0, 1.0],
        category=["3C", "toys", None],
    )
    fees = landed_costs(frame, settings)["platform_fee_cny"].to_list()
    # 8 % or 10 % of 700 CNY plus 3.5 fixed; 1 USD pays the 0.30 USD minimum (2.1 CNY)
    assert fees == pytest.approx([59.5, 73.5, 5.6])


def test_the_returns_allowance_is_the_return_rate_times_what_a_return_costs(
    settings: CostSettings,
) -> None:
    base = settings.replace(return_rate_pct=5.0)
    row = one(base, unit_price_cny=10.0, weight_g=100.0)  # landed 10 + 30 = 40
    assert row["returns_allowance_cny"] == pytest.approx(2.0)
    row = one(base.replace(return_cost_cny=15.0), unit_price_cny=10.0, weight_g=100.0)
    assert row["returns_allowance_cny"] == pytest.approx(0.75)


def test_spending_the_break_even_ad_cost_leaves_no_profit(settings: CostSettings) -> None:
    values = {"unit_price_cny": 10.0, "weight_g": 100.0, "target_retail_price": 20.0}
    breakeven = one(settings, **values)["breakeven_ad_cost_cny"]
    assert breakeven == pytest.approx(140.0 - 40.0)
    row = one(settings.replace(ad_cost_per_order_cny=breakeven), **values)
    assert row["unit_profit_cny"] == pytest.approx(0.0)
    assert row["breakeven_ad_cost_cny"] == pytest.approx(breakeven)


def test_the_markup_passes_at_three_times_landed_cost(settings: CostSettings) -> None:
    # landed 40 CNY: passes from 120 CNY retail
    frame = offers(
        unit_price_cny=[10.0] * 3,
        weight_g=[100.0] * 3,
        target_retail_price=[120.0, 119.9, None],
        retail_currency=["CNY"] * 3,
    )
    result = landed_costs(frame, settings)
    assert result["markup_passes"].to_list() == [True, False, None]
    assert result["retail_low_cny"].to_list() == [120.0] * 3
    assert result["retail_high_cny"].to_list() == [200.0] * 3
    assert result["markup_multiple"][0] == pytest.approx(3.0)
    assert result["landed_unit_cost_cny"][2] == 40.0  # no retail price: still a landed cost
    assert result["unit_profit_cny"][2] is None


# -- helpers for pages -----------------------------------------------------------------


def test_with_landed_costs_appends_and_replaces_columns(settings: CostSettings) -> None:
    frame = offers(offer_id=["a"], unit_price_cny=[10.0], weight_g=[100.0])
    once = with_landed_costs(frame, settings)
    twice = with_landed_costs(once, settings, quantity=60)
    assert twice.columns == once.columns
    assert twice["offer_id"][0] == "a"
    assert twice["landed_unit_cost_cny"][0] == 40.0


# -- bad input -------------------------------------------------------------------------


def test_it_rejects_negative_weights_naming_row_field_and_allowed(settings: CostSettings) -> None:
    frame = offers(offer_id=["a", "b"], unit_price_cny=[1.0, 1.0], weight_g=[100.0, -5.0])
    with pytest.raises(InputError) as info:
        landed_costs(frame, settings)
    error = info.value
    assert (error.field, error.value, error.row) == ("weight_g", -5.0, 2)
    assert "Row 2 (offer b)" in error.message_en and "≥ 0" in error.message_en
    assert "第 2 行" in error.message_zh and "weight_g" in error.message_zh


def test_it_rejects_text_where_a_number_belongs(settings: CostSettings) -> None:
    frame = pl.DataFrame({"unit_price_cny": [1.0, 2.0], "weight_g": ["100", "heavy"]})
    with pytest.raises(InputError) as info:
        landed_costs(frame, settings)
    assert (info.value.field, info.value.value, info.value.row) == ("weight_g", "heavy", 2)


def test_it_rejects_a_yes_no_column_that_is_not_boolean(settings: CostSettings) -> None:
    frame = pl.DataFrame({"unit_price_cny": [1.0, 2.0], "quote_all_inclusive": [None, "maybe"]})
    with pytest.raises(InputError) as info:
        landed_costs(frame, settings)
    assert (info.value.field, info.value.row) == ("quote_all_inclusive", 2)


def test_an_unknown_line_lists_the_known_ones(settings: CostSettings) -> None:
    with pytest.raises(InputError) as info:
        landed_costs(offers(unit_price_cny=[1.0]), settings, line="dhl")
    assert info.value.field == "line"
    assert info.value.allowed == "air_us, line, sea_us, slow"
    assert "dhl" in info.value.message_zh


def test_a_destination_without_a_rate_lists_where_the_line_goes(settings: CostSettings) -> None:
    with pytest.raises(InputError) as info:
        landed_costs(offers(unit_price_cny=[1.0]), settings, destination="JP")
    assert info.value.field == "destination"
    assert info.value.allowed == "DE, US"
    assert "JP" in info.value.message_en and "JP" in info.value.message_zh


def test_a_bulk_lane_to_another_country_is_refused(settings: CostSettings) -> None:
    with pytest.raises(InputError) as info:
        landed_costs(offers(unit_price_cny=[1.0]), settings, line="air_us", destination="DE")
    assert (info.value.field, info.value.allowed) == ("destination", "US")


def test_an_unknown_platform_lists_the_known_ones(settings: CostSettings) -> None:
    with pytest.raises(InputError) as info:
        landed_costs(offers(unit_price_cny=[1.0]), settings, platform="wish")
    assert (info.value.field, info.value.allowed) == ("platform", "bare, shop")


def test_a_missing_duty_rule_is_an_error_when_duties_are_on(settings: CostSettings) -> None:
    cards = settings.cards.replace(duties=())
    with pytest.raises(InputError) as info:
        landed_costs(offers(unit_price_cny=[1.0]), settings.replace(cards=cards, include_duty=True))
    assert info.value.field == "destination"
    assert "include_duty" in info.value.message_en


def test_an_unknown_retail_currency_names_the_row(settings: CostSettings) -> None:
    frame = offers(
        unit_price_cny=[1.0, 1.0], target_retail_price=[1.0, 1.0], retail_currency=["USD", "BTC"]
    )
    with pytest.raises(InputError) as info:
        landed_costs(frame, settings)
    assert (info.value.field, info.value.row, info.value.value) == ("retail_currency", 2, "BTC")
    assert info.value.allowed == "CNY, EUR, USD"


def test_settings_reject_a_zero_quantity_and_an_impossible_return_rate(
    settings: CostSettings,
) -> None:
    with pytest.raises(InputError, match="quantity"):
        settings.replace(quantity=0)
    with pytest.raises(InputError, match="return_rate_pct"):
        settings.replace(return_rate_pct=120.0)
    with pytest.raises(InputError, match="ad_cost_per_order_cny"):
        settings.replace(ad_cost_per_order_cny=-1.0)


def test_a_negative_tier_price_in_the_frame_names_its_row(settings: CostSettings) -> None:
    bad = [{"min_qty": 1, "max_qty": None, "price_cny": -1.0}]
    frame = offers(price_tiers=[TIERS, bad], weight_g=[100.0, 100.0])
    with pytest.raises(InputError) as info:
        landed_costs(frame, settings)
    assert (info.value.field, info.value.row) == ("price_tiers", 2)
