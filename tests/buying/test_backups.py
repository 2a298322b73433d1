"""Backups: same product group only, readiness (approved, in stock, price in band), switch."""

from __future__ import annotations

from decimal import Decimal

import pytest

from daifa.buying.errors import BuyingRefused
from daifa.buying.selectors import readiness
from daifa.buying.services import backup_add, product_create, product_switch, stock_record
from daifa.catalog.models import Offer
from daifa.lifecycle.models import Stage, SupplierStage


def _approve(supplier):
    # Approval normally needs every gate passed in a stored screening (daifa.lifecycle);
    # the stage row is what readiness reads.
    SupplierStage.objects.update_or_create(
        supplier=supplier, defaults={"workspace": supplier.workspace, "stage": Stage.APPROVED}
    )


@pytest.fixture
def product(shop):
    product = product_create(
        workspace=shop.workspace, sku="MY-TWS5", primary=shop.offer, price_band_pct="10"
    )
    backup_add(product=product, offer=shop.backup_offer)
    return product


def test_readiness_needs_approval_stock_and_price_within_the_band(shop, product):
    primary, backup = readiness(product)
    # primary 12.5 at its MOQ 50; backup 13.2 at 30: 5.6 % dearer, inside 10 %
    assert primary.price == Decimal("12.5") and backup.price == Decimal("13.2")
    assert backup.price_ok is True and backup.in_stock is None and not backup.ready
    stock_record(link=backup.link, in_stock=True)
    assert not readiness(product)[1].ready  # still a candidate
    _approve(shop.backup_supplier)
    assert readiness(product)[1].ready
    product.price_band_pct = Decimal("5")
    product.save()
    assert readiness(product)[1].price_ok is False and not readiness(product)[1].ready


def test_backup_must_be_of_the_same_product_group(shop, product):
    other = Offer.objects.create(
        workspace=shop.workspace, supplier=shop.backup_supplier, external_id="630003",
        title="手机壳", product_group="手机壳-02",
    )  # fmt: skip
    with pytest.raises(BuyingRefused) as caught:
        backup_add(product=product, offer=other)
    assert "手机壳-02" in caught.value.zh
    with pytest.raises(BuyingRefused):
        backup_add(product=product, offer=shop.backup_offer)  # already linked


def test_switch_keeps_the_reason_in_history_and_reorders(shop, product, personas):
    backup = product.links.get(rank=1)
    with pytest.raises(BuyingRefused):
        product_switch(product=product, to=backup, reason="  ")
    switch = product_switch(product=product, to=backup, reason="主供断货两周", by=personas.bob)
    assert [link.offer for link in product.links.order_by("rank")] == [
        shop.backup_offer, shop.offer
    ]  # fmt: skip
    assert switch.from_offer == shop.offer and switch.reason == "主供断货两周"
    # and back again: two entries in the history
    product_switch(product=product, to=product.links.get(rank=1), reason="恢复供货")
    assert [s.reason for s in product.switches.all()] == ["恢复供货", "主供断货两周"]


def test_switch_to_a_blocked_supplier_is_refused(shop, product, personas):
    from daifa.lifecycle.services import supplier_stage_change

    supplier_stage_change(
        supplier=shop.backup_supplier, to="blocked", by=personas.alice, reason="假货"
    )
    with pytest.raises(BuyingRefused):
        product_switch(product=product, to=product.links.get(rank=1), reason="试试")
