"""The orders page: synced orders and refunds, and a "sync now" button."""

from __future__ import annotations

import httpx
import pytest
from django.urls import reverse
from tests.sourcing.conftest import ORDERS, REFUNDS, Script, connect
from tests.sourcing.test_services_orders import order_list, recorded_order, refund_list

from daifa.sourcing.models import PurchaseOrder, Refund

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def script(personas, scripted):
    connect(personas.workspace)
    return scripted(
        Script(
            **{
                ORDERS: [order_list(recorded_order())],
                REFUNDS: [refund_list("2203918107220135493")],
            }
        )
    )


def urls(personas):
    ws = personas.workspace.pk
    return reverse("sourcing:orders", args=[ws]), reverse("sourcing:orders_sync", args=[ws])


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_sync_now_stores_and_lists_orders_and_refunds(client, personas, script, who):
    page, sync = urls(personas)
    client.force_login(getattr(personas, who))
    assert "No orders synced yet." in client.get(page, **EN).content.decode()
    response = client.post(sync, **EN)
    assert response.status_code == 302 and response["Location"] == page
    assert PurchaseOrder.objects.filter(workspace=personas.workspace).count() == 1
    html = client.get(page, **EN).content.decode()
    assert "Synced from 1688: 1 new and 0 updated orders, 1 new and 0 updated refunds." in html
    assert "2203918107220135493" in html and "37.45" in html and "2024-06-26 14:58" in html
    assert "TQ10426553019961198" in html and "不想买了" in html and "Last sync:" in html


def test_a_date_limits_the_sync(client, personas, script):
    _, sync = urls(personas)
    client.force_login(personas.alice)
    client.post(sync, {"since": "2024-06-01"})
    assert script.params(ORDERS)[0]["modifyStartTime"].startswith("20240601000000")


def test_a_bad_date_is_a_form_error(client, personas, script):
    _, sync = urls(personas)
    client.force_login(personas.alice)
    response = client.post(sync, {"since": "2024-13-45"}, **EN)
    assert response.status_code == 400 and "Enter a valid date." in response.content.decode()
    assert script.calls == []


def test_a_gateway_failure_is_shown_and_nothing_is_lost(client, personas, script):
    script.answers[ORDERS] = [httpx.Response(401, json={"error_code": "gw.InvalidAccessToken"})]
    _, sync = urls(personas)
    client.force_login(personas.alice)
    response = client.post(sync, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1688 did not accept the credentials." in html
    assert not PurchaseOrder.objects.exists() and not Refund.objects.exists()
