"""Tokens for the personas, and a client that sends them (no session, no cookies)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from daifa.api.tokens import token_create


class ApiClient:
    """Django's test client with ``Authorization: Bearer`` on every request."""

    def __init__(self, token: str | None) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, data=None, **extra):
        return self.client.get(path, data, headers={**self.headers, **extra})

    def post(self, path: str, data=None, content_type=None, **extra):
        kwargs = {"content_type": content_type} if content_type else {}
        return self.client.post(path, data, headers={**self.headers, **extra}, **kwargs)

    def post_json(self, path: str, data, **extra):
        return self.post(path, data, content_type="application/json", **extra)

    def generic(self, method: str, path: str, **extra):
        return self.client.generic(method, path, headers={**self.headers, **extra})


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The failed-token counter lives in the cache: one test's failures must not
    # throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tokens(personas):
    return {
        name: token_create(user=getattr(personas, name), name=f"{name}'s script").plain
        for name in ("alice", "bob", "charlie")
    }


@pytest.fixture
def api(tokens):
    """``api("alice")``: a client with alice's token; ``api(None)``: without one."""
    return lambda who: ApiClient(tokens[who] if who else None)
