"""Connecting the buyer account: 1688's OAuth flow with a state tied to the session."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.urls import reverse
from tests.sources.open1688.open1688_fake_gateway import APP_SECRET, fixture
from tests.sourcing.conftest import Script

from daifa.sourcing.models import BuyerToken
from daifa.sourcing.services import account_save

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
CALLBACK = "http://testserver/sourcing/oauth/callback/"


@pytest.fixture
def with_app(personas):
    return account_save(workspace=personas.workspace, app_key="1000000", app_secret=APP_SECRET)


def token_answer():
    body = fixture("oauth.getToken.response.doc-example.json")
    body["refresh_token_timeout"] = "20991231000000+0800"
    return body


def start(client, personas):
    client.force_login(personas.alice)
    response = client.post(reverse("sourcing:connect", args=[personas.workspace.pk]))
    assert response.status_code == 302
    return parse_qs(urlsplit(response["Location"]).query), response["Location"]


def test_connect_sends_the_owner_to_1688_with_a_state(client, personas, with_app):
    query, location = start(client, personas)
    assert location.startswith("https://auth.1688.com/oauth/authorize?")
    assert query["client_id"] == ["1000000"] and query["redirect_uri"] == [CALLBACK]
    assert query["state"] == [client.session["open1688_oauth"]["state"]]
    assert APP_SECRET not in location


def test_the_callback_stores_the_token(client, personas, with_app, scripted):
    script = scripted(Script(getToken=[token_answer()]))
    query, _ = start(client, personas)
    response = client.get(
        reverse("sourcing:oauth_callback"), {"code": "abc", "state": query["state"][0]}, **EN
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("sourcing:settings", args=[personas.workspace.pk])
    token = BuyerToken.objects.get(account=with_app)
    assert token.access_token == "f14da3b8-b0b1-4f73-a5de-9bed637e0188"
    assert token.resource_owner == "xxx" and token.refresh_token
    form = script.calls[0][1]
    assert form["code"] == "abc" and form["redirect_uri"] == CALLBACK
    html = client.get(response["Location"], **EN).content.decode()
    assert "The 1688 buyer account is connected." in html and "Connected: xxx" in html


def test_a_foreign_or_replayed_state_is_refused(client, personas, with_app, scripted):
    script = scripted(Script(getToken=[token_answer()]))
    query, _ = start(client, personas)
    callback = reverse("sourcing:oauth_callback")
    response = client.get(callback, {"code": "abc", "state": "forged"}, **EN)
    assert response.status_code == 400
    assert "does not belong to a connection started here" in response.content.decode()
    # the forged try used up the pending state: the real one is no longer accepted
    response = client.get(callback, {"code": "abc", "state": query["state"][0]})
    assert response.status_code == 400
    assert script.calls == [] and not BuyerToken.objects.exists()


def test_a_refusal_by_1688_is_explained_in_the_readers_language(
    client, personas, with_app, scripted
):
    refusal = {"error": "invalid_grant", "error_description": "code expired"}
    scripted(Script(getToken=[httpx.Response(400, json=refusal)]))
    query, _ = start(client, personas)
    response = client.get(
        reverse("sourcing:oauth_callback"), {"code": "old", "state": query["state"][0]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1688 拒绝了授权（invalid_grant" in html and "请在设置页重新授权" in html
    assert not BuyerToken.objects.exists()


def test_a_cancelled_authorisation_stores_nothing(client, personas, with_app):
    query, _ = start(client, personas)
    response = client.get(
        reverse("sourcing:oauth_callback"),
        {"error": "access_denied", "state": query["state"][0]},
        **EN,
    )
    assert response.status_code == 400
    assert "did not grant access" in response.content.decode()


def test_connect_without_an_app_says_what_to_set(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        reverse("sourcing:connect", args=[personas.workspace.pk]), follow=True, **EN
    )
    assert "has no 1688 Open Platform app key and secret yet" in response.content.decode()


def test_an_outsider_cannot_finish_alices_connection(client, personas, with_app, scripted):
    script = scripted(Script(getToken=[token_answer()]))
    query, _ = start(client, personas)
    session_key = client.session["open1688_oauth"]
    client.force_login(personas.charlie)  # a new session: no pending state for charlie
    response = client.get(
        reverse("sourcing:oauth_callback"), {"code": "abc", "state": query["state"][0]}
    )
    assert response.status_code == 400 and session_key
    assert script.calls == []
