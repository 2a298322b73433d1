"""Placing an order on 1688: preview first, then the never-twice journal; refused for a
blocked supplier or below the MOQ before anything is sent."""

from __future__ import annotations

import pytest

from daifa.buying.errors import BuyingRefused
from daifa.buying.services import order_create, order_place_1688
from daifa.lifecycle.services import supplier_stage_change
from daifa.sources.open1688 import Address, Open1688Client, RetryPolicy
from daifa.sourcing.models import OrderAttempt
from tests.sources.open1688.open1688_fake_gateway import (
    ACCESS_TOKEN,
    APP_KEY,
    APP_SECRET,
    FakeGateway,
    fixture,
)

ADDRESS = Address(
    full_name="王小明", mobile="13800000000", province="广东省", city="深圳市", area="南山区",
    address="科技园路1号",
)  # fmt: skip
PREVIEW = "alibaba.createOrder.preview"


@pytest.fixture
def gateway():
    fake = FakeGateway(APP_KEY, APP_SECRET, ACCESS_TOKEN, stall=0.3).start()
    fake.answers[PREVIEW] = fixture("trade.alibaba.createOrder.preview.response.doc-example.json")
    yield fake
    fake.stop()


@pytest.fixture
def client(gateway):
    with Open1688Client(
        APP_KEY, APP_SECRET, access_token=ACCESS_TOKEN, base_url=gateway.url, timeout=0.2,
        retry=RetryPolicy(attempts=3, base_delay=0.01, seed=7), sleep=lambda s: None,
    ) as made:  # fmt: skip
        yield made


def test_preview_then_place_once(shop, gateway, client):
    order = order_create(
        workspace=shop.workspace, offer=shop.offer, quantity=60, agreement=shop.agreement
    )
    reference = order.order_id
    placed = order_place_1688(order=order, client=client, address=ADDRESS, sleep=lambda s: None)
    assert placed.how == "created" and len(gateway.orders_for(reference)) == 1
    assert [name for name, _ in gateway.calls][:2] == [PREVIEW, "alibaba.trade.createCrossOrder"]
    order.refresh_from_db()
    assert order.order_id == placed.order_ids[0] and order.out_order_id == reference
    again = order_place_1688(order=order, client=client, address=ADDRESS, sleep=lambda s: None)
    assert again.how == "journal" and len(gateway.orders_for(reference)) == 1


def test_blocked_or_below_moq_sends_nothing(shop, gateway, client, personas):
    order = order_create(workspace=shop.workspace, offer=shop.offer, quantity=60)
    order.quantity = 10  # e.g. edited after recording
    order.save()
    with pytest.raises(BuyingRefused):
        order_place_1688(order=order, client=client, address=ADDRESS)
    order.quantity = 60
    order.save()
    supplier_stage_change(supplier=shop.supplier, to="blocked", by=personas.alice, reason="x")
    with pytest.raises(BuyingRefused):
        order_place_1688(order=order, client=client, address=ADDRESS)
    assert gateway.calls == [] and not OrderAttempt.objects.exists()


def test_place_page_previews_then_places_owner_only(shop, gateway, personas, client, settings):
    from django.test import Client
    from django.urls import reverse

    from tests.sourcing.conftest import connect

    settings.OPEN1688_BASE_URL = gateway.url
    connect(shop.workspace)
    order = order_create(workspace=shop.workspace, offer=shop.offer, quantity=60)
    reference = order.order_id
    url = reverse("buying:order_place", args=[shop.workspace.pk, order.pk])
    data = {
        "full_name": "王小明", "mobile": "13800000000", "province": "广东省", "city": "深圳市",
        "area": "南山区", "address": "科技园路1号",
    }  # fmt: skip
    browser = Client()
    browser.force_login(personas.bob)
    assert browser.post(url, {**data, "action": "place"}).status_code == 403
    browser.force_login(personas.alice)
    bad = browser.post(url, {**data, "mobile": "123", "action": "preview"})
    assert bad.status_code == 400 and gateway.calls == []
    preview = browser.post(url, {**data, "action": "preview"}, HTTP_ACCEPT_LANGUAGE="en")
    assert preview.status_code == 200 and "Place the order on 1688" in preview.content.decode()
    assert gateway.orders == []
    placed = browser.post(url, {**data, "action": "place"})
    assert placed.status_code == 302 and len(gateway.orders_for(reference)) == 1
