"""The settings page: rates with their date, defaults, cards as TOML; nothing half-saved."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.costs.cases import LINES

from daifa.costs.models import CostProfile
from daifa.costs.selectors import cost_settings_for
from daifa.sources.ratecards import DEFAULT_SETTINGS, example_text

TODAY = timezone.localdate()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
RATES = {"as_of": YESTERDAY, "rate_USD": "7.2", "rate_EUR": "8.3", "rate_GBP": "9.5"}
RATES |= {"rate_JPY": "0.048", "rate_AUD": "4.7", "rate_CAD": "5.2", "rate_SGD": "5.5"}
DEFAULTS = {
    "quantity": "120",
    "line": "4px",
    "destination": "GB",
    "platform": "shopify",
    "retail_currency": "GBP",
    "packaging_cny": "1.5",
    "sample_fee_cny": "60",
    "domestic_freight_per_order_cny": "15",
    "ad_cost_per_order_cny": "8",
    "return_rate_pct": "6",
    "return_cost_cny": "",
    "include_duty": "on",
    "markup_low": "3",
    "markup_high": "5",
}


def _url(name, workspace, *args) -> str:
    return reverse(f"costs:{name}", args=[workspace.pk, *args])


def _post(client, name, workspace, data, *args, lang="en"):
    return client.post(_url(name, workspace, *args), data, HTTP_ACCEPT_LANGUAGE=lang)


def _text(response) -> str:
    return unescape(response.content.decode())


def test_the_page_shows_the_example_banner_the_stale_rates_and_every_editor(client, personas):
    client.force_login(personas.bob)
    page = _text(client.get(_url("settings", personas.workspace), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Examples from 2026-11-01, not quotes." in page
    assert "parcel lines, bulk sea and air freight, platforms, duties, currency rates" in page
    age = (TODAY - date(2026, 11, 1)).days
    assert f"Currency rates are {age} days old (set on 2026-11-01)" in page
    for kind in ("lines", "bulk", "platforms", "duties"):
        assert f'id="card-{kind}"' in page and f'name="{kind}-text"' in page
    assert 'id="yunexpress"' not in page and 'id = "yunexpress"' in page  # the example TOML
    # example rates are offered without a date: the seller must type when they looked
    # them up, so example rates are never confirmed by accident
    assert 'name="rate_USD" value="7.1"' in page
    assert 'name="as_of" value=' not in page and 'name="as_of"' in page


def test_bob_saves_rates_with_their_date_and_the_warning_goes(client, personas):
    client.force_login(personas.bob)
    response = _post(
        client, "rates_save", personas.workspace, {**RATES, "new_code": "mxn", "new_rate": "0.39"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#rates")
    profile = CostProfile.objects.get(workspace=personas.workspace)
    assert profile.currency_as_of == TODAY - timedelta(days=1)
    assert profile.updated_by == personas.bob
    assert profile.cny_per_unit["USD"] == 7.2 and profile.cny_per_unit["MXN"] == 0.39
    assert cost_settings_for(personas.workspace).rates.rate("MXN") == 0.39
    page = _text(client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en"))
    assert "Saved." in page and "Currency rates are" not in page
    assert "currency rates" not in page.split("not quotes.")[1].split("</div>")[0]


def test_rates_older_than_a_week_are_saved_but_warned_about(client, personas):
    client.force_login(personas.alice)
    as_of = TODAY - timedelta(days=8)
    _post(client, "rates_save", personas.workspace, {**RATES, "as_of": as_of.isoformat()})
    page = _text(client.get(_url("settings", personas.workspace), HTTP_ACCEPT_LANGUAGE="en"))
    assert f"Currency rates are 8 days old (set on {as_of.isoformat()})" in page
    assert CostProfile.objects.get().currency_as_of == as_of


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"rate_USD": "0"}, "rate_USD", "Enter a rate greater than 0."),
        ({"rate_USD": "seven"}, "rate_USD", "Enter a number, e.g. 12.5."),
        (
            {"as_of": (TODAY + timedelta(days=1)).isoformat()},
            "as_of",
            f"is after today; enter a date on or before {TODAY.isoformat()}",
        ),
        ({"new_code": "US$", "new_rate": "7"}, "new_code", "enter three letters, e.g. MXN"),
        ({"new_code": "MXN"}, "new_rate", "Enter the rate for MXN."),
        # the example platforms and duty rules use GBP: its rate cannot go
        (
            {"rate_GBP": ""},
            None,
            "Unknown currency 'GBP' in platform 'amazon_uk'; known: AUD, CAD, CNY",
        ),
    ],
)
def test_bad_rates_are_named_and_nothing_is_saved(client, personas, change, field, text):
    client.force_login(personas.alice)
    response = _post(client, "rates_save", personas.workspace, {**RATES, **change})
    page = _text(response)
    assert response.status_code == 200 and text in page
    if field:
        assert f"({field}):" in page
    assert "Nothing was saved." in page
    assert not CostProfile.objects.exists()


def test_defaults_are_saved_as_the_settings_toml(client, personas):
    client.force_login(personas.alice)
    response = _post(client, "defaults_save", personas.workspace, DEFAULTS)
    assert response.status_code == 302
    settings = cost_settings_for(personas.workspace)
    assert (settings.quantity, settings.line, settings.destination) == (120, "4px", "GB")
    assert (settings.platform, settings.retail_currency) == ("shopify", "GBP")
    assert settings.include_duty and not settings.include_vat and settings.return_cost_cny is None
    profile = CostProfile.objects.get()
    assert 'line = "4px"' in profile.settings_toml and "quantity = 120" in profile.settings_toml


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"quantity": "0"}, "quantity", "greater than or equal to 1"),
        ({"platform": "amazon"}, "platform", "“amazon” is not allowed; choose one of: amazon_us"),
        ({"return_rate_pct": "120"}, "return_rate_pct", "less than or equal to 100"),
        ({"markup_high": "2"}, "markup_high", "at least the low markup (3.0×)"),
        # a warehouse lane in the US does not deliver to Britain: the engine says so
        ({"line": "sea_us"}, "destination", "allowed destination: US"),
    ],
)
def test_bad_defaults_are_named_and_nothing_is_saved(client, personas, change, field, text):
    client.force_login(personas.alice)
    response = _post(client, "defaults_save", personas.workspace, {**DEFAULTS, **change})
    page = _text(response)
    assert response.status_code == 200 and f"({field}):" in page and text in page
    assert not CostProfile.objects.exists()


def test_a_card_saved_as_toml_replaces_the_example(client, personas, worked_example):
    client.force_login(personas.alice)
    text = LINES.replace("per_kg_cny = 100", "per_kg_cny = 90")
    response = _post(client, "card_save", worked_example, {"lines-text": text}, "lines")
    assert response.status_code == 302 and response["Location"].endswith("#card-lines")
    profile = CostProfile.objects.get()
    assert profile.lines_toml == text
    assert cost_settings_for(worked_example).cards.line("demo").rate_for("US").per_kg_cny == 90


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("[[line]\n", "en", "lines.toml: not valid TOML"),
        (
            LINES.replace("per_kg_cny = 100", 'per_kg_cny = "lots"'),
            "en",
            "field per_kg_cny: 'lots' is not allowed; expected a number",
        ),
        (
            LINES.replace("max_weight_g", "max_weight"),
            "en",
            "field max_weight: 2000 is not allowed; expected one of the fields id, name_zh",
        ),
        (
            LINES.replace("per_kg_cny = 100", 'per_kg_cny = "lots"'),
            "zh-CN",
            "字段 per_kg_cny:'lots' 无效;应为 数字",
        ),
    ],
)
def test_a_bad_card_is_shown_with_its_field_and_what_is_allowed(
    client, personas, worked_example, text, lang, message
):
    client.force_login(personas.alice)
    before = CostProfile.objects.get().lines_toml
    response = _post(client, "card_save", worked_example, {"lines-text": text}, "lines", lang=lang)
    page = _text(response)
    assert response.status_code == 200 and message in page
    assert "(lines-text):" in page
    assert CostProfile.objects.get().lines_toml == before


def test_a_card_that_breaks_the_settings_is_refused_whole(client, personas, worked_example):
    client.force_login(personas.alice)
    # The worked example's default destination is the US, which this card no longer serves,
    # and its duty card has no rule for Britain: the defaults cannot move anywhere valid.
    text = LINES.replace('destination = "US"', 'destination = "GB"')
    response = _post(client, "card_save", worked_example, {"lines-text": text}, "lines")
    page = _text(response)
    assert response.status_code == 200
    assert "No duty rule for destination 'GB'" in page and "turn duties off" in page
    assert CostProfile.objects.get().lines_toml == LINES


def test_defaults_move_when_new_cards_drop_them_and_the_seller_is_told(client, personas):
    client.force_login(personas.alice)
    _post(client, "defaults_save", personas.workspace, DEFAULTS)  # line 4px
    text = example_text("lines.toml").replace('id = "4px"', 'id = "fourpx"')
    response = _post(client, "card_save", personas.workspace, {"lines-text": text}, "lines")
    assert response.status_code == 302
    page = _text(client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en"))
    assert (
        "The default line '4px' is no longer in your cards or rates; it is now 'yunexpress'."
        in page
    )
    assert cost_settings_for(personas.workspace).line == "yunexpress"


def test_a_card_goes_back_to_the_example(client, personas, worked_example):
    client.force_login(personas.bob)
    response = _post(client, "card_reset", worked_example, {}, "bulk")
    assert response.status_code == 302
    assert CostProfile.objects.get().bulk_toml == ""
    assert cost_settings_for(worked_example).cards.bulk == DEFAULT_SETTINGS.cards.bulk


def test_a_reset_that_cannot_work_says_why_and_keeps_the_card(client, personas, worked_example):
    client.force_login(personas.alice)
    # the example platforms sell in GBP, EUR, ...: the worked example only has a USD rate
    response = _post(client, "card_reset", worked_example, {}, "platforms")
    page = _text(client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en"))
    assert "Unknown currency" in page and "known: CNY, USD" in page
    assert CostProfile.objects.get().platforms_toml.startswith("example = false")


def test_an_unknown_card_kind_is_not_found(client, personas):
    client.force_login(personas.alice)
    assert _post(client, "card_save", personas.workspace, {"x-text": "a"}, "x").status_code == 404
    assert _post(client, "card_reset", personas.workspace, {}, "x").status_code == 404


def test_charlie_can_neither_see_nor_change_alices_costs(client, personas, worked_example):
    before = CostProfile.objects.values().get()
    client.force_login(personas.charlie)
    assert client.get(_url("settings", worked_example)).status_code == 404
    assert _post(client, "rates_save", worked_example, RATES).status_code == 404
    assert _post(client, "defaults_save", worked_example, DEFAULTS).status_code == 404
    data = {"lines-text": example_text("lines.toml")}
    assert _post(client, "card_save", worked_example, data, "lines").status_code == 404
    assert _post(client, "card_reset", worked_example, {}, "lines").status_code == 404
    assert CostProfile.objects.values().get() == before
    assert CostProfile.objects.count() == 1  # none was made for charlie either


def test_the_settings_views_need_a_login(client, personas):
    response = client.get(_url("settings", personas.workspace))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(_url("rates_save", personas.workspace)).status_code in (302, 405)
