"""Verifying a supplier in a real browser: from "verify first" to approvable, and
a failed sample test whose photo is the evidence."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import login
from tests.verification.conftest import make_verify_first

from daifa.evidence.pngs import solid_png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open_check(page, live_server, workspace, supplier, text: str) -> None:
    page.goto(f"{live_server.url}/w/{workspace.pk}/suppliers/{supplier.pk}/")
    page.click("#checks-link")
    page.click(f"#suggested li:has-text('{text}') button")
    expect(page.locator("#check-form")).to_be_visible()


def test_a_stock_probe_and_a_test_order_make_the_supplier_approvable(
    page, live_server, personas, settings_e2e
):
    supplier = make_verify_first(personas, gates=("inventory_consistent", "test_order_ship_hours"))
    ws = personas.workspace
    login(page, live_server, "bob", "bob-password-1")
    page.goto(f"{live_server.url}/w/{ws.pk}/suppliers/{supplier.pk}/")
    expect(page.locator(".verdict .warn")).to_contain_text("合作前请核实")
    expect(page.locator("#open-gates")).to_contain_text("小号库存核对")

    _open_check(page, live_server, ws, supplier, "小号库存核对")
    page.fill("#f-probed_on", "2026-06-01")
    page.fill("#f-quantity_asked", "100")
    page.fill("#f-main_answer", "现货 500")
    page.fill("#f-second_answer", "490")
    page.click("#finish")
    expect(page.locator("tr#c-inventory_consistent")).to_have_class(re.compile("status-pass"))
    expect(page.locator(".verdict .warn")).to_contain_text("合作前请核实")  # one to go

    _open_check(page, live_server, ws, supplier, "测试单")
    page.fill("#f-order_ref", "3344556677")
    page.fill("#f-pieces", "1")
    page.fill("#f-paid_at", "2026-06-01T10:00")
    page.fill("#f-picked_up_at", "2026-06-02T09:30")
    page.click("#finish")
    expect(page.locator("tr#c-test_order_ship_hours")).to_have_class(re.compile("status-pass"))
    expect(page.locator(".verdict .ok")).to_contain_text("可合作")
    expect(page.locator("#approvable")).to_be_visible()

    page.select_option("#stage-to", "approved")
    page.click("#stage-form button[type=submit]")
    expect(page.locator("#stage-badge")).to_have_text("已批准")
    page.goto(f"{live_server.url}/w/{ws.pk}/suppliers/?approvable=yes")
    expect(page.locator("main")).to_contain_text("待核实箱包")
    assert not page.errors, page.errors


def test_a_failed_sample_item_fails_the_gate_with_its_photo_as_evidence(
    page, live_server, personas, settings_e2e, tmp_path
):
    supplier = make_verify_first(personas, gates=("sample_test_passed",))
    ws = personas.workspace
    photo = tmp_path / "拉链卡住.png"
    photo.write_bytes(solid_png(40, 30, (200, 40, 40), stripe=5))
    login(page, live_server, "alice", "alice-password-1")
    _open_check(page, live_server, ws, supplier, "样品测试")
    page.click("a[href='?category=bags']")
    page.fill("#f-tested_on", "2026-06-10")
    for key in ("identity", "packaging", "smell", "seams"):
        page.select_option(f"select[name=item-{key}-result]", "pass")
    page.fill("input[name=item-handle_load-measured]", "8")
    page.fill("input[name=item-zip_cycles-measured]", "32")
    page.click("#finish")  # a failed item without its photo is refused
    expect(page.locator("#item-zip_cycles .error")).to_contain_text("不合格项必须附照片")
    expect(page.locator("input[name=item-zip_cycles-measured]")).to_have_value("32")  # kept
    page.errors.clear()  # the refusal is a 400 response, which Chromium logs
    page.set_input_files("input[name=item-zip_cycles-photo]", str(photo))
    page.click("#finish")
    expect(page.locator("tr#c-sample_test_passed")).to_have_class(re.compile("status-fail"))
    expect(page.locator(".verdict .bad")).to_be_visible()

    page.click("#checks-link")
    page.click("#checks a:has-text('样品测试')")
    expect(page.locator("#item-zip_cycles")).to_have_class(re.compile("status-fail"))
    image = page.locator("#item-zip_cycles img.item-photo")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 40
    assert not page.errors, page.errors
