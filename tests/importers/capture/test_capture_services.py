"""supplier_capture: upsert the supplier and offer, record one manual observation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from daifa.catalog.models import Observation, Offer, Supplier
from daifa.importers.capture.services import capture_detail, supplier_capture

AT = datetime(2025, 6, 1, 4, 0, tzinfo=UTC)


def test_a_new_supplier_and_offer_are_created_with_the_observation(personas):
    saved = supplier_capture(
        workspace=personas.workspace,
        values={"repeat_rate_pct": 41.0, "moq": 2, "offer_id": "712345678901"},
        page_kind="offer",
        supplier_id=" jiamei ",
        supplier_name="义乌佳美",
        offer_id="712345678901",
        snippets={"repeat_rate_pct": "回头率 41%", "moq": "起批量 ≥2件"},
        extra={"tags": ["一件代发"]},
        observed_at=AT,
    )
    assert saved.supplier_created and saved.offer_created
    assert (saved.supplier.external_id, saved.supplier.name) == ("jiamei", "义乌佳美")
    assert saved.supplier.facts == {"repeat_rate_pct": 41.0}
    assert saved.offer.facts == {"moq": 2}
    obs = saved.observation
    assert obs.kind == "manual" and obs.offer == saved.offer
    assert obs.detail == "pasted from 1688 page (offer) on 2025-06-01"
    assert obs.raw["snippets"]["moq"] == "起批量 ≥2件" and obs.raw["extra"] == {
        "tags": ["一件代发"]
    }
    assert saved.supplier.fact_sources["repeat_rate_pct"] == obs.pk.hex


def test_capturing_the_same_values_again_adds_no_observation(personas):
    kwargs = dict(workspace=personas.workspace, values={"dispute_rate_pct": 0.0}, page_kind="shop")
    first = supplier_capture(supplier_id="S1", **kwargs)
    again = supplier_capture(supplier=first.supplier, **kwargs)
    assert again.observation is None and not again.supplier_created
    assert Observation.objects.count() == 1 and Supplier.objects.count() == 1


def test_without_an_offer_id_the_first_offer_is_used(personas):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    first = Offer.objects.create(workspace=personas.workspace, supplier=supplier, external_id="9")
    saved = supplier_capture(
        workspace=personas.workspace,
        values={"repeat_rate_pct": 30.0},
        page_kind="shop",
        supplier=supplier,
    )
    assert saved.offer == first and not saved.offer_created
    assert Offer.objects.count() == 1


def test_a_supplier_without_offers_gets_a_blank_one_placed_last(personas):
    other = Supplier.objects.create(workspace=personas.workspace, external_id="S0")
    Offer.objects.create(workspace=personas.workspace, supplier=other, position=7)
    saved = supplier_capture(
        workspace=personas.workspace, values={"moq": 5}, page_kind="unknown", supplier_id="S1"
    )
    assert saved.offer.external_id == "" and saved.offer.position == 8
    assert saved.observation.detail.startswith("pasted from 1688 page on ")


def test_a_supplier_of_another_workspace_is_refused(personas):
    theirs = Supplier.objects.create(workspace=personas.charlie_workspace, external_id="C1")
    with pytest.raises(ValueError, match="another workspace"):
        supplier_capture(
            workspace=personas.workspace, values={"moq": 5}, page_kind="offer", supplier=theirs
        )
    assert Observation.objects.count() == 0


def test_a_new_supplier_needs_an_id(personas):
    with pytest.raises(ValueError, match="supplier id"):
        supplier_capture(workspace=personas.workspace, values={"moq": 5}, page_kind="offer")


def test_the_detail_names_the_page_kind():
    assert capture_detail("shop", AT) == "pasted from 1688 page (shop profile) on 2025-06-01"


def test_the_first_offer_takes_the_place_of_a_shop_pages_blank_row(personas):
    shop = supplier_capture(
        workspace=personas.workspace,
        values={"repeat_rate_pct": 38.0},
        page_kind="shop",
        supplier_id="hengxing888",
        observed_at=AT,
    )
    assert shop.offer.external_id == "" and shop.offer_created  # carries the screening
    offer = supplier_capture(
        workspace=personas.workspace,
        values={"moq": 2},
        page_kind="offer",
        supplier=shop.supplier,
        offer_id="723456789012",
        observed_at=AT,
    )
    assert offer.offer.pk == shop.offer.pk and not offer.offer_created
    assert list(shop.supplier.offers.values_list("external_id", flat=True)) == ["723456789012"]


def test_a_blank_row_with_facts_of_its_own_is_kept(personas):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    Offer.objects.create(
        workspace=personas.workspace, supplier=supplier, external_id="", facts={"moq": 5}
    )
    saved = supplier_capture(
        workspace=personas.workspace,
        values={"moq": 2},
        page_kind="offer",
        supplier=supplier,
        offer_id="723456789012",
        observed_at=AT,
    )
    assert saved.offer_created and supplier.offers.count() == 2
