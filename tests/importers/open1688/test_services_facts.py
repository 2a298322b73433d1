"""Storing 1688 observations: suppliers and offers upserted, provenance kept."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from tests.sourcing.conftest import DETAIL, KEYWORD, Script, connect, detail_answer, keyword_answer

from daifa.catalog.models import Observation, Offer, Supplier
from daifa.catalog.services import supplier_record_facts
from daifa.importers.open1688.services import observations_store, offer_store, supplier_refresh
from daifa.sources.open1688 import OfferIdError, observations_from_search
from daifa.sources.open1688.models import parse_search_page
from daifa.sources.provenance import Observation as Observation1688
from daifa.sources.provenance import Provenance
from daifa.sourcing.client import client_for

FETCHED = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)


def search_observations():
    page = parse_search_page(keyword_answer(), KEYWORD)
    return observations_from_search(page, fetched_at=FETCHED)


def test_search_hits_become_suppliers_offers_and_api_observations(personas):
    result = observations_store(workspace=personas.workspace, observations=search_observations())
    offer = Offer.objects.get(workspace=personas.workspace, external_id="2")
    assert result.offers_created == Offer.objects.filter(workspace=personas.workspace).count()
    assert offer.facts["sales_30d"] == 1213
    assert offer.facts["offer_url"] == "https://detail.1688.com/offer/2.html"
    source = Observation.objects.get(pk=offer.fact_sources["sales_30d"])
    assert source.kind == "api" and source.observed_at == FETCHED
    assert source.detail.startswith("1688 API, search (product.search.keywordQuery")
    assert source.raw["seller_id_1688"] == offer.supplier.external_id


def test_storing_the_same_answer_twice_adds_nothing(personas):
    observations_store(workspace=personas.workspace, observations=search_observations())
    before = Observation.objects.count()
    again = observations_store(workspace=personas.workspace, observations=search_observations())
    assert again.observations == 0 and again.offers_created == 0
    assert Observation.objects.count() == before


def test_a_scores_stand_in_is_kept_in_raw_not_as_a_rate(personas):
    gateway = Script(**{DETAIL: [detail_answer()]})
    connect(personas.workspace)
    with client_for(personas.workspace, transport=httpx.MockTransport(gateway)) as client:
        offer_store(workspace=personas.workspace, client=client, offer="34513534353434")
    supplier = Supplier.objects.get(workspace=personas.workspace)
    assert "dispute_rate_pct" not in supplier.facts
    obs = Observation.objects.filter(supplier=supplier).first()
    assert "dispute_rate" in obs.raw["substitutes"]


def test_an_offer_address_is_read_and_stored_with_its_provenance(personas):
    gateway = Script(**{DETAIL: [detail_answer()]})
    connect(personas.workspace)
    with client_for(personas.workspace, transport=httpx.MockTransport(gateway)) as client:
        result = offer_store(
            workspace=personas.workspace,
            client=client,
            offer="https://detail.1688.com/offer/34513534353434.html?spm=a1",
        )
    assert result.suppliers_created == 1 and result.offers_created == 1
    offer = Offer.objects.get(external_id="34513534353434")
    assert offer.supplier.external_id == "23tsdvcdsjngp3oj4j3i5"  # sellerOpenId
    assert offer.facts["dropship_price_cny"] == 15.0
    detail = Observation.objects.get(pk=offer.fact_sources["dropship_price_cny"]).detail
    assert detail.startswith("1688 API, product detail") and "offer 34513534353434" in detail


def test_a_refresh_updates_the_offer_in_place_under_its_supplier(personas):
    supplier = Supplier.objects.create(
        workspace=personas.workspace, external_id="S1", name="义乌甲"
    )
    Offer.objects.create(
        workspace=personas.workspace, supplier=supplier, external_id="34513534353434"
    )
    Offer.objects.create(workspace=personas.workspace, supplier=supplier, external_id="hand-typed")
    supplier_record_facts(
        supplier=supplier, values={"repeat_rate_pct": 10.0}, kind="manual", detail="typed in"
    )
    gateway = Script(**{DETAIL: [detail_answer()]})
    connect(personas.workspace)
    with client_for(personas.workspace, transport=httpx.MockTransport(gateway)) as client:
        result = supplier_refresh(supplier=supplier, client=client)
    supplier.refresh_from_db()
    assert result.suppliers_created == 0 and result.offers_created == 0
    assert Supplier.objects.filter(workspace=personas.workspace).count() == 1
    assert supplier.facts["repeat_rate_pct"] == pytest.approx(46.66)
    assert len(gateway.params("product.search.queryProductDetail")) == 1  # "hand-typed" skipped


def test_a_supplier_without_1688_offers_cannot_be_refreshed(personas):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S2")
    Offer.objects.create(workspace=personas.workspace, supplier=supplier, external_id="")
    connect(personas.workspace)
    gateway = Script()
    with client_for(personas.workspace, transport=httpx.MockTransport(gateway)) as client:
        with pytest.raises(OfferIdError):
            supplier_refresh(supplier=supplier, client=client)
    assert gateway.calls == []


def test_two_offers_of_one_supplier_keep_each_others_facts(personas):
    def pair(offer_id, supplier_values):
        source = Provenance("api", f"1688 API, search, offer {offer_id}", FETCHED)
        return [
            Observation1688("SX", supplier_values, source),
            Observation1688("SX", {"moq": 2}, source, offer_id=offer_id),
        ]

    observations = pair("610000000001", {"supplier_name": "义乌甲"}) + pair(
        "610000000002", {"trustpass_years": 5}
    )
    observations_store(workspace=personas.workspace, observations=observations)
    supplier = Supplier.objects.get(workspace=personas.workspace, external_id="SX")
    assert supplier.facts == {"supplier_name": "义乌甲", "trustpass_years": 5}
    assert supplier.name == "义乌甲" and supplier.offers.count() == 2
