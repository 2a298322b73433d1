"""The calculator page: the worked example by hand, freight choice, errors, prefill, outsiders."""

from __future__ import annotations

from html import unescape
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from tests.costs.cases import WORKED_OFFER

from daifa.catalog.models import Offer, Supplier
from daifa.costs.models import CostProfile


def _url(workspace, **query) -> str:
    url = reverse("costs:calculator", args=[workspace.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _page(client, workspace, lang="en", **query) -> str:
    response = client.get(_url(workspace, **query), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_empty_calculator_offers_the_workspace_defaults(client, personas):
    client.force_login(personas.bob)
    page = _page(client, personas.workspace)
    assert "Landed cost calculator" in page and "Enter an offer and press Calculate." in page
    assert 'value="yunexpress" selected' in page and 'value="amazon_us" selected' in page
    assert "Result" not in page
    nav = page.split("<nav>")[1].split("</nav>")[0]
    assert f'href="/w/{personas.workspace.pk}/costs/">Costs</a>' in nav


def test_the_calculator_needs_a_login(client, personas):
    response = client.get(_url(personas.workspace))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_worked_example_shows_every_component_by_hand(client, personas, worked_example):
    client.force_login(personas.alice)
    page = _page(client, worked_example, **WORKED_OFFER)
    # docs/costing.md: 11.80 + 1.50 + 2.00 + 1.00 + 40.00 + 0 = 56.30 landed
    for figure in ("11.80", "1.50", "2.00", "1.00", "40.00", "56.30"):
        assert f'<td class="num">{figure}</td>' in page, figure
    # retail 140; platform 17.50, payment 4.20, ads 5, returns 5.63 → total 88.63
    for figure in ("140.00", "17.50", "4.20", "5.00", "5.63", "88.63", "51.37"):
        assert f'<td class="num">{figure}</td>' in page, figure
    assert "(price tier)" in page and "(chargeable weight 200 g)" in page
    assert "36.7 %" in page and "58.0 %" in page  # margin and ROI
    assert "¥56.37" in page  # break-even advertising per order
    assert "¥168.90 – ¥281.50" in page  # the 3×–5× retail range
    assert "Fails" in page and "only 2.49× the landed cost" in page


def test_a_price_that_holds_three_times_passes(client, personas, worked_example):
    client.force_login(personas.alice)
    page = _page(client, worked_example, **{**WORKED_OFFER, "target_retail_price": "30"})
    # 30 USD = 210 CNY ≥ 3 × 56.30 = 168.90
    assert "Passes" in page and "3.73× the landed cost" in page


def test_the_freight_choice_names_the_winner_and_why(client, personas):
    client.force_login(personas.alice)
    query = {
        "unit_price_cny": "12",
        "weight_g": "180",
        "length_cm": "20",
        "width_cm": "15",
        "height_cm": "5",
        "quantity": "500",
        "line": "yunexpress",
        "destination": "US",
        "platform": "amazon_us",
        "retail_currency": "USD",
        "deadline_days": "15",
    }
    page = _page(client, personas.workspace, **query)
    assert "Freight for 500 units to US within 15 days" in page
    # docs/costing.md: 500 units in 15 days go by air to a US warehouse
    assert '<tr class="winner">' in page
    winner_row = page.split('<tr class="winner">')[1].split("</tr>")[0]
    assert "bulk air to a warehouse" in winner_row
    assert "wins" in page and "Cheaper but too slow" in page
    zh = _page(client, personas.workspace, lang="zh-CN", **query)
    assert "胜出" in zh and "更便宜但太慢" in zh


def test_the_freight_choice_needs_a_weight(client, personas):
    client.force_login(personas.alice)
    query = {**WORKED_OFFER, "line": "yunexpress", "platform": "amazon_us", "weight_g": ""}
    page = _page(client, personas.workspace, **query, deadline_days="10")
    assert "<strong>Weight (g)</strong> (weight_g)" in page
    assert "the freight choice needs it" in page


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"price_tiers": "1-49:cheap"}, "price_tiers", "Cannot read the price tier"),
        ({"weight_g": "-5"}, "weight_g", "greater than or equal to 0"),
        ({"quantity": "2.5"}, "quantity", "Enter a whole number"),
        ({"line": "dhl"}, "line", "“dhl” is not allowed; choose one of: demo"),
        ({"price_tiers": ""}, "price_tiers", "Enter price tiers, a unit price or a dropship"),
    ],
)
def test_bad_input_is_named_by_field_with_what_is_allowed(
    client, personas, worked_example, change, field, text
):
    client.force_login(personas.alice)
    page = _page(client, worked_example, **{**WORKED_OFFER, **change})
    assert f"({field}):" in page and text in page
    assert "Landed unit cost<strong>" not in page  # no result beside an error


