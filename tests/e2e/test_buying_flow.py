"""Buying in a real browser: an agreement and its PDF; an order paid, its pickup clock run
out (fixed clock), seen overdue, and a late-pickup claim showing the agreement's amount."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from tests.e2e.conftest import login

from daifa.buying import clock
from daifa.buying.models import Agreement, Claim
from daifa.catalog.models import Offer, Supplier
from daifa.sourcing.models import PurchaseOrder

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def fixed_clock():
    clock.fix(T0)
    yield
    clock.fix(None)


def test_agreement_pdf_then_order_overdue_and_late_pickup_claim(
    page, live_server, personas, settings_e2e, fixed_clock
):
    ws = personas.workspace
    supplier = Supplier.objects.create(
        workspace=ws, external_id="shenzhen-audio", name="深圳市声悦电子有限公司"
    )
    offer = Offer.objects.create(
        workspace=ws, supplier=supplier, external_id="610001", title="蓝牙耳机 TWS-5",
        product_group="耳机-01",
        facts={"moq": 50, "price_tiers": [{"min_qty": 50, "max_qty": None, "price_cny": 12.5}]},
    )  # fmt: skip
    login(page, live_server, "alice", "alice-password-1")

    # 1. an agreement from the seed's terms, and its PDF
    page.goto(f"{live_server.url}/w/{ws.pk}/buying/")
    page.click(f"a[href='/w/{ws.pk}/buying/suppliers/{supplier.pk}/agreement/']")
    expect(page.locator("input[name=pickup_hours]")).to_have_value("24")
    page.fill("input[name=buyer_name]", "Alice Trading")
    page.click("main form.card button[type=submit]")
    expect(page.locator("h1")).to_contain_text("PA-20261102-001")
    with page.expect_download() as caught:
        page.click("#download-pdf")
    pdf = PdfReader(io.BytesIO(caught.value.path().read_bytes()))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages))
    assert "付款后24小时内" in text and "within24hoursofpayment" in text and "AliceTrading" in text
    agreement = Agreement.objects.get()

    # the printable page keeps its style under the content security policy
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/w/{ws.pk}/buying/agreements/{agreement.pk}/print/")
    assert page.eval_on_selector("h1", "h => getComputedStyle(h).textAlign") == "center"
    assert refused == []

    # 2. an order under it, paid
    page.goto(f"{live_server.url}/w/{ws.pk}/buying/orders/new/")
    page.select_option("select[name=offer]", str(offer.pk))
    page.select_option("select[name=agreement]", str(agreement.pk))
    page.fill("input[name=quantity]", "60")
    page.click("main form.card button[type=submit]")
    expect(page.locator("#order-state")).to_be_visible()
    order = PurchaseOrder.objects.get()
    assert str(order.unit_price_cny) == "12.5000" and order.total_cny == 750
    page.select_option("#mark-form select[name=step]", "paid")
    page.click("#mark-form button[type=submit]")
    expect(page.locator("#pickup-due")).to_contain_text("2026-11-03")

    # 3. the pickup clock runs out: overdue
    clock.fix(T0 + timedelta(hours=25))
    page.goto(f"{live_server.url}/w/{ws.pk}/buying/orders/overdue/")
    expect(page.locator("table.overdue")).to_contain_text(order.order_id)
    page.click(f"table.overdue a:has-text('{order.order_id}')")
    expect(page.locator("#order-state")).to_contain_text("揽收超时")

    # 4. a late-pickup claim: 5 % of ¥750
    page.select_option("#claim-form select[name=kind]", "late_pickup")
    page.click("#claim-form button[type=submit]")
    expect(page.locator("#claim-amount")).to_contain_text("¥37.50")
    expect(page.locator("pre.message").first).to_contain_text("第4条")
    assert Claim.objects.get().amount_cny == 37.5
    # The message's long clause lines wrap: the page never scrolls sideways.
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= page.evaluate("window.innerWidth"), (width, wide)
    assert not page.errors, page.errors
