"""Quick capture in a real browser: a shop page, then an offer page of the same shop."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import login

from daifa.catalog.models import Offer, Supplier

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).parents[1] / "sources" / "capture" / "data"


def _paste(page, live_server, workspace, name: str) -> None:
    page.goto(f"{live_server.url}/w/{workspace.pk}/capture/")
    page.fill("textarea[name=text]", (DATA / name).read_text(encoding="utf-8"))
    page.click("main form.card button[type=submit]")
    expect(page.locator("#capture-target")).to_be_visible()


def test_paste_a_shop_then_its_offer_and_read_the_scorecard(
    page, live_server, personas, settings_e2e
):
    workspace = personas.workspace
    for i in range(30):  # other shops: the match must find the right one among them
        Supplier.objects.create(
            workspace=workspace, external_id=f"b2b-22{i:08d}", name=f"义乌市第{i}饰品有限公司"
        )
    login(page, live_server, "alice", "alice-password-1")

    _paste(page, live_server, workspace, "shop_hengxing.txt")
    expect(page.locator("input[name=supplier_id]")).to_have_value("hengxing888")
    expect(page.locator("#capture-match")).to_contain_text("店铺链接")
    assert page.locator("main select").count() == 0
    page.click("button:has-text('保存这些数据')")
    expect(page.locator("h1")).to_contain_text("义乌市恒星饰品有限公司")
    expect(page.locator("tr#c-repeat_rate")).to_be_visible()  # a scorecard, shop facts only
    expect(page.locator("#no-offers")).to_be_visible()
    expect(page.locator("tr#c-years_in_business")).to_contain_text("5")

    _paste(page, live_server, workspace, "offer_hengxing.txt")
    expect(page.locator("#capture-match")).to_contain_text("恒星饰品")
    expect(page.locator("input[name=supplier_id]")).to_have_value("hengxing888")
    page.click("button:has-text('保存这些数据')")
    expect(page.locator("h1")).to_contain_text("义乌市恒星饰品有限公司")
    expect(page.locator("tr#c-repeat_rate")).to_be_visible()
    expect(page.locator("main")).to_contain_text("723456789012")
    expect(page.locator("#no-offers")).to_have_count(0)

    supplier = Supplier.objects.get(workspace=workspace, external_id="hengxing888")
    assert list(Offer.objects.filter(supplier=supplier).values_list("external_id", flat=True)) == [
        "723456789012"
    ]
    assert Supplier.objects.filter(workspace=workspace).count() == 31
    assert not page.errors, page.errors
