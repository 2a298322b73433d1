"""The 1688 app secret and buyer tokens, encrypted at rest (Fernet: AES-128-CBC + HMAC).

The key is derived with HKDF from the server's SECRET_KEY; a local workbench,
whose SECRET_KEY is the published default, keeps a random key in
``<data dir>/secret.key`` instead, created 0600. Both keys are tried when
reading, so moving a local workbench to a server key keeps its credentials.
A database file copied elsewhere (a backup, a support request) then holds
no usable credential.
"""

from __future__ import annotations

import base64
import functools
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

from daifa.web.hosts import secret_key_problem

log = logging.getLogger(__name__)
PREFIX = "fernet1:"
KEY_FILE = "secret.key"


def derived_key(secret_key: str) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"daifa", info=b"daifa 1688 credentials v1"
    )
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


def key_file_key(path: Path, *, create: bool) -> bytes | None:
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes starting at once agree on the first key written.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(Fernet.generate_key())
    return path.read_bytes().strip()


@functools.cache
def _box(secret_key: str, data_dir: str) -> MultiFernet:
    keys: list[bytes] = []
    if secret_key_problem(secret_key) is None:
        keys.append(derived_key(secret_key))
    local = key_file_key(Path(data_dir) / KEY_FILE, create=not keys)
    if local:
        keys.append(local)
    return MultiFernet([Fernet(k) for k in keys])


def box() -> MultiFernet:
    return _box(settings.SECRET_KEY, str(settings.DATA_DIR))


def seal(plain: str) -> str:
    return PREFIX + box().encrypt(plain.encode()).decode()


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def unseal(stored: str) -> str:
    """The plain text of ``stored``; "" when this server's keys cannot open it."""
    if not is_sealed(stored):
        return stored  # written before encryption; the migration seals it
    try:
        return box().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        # SECRET_KEY changed or the key file was lost: the owner enters them again.
        log.warning("a stored 1688 credential cannot be decrypted with this server's key")
        return ""


if TYPE_CHECKING:  # the stubs' Field is generic in (set, get) types; Django's is not
    _Text = models.TextField[str, str]
else:
    _Text = models.TextField


class SealedField(_Text):
    """A text column stored encrypted; the model sees plain text."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return value if value is None else unseal(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return seal(value)
