"""After buying, in a real browser: import an orders file where one supplier's returns
breach the threshold; see the alert in the inbox, the supplier on probation and the KPI
with its interval on the supplier page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import login

from daifa.catalog.models import Supplier
from daifa.lifecycle.models import Stage
from daifa.lifecycle.selectors import supplier_stage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def orders_csv() -> str:
    day = datetime.now(UTC) - timedelta(days=3)
    lines = ["订单号,供应商ID,商品ID,下单时间,揽收时间,状态"]
    for i in range(40):
        at = day - timedelta(hours=i)
        status = "已退货" if i < 12 else "已签收"
        picked = at + timedelta(hours=8)
        lines.append(f"R{i},S-BEST,O-S-BEST,{at:%Y-%m-%d %H:%M},{picked:%Y-%m-%d %H:%M},{status}")
    for i in range(10):
        at = day - timedelta(hours=i)
        picked = at + timedelta(hours=8)
        lines.append(f"C{i},S-CHEAP,O-S-CHEAP,{at:%Y-%m-%d %H:%M},{picked:%Y-%m-%d %H:%M},已签收")
    return "\n".join(lines) + "\n"


def test_an_orders_file_that_breaches_shows_alert_probation_and_interval(
    page, live_server, personas, screened, settings_e2e, tmp_path
):
    path = tmp_path / "orders.csv"
    path.write_text(orders_csv(), encoding="utf-8")
    ws = personas.workspace
    login(page, live_server, "alice", "alice-password-1")
    page.goto(f"{live_server.url}/w/{ws.pk}/")
    page.click("header nav >> text=提醒")
    page.click("nav.subnav >> text=导入订单")
    page.set_input_files("input[type=file]", str(path))
    page.click("form.card button[type=submit]")
    # The inbox: the breach, with its rule, evidence and next action.
    alert = page.locator("article.alert").filter(has_text="退货率超出阈值")
    expect(alert).to_contain_text("规则: 指标超出阈值")  # the rule by name, not its key
    expect(alert).to_contain_text("12 / 40 单")
    expect(alert).to_contain_text("Clopper–Pearson")
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    assert supplier_stage(best) == Stage.PROBATION
    assert (
        supplier_stage(Supplier.objects.get(workspace=ws, external_id="S-CHEAP")) != Stage.PROBATION
    )
    # Its link opens the supplier page: on probation, the KPI with its interval.
    alert.locator("a", has_text="打开").click()
    expect(page).to_have_url(re.compile(rf"/w/{ws.pk}/suppliers/{best.pk}/"))
    panel = page.locator("section.monitoring")
    expect(panel).to_contain_text("观察期中")
    row = panel.locator('tr[data-kpi="kpi_return_rate"]')
    expect(row).to_have_class(re.compile("status-fail"))
    expect(row.locator("td.interval")).to_contain_text(re.compile(r"\d+(\.\d)? – \d+(\.\d)?%"))
    expect(row.locator("svg.spark")).to_be_visible()
    # Acknowledge it: it leaves the unread list.
    page.goto(f"{live_server.url}/monitoring/w/{ws.pk}/alerts/")
    page.locator("article.alert").filter(has_text="退货率超出阈值").locator(
        "button[value=acknowledged]"
    ).click()
    expect(page.locator("article.alert").filter(has_text="退货率超出阈值")).to_have_count(0)
    assert not page.errors, page.errors
