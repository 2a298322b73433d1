"""The supplier list in a real browser: Chinese IME search, sortable headers,
ticking suppliers to compare, and the profile preview's field errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _list(page, live_server, personas) -> None:
    login(page, live_server, "alice", "alice-password-1")
    page.goto(f"{live_server.url}/w/{personas.workspace.pk}/suppliers/")
    expect(page.locator("#results")).to_contain_text("5 家供应商")


def test_chinese_typed_with_an_ime_searches_without_enter(
    page, live_server, personas, screened, settings_e2e
):
    _list(page, live_server, personas)
    box = page.locator("input[name=q]")
    box.focus()
    # While a word is composed (pinyin letters in the box) nothing is asked for...
    box.evaluate(
        """el => {
            el.dispatchEvent(new CompositionEvent("compositionstart", {bubbles: true}));
            el.value = "gupin";
            el.dispatchEvent(new InputEvent("input", {bubbles: true, isComposing: true}));
        }"""
    )
    page.wait_for_timeout(800)
    expect(page.locator("#results")).to_contain_text("5 家供应商")
    # ...the committed word is searched as soon as composition ends, no Enter.
    box.evaluate(
        """el => {
            el.value = "孤品";
            el.dispatchEvent(new InputEvent("input", {bubbles: true, isComposing: true}));
            el.dispatchEvent(new CompositionEvent("compositionend", {bubbles: true, data: "孤品"}));
        }"""
    )
    expect(page.locator("#results")).to_contain_text("1 家供应商")
    expect(page.locator("#results")).to_contain_text("孤品家居")
    # Text inserted as an IME (or a paste) commits it: an input event, no key events
    box.fill("")
    box.focus()
    page.keyboard.insert_text("优选")
    expect(page.locator("#results")).to_contain_text("优选电子")
    expect(page.locator("#results")).to_contain_text("1 家供应商")
    assert "q=%E4%BC%98%E9%80%89" in page.url  # the search is in the address
    assert not page.errors, page.errors


def test_a_column_header_sorts_and_the_filters_follow(
    page, live_server, personas, screened, settings_e2e
):
    _list(page, live_server, personas)
    page.click("#results a.sort:text-is('价格')")
    expect(page.locator("#results a.sort:has-text('价格 ▲')")).to_be_visible()
    names = page.locator("#results tbody tr td:nth-child(2) a").all_inner_texts()
    assert names[0] == "孤品家居"  # ¥9, the cheapest
    assert "sort=price" in page.url
    expect(page.locator("form.filters select[name=sort]")).to_have_value("price")
    page.click("#results a.sort:has-text('价格 ▲')")
    expect(page.locator("#results a.sort:has-text('价格 ▼')")).to_be_visible()
    names = page.locator("#results tbody tr td:nth-child(2) a").all_inner_texts()
    assert names[0] == "无代发"  # ¥31, the dearest
    assert not page.errors, page.errors


def test_tick_three_suppliers_and_compare_them(page, live_server, personas, screened, settings_e2e):
    _list(page, live_server, personas)
    for name in ("优选电子", "中庸电子", "孤品家居"):
        page.locator("#results tbody tr", has_text=name).locator("input[name=s]").check()
    page.click("#compare-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("对比所选供应商")
    head = page.locator("table.compare thead")
    for name in ("优选电子", "中庸电子", "孤品家居"):
        expect(head).to_contain_text(name)
    expect(head).not_to_contain_text("无代发")
    assumptions = page.locator("#cost-assumptions")
    expect(assumptions).to_contain_text("云途专线 → US")
    expect(assumptions).to_contain_text("亚马逊美国站")
    expect(assumptions).to_contain_text("数量 1 件（默认）")
    expect(assumptions.locator("a")).to_have_attribute("href", re.compile(r"/costs/settings/$"))
    assert not page.errors, page.errors


def test_one_ticked_supplier_gets_a_clear_message(
    page, live_server, personas, screened, settings_e2e
):
    _list(page, live_server, personas)
    page.locator("#results tbody tr", has_text="优选电子").locator("input[name=s]").check()
    page.click("#compare-form button[type=submit]")
    message = "请在列表中勾选 2–5 家供应商再对比（当前勾选 1 家）"
    expect(page.locator("p.error")).to_contain_text(message)


def test_an_invalid_profile_value_is_marked_and_the_preview_goes_on(
    page, live_server, personas, screened, settings_e2e
):
    login(page, live_server, "alice", "alice-password-1")
    page.goto(f"{live_server.url}/w/{personas.workspace.pk}/profile/")
    weight = page.locator("input[name=dispute_rate__weight]")
    weight.fill("-3")
    weight.dispatch_event("change")
    expect(page.locator("#err-dispute_rate__weight")).to_contain_text("0")
    expect(page.locator("#preview")).to_contain_text("纠纷率 · 权重")
    # a later, valid change is still previewed
    page.locator("input[name=grade_A]").fill("0")
    page.locator("input[name=grade_A]").dispatch_event("change")
    expect(page.locator("#preview table")).to_be_visible()
    # fixing the value clears its mark
    weight.fill("2")
    weight.dispatch_event("change")
    expect(page.locator("#err-dispute_rate__weight")).to_have_text("")
    assert not page.errors, page.errors
