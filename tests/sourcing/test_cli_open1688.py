"""`daifa 1688 sync-orders` and `daifa 1688 offer --workspace`, on the test database."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from tests.sources.open1688.open1688_fake_gateway import ACCESS_TOKEN, APP_KEY, APP_SECRET
from tests.sourcing.conftest import DETAIL, REFUNDS, connect, detail_answer
from tests.sourcing.test_services_orders import refund_list

from daifa.accounts.services import local_user, workspace_create
from daifa.catalog.models import Offer
from daifa.cli import main
from daifa.sourcing.models import PurchaseOrder, Refund

pytestmark = pytest.mark.django_db(transaction=True)
BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def env(monkeypatch, gateway):
    monkeypatch.setenv("DAIFA_1688_APP_KEY", APP_KEY)
    monkeypatch.setenv("DAIFA_1688_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("DAIFA_1688_ACCESS_TOKEN", ACCESS_TOKEN)
    monkeypatch.setenv("DAIFA_1688_BASE_URL", gateway.url)
    return gateway


@pytest.fixture
def shop(db):
    return workspace_create(owner=local_user(), name="店铺A")


def an_order(gateway, order_id="900000000000000777"):
    gateway.orders.append(
        {
            "id": order_id,
            "outOrderId": None,
            "message": "",
            "fen": 3600,
            "created": datetime.now(BEIJING),
        }
    )
    gateway.answers[REFUNDS] = refund_list(order_id)


def test_sync_orders_stores_orders_and_reports_progress(env, shop, capsys):
    an_order(env)
    assert main(["1688", "sync-orders", "--workspace", "店铺A", "--since", "2024-06-01"]) == 0
    captured = capsys.readouterr()
    order = PurchaseOrder.objects.get(workspace=shop)
    assert order.order_id == "900000000000000777" and str(order.total_cny) == "36.00"
    assert Refund.objects.get().purchase_order == order
    assert "订单 / orders: 1" in captured.err and "refunds: 1" in captured.err
    assert "1 new and 0 updated orders" in captured.out and "新订单 1" in captured.out
    form = dict(env.calls[0][1])
    assert form["modifyStartTime"].startswith("20240601000000")
    assert APP_SECRET not in captured.out + captured.err


def test_sync_orders_uses_the_workspaces_connected_account(
    gateway, shop, settings, capsys, monkeypatch
):
    for name in ("DAIFA_1688_APP_KEY", "DAIFA_1688_APP_SECRET", "DAIFA_1688_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    connect(shop)
    an_order(gateway)
    assert main(["1688", "sync-orders", "--workspace", "店铺A", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["orders_created"] == 1 and data["refunds_created"] == 1


def test_a_gateway_failure_exits_1_with_both_languages(env, shop, capsys):
    env.inject("alibaba.trade.getBuyerOrderList", "quota")
    assert main(["1688", "sync-orders", "--workspace", "店铺A"]) == 1
    err = capsys.readouterr().err
    assert "北京时间 00:00" in err and "00:00 Beijing time" in err and "request id" in err
    assert APP_SECRET not in err
    assert not PurchaseOrder.objects.exists()


def test_an_unknown_workspace_or_date_is_a_usage_error(env, shop, capsys):
    assert main(["1688", "sync-orders", "--workspace", "nope"]) == 2
    assert "nope" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["1688", "sync-orders", "--workspace", "店铺A", "--since", "1.6.2024"])
    assert caught.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert env.calls == []


def test_offer_with_a_workspace_stores_the_facts(env, db, capsys):
    env.answers[DETAIL] = detail_answer()
    url = "https://detail.1688.com/offer/34513534353434.html"
    assert main(["1688", "offer", url, "--workspace", "店铺B", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stored"]["offers_created"] == 1
    offer = Offer.objects.get(external_id="34513534353434", workspace__name="店铺B")
    assert offer.facts["dropship_price_cny"] == 15.0
    assert main(["1688", "offer", url, "--workspace", "店铺B"]) == 0
    assert "0 new offers, 0 observations" in capsys.readouterr().out
