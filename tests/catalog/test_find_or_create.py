"""One find-or-create rule for suppliers and offers, whichever importer asks (issue #12)."""

from __future__ import annotations

from daifa.catalog.models import Offer
from daifa.catalog.services import offer_get_or_create, supplier_get_or_create


def test_a_supplier_is_found_by_its_id_and_created_once(personas):
    first, created = supplier_get_or_create(
        workspace=personas.workspace, external_id="S1", name="甲"
    )
    again, created_again = supplier_get_or_create(workspace=personas.workspace, external_id="S1")
    assert created and not created_again and again.pk == first.pk and again.name == "甲"
    other, _ = supplier_get_or_create(workspace=personas.charlie_workspace, external_id="S1")
    assert other.pk != first.pk


def test_a_new_offer_goes_after_every_offer_of_the_workspace(personas):
    a, _ = supplier_get_or_create(workspace=personas.workspace, external_id="A")
    b, _ = supplier_get_or_create(workspace=personas.workspace, external_id="B")
    first, _ = offer_get_or_create(supplier=a, external_id="O1")
    second, created = offer_get_or_create(supplier=b, external_id="O2")
    assert created and second.position == first.position + 1
    assert offer_get_or_create(supplier=b, external_id="O2") == (second, False)


def test_a_blank_offer_is_taken_only_when_asked_and_only_without_facts(personas):
    shop, _ = supplier_get_or_create(workspace=personas.workspace, external_id="SHOP")
    blank, _ = offer_get_or_create(supplier=shop, external_id="")
    kept, created = offer_get_or_create(supplier=shop, external_id="O9")
    assert created and kept.pk != blank.pk  # not asked: the blank one stays
    kept.delete()
    taken, created = offer_get_or_create(supplier=shop, external_id="O9", take_blank=True)
    assert not created and taken.pk == blank.pk and taken.external_id == "O9"
    assert Offer.objects.filter(supplier=shop).count() == 1
