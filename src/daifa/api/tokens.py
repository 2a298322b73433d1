"""Token services (create, revoke, authenticate) and selectors (a user's tokens).

A token reads ``daifa_<prefix>_<secret>``: 8 hex characters to find its row and
name it in lists, then 32 random bytes (URL-safe base64). Only a salted SHA-256
of the whole token is stored; the comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from daifa.api.models import ApiToken

SHAPE = re.compile(r"^daifa_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{43})$")
MAX_NAME = 100
# How stale ``last_used`` may get: a script calling every second would
# otherwise write the token row on every request.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plain: str  # shown once, never stored


def _digest(salt: str, plain: str) -> str:
    return hashlib.sha256(f"{salt}:{plain}".encode()).hexdigest()


def token_create(*, user: User, name: str = "") -> NewToken:
    name = (name or "").strip()[:MAX_NAME] or "api"
    for _ in range(5):  # a prefix collision is one in four billion; retry anyway
        prefix = secrets.token_hex(4)
        plain = f"daifa_{prefix}_{secrets.token_urlsafe(32)}"
        salt = secrets.token_hex(16)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user, name=name, prefix=prefix, salt=salt, digest=_digest(salt, plain)
                )
        except IntegrityError:
            continue
        return NewToken(token, plain)
    raise RuntimeError("could not make a unique token prefix")


def prefix_of(text: str) -> str:
    """The prefix named by ``text``: a whole token, ``daifa_<prefix>`` or the prefix."""
    text = text.strip()
    found = SHAPE.match(text)
    if found:
        return found["prefix"]
    return text.removeprefix("daifa_").rstrip("_")


def token_revoke(*, prefix: str, user: User | None = None) -> bool:
    """Delete the token with this prefix (only ``user``'s, when given); False if none."""
    tokens = ApiToken.objects.filter(prefix=prefix_of(prefix))
    if user is not None:
        tokens = tokens.filter(user=user)
    deleted, _ = tokens.delete()
    return bool(deleted)


def token_authenticate(plain: str) -> ApiToken | None:
    """The live token ``plain`` is, or None; notes when it was used."""
    found = SHAPE.match(plain or "")
    if found is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=found["prefix"]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(token.salt, plain)):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_EVERY:
        _note_use(token, now)
    return token


def _note_use(token: ApiToken, now: datetime) -> None:
    """Best effort: while an import holds SQLite's write lock (minutes, for a big
    file) a read of the API must not wait for it, nor fail; the use is noted on
    a later request."""
    try:
        with _no_wait(), transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    except OperationalError:
        return
    token.last_used = now


@contextmanager
def _no_wait() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(before)}")


def tokens_for_user(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
