"""Filing a claim's refund on 1688 (createRefund): once, in fen, linked to the synced refund."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest

from daifa.buying.errors import BuyingRefused
from daifa.buying.services import claim_create, claim_file_refund, order_create, order_mark
from daifa.sources.open1688 import ConfigurationError
from daifa.sources.open1688.errors import BusinessError
from daifa.sourcing.models import OrderAttempt
from tests.buying.conftest import T0
from tests.sources.open1688.open1688_fake_gateway import fixture

ORDER_ID = "506683458994743225"
ENTRY_ID = "506683458996743225"


class Gateway:
    """An httpx transport answering createRefund; keeps what was sent."""

    def __init__(self, body=None) -> None:
        self.body = body or fixture("trade.alibaba.trade.createRefund.response.doc-example.json")
        self.sent: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert "alibaba.trade.createRefund" in request.url.path
        form = dict(httpx.QueryParams(request.content.decode()))
        self.sent.append(form)
        return httpx.Response(200, json=self.body)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


@pytest.fixture
def synced_claim(shop):
    order = order_create(
        workspace=shop.workspace, offer=shop.offer, quantity=100, agreement=shop.agreement
    )
    order.total_cny = Decimal("1260.00")
    order.source = "sync"
    order.order_id = ORDER_ID
    order.raw = {"productItems": [{"subItemID": int(ENTRY_ID)}]}
    order.save()
    order_mark(order=order, step="paid", at=T0)
    order_mark(order=order, step="picked_up", at=T0 + timedelta(hours=40))
    return claim_create(order=order, kind="late_pickup", description="48小时未揽收")


@pytest.fixture
def connected(shop):
    from tests.sourcing.conftest import connect

    return connect(shop.workspace)


def test_the_refund_is_filed_once_in_fen_and_the_claim_is_sent(synced_claim, connected, personas):
    gateway = Gateway()
    refund_id = claim_file_refund(
        claim=synced_claim, by=personas.alice, reason_id=20028, transport=gateway.transport
    )
    assert refund_id == "TQ34931008034741532"
    (form,) = gateway.sent
    assert form["orderId"] == ORDER_ID and form["orderEntryIds"] == f"[{ENTRY_ID}]"
    assert form["applyPayment"] == "6300"  # 63.00 CNY (5 % of 1260) in fen
    assert form["applyReasonId"] == "20028" and form["goodsStatus"] == "refundWaitSellerSend"
    assert form["description"] == "48小时未揽收"
    synced_claim.refresh_from_db()
    assert synced_claim.refund_id == refund_id and synced_claim.status == "sent"
    again = claim_file_refund(
        claim=synced_claim, by=personas.alice, reason_id=20028, transport=gateway.transport
    )
    assert again == refund_id and len(gateway.sent) == 1


def test_a_stale_copy_of_the_claim_finds_the_first_refund_in_the_journal(
    synced_claim, connected, personas
):
    from daifa.buying.models import Claim

    stale = Claim.objects.get(pk=synced_claim.pk)  # loaded before the first submit
    gateway = Gateway()
    claim_file_refund(
        claim=synced_claim, by=personas.alice, reason_id=1, transport=gateway.transport
    )
    assert (
        claim_file_refund(claim=stale, by=personas.alice, reason_id=1, transport=gateway.transport)
        == "TQ34931008034741532"
    )
    assert len(gateway.sent) == 1
    assert OrderAttempt.objects.filter(reference=f"refund-{synced_claim.pk}").count() == 2


def test_a_1688_refusal_is_raised_and_nothing_is_stored(synced_claim, connected, personas):
    gateway = Gateway({"result": {"success": False, "code": "5005", "message": "退款金额超限"}})
    with pytest.raises(BusinessError):
        claim_file_refund(
            claim=synced_claim, by=personas.alice, reason_id=1, transport=gateway.transport
        )
    synced_claim.refresh_from_db()
    assert synced_claim.refund_id == "" and synced_claim.status == "open"


def test_refused_when_not_connected(synced_claim, personas):
    gateway = Gateway()
    with pytest.raises(ConfigurationError) as caught:
        claim_file_refund(
            claim=synced_claim, by=personas.alice, reason_id=1, transport=gateway.transport
        )
    assert "1688" in caught.value.message("zh") and gateway.sent == []


def test_refused_for_an_order_recorded_by_hand(shop, connected, personas):
    order = order_create(
        workspace=shop.workspace, offer=shop.offer, quantity=100, agreement=shop.agreement
    )
    order.total_cny = Decimal("1260.00")
    order.save()
    claim = claim_create(order=order, kind="quality", affected_quantity=2)
    gateway = Gateway()
    with pytest.raises(BuyingRefused) as caught:
        claim_file_refund(claim=claim, by=personas.alice, reason_id=1, transport=gateway.transport)
    assert "1688" in caught.value.zh and "1688" in caught.value.en and gateway.sent == []


def test_the_synced_refund_is_shown_on_the_claim(synced_claim, connected, personas):
    from daifa.buying.selectors import claim_refund
    from daifa.sourcing.models import Refund

    claim_file_refund(
        claim=synced_claim, by=personas.alice, reason_id=1, transport=Gateway().transport
    )
    assert claim_refund(synced_claim) is None  # not synced yet
    Refund.objects.create(
        workspace=synced_claim.workspace, refund_id="TQ34931008034741532",
        order_id=ORDER_ID, status="waitselleragree", synced_at=T0,
    )  # fmt: skip
    assert claim_refund(synced_claim).status == "waitselleragree"
    assert json.dumps(synced_claim.refund_id)


@pytest.fixture
def fake_gateway(settings):
    from tests.sources.open1688.open1688_fake_gateway import (
        ACCESS_TOKEN,
        APP_KEY,
        APP_SECRET,
        FakeGateway,
    )

    fake = FakeGateway(APP_KEY, APP_SECRET, ACCESS_TOKEN).start()
    fake.answers["alibaba.trade.createRefund"] = fixture(
        "trade.alibaba.trade.createRefund.response.doc-example.json"
    )
    settings.OPEN1688_BASE_URL = fake.url
    yield fake
    fake.stop()


def test_claim_page_previews_and_files_once_owner_only(
    synced_claim, connected, personas, fake_gateway
):
    from django.test import Client
    from django.urls import reverse

    ws = synced_claim.workspace
    page = reverse("buying:claim", args=[ws.pk, synced_claim.pk])
    url = reverse("buying:claim_refund", args=[ws.pk, synced_claim.pk])
    browser = Client()
    browser.force_login(personas.bob)
    shown = browser.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "¥63.00" in shown and 'name="reason_id"' not in shown
    assert browser.post(url, {"reason_id": "1"}).status_code == 403
    browser.force_login(personas.charlie)
    assert browser.post(url, {"reason_id": "1"}).status_code in (403, 404)
    assert fake_gateway.calls == []
    browser.force_login(personas.alice)
    shown = browser.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="refund-preview"' in shown and 'name="reason_id"' in shown
    assert ORDER_ID in shown and "48小时未揽收" in shown
    # This gateway has no reason list: the owner types the id, told why.
    assert 'id="refund-reasons-failed"' in shown and "type it" in shown
    assert '<input name="reason_id"' in shown
    bad = browser.post(url, {"reason_id": "abc"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "refund reason id = &#x27;abc&#x27;" in bad.content.decode()
    assert fake_gateway.call_count("alibaba.trade.createRefund") == 0
    filed = browser.post(url, {"reason_id": "20028"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "TQ34931008034741532" in filed.content.decode()
    assert fake_gateway.call_count("alibaba.trade.createRefund") == 1
    again = browser.post(url, {"reason_id": "20028"}, follow=True)
    assert again.status_code == 200
    assert fake_gateway.call_count("alibaba.trade.createRefund") == 1  # nothing new filed
    synced_claim.refresh_from_db()
    assert synced_claim.status == "sent"
    from daifa.sourcing.models import Refund

    Refund.objects.create(
        workspace=ws, refund_id="TQ34931008034741532", order_id=ORDER_ID,
        status="refundsuccess", refunded_cny=Decimal("63.00"), synced_at=T0,
    )  # fmt: skip
    shown = browser.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="refund-status">refundsuccess' in shown and 'name="reason_id"' not in shown


def test_claim_page_explains_a_hand_recorded_order_in_both_languages(shop, personas):
    from django.test import Client
    from django.urls import reverse

    order = order_create(
        workspace=shop.workspace, offer=shop.offer, quantity=100, agreement=shop.agreement
    )
    claim = claim_create(order=order, kind="quality", affected_quantity=2)
    browser = Client()
    browser.force_login(personas.alice)
    page = reverse("buying:claim", args=[shop.workspace.pk, claim.pk])
    assert (
        "not a synced 1688 order" in browser.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert (
        "不是从 1688 同步的订单"
        in browser.get(page, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    )


def test_no_answer_from_1688_is_never_retried_blindly(synced_claim, connected, personas):
    from daifa.sources.open1688.errors import ServerError
    from daifa.sourcing.models import Refund

    sent: list[str] = []

    def broken(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return httpx.Response(502, text="bad gateway")

    with pytest.raises(ServerError):
        claim_file_refund(
            claim=synced_claim, by=personas.alice, reason_id=1,
            transport=httpx.MockTransport(broken),
        )  # fmt: skip
    assert len(sent) == 1
    with pytest.raises(BuyingRefused) as caught:
        claim_file_refund(
            claim=synced_claim, by=personas.alice, reason_id=1, transport=Gateway().transport
        )
    assert "nothing was sent" in caught.value.en and "没有发送" in caught.value.zh
    # The sync then shows the refund that call did file: it is adopted, not filed again.
    Refund.objects.create(
        workspace=synced_claim.workspace, refund_id="TQ1", order_id=ORDER_ID, synced_at=T0,
        applied_at=T0,
    )  # fmt: skip
    gateway = Gateway()
    assert (
        claim_file_refund(
            claim=synced_claim, by=personas.alice, reason_id=1, transport=gateway.transport
        )
        == "TQ1"
    )
    assert gateway.sent == [] and len(sent) == 1


REASONS = "trade.alibaba.trade.getRefundReasonList.response.written.json"


def test_the_owner_picks_the_reason_from_1688s_list(synced_claim, connected, personas,
                                                    fake_gateway):  # fmt: skip
    from django.test import Client
    from django.urls import reverse

    fake_gateway.answers["alibaba.trade.getRefundReasonList"] = fixture(REASONS)
    ws = synced_claim.workspace
    page = reverse("buying:claim", args=[ws.pk, synced_claim.pk])
    browser = Client()
    browser.force_login(personas.alice)
    for lang, label in (("zh-hans", "退款原因（1688 的原因列表）"), ("en", "Refund reason")):
        shown = browser.get(page, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert label in shown and '<select name="reason_id"' in shown
        assert '<option value="20028">未按约定时间发货</option>' in shown
        assert 'id="refund-reasons-failed"' not in shown
    assert "需上传照片" in browser.get(page, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    name, sent = next(c for c in fake_gateway.calls if c[0] == "alibaba.trade.getRefundReasonList")
    assert sent["orderId"] == ORDER_ID and sent["orderEntryIds"] == f"[{ENTRY_ID}]"
    assert sent["goodsStatus"] == "refundWaitSellerSend"  # a late pickup: not yet shipped
    url = reverse("buying:claim_refund", args=[ws.pk, synced_claim.pk])
    browser.post(url, {"reason_id": "20028"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    (create,) = [form for n, form in fake_gateway.calls if n == "alibaba.trade.createRefund"]
    assert create["applyReasonId"] == "20028"


def test_when_1688_refuses_the_reason_list_the_page_says_so_in_zh(
    synced_claim, connected, personas, fake_gateway
):
    from django.test import Client
    from django.urls import reverse

    fake_gateway.answers["alibaba.trade.getRefundReasonList"] = {
        "result": {"success": False, "code": "5001", "message": "订单状态不支持退款"}
    }
    browser = Client()
    browser.force_login(personas.alice)
    page = reverse("buying:claim", args=[synced_claim.workspace.pk, synced_claim.pk])
    shown = browser.get(page, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "未能从 1688 读取退款原因列表" in shown and "订单状态不支持退款" in shown
    assert '<input name="reason_id"' in shown
