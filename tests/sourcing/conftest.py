"""Fixtures for the 1688 slice: a connected workspace, the fake gateway, scripted answers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import httpx
import pytest
from tests.sources.open1688.open1688_fake_gateway import (
    ACCESS_TOKEN,
    APP_KEY,
    APP_SECRET,
    FakeGateway,
    fixture,
)

from daifa.importers.open1688 import views as importer_views
from daifa.sources.open1688 import Token
from daifa.sourcing import client as sourcing_client
from daifa.sourcing import views
from daifa.sourcing.services import account_save, buyer_token_store

KEYWORD = "product.search.keywordQuery"
DETAIL = "product.search.queryProductDetail"
ORDERS = "alibaba.trade.getBuyerOrderList"
REFUNDS = "alibaba.trade.refund.buyer.queryOrderRefundList"


def connect(workspace, *, expires_in: timedelta = timedelta(hours=9)):
    """Give ``workspace`` the fake gateway's app and a valid buyer token."""
    account = account_save(workspace=workspace, app_key=APP_KEY, app_secret=APP_SECRET)
    token = Token(
        access_token=ACCESS_TOKEN,
        refresh_token="refresh-token-do-not-print",
        expires_at=datetime.now(UTC) + expires_in,
        resource_owner="alice_buyer",
    )
    buyer_token_store(account=account, token=token)
    return account


def detail_answer(offer_id: int = 34513534353434):
    """The product detail doc example, its placeholders replaced by real-looking values."""
    body = fixture("crossborder.product.search.queryProductDetail.response.doc-example.json")
    body["result"]["result"]["productSkuInfos"][0].update(price="13.5", jxhyPrice="13")
    body["result"]["result"]["offerId"] = offer_id
    return body


def keyword_answer():
    return fixture("crossborder.product.search.keywordQuery.response.doc-example.json")


class Script:
    """An httpx handler answering each API (by name) from a list; keeps every form."""

    def __init__(self, **answers: list) -> None:
        self.answers = {name.replace("__", "."): list(a) for name, a in answers.items()}
        self.calls: list[tuple[str, dict[str, str]]] = []

    def add(self, api: str, *answers) -> None:
        self.answers.setdefault(api, []).extend(answers)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        name = request.url.path.split("/")[-2]
        form = dict(parse_qsl(request.content.decode()))
        self.calls.append((name, form))
        queue = self.answers.get(name) or []
        if not queue:
            return httpx.Response(400, json={"error_code": "gw.ApiNotFound", "error_message": name})
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, json=answer)

    def params(self, name: str) -> list[dict[str, str]]:
        return [form for called, form in self.calls if called == name]


@pytest.fixture
def gateway(settings) -> Iterator[FakeGateway]:
    fake = FakeGateway(APP_KEY, APP_SECRET, ACCESS_TOKEN, stall=0.5).start()
    settings.OPEN1688_BASE_URL = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def scripted(monkeypatch) -> Callable[..., Script]:
    """Route the views' 1688 calls through an ``httpx.MockTransport`` running a Script."""

    def install(script: Script) -> Script:
        transport = httpx.MockTransport(script)
        for module in (views, importer_views):  # the 1688 app's pages and its importer's
            monkeypatch.setattr(
                module,
                "client_for",
                lambda ws: sourcing_client.client_for(ws, transport=transport),
            )
        monkeypatch.setattr(
            views,
            "oauth_app_for",
            lambda ws: sourcing_client.oauth_app_for(ws, transport=transport),
        )
        return script

    return install


def form_json(form: dict[str, str], key: str):
    return json.loads(form[key])


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The personas get real password hashes; PBKDF2 would cost ~2 s per test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
