"""The API's docs page and the one-click capture in a real browser.

* /api/v1/docs draws the operations from local files under the strict CSP
  (a blocked script or style would show as a console error).
* The bookmarklet, run on a 1688 page (another origin, served here by the
  browser itself), opens the workbench's capture page with that page's text
  filled in; the seller reads, checks and saves there.
* A page on another site cannot store anything: its cross-site POST to the
  capture's confirm step has no CSRF token and is refused.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import login

from daifa.catalog.models import Offer, Supplier

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).parents[1] / "sources" / "capture" / "data"
OFFER_URL = "https://detail.1688.com/offer/712345678901.html"


def _fake_1688(page, text: str) -> None:
    """detail.1688.com answered by the browser itself with the offer page's text."""
    lines = "".join(f"<div>{html.escape(line)}</div>" for line in text.splitlines())
    body = f"<!doctype html><html><head><meta charset=utf-8></head><body>{lines}</body></html>"
    page.route(
        "https://detail.1688.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=body),
    )


def test_the_docs_page_draws_every_operation_under_the_strict_csp(page, live_server, db):
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("daifa API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/suppliers/{id}" in p for p in paths) and any("/capture" in p for p in paths)
    assert not page.errors, page.errors  # no "Refused to ..." from the CSP


def test_the_bookmarklet_opens_the_capture_page_filled_in_and_the_seller_saves(
    page, live_server, personas, settings_e2e
):
    workspace = personas.workspace
    login(page, live_server, "alice", "alice-password-1")
    page.goto(f"{live_server.url}/w/{workspace.pk}/capture/")
    href = page.locator("a.bookmarklet").get_attribute("href")
    assert href.startswith("javascript:") and f"/w/{workspace.pk}/capture/" in href

    offer_page = (DATA / "offer_interleaved.txt").read_text(encoding="utf-8")
    _fake_1688(page, offer_page)
    page.goto(OFFER_URL)
    errors: list[str] = []
    page.context.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with page.context.expect_page() as opened:
        # What clicking the bookmark does: the browser runs the decoded URL's code.
        page.evaluate(unquote(href.removeprefix("javascript:")))
    capture = opened.value
    capture.wait_for_load_state()
    assert capture.url == f"{live_server.url}/w/{workspace.pk}/capture/"  # text left the address
    box = capture.locator("textarea[name=text]")
    filled = box.input_value()
    assert OFFER_URL in filled and "回头率 41%" in filled and "¥12.50" in filled
    expect(capture.locator("#capture-from-bookmarklet")).to_be_visible()
    assert Supplier.objects.count() == 0  # nothing stored before the seller confirms

    capture.click("main form.card button[type=submit]")
    expect(capture.locator("#capture-target")).to_be_visible()
    capture.fill("input[name=supplier_id]", "jiamei")
    capture.click("button:has-text('保存这些数据')")
    expect(capture.locator("h1")).to_contain_text("义乌市佳美饰品有限公司")
    supplier = Supplier.objects.get(workspace=workspace, external_id="jiamei")
    assert Offer.objects.get(supplier=supplier).external_id == "712345678901"
    assert not errors, errors  # nothing the workbench's CSP refused


def test_a_cross_site_post_to_the_capture_is_refused(page, live_server, personas, settings_e2e):
    workspace = personas.workspace
    login(page, live_server, "alice", "alice-password-1")
    _fake_1688(page, "回头率 41%")
    page.goto(OFFER_URL)
    # A page on another site posts the confirm form to the workbench, with the
    # seller's cookies if the browser sends them: no CSRF token, refused.
    target = f"{live_server.url}/w/{workspace.pk}/capture/confirm/"
    page.evaluate(
        """(target) => {
            const form = document.createElement("form");
            form.method = "post"; form.action = target;
            const fields = {page_kind: "shop", names: "repeat_rate_pct", supplier_id: "evil",
                            use_repeat_rate_pct: "on", value_repeat_rate_pct: "99%"};
            for (const [name, value] of Object.entries(fields)) {
                const input = document.createElement("input");
                input.name = name; input.value = value; form.appendChild(input);
            }
            document.body.appendChild(form); form.submit();
        }""",
        target,
    )
    page.wait_for_url(target)
    assert "403" in page.title() or "CSRF" in page.content() or "Forbidden" in page.content()
    assert not Supplier.objects.filter(external_id="evil").exists()
