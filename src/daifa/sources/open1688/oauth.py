"""Connecting a 1688 buyer account: OAuth 2 authorisation code flow.

1. Send the seller to :meth:`OAuthApp.authorization_url`; 1688 redirects back
   with ``?code=…&state=…``.
2. :meth:`OAuthApp.exchange_code` turns the code into a :class:`Token`
   (``system.oauth2:getToken:1``; no signature, the secret is a form field).
3. The access token lives 10 hours (``expires_in`` 36000); the refresh token
   about 180 days. :class:`TokenKeeper` refreshes before the access token
   expires and hands the new token to ``on_refresh`` so it can be stored.

A token's ``repr`` never shows the tokens: they are secrets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from daifa.sources.open1688 import errors
from daifa.sources.open1688._fields import Node
from daifa.sources.open1688.client import GATEWAY_URL
from daifa.sources.open1688.responses import gateway_error, transport_error

AUTHORIZE_URL = "https://auth.1688.com/oauth/authorize"
TOKEN_API = "system.oauth2:getToken:1"


@dataclass(frozen=True)
class Token:
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_at: datetime
    refresh_expires_at: datetime | None = None
    member_id: str | None = None
    ali_id: str | None = None
    resource_owner: str | None = None

    def expires_within(self, margin: timedelta, now: datetime) -> bool:
        return now + margin >= self.expires_at

    def as_dict(self) -> dict[str, str | None]:
        """Plain strings for storage (the caller encrypts or protects them)."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.isoformat(),
            "refresh_expires_at": _iso(self.refresh_expires_at),
            "member_id": self.member_id,
            "ali_id": self.ali_id,
            "resource_owner": self.resource_owner,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Token:
        node = Node.root(data, api="stored token")
        return cls(
            access_token=node.req_text("access_token"),
            refresh_token=node.text("refresh_token"),
            expires_at=datetime.fromisoformat(node.req_text("expires_at")),
            refresh_expires_at=_from_iso(node.text("refresh_expires_at")),
            member_id=node.text("member_id"),
            ali_id=node.text("ali_id"),
            resource_owner=node.text("resource_owner"),
        )


def parse_token(body: Any, *, received_at: datetime, previous: Token | None = None) -> Token:
    """A :class:`Token` from a ``getToken`` answer received at ``received_at``.

    A refresh answer carries no new refresh token; the previous one is kept.
    """
    node = Node.root(body, api=TOKEN_API)
    lifetime = node.req_integer("expires_in")
    refresh = node.text("refresh_token") or (previous.refresh_token if previous else None)
    refresh_expiry = node.when("refresh_token_timeout")
    if refresh_expiry is None and previous is not None:
        refresh_expiry = previous.refresh_expires_at
    return Token(
        access_token=node.req_text("access_token"),
        refresh_token=refresh,
        expires_at=received_at + timedelta(seconds=lifetime),
        refresh_expires_at=refresh_expiry,
        member_id=node.text("memberId"),
        ali_id=node.text("aliId"),
        resource_owner=node.text("resource_owner"),
    )


class OAuthApp:
    """The app's side of the OAuth flow (app key and secret)."""

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        *,
        base_url: str = GATEWAY_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app_key = app_key
        self._secret = app_secret
        self._clock = clock
        self._http = httpx.Client(base_url=base_url, transport=transport, timeout=timeout)

    def __repr__(self) -> str:
        return f"OAuthApp(app_key={self.app_key!r})"

    def close(self) -> None:
        self._http.close()

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        """Where to send the seller to authorise this app for their buyer account.

        ``state`` should be a random value tied to the seller's session; check
        it when 1688 redirects back.
        """
        query = {
            "client_id": self.app_key,
            "site": "1688",
            "redirect_uri": redirect_uri,
            "state": state,
        }
        return f"{AUTHORIZE_URL}?{urlencode(query)}"

    def exchange_code(self, code: str, redirect_uri: str) -> Token:
        """The token for an authorisation ``code`` (valid for a few minutes, once)."""
        form = {
            "grant_type": "authorization_code",
            "need_refresh_token": "true",
            "client_id": self.app_key,
            "client_secret": self._secret,
            "redirect_uri": redirect_uri,
            "code": code,
        }
        return self._get_token(f"/openapi/http/1/system.oauth2/getToken/{self.app_key}", form)

    def refresh(self, token: Token) -> Token:
        """A new access token from ``token``'s refresh token."""
        if not token.refresh_token:
            raise _reconnect("there is no refresh token", "没有刷新令牌")
        form = {
            "grant_type": "refresh_token",
            "client_id": self.app_key,
            "client_secret": self._secret,
            "refresh_token": token.refresh_token,
        }
        path = f"/openapi/param2/1/system.oauth2/getToken/{self.app_key}"
        return self._get_token(path, form, previous=token)

    def _get_token(self, path: str, form: dict[str, str], previous: Token | None = None) -> Token:
        try:
            response = self._http.post(path, data=form)
        except httpx.TransportError as exc:
            raise transport_error(TOKEN_API, exc) from exc
        body = _json(response)
        if response.status_code >= 500:
            raise gateway_error(TOKEN_API, response.status_code, body, None, None)
        if response.status_code >= 400 or not isinstance(body, dict) or "error" in body:
            raise _refused(body)
        received_at = datetime.fromtimestamp(self._clock(), UTC)
        return parse_token(body, received_at=received_at, previous=previous)


class TokenKeeper:
    """Hands out a valid access token, refreshing it ``margin`` before expiry.

    Pass ``keeper.access_token`` as the client's ``access_token``.
    """

    def __init__(
        self,
        app: OAuthApp,
        token: Token,
        *,
        margin: timedelta = timedelta(minutes=30),
        on_refresh: Callable[[Token], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._app = app
        self._token = token
        self._margin = margin
        self._on_refresh = on_refresh
        self._clock = clock

    @property
    def token(self) -> Token:
        return self._token

    def access_token(self) -> str:
        now = datetime.fromtimestamp(self._clock(), UTC)
        if self._token.expires_within(self._margin, now):
            refresh_expiry = self._token.refresh_expires_at
            if refresh_expiry is not None and now >= refresh_expiry:
                raise _reconnect("the refresh token has expired", "刷新令牌已过期")
            self._token = self._app.refresh(self._token)
            if self._on_refresh is not None:
                self._on_refresh(self._token)
        return self._token.access_token


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _refused(body: Any) -> errors.AuthenticationError:
    fields = body if isinstance(body, dict) else {}
    code = str(fields.get("error") or fields.get("error_code") or "refused")
    said = str(fields.get("error_description") or fields.get("error_message") or code)
    return errors.AuthenticationError(
        f"1688 refused the authorisation ({code}: {said}).",
        f"1688 拒绝了授权（{code}：{said}）。",
        action_en="Connect the buyer account again from the settings page; an "
        "authorisation code can be used only once and only for a few minutes.",
        action_zh="请在设置页重新授权买家账号；授权码只能使用一次，且几分钟内有效。",
        api=TOKEN_API,
        error_code=code,
    )


def _reconnect(why_en: str, why_zh: str) -> errors.AuthenticationError:
    return errors.AuthenticationError(
        f"The 1688 buyer account must be connected again: {why_en}.",
        f"需要重新授权 1688 买家账号：{why_zh}。",
        action_en="Open the settings page and connect the buyer account again.",
        action_zh="请打开设置页，重新授权买家账号。",
        api=TOKEN_API,
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _from_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
