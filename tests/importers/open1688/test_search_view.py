"""Searching 1688 from the workbench and adding chosen offers to the workspace."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from tests.sourcing.conftest import DETAIL, KEYWORD, connect, detail_answer, keyword_answer

from daifa.catalog.models import Observation, Offer, Supplier

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def alice(client, personas, gateway):
    connect(personas.workspace)
    gateway.answers[KEYWORD] = keyword_answer()
    client.force_login(personas.alice)
    return client


def search_url(personas):
    return reverse("sourcing:search", args=[personas.workspace.pk])


def test_a_keyword_shows_price_moq_sales_and_seller(alice, personas, gateway):
    response = alice.post(search_url(personas), {"q": "保温杯"}, follow=True, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Results for “保温杯” (123 on 1688)" in html
    assert 'name="offer_ids" value="2"' in html and "1213" in html
    ((_, form),) = gateway.calls
    assert json.loads(form["offerQueryParam"])["keyword"] == "保温杯"


def test_ticked_offers_are_stored_without_a_second_call(alice, personas, gateway):
    alice.post(search_url(personas), {"q": "保温杯"}, follow=True)
    response = alice.post(
        reverse("sourcing:add_offers", args=[personas.workspace.pk]), {"offer_ids": ["2"]}, **EN
    )
    assert response.status_code == 302
    offer = Offer.objects.get(workspace=personas.workspace, external_id="2")
    assert offer.facts["sales_30d"] == 1213
    assert Observation.objects.filter(offer=offer, kind="api").exists()
    assert gateway.call_count(KEYWORD) == 1
    html = alice.get(search_url(personas), **EN).content.decode()
    assert "in workspace" in html and "new offers" in html


def test_an_offer_not_in_the_results_is_refused(alice, personas):
    alice.post(search_url(personas), {"q": "保温杯"}, follow=True)
    add = reverse("sourcing:add_offers", args=[personas.workspace.pk])
    response = alice.post(add, {"offer_ids": ["999"]}, follow=True, **EN)
    assert "Tick at least one offer" in response.content.decode()
    assert not Offer.objects.exists()


def test_another_workspaces_results_cannot_be_added(client, personas, gateway):
    connect(personas.workspace)
    gateway.answers[KEYWORD] = keyword_answer()
    client.force_login(personas.charlie)
    connect(personas.charlie_workspace)
    client.post(reverse("sourcing:search", args=[personas.charlie_workspace.pk]), {"q": "杯"})
    response = client.post(
        reverse("sourcing:add_offers", args=[personas.workspace.pk]), {"offer_ids": ["2"]}
    )
    assert response.status_code == 404
    assert not Offer.objects.filter(workspace=personas.workspace).exists()


def test_a_gateway_refusal_is_shown_with_what_to_do(alice, personas, gateway):
    gateway.inject(KEYWORD, "quota")
    response = alice.post(search_url(personas), {"q": "保温杯"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "北京时间 00:00" in html and "fake-" in html  # request id for support
    html_en = alice.post(search_url(personas), {"q": "保温杯"}, follow=True, **EN).content.decode()
    assert "Results for" in html_en  # the quota fault was for one call only


def test_a_workspace_without_a_buyer_account_is_sent_to_the_settings(client, personas):
    client.force_login(personas.alice)
    html = client.post(search_url(personas), {"q": "杯"}, **EN).content.decode()
    assert "has no 1688 Open Platform app key and secret yet" in html


def test_a_pasted_offer_address_is_read_and_stored(alice, personas, gateway):
    gateway.answers[DETAIL] = detail_answer()
    paste = reverse("sourcing:paste_offer", args=[personas.workspace.pk])
    response = alice.post(paste, {"offer": "https://detail.1688.com/offer/34513534353434.html?x=1"})
    supplier = Supplier.objects.get(workspace=personas.workspace)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "supplier_detail", args=[personas.workspace.pk, supplier.pk]
    )
    assert json.loads(gateway.calls[0][1]["offerDetailParam"])["offerId"] == 34513534353434


def test_text_without_an_offer_id_is_explained_in_both_languages(alice, personas, gateway):
    paste = reverse("sourcing:paste_offer", args=[personas.workspace.pk])
    html_zh = alice.post(paste, {"offer": "https://shop.1688.com/"}).content.decode()
    html_en = alice.post(paste, {"offer": "https://shop.1688.com/"}, **EN).content.decode()
    assert "找不到 1688 商品ID" in html_zh and "No 1688 offer id" in html_en
    assert gateway.calls == []


def test_a_placeholder_answer_is_reported_not_crashed(alice, personas, gateway):
    from tests.sources.open1688.open1688_fake_gateway import fixture

    gateway.answers[DETAIL] = fixture(
        "crossborder.product.search.queryProductDetail.response.doc-example.json"
    )
    paste = reverse("sourcing:paste_offer", args=[personas.workspace.pk])
    response = alice.post(paste, {"offer": "34513534353434"}, **EN)
    assert response.status_code == 200
    assert "productSkuInfos[0].price" in response.content.decode()
    assert not Offer.objects.exists()
