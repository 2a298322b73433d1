"""Syncing buyer orders and refunds into a workspace."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from tests.sources.open1688.open1688_fake_gateway import fixture
from tests.sourcing.conftest import ORDERS, REFUNDS, Script, connect

from daifa.catalog.models import Supplier
from daifa.sources.open1688 import QuotaExhaustedError
from daifa.sourcing.client import client_for
from daifa.sourcing.models import Open1688Account, PurchaseOrder, Refund
from daifa.sourcing.services import SYNC_OVERLAP, orders_sync

BEIJING_8 = timedelta(hours=8)


def order_list(*infos):
    return {"result": list(infos), "totalRecord": len(infos)}


def listed_order():
    return fixture("trade.alibaba.trade.getBuyerOrderList.response.doc-example.json")["result"][0]


def recorded_order():
    return fixture("trade.alibaba.trade.get.buyerView.result.recorded-redacted.json")


def refund_list(order_id):
    body = fixture(
        "trade.alibaba.trade.refund.buyer.queryOrderRefundList.response.doc-example.json"
    )
    body["result"]["opOrderRefundModels"][0]["orderId"] = int(order_id)
    return body


def sync(workspace, script, **kwargs):
    with client_for(workspace, transport=httpx.MockTransport(script)) as client:
        return orders_sync(workspace=workspace, client=client, **kwargs)


@pytest.fixture
def connected(personas):
    connect(personas.workspace)
    return personas.workspace


def test_orders_and_refunds_are_stored_with_amounts_times_and_raw(connected):
    script = Script(
        **{
            ORDERS: [order_list(listed_order(), recorded_order())],
            REFUNDS: [refund_list("2203918107220135493")],
        }
    )
    result = sync(connected, script)
    assert (result.orders_created, result.refunds_created) == (2, 1)
    order = PurchaseOrder.objects.get(order_id="2203918107220135493")
    assert order.total_cny == Decimal("37.45") and order.shipping_fee_cny == Decimal("6")
    assert order.goods_cny == Decimal("31.45") and order.status == "waitbuyerreceive"
    assert order.created_at == datetime(2024, 6, 25, 3, 55, 5, tzinfo=UTC)
    assert order.paid_at == datetime(2024, 6, 25, 23, 54, 10, tzinfo=UTC)
    assert order.shipped_at == datetime(2024, 6, 26, 6, 58, 6, tzinfo=UTC)  # allDeliveredTime
    assert order.raw["baseInfo"]["tradeTypeDesc"] == "担保交易"
    cancelled = PurchaseOrder.objects.get(order_id="196965465451498520")
    assert cancelled.discount_cny == Decimal("-39.89")  # fen on the wire
    refund = Refund.objects.get(refund_id="TQ10426553019961198")
    assert refund.purchase_order == order and refund.apply_cny == Decimal("0.01")
    assert refund.status == "refundclose" and refund.reason.startswith("不想买了")
    assert refund.completed_at == datetime(2018, 7, 2, 6, 11, 13, tzinfo=UTC)


def test_an_order_is_linked_to_the_supplier_with_the_sellers_login_id(connected):
    seller = Supplier.objects.create(workspace=connected, external_id="alitestforisv04")
    script = Script(**{ORDERS: [order_list(listed_order())], REFUNDS: [refund_list("1")]})
    sync(connected, script)
    assert PurchaseOrder.objects.get().supplier == seller


def test_a_second_sync_updates_and_starts_where_the_last_one_ended(connected):
    script = Script(**{ORDERS: [order_list(listed_order())], REFUNDS: [refund_list("1")]})
    first = sync(connected, script)
    first_synced_at = Open1688Account.objects.get(workspace=connected).orders_synced_at
    changed = listed_order()
    changed["baseInfo"]["status"] = "success"
    script.answers[ORDERS] = [order_list(changed)]
    second = sync(connected, script)
    assert (second.orders_created, second.orders_updated) == (0, 1)
    assert (second.refunds_created, second.refunds_updated) == (0, 1)
    assert PurchaseOrder.objects.get().status == "success"
    assert second.since == first_synced_at - SYNC_OVERLAP
    assert first.since < second.since
    # modifyStartTime is sent in Beijing time
    stamp = script.params(ORDERS)[-1]["modifyStartTime"]
    assert stamp == (second.since + BEIJING_8).strftime("%Y%m%d%H%M%S") + stamp[14:17] + "+0800"


def test_since_is_sent_and_pages_are_followed(connected):
    page_one = []
    for number in range(50):
        info = copy.deepcopy(listed_order())
        info["baseInfo"]["idOfStr"] = str(1000 + number)
        page_one.append(info)
    script = Script(
        **{
            ORDERS: [order_list(*page_one), order_list(recorded_order())],
            REFUNDS: [refund_list("1")],
        }
    )
    since = datetime(2024, 6, 1, tzinfo=UTC)
    progress = []
    result = sync(connected, script, since=since, progress=lambda s, n: progress.append((s, n)))
    assert result.orders_created == 51
    assert [form["page"] for form in script.params(ORDERS)] == ["1", "2"]
    assert script.params(ORDERS)[0]["modifyStartTime"].startswith("20240601080000")
    assert script.params(REFUNDS)[0]["currentPageNum"] == "0"
    assert progress == [("orders", 50), ("orders", 51), ("refunds", 1)]


def test_a_refused_sync_keeps_the_pages_already_stored_and_the_last_sync_time(connected):
    quota = httpx.Response(400, json=fixture("error.gateway.NoUsageLeftError.json"))
    script = Script(**{ORDERS: [order_list(listed_order())], REFUNDS: [quota]})
    with pytest.raises(QuotaExhaustedError):
        sync(connected, script)
    assert PurchaseOrder.objects.count() == 1
    assert Open1688Account.objects.get(workspace=connected).orders_synced_at is None
