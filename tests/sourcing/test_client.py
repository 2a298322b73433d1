"""client_for: one factory, credentials from the workspace, refreshed tokens saved."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from tests.sources.open1688.open1688_fake_gateway import ACCESS_TOKEN, APP_SECRET, fixture
from tests.sourcing.conftest import KEYWORD, Script, connect, keyword_answer

from daifa.sources.open1688 import ConfigurationError
from daifa.sourcing.client import client_for, gateway_url
from daifa.sourcing.models import BuyerToken
from daifa.sourcing.services import account_save


def token_answer():
    body = fixture("oauth.getToken.response.doc-example.json")
    body.pop("refresh_token")  # a refresh answer carries none
    body.update(access_token="new-access-token", refresh_token_timeout="20991231000000+0800")
    return body


def test_an_unconfigured_workspace_is_told_where_to_set_the_app(personas):
    with pytest.raises(ConfigurationError) as caught:
        client_for(personas.workspace)
    assert "settings page" in caught.value.message("en") and "设置页" in caught.value.message("zh")


def test_a_workspace_without_a_buyer_account_is_told_to_connect_one(personas):
    account_save(workspace=personas.workspace, app_key="1000000", app_secret=APP_SECRET)
    with pytest.raises(ConfigurationError) as caught:
        client_for(personas.workspace)
    assert "Connect buyer account" in caught.value.message_en + caught.value.action_en
    assert "授权" in caught.value.message("zh")


def test_the_client_signs_with_the_workspace_token(personas):
    connect(personas.workspace)
    script = Script(**{KEYWORD: [keyword_answer()]})
    with client_for(personas.workspace, transport=httpx.MockTransport(script)) as client:
        client.search_keyword("杯子")
    assert script.calls[0][1]["access_token"] == ACCESS_TOKEN


def test_a_token_near_expiry_is_refreshed_and_saved(personas):
    connect(personas.workspace, expires_in=timedelta(minutes=10))
    script = Script(getToken=[token_answer()], **{KEYWORD: [keyword_answer()]})
    with client_for(personas.workspace, transport=httpx.MockTransport(script)) as client:
        client.search_keyword("杯子")
    stored = BuyerToken.objects.get()
    assert stored.access_token == "new-access-token"
    assert stored.refresh_token == "refresh-token-do-not-print"  # kept from before
    assert script.calls[0][1]["grant_type"] == "refresh_token"
    assert script.calls[1][1]["access_token"] == "new-access-token"


def test_saving_keeps_the_secret_unless_a_new_one_is_given(personas):
    account_save(workspace=personas.workspace, app_key="1000000", app_secret="first-secret")
    account = account_save(workspace=personas.workspace, app_key="1000000", app_secret="")
    assert account.app_secret == "first-secret"
    account = account_save(workspace=personas.workspace, app_key="1000000", app_secret="second")
    assert account.app_secret == "second"


def test_a_new_app_key_disconnects_the_buyer_account(personas):
    connect(personas.workspace)
    account_save(workspace=personas.workspace, app_key="2000000")
    assert not BuyerToken.objects.exists()


def test_the_gateway_address_comes_from_settings_then_the_environment(settings, monkeypatch):
    monkeypatch.setenv("DAIFA_1688_BASE_URL", "http://127.0.0.1:1")
    settings.OPEN1688_BASE_URL = None
    assert gateway_url() == "http://127.0.0.1:1"
    settings.OPEN1688_BASE_URL = "http://127.0.0.1:2"
    assert gateway_url() == "http://127.0.0.1:2"
