from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, parse_qsl, urlsplit

import httpx
import pytest
from tests.sources.open1688.open1688_fake_gateway import APP_KEY, APP_SECRET, fixture

from daifa.sources.open1688 import AuthenticationError, OAuthApp, Token, TokenKeeper

NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now.timestamp()


def app(handler, clock=None) -> OAuthApp:
    return OAuthApp(
        APP_KEY, APP_SECRET, transport=httpx.MockTransport(handler), clock=clock or Clock()
    )


def test_the_authorisation_address_names_the_app_site_and_state() -> None:
    url = app(lambda r: httpx.Response(500)).authorization_url("https://example.com/cb", "st8")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://auth.1688.com/oauth/authorize"
    assert parse_qs(parts.query) == {
        "client_id": [APP_KEY],
        "site": ["1688"],
        "redirect_uri": ["https://example.com/cb"],
        "state": ["st8"],
    }


def test_a_code_is_exchanged_for_a_ten_hour_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=fixture("oauth.getToken.response.doc-example.json"))

    token = app(handler).exchange_code("CODE1", "https://example.com/cb")
    assert seen[0].url.path == f"/openapi/http/1/system.oauth2/getToken/{APP_KEY}"
    form = dict(parse_qsl(seen[0].content.decode()))
    assert form["grant_type"] == "authorization_code" and form["code"] == "CODE1"
    assert form["need_refresh_token"] == "true" and form["client_secret"] == APP_SECRET
    assert token.expires_at == NOW + timedelta(hours=10)
    assert token.refresh_token == "479f9564-1049-456e-ab62-29d3e82277d9"
    assert token.ali_id == "8888888888"


def test_a_refused_code_says_to_connect_again() -> None:
    body = {"error": "invalid_grant", "error_description": "code expired"}
    with pytest.raises(AuthenticationError) as caught:
        app(lambda r: httpx.Response(401, json=body)).exchange_code("OLD", "https://x/cb")
    assert "code expired" in caught.value.message("en") and "重新授权" in caught.value.message("zh")


def token(expires_in: timedelta, refresh_expires: datetime | None = None) -> Token:
    return Token("old-access", "refresh-1", NOW + expires_in, refresh_expires, "m1")


def refresher(calls: list[dict[str, str]]):
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(dict(parse_qsl(request.content.decode())))
        return httpx.Response(
            200, json={"access_token": f"new-{len(calls)}", "expires_in": "36000"}
        )

    return handler


def test_the_keeper_uses_a_fresh_token_without_refreshing() -> None:
    calls: list[dict[str, str]] = []
    keeper = TokenKeeper(app(refresher(calls)), token(timedelta(hours=5)), clock=Clock())
    assert keeper.access_token() == "old-access"
    assert calls == []


def test_the_keeper_refreshes_before_the_expiry_and_keeps_the_refresh_token() -> None:
    calls: list[dict[str, str]] = []
    stored: list[Token] = []
    clock = Clock()
    keeper = TokenKeeper(
        app(refresher(calls), clock),
        token(timedelta(minutes=20)),
        on_refresh=stored.append,
        clock=clock,
    )
    assert keeper.access_token() == "new-1"
    assert calls[0]["grant_type"] == "refresh_token" and calls[0]["refresh_token"] == "refresh-1"
    assert stored[0].refresh_token == "refresh-1"  # the refresh answer has none; kept
    assert stored[0].expires_at == NOW + timedelta(hours=10)
    clock.now = NOW + timedelta(hours=9, minutes=45)
    assert keeper.access_token() == "new-2"


def test_an_expired_refresh_token_asks_to_connect_again() -> None:
    keeper = TokenKeeper(
        app(refresher([])),
        token(timedelta(0), refresh_expires=NOW - timedelta(days=1)),
        clock=Clock(),
    )
    with pytest.raises(AuthenticationError) as caught:
        keeper.access_token()
    assert "connect" in caught.value.message("en")


def test_a_token_round_trips_through_storage_and_hides_its_secrets() -> None:
    original = token(timedelta(hours=1), refresh_expires=NOW + timedelta(days=180))
    assert Token.from_dict(original.as_dict()) == original
    assert "old-access" not in repr(original) and "refresh-1" not in repr(original)
