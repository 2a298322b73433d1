"""The shipped example cards say when they were true and where they come from (issue #14).

Each figure below is pinned to the public source the card names, so a change to the
card that drifts from its source fails here.
"""

from __future__ import annotations

from datetime import date

import pytest

from daifa.engine.costing import DutyRule, RateCards, card_warnings, landed_cost_one
from daifa.sources.ratecards import DEFAULT_SETTINGS, card_header, example_text

CARDS = DEFAULT_SETTINGS.cards


@pytest.mark.parametrize("kind", ["lines", "bulk", "platforms", "duties"])
def test_every_card_states_its_validity_source_and_check_date(kind: str) -> None:
    header = card_header(f"{kind}.toml", example_text(f"{kind}.toml"))
    assert header["example"] is True
    assert header["valid_from"] is not None and header["checked_on"] is not None
    assert header["source"]


def test_every_platform_and_duty_rule_states_its_validity_and_source() -> None:
    for rule in (*CARDS.platforms, *CARDS.duties):
        assert rule.valid_from is not None, rule
        assert rule.checked_on is not None, rule
        assert rule.source, rule


def test_us_duty_follows_the_2026_legal_basis() -> None:
    us = CARDS.duty("US")
    assert us is not None and us.de_minimis == 0  # suspension continued on 20 Feb 2026
    # MFN (~4.5 %) + Section 301 List 4A 7.5 %; no IEEPA, no Section 122 after 24 Jul 2026
    assert us.duty_pct == 12
    assert "Section 301" in us.source and "20 Feb 2026" in us.source
    assert "24 Jul 2026" in us.source and us.valid_from == date(2026, 7, 25)
    assert "30% combined" not in us.note_en


def test_eu_three_euro_duty_and_the_french_parcel_fee() -> None:
    de, fr = CARDS.duty("DE"), CARDS.duty("FR")
    assert de is not None and fr is not None
    assert (de.low_value_flat, de.low_value_fee, de.valid_from) == (3, 0, date(2026, 7, 1))
    assert de.valid_to == date(2028, 7, 1) and "11 Feb 2026" in de.source
    assert (fr.low_value_flat, fr.low_value_fee) == (3, 2) and "loi de finances 2026" in fr.source


def test_uk_relief_holds_until_march_2029_and_vat_is_taken_at_sale() -> None:
    gb = CARDS.duty("GB")
    assert gb is not None and (gb.de_minimis, gb.vat_at_sale_up_to, gb.vat_pct) == (135, 135, 20)
    assert gb.valid_to == date(2029, 3, 31) and "March 2029" in gb.source


def test_amazon_us_charges_15_percent_on_electronics_accessories() -> None:
    amazon = CARDS.platform("amazon_us")
    assert amazon.referral_for("3C") == 15 and amazon.referral_for("consumer electronics") == 8
    assert "Electronics Accessories" in amazon.source and "15 %" in amazon.source


def test_a_15_99_phone_case_on_amazon_us_pays_15_percent() -> None:
    settings = DEFAULT_SETTINGS.replace(platform="amazon_us", include_duty=False)
    row = landed_cost_one(
        {"unit_price_cny": 10.0, "weight_g": 100.0, "target_retail_price": 15.99, "category": "3C"},
        settings,
    )
    usd = DEFAULT_SETTINGS.rates.rate("USD")
    assert row["platform_fee_cny"] == pytest.approx(0.15 * 15.99 * usd)


def test_shopify_for_china_based_merchants_is_paypal_plus_the_third_party_fee() -> None:
    shopify = CARDS.platform("shopify")
    assert (shopify.payment_pct, shopify.payment_fixed) == (4.4 + 2.0, 0.30)
    assert "PayPal" in shopify.source and "4.4 % + $0.30" in shopify.source
    assert "2 %" in shopify.source


def test_ebay_charges_30_cents_per_order_up_to_10_dollars() -> None:
    ebay = CARDS.platform("ebay_us")
    assert (ebay.small_order_max, ebay.fixed_per_small_order, ebay.fixed_per_order) == (
        10,
        0.30,
        0.40,
    )
    assert "$0.30 when the order total is $10 or less" in ebay.source
    settings = DEFAULT_SETTINGS.replace(platform="ebay_us", include_duty=False)
    usd = DEFAULT_SETTINGS.rates.rate("USD")
    for retail, fixed in ((8.0, 0.30), (10.0, 0.30), (12.0, 0.40)):
        row = landed_cost_one(
            {"unit_price_cny": 5.0, "weight_g": 100.0, "target_retail_price": retail}, settings
        )
        assert row["platform_fee_cny"] == pytest.approx((0.136 * retail + fixed) * usd)


def test_shopee_has_a_card_that_says_it_is_unverified() -> None:
    shopee = CARDS.platform("shopee_sg")
    assert shopee.currency == "SGD" and DEFAULT_SETTINGS.rates.rate("SGD") > 0
    assert "NOT VERIFIED" in shopee.source


def test_the_app_warns_when_a_card_is_old_or_a_rule_expired() -> None:
    assert card_warnings(CARDS, date(2026, 12, 6)) == []
    later = card_warnings(CARDS, date(2027, 6, 1))
    assert any("Card platforms was last checked on 2026-12-06" in w.en for w in later)
    assert all(w.zh for w in later)
    expired = RateCards((), duties=(DutyRule("US", "USD", 30, 0, valid_to=date(2026, 7, 24)),))
    (warning,) = card_warnings(expired, date(2026, 12, 6))
    assert "valid until 2026-07-24" in warning.en and "有效期" in warning.zh
