"""``Authorization: Bearer <token>`` and nothing else: no session cookie is read,
so a page on another site cannot make the seller's browser call the API (no
CSRF surface), also in local mode, where the pages sign the local user in.

Wrong tokens are counted per client address; past the limit the address gets
429 (with Retry-After) for a while, even with a right token, so guessing is
throttled. Only REMOTE_ADDR is trusted, as for the login page (django-axes
counts password logins, which are per username; a token has none).
"""

from __future__ import annotations

import os
import time
from typing import NoReturn

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.security import HttpBearer

from daifa.api.errors import ApiError
from daifa.api.tokens import token_authenticate


def _setting(name: str, default: int) -> int:
    """A Django setting of that name, else the environment variable, else ``default``."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.getenv(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def failure_limit() -> int:
    return _setting("DAIFA_API_AUTH_FAILURE_LIMIT", 10)


def lockout_seconds() -> int:
    return _setting("DAIFA_API_AUTH_LOCKOUT_MINUTES", 15) * 60


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _failures_key(address: str) -> str:
    return f"api-auth:failures:{address}"


def _locked_key(address: str) -> str:
    return f"api-auth:locked:{address}"


def seconds_locked(address: str) -> int:
    """Seconds until ``address`` may try again (0: it may now)."""
    until = cache.get(_locked_key(address))
    return max(0, int(until - time.time()) + 1) if until else 0


def record_failure(address: str) -> None:
    window = lockout_seconds()
    key = _failures_key(address)
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    if count >= failure_limit():
        cache.set(_locked_key(address), time.time() + window, window)
        cache.delete(key)


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> User | None:
        address = _address(request)
        wait = seconds_locked(address)
        if wait:
            minutes = max(1, round(wait / 60))
            raise ApiError(
                429,
                "throttled",
                f"Too many wrong tokens from this address; try again in {minutes} minutes.",
                f"这个地址提交错误令牌的次数太多，请 {minutes} 分钟后再试。",
                headers={"Retry-After": str(wait)},
            )
        header = request.headers.get("Authorization", "")
        if not header.strip():
            return None  # 401: nothing was guessed
        scheme, _, plain = header.strip().partition(" ")
        token = token_authenticate(plain.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            record_failure(address)
            return None
        # Code the API reuses from the pages reads request.user: make it the
        # token's owner, never the local user the pages would sign in.
        request.user = token.user
        request.api_token = token  # type: ignore[attr-defined]
        return token.user

    # Never called: __call__ above reads the header itself.
    def authenticate(self, request: HttpRequest, token: str) -> NoReturn:  # pragma: no cover
        raise NotImplementedError