def test_an_engine_refusal_is_shown_in_the_readers_language(client, personas):
    client.force_login(personas.alice)
    # the example sea lane to a US warehouse does not deliver to Britain
    query = {**WORKED_OFFER, "line": "sea_us", "destination": "GB", "platform": "amazon_us"}
    page = _page(client, personas.workspace, **query)
    assert "(destination):" in page and "not 'GB'" in page and "allowed destination: US" in page
    zh = _page(client, personas.workspace, lang="zh-CN", **query)
    assert "可选目的地:US" in zh


def test_htmx_gets_only_the_result_fragment(client, personas, worked_example):
    client.force_login(personas.alice)
    response = client.get(
        _url(worked_example, **WORKED_OFFER), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="cost-result"')
    assert "<html" not in fragment and "56.30" in fragment


def _offer(workspace, **facts) -> Offer:
    supplier = Supplier.objects.create(
        workspace=workspace, external_id="S1", name="义乌甲", facts={"sample_fee_deductible": True}
    )
    return Offer.objects.create(
        workspace=workspace, supplier=supplier, external_id="O1", title="手机壳", facts=facts
    )


def test_an_offer_of_the_workspace_prefills_and_calculates(client, personas, worked_example):
    tiers = [
        {"min_qty": 1, "max_qty": 49, "price_cny": 12.5},
        {"min_qty": 50, "max_qty": 199, "price_cny": 11.8},
        {"min_qty": 200, "max_qty": None, "price_cny": 10.9},
    ]
    offer = _offer(
        worked_example,
        price_tiers=tiers,
        weight_g=200.0,
        length_cm=10.0,
        width_cm=10.0,
        height_cm=10.0,
        extra_fees_cny=0.5,
        quote_all_inclusive=False,
        target_retail_price=20.0,
        retail_currency="USD",
    )
    client.force_login(personas.bob)
    page = _page(client, worked_example, offer=offer.pk)
    assert "Prefilled from the offer “手机壳” of 义乌甲." in page
    assert 'value="1-49:12.5;50-199:11.8;200+:10.9"' in page
    # the same offer as the worked example, except the supplier deducts the sample fee
    assert '<td class="num">54.30</td>' in page


def test_charlie_sees_neither_the_calculator_nor_alices_offers(client, personas):
    offer = _offer(personas.workspace, unit_price_cny=10.0)
    client.force_login(personas.charlie)
    assert client.get(_url(personas.workspace)).status_code == 404
    assert client.get(_url(personas.workspace, **WORKED_OFFER)).status_code == 404
    # nor can he reach her offer through his own workspace
    own = personas.charlie_workspace
    assert client.get(_url(own, offer=offer.pk)).status_code == 404
    assert client.get(_url(own, offer="x")).status_code == 404
    assert CostProfile.objects.count() == 0


def test_stale_example_rates_and_example_cards_are_announced(client, personas):
    client.force_login(personas.alice)
    page = _page(client, personas.workspace)
    assert "Examples from 2026-11-01, not quotes." in page
    assert "Currency rates are" in page and "days old (set on 2026-11-01)" in page
    zh = _page(client, personas.workspace, lang="zh-CN")
    assert "汇率已有" in zh


def test_fresh_own_figures_need_no_banner(client, personas, worked_example, settings):
    client.force_login(personas.alice)
    page = _page(client, worked_example)
    assert "not quotes" not in page and "days old" not in page


def test_the_seed_multiple_of_the_screening_is_shown_beside_the_landed_check(
    client, personas, worked_example
):
    client.force_login(personas.alice)
    page = _page(client, worked_example, **WORKED_OFFER)
    # 20 USD × 7 = 140 CNY ÷ (11.80 tier price + 0.50 extra fees = 12.30) = 11.38×
    assert "the target price is 11.38× the purchase price ¥12.30 incl. extra fees" in page
    zh = _page(client, worked_example, lang="zh-hans", **WORKED_OFFER)
    assert "采购价 ¥12.30（含额外费用）的 11.38 倍" in zh
