from __future__ import annotations

from datetime import date

import pytest

from daifa.engine.costing import (
    BulkLane,
    CostSettings,
    CurrencyRates,
    LineRate,
    Platform,
    stale_currency_warning,
)
from daifa.engine.errors import InputError


def test_currency_rates_are_stale_after_seven_days() -> None:
    rates = CurrencyRates(date(2026, 11, 1), (("USD", 7.1),))
    assert stale_currency_warning(rates, date(2026, 11, 8)) is None
    warning = stale_currency_warning(rates, date(2026, 11, 9))
    assert warning is not None
    assert "8 days old" in warning.en and "2026-11-01" in warning.en
    assert "8 天" in warning.zh


def test_currency_conversion_uses_cny_per_unit(settings: CostSettings) -> None:
    rates = settings.rates
    assert rates.to_cny(10.0, "EUR") == 80.0
    assert rates.to_cny(10.0, "CNY") == 10.0
    with pytest.raises(InputError) as info:
        rates.rate("JPY")
    assert info.value.allowed == "CNY, EUR, USD"


def test_cards_refuse_negative_rates_and_backwards_transit_days() -> None:
    with pytest.raises(InputError) as info:
        LineRate("US", -1.0, 20.0, 7, 12)
    assert info.value.field == "per_kg_cny"
    with pytest.raises(InputError) as info:
        LineRate("US", 1.0, 20.0, 12, 7)
    assert info.value.field == "transit_days_max"


def test_a_bulk_lane_must_be_sea_or_air() -> None:
    with pytest.raises(InputError) as info:
        BulkLane("x", "rail", "铁路", "Rail", "DE", 1, 1, 6000, 0, 0, 0, 20, 30)
    assert (info.value.field, info.value.allowed) == ("mode", "sea, air")


def test_a_platform_category_rate_overrides_the_referral_rate(settings: CostSettings) -> None:
    platform = settings.cards.platform("shop")
    assert platform.referral_for("3C") == 8.0
    assert platform.referral_for("toys") == 10.0
    assert platform.referral_for(None) == 10.0
    with pytest.raises(InputError):
        Platform("p", "p", "p", "USD", 10.0, category_referral_pct=(("x", 120.0),))


def test_cards_can_be_replaced_for_a_what_if(settings: CostSettings) -> None:
    cheaper = settings.cards.replace(duties=())
    assert cheaper.duty("US") is None
    assert settings.cards.duty("US") is not None
