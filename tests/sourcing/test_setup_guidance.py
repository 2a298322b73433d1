"""Without Open Platform keys every 1688 page says what it needs before anything is tried."""

from __future__ import annotations

import httpx
import pytest
from django.urls import reverse
from tests.sources.open1688.open1688_fake_gateway import ACCESS_TOKEN, APP_KEY, APP_SECRET, fixture
from tests.sourcing.conftest import Script, connect

from daifa.catalog.models import Supplier
from daifa.sourcing.services import account_save

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
CATEGORY = "category.translation.getById"
NOT_ANSWERED = "1688 did not answer as expected."


def _url(name, personas, *args):
    return reverse(f"sourcing:{name}", args=[personas.workspace.pk, *args])


@pytest.fixture
def alice(client, personas):
    client.force_login(personas.alice)
    return client


@pytest.mark.parametrize("page", ["search", "orders"])
def test_a_page_says_what_is_missing_before_anything_is_tried(alice, personas, page):
    html = alice.get(_url(page, personas), **EN).content.decode()
    assert 'id="open1688-setup"' in html
    assert "1688 Open Platform is not set up yet" in html
    assert "Most individual sellers cannot get them" in html
    assert f'href="{_url("settings", personas)}"' in html  # a real link to the settings
    assert f'href="{reverse("capture:paste", args=[personas.workspace.pk])}"' in html
    assert "导出" in html  # the order export is named as the way without the API
    assert "disabled" in html


def test_with_an_app_but_no_buyer_account_the_page_asks_for_the_buyer_account(alice, personas):
    account_save(workspace=personas.workspace, app_key=APP_KEY, app_secret=APP_SECRET)
    html = alice.get(_url("search", personas), **EN).content.decode()
    assert "No 1688 buyer account is connected yet" in html
    assert "Connect buyer account" in html


def test_a_connected_workspace_shows_no_setup_notice(alice, personas):
    connect(personas.workspace)
    html = alice.get(_url("search", personas), **EN).content.decode()
    assert 'id="open1688-setup"' not in html and "disabled" not in html


@pytest.mark.parametrize("lang", [EN, ZH])
def test_no_keys_is_not_reported_as_an_abnormal_1688_answer(alice, personas, lang):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    posts = [
        (
            _url("paste_offer", personas),
            {"offer": "https://detail.1688.com/offer/712345678901.html"},
        ),
        (_url("orders_sync", personas), {}),
        (_url("supplier_refresh", personas, supplier.pk), {}),
    ]
    for url, data in posts:
        html = alice.post(url, data, **lang).content.decode()
        assert NOT_ANSWERED not in html and "1688 返回了异常结果" not in html, url
        if lang is EN:
            assert "1688 is not set up yet: nothing was sent to 1688." in html, url
        else:
            assert "尚未设置 1688 开放平台：没有向 1688 发送任何请求。" in html, url
        assert f'href="{_url("settings", personas)}"' in html, url


def test_the_supplier_page_links_the_settings_instead_of_a_refresh_that_cannot_work(
    alice, personas
):
    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S1")
    page = reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    refresh = _url("supplier_refresh", personas, supplier.pk)
    html = alice.get(page, **EN).content.decode()
    assert refresh not in html
    assert "needs 1688 Open Platform keys" in html and _url("settings", personas) in html
    connect(personas.workspace)
    html = alice.get(page, **EN).content.decode()
    assert f'action="{refresh}"' in html


def test_the_settings_page_explains_who_can_get_keys_and_the_way_without(alice, personas):
    html = alice.get(_url("settings", personas), **EN).content.decode()
    assert "Most individual sellers cannot get Open Platform keys." in html
    assert "gw.APIACLDecline" in html and "1703167397970" in html
    assert "Register this callback address" in html  # needed before the app exists
    assert f'href="{reverse("upload", args=[personas.workspace.pk])}"' in html
    assert 'id="connection-test"' in html


def _test(client, personas, **lang):
    response = client.post(_url("connection_test", personas), **(lang or EN))
    assert response.status_code == 302
    return client.get(_url("settings", personas), **(lang or EN)).content.decode()


def test_the_connection_test_without_keys_sends_nothing(alice, personas, scripted):
    script = scripted(Script())
    html = _test(alice, personas)
    assert "Connection not tested: nothing was sent to 1688." in html
    assert "no 1688 Open Platform app key and secret" in html
    account_save(workspace=personas.workspace, app_key=APP_KEY, app_secret=APP_SECRET)
    html = _test(alice, personas)
    assert "Connection not tested" in html and "No 1688 buyer account is connected" in html
    assert script.calls == []


def test_a_working_connection_is_confirmed_after_one_signed_call(alice, personas, scripted):
    connect(personas.workspace)
    answer = fixture("crossborder.category.translation.getById.response.doc-example.json")
    script = scripted(Script(**{CATEGORY.replace(".", "__"): [answer]}))
    html = _test(alice, personas)
    assert "Connection works" in html
    [form] = script.params(CATEGORY)
    assert form["access_token"] == ACCESS_TOKEN and form["_aop_signature"]
    assert form["categoryId"] == "0"


def test_a_business_answer_still_proves_the_credentials(alice, personas, scripted):
    connect(personas.workspace)
    refused = {"success": False, "code": "500", "message": "类目不存在"}
    scripted(Script(**{CATEGORY.replace(".", "__"): [refused]}))
    assert "Connection works" in _test(alice, personas)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (
            httpx.Response(400, json=fixture("error.gateway.APIACLDecline.json")),
            "(gw.APIACLDecline)",
        ),
        (httpx.Response(401, text="Request need user authenticated"), "The connection test failed"),
    ],
)
def test_a_refused_connection_says_exactly_why(alice, personas, scripted, response, expected):
    connect(personas.workspace)
    scripted(Script(**{CATEGORY.replace(".", "__"): [response]}))
    html = _test(alice, personas)
    assert "The connection test failed" in html and expected in html
    assert "Connection works" not in html


def test_the_settings_button_and_the_messages_name_the_same_action_in_chinese(alice, personas):
    account_save(workspace=personas.workspace, app_key=APP_KEY, app_secret=APP_SECRET)
    settings_html = alice.get(_url("settings", personas), **ZH).content.decode()
    assert "授权买家账号</button>" in settings_html  # a POST form (no state-changing GET)
    assert "连接买家账号" not in settings_html and "尚未授权买家账号" in settings_html
    search_html = alice.get(_url("search", personas), **ZH).content.decode()
    assert "“授权买家账号”" in search_html
    refused = alice.post(_url("orders_sync", personas), {}, **ZH).content.decode()
    assert "点击“授权买家账号”" in refused
