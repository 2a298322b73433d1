"""Every monitoring page for alice (owner), bob (member), charlie (outsider) and anonymous;
bilingual and escaped."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from daifa.catalog.models import Supplier
from daifa.monitoring.models import Alert
from daifa.monitoring.services import monitor_refresh
from tests.monitoring.conftest import order_rows
from tests.monitoring.test_alerts import N, first_breaching_returns

PAGES = ["inbox", "settings", "kpis", "calibration", "watch", "orders_upload"]
POSTS = ["alert_act", "watch_set"]


@pytest.fixture
def breached(personas, screened, no_decay, store):
    store(order_rows("S-BEST", N, returns=first_breaching_returns(N)))
    store(order_rows("S-CHEAP", N, returns=first_breaching_returns(N), start=500))
    monitor_refresh(workspace=personas.workspace)
    return Alert.objects.filter(workspace=personas.workspace)


def url(name, ws):
    return reverse(f"monitoring:{name}", args=[ws.pk])


@pytest.mark.parametrize("name", PAGES)
def test_owner_and_member_see_every_page_in_both_languages(client, personas, breached, name):
    for user in (personas.alice, personas.bob):
        client.force_login(user)
        for lang, word in (("en", "Alerts"), ("zh-hans", "提醒")):
            response = client.get(url(name, personas.workspace), HTTP_ACCEPT_LANGUAGE=lang)
            assert response.status_code == 200
            text = response.content.decode()
            assert f">{word}</a>" in text  # the nav link, in the page's language
            assert "<b>低价</b>" not in text  # supplier text is escaped


@pytest.mark.parametrize("name", PAGES + POSTS)
def test_outsiders_get_404_and_anonymous_the_login(client, personas, breached, name):
    alert = breached.first()
    client.force_login(personas.charlie)
    assert client.get(url(name, personas.workspace)).status_code in {404, 405}
    assert client.post(url(name, personas.workspace), {"alert": alert.pk, "to": "resolved",
                                                       "offer": 1}).status_code == 404  # fmt: skip
    alert.refresh_from_db()
    assert alert.state == Alert.State.UNREAD
    client.logout()
    response = client.get(url(name, personas.workspace))
    assert response.status_code in {302, 405}


def test_charlie_cannot_touch_alices_alert_from_his_own_workspace(client, personas, breached):
    alert = breached.first()
    client.force_login(personas.charlie)
    response = client.post(url("alert_act", personas.charlie_workspace),
                           {"alert": alert.pk, "to": "resolved"})  # fmt: skip
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.state == Alert.State.UNREAD


def test_the_inbox_moves_alerts_between_unread_acknowledged_resolved(client, personas, breached):
    ws = personas.workspace
    client.force_login(personas.alice)
    alert = breached.get(rule="kpi_breach", supplier__external_id="S-CHEAP")
    page = client.get(url("inbox", ws), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "&lt;b&gt;低价&lt;/b&gt;电子" in page and "超出阈值" in page
    page = client.get(url("inbox", ws), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "breaches its threshold" in page and "Clopper" in page
    assert reverse("supplier_detail", args=[ws.pk, alert.supplier_id]) in page
    assert "<code>kpi_breach</code>" not in page and 'title="kpi_breach">KPI breach<' in page
    zh = client.get(url("inbox", ws), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'title="kpi_breach">指标超出阈值<' in zh
    response = client.post(url("alert_act", ws), {"alert": alert.pk, "to": "acknowledged"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.state == "acknowledged"
    assert f"alert-{alert.pk}" not in client.get(url("inbox", ws)).content.decode()
    assert (
        f"alert-{alert.pk}" in client.get(url("inbox", ws) + "?state=acknowledged").content.decode()
    )


def test_the_supplier_page_shows_the_kpi_with_its_interval_and_probation(
    client, personas, breached
):
    ws = personas.workspace
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    client.force_login(personas.alice)
    page = client.get(reverse("supplier_detail", args=[ws.pk, best.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fmt: skip
    assert "KPIs from your orders" in page and "On probation" in page
    assert 'data-kpi="kpi_return_rate"' in page and "<svg" in page
    dashboard = client.get(reverse("dashboard", args=[ws.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = dashboard.content.decode()
    assert "unread alert" in text and "KPIs of 2 suppliers you order from: 2 breach" in text


def test_kpi_table_sorts(client, personas, breached):
    client.force_login(personas.alice)
    ws = personas.workspace
    for sort in ("rate", "-rate", "n", "status", "bogus"):
        assert client.get(url("kpis", ws) + f"?sort={sort}").status_code == 200
    page = client.get(url("kpis", ws), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'n" title="n">订单</a>' in page and '-n">n</a>' not in page  # a word, not a letter


def test_orders_import_names_row_field_and_value_and_stores_nothing(client, personas, screened):
    ws = personas.workspace
    client.force_login(personas.alice)
    sheet = ("order_id,supplier_id,ordered_at,status\n"
             "A1,S-BEST,2026-05-01 10:00,delivered\n"
             "A2,S-BEST,yesterday,delivered\n"
             "A3,S-NOPE,2026-05-01 10:00,maybe\n")  # fmt: skip
    upload = io.BytesIO(sheet.encode())
    upload.name = "orders.csv"
    response = client.post(url("orders_upload", ws), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    text = response.content.decode()
    assert "row 3, ordered_at: &#x27;yesterday&#x27;" in text
    assert "row 4, status: &#x27;maybe&#x27;" in text
    assert ws.purchase_orders.count() == 0
    upload = io.BytesIO(sheet.encode())
    upload.name = "orders.csv"
    response = client.post(
        url("orders_upload", ws), {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "第 3 行，下单时间：“yesterday”" in response.content.decode()


def test_orders_import_with_an_unknown_supplier_stores_nothing(client, personas, screened):
    ws = personas.workspace
    client.force_login(personas.alice)
    upload = io.BytesIO(
        b"order_id,supplier_id,ordered_at\nA1,S-BEST,2026-05-01\nA2,S-X,2026-05-01\n"
    )
    upload.name = "orders.csv"
    response = client.post(url("orders_upload", ws), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "S-X" in response.content.decode()
    assert ws.purchase_orders.count() == 0


def test_a_good_orders_sheet_is_stored_and_monitored(client, personas, screened):
    ws = personas.workspace
    client.force_login(personas.alice)
    lines = ["订单号,供应商ID,下单时间,揽收时间,状态"]
    lines += [f"B{i},S-BEST,2026-11-20 10:00,2026-11-20 20:00,{'已退货' if i < 12 else '已签收'}"
              for i in range(40)]  # fmt: skip
    upload = io.BytesIO("\n".join(lines).encode())
    upload.name = "orders.csv"
    response = client.post(url("orders_upload", ws), {"file": upload})
    assert response.status_code == 302
    assert ws.purchase_orders.count() == 40
    assert Alert.objects.filter(workspace=ws, rule="kpi_breach").count() == 1
