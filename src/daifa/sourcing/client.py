"""The one place the workbench builds 1688 clients, so tests can swap the transport.

Tests either pass ``transport=httpx.MockTransport(...)`` or point the gateway
at the fake one with ``override_settings(OPEN1688_BASE_URL=...)``.
"""

from __future__ import annotations

import os

import httpx
from django.conf import settings

from daifa.accounts.models import Workspace
from daifa.sources.open1688 import (
    ConfigurationError,
    OAuthApp,
    Open1688Client,
    Token,
    TokenKeeper,
)
from daifa.sources.open1688.client import GATEWAY_URL
from daifa.sourcing.models import BuyerToken, Open1688Account


def gateway_url() -> str:
    """``settings.OPEN1688_BASE_URL``, else ``$DAIFA_1688_BASE_URL``, else the real gateway."""
    return (
        getattr(settings, "OPEN1688_BASE_URL", None)
        or os.environ.get("DAIFA_1688_BASE_URL")
        or GATEWAY_URL
    )


def account_for(workspace: Workspace) -> Open1688Account:
    account = Open1688Account.objects.filter(workspace=workspace).first()
    if account is None or not account.app_key or not account.app_secret:
        raise _not_configured()
    return account


def oauth_app_for(
    workspace: Workspace, *, transport: httpx.BaseTransport | None = None
) -> OAuthApp:
    account = account_for(workspace)
    return OAuthApp(
        account.app_key, account.app_secret, base_url=gateway_url(), transport=transport
    )


def client_for(
    workspace: Workspace, *, transport: httpx.BaseTransport | None = None
) -> Open1688Client:
    """A client for ``workspace``'s app and buyer account; refreshed tokens are saved."""
    account = account_for(workspace)
    stored = BuyerToken.objects.filter(account=account).first()
    if stored is None:
        raise _not_connected()
    app = OAuthApp(account.app_key, account.app_secret, base_url=gateway_url(), transport=transport)
    keeper = TokenKeeper(app, stored.as_token(), on_refresh=lambda token: _save(stored, token))
    return Open1688Client(
        account.app_key,
        account.app_secret,
        access_token=keeper.access_token,
        base_url=gateway_url(),
        transport=transport,
    )


def _save(row: BuyerToken, token: Token) -> None:
    # A refresh answer keeps the old refresh token, so should the surrounding work
    # roll this write back, the next call merely refreshes again.
    row.take(token)
    row.save()


def _not_configured() -> ConfigurationError:
    return ConfigurationError(
        "This workspace has no 1688 Open Platform app key and secret yet.",
        "此工作区尚未设置 1688 开放平台的 App Key 和 App Secret。",
        action_en="Enter them on the 1688 settings page of the workspace.",
        action_zh="请在工作区的 1688 设置页填写。",
    )


def _not_connected() -> ConfigurationError:
    return ConfigurationError(
        "No 1688 buyer account is connected to this workspace.",
        "此工作区尚未授权 1688 买家账号。",
        action_en="Open the 1688 settings page and click “Connect buyer account”.",
        action_zh="请打开 1688 设置页，点击“授权买家账号”。",
    )
