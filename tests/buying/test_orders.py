"""Orders: MOQ and tier price, blocked suppliers refused, timeline and the pickup clock."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from daifa.buying import clock
from daifa.buying.errors import BuyingRefused
from daifa.buying.selectors import overdue_orders
from daifa.buying.services import order_create, order_mark
from daifa.buying.states import state_of, timeline
from daifa.lifecycle.services import supplier_stage_change
from daifa.sourcing.models import PurchaseOrder
from tests.buying.conftest import T0


def _order(shop, quantity=60, **kw):
    return order_create(
        workspace=shop.workspace,
        offer=shop.offer,
        quantity=quantity,
        agreement=shop.agreement,
        **kw,
    )


def test_unit_price_is_the_tier_at_the_quantity(shop):
    assert _order(shop, 60).unit_price_cny == Decimal("12.5")
    big = _order(shop, 200, sku="TWS5-BLK")
    assert big.unit_price_cny == Decimal("11.8") and big.goods_cny == Decimal("2360.00")
    assert big.source == PurchaseOrder.Source.MANUAL and big.sku == "TWS5-BLK"
    assert big.remark.startswith("付款后24小时内揽收")


def test_below_moq_is_refused_and_nothing_stored(shop):
    with pytest.raises(BuyingRefused) as caught:
        _order(shop, 49)
    assert caught.value.field == "quantity" and "50" in caught.value.zh and "49" in caught.value.en
    assert not PurchaseOrder.objects.exists()


def test_blocked_supplier_is_refused(shop, personas):
    supplier_stage_change(
        supplier=shop.supplier, to="blocked", by=personas.alice, reason="oversold twice"
    )
    with pytest.raises(BuyingRefused) as caught:
        _order(shop, 60)
    assert caught.value.field == "supplier" and "拉黑" in caught.value.zh
    assert not PurchaseOrder.objects.exists()


def test_agreement_of_another_supplier_is_refused(shop):
    with pytest.raises(BuyingRefused):
        order_create(
            workspace=shop.workspace, offer=shop.backup_offer, quantity=40, agreement=shop.agreement
        )


def test_paid_starts_the_pickup_clock_and_overdue_follows_the_clock(shop):
    order = _order(shop)
    order_mark(order=order, step="paid", at=T0 + timedelta(hours=1))
    assert order.pickup_due_at == T0 + timedelta(hours=25)
    assert state_of(order, T0 + timedelta(hours=25)) == "paid"
    assert overdue_orders(shop.workspace, T0 + timedelta(hours=25)) == []
    later = T0 + timedelta(hours=25, minutes=1)
    assert state_of(order, later) == "overdue"
    assert overdue_orders(shop.workspace, later) == [order]
    order_mark(order=order, step="picked_up", at=T0 + timedelta(hours=30))
    assert state_of(order, later) == "picked_up"
    assert overdue_orders(shop.workspace, later) == []


def test_agreed_hours_set_the_clock(shop):
    from daifa.buying.services import agreement_revise

    v2 = agreement_revise(
        agreement=shop.agreement, terms=dict(shop.agreement.terms, pickup_hours=12)
    )
    order = order_create(workspace=shop.workspace, offer=shop.offer, quantity=60, agreement=v2)
    order_mark(order=order, step="paid")
    assert order.pickup_due_at == clock.now() + timedelta(hours=12)


def test_timeline_and_cancel_reason(shop):
    order = _order(shop)
    for step, hours in (
        ("paid", 1),
        ("picked_up", 5),
        ("shipped", 6),
        ("delivered", 50),
        ("received", 60),
    ):
        order_mark(order=order, step=step, at=T0 + timedelta(hours=hours))
    steps = {state: at for state, _, at in timeline(order)}
    assert steps["received"] == T0 + timedelta(hours=60) and steps["cancelled"] is None
    other = _order(shop)
    with pytest.raises(BuyingRefused):
        order_mark(order=other, step="cancelled", reason="")
    order_mark(order=other, step="cancelled", reason="no_stock")
    other.refresh_from_db()
    assert other.cancel_reason == "no_stock" and state_of(other, T0) == "cancelled"


def test_a_step_before_creation_is_refused(shop):
    order = _order(shop)
    with pytest.raises(BuyingRefused):
        order_mark(order=order, step="paid", at=T0 - timedelta(hours=1))


def test_freight_is_part_of_the_paid_amount(shop):
    order = _order(shop, 60, shipping_fee="8")
    assert order.shipping_fee_cny == Decimal("8") and order.total_cny == Decimal("758.00")
    with pytest.raises(BuyingRefused) as caught:
        _order(shop, 60, shipping_fee="-3")
    assert caught.value.field == "shipping_fee_cny"


def test_promised_pickup_hours_for_the_kpis(shop):
    from daifa.buying.states import promised_pickup_hours

    under_agreement = _order(shop)
    assert promised_pickup_hours(under_agreement) == 24.0
    loose = order_create(workspace=shop.workspace, offer=shop.offer, quantity=60)
    assert promised_pickup_hours(loose) is None
    loose.paid_at = T0
    loose.pickup_due_at = T0 + timedelta(hours=36)
    assert promised_pickup_hours(loose) == 36.0
