"""The database journal path (order_place) with 1688's order list lagging 5 s."""

from __future__ import annotations

import pytest
from tests.sources.open1688.test_open1688_orders_lag import FakeClock
from tests.sourcing.test_journal import DRAFT, fake_client  # noqa: F401

from daifa.sourcing.models import OrderAttempt
from daifa.sourcing.services import order_place


@pytest.mark.parametrize("fault", ["timeout_after", "5xx_after"])
def test_order_place_makes_exactly_one_order(personas, gateway, fake_client, fault):  # noqa: F811
    clock = FakeClock()
    gateway.clock, gateway.list_lag = clock, 5.0
    gateway.inject("alibaba.trade.createCrossOrder", fault)
    placed = order_place(
        workspace=personas.workspace,
        client=fake_client,
        draft=DRAFT,
        reference="PO-LAG",
        sleep=clock.sleep,
    )
    assert placed.how == "found" and len(gateway.orders_for("PO-LAG")) == 1
    outcomes = list(OrderAttempt.objects.values_list("outcome", flat=True))
    assert outcomes == ["started", "unknown", "found"]
    assert not OrderAttempt.objects.filter(open=True).exists()
