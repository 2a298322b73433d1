"""The ``_aop_signature`` of the 1688 Open Platform gateway.

HMAC-SHA1, keyed with the app secret, over the URL path followed by every
parameter written as ``key + value``, those strings sorted; hex, upper case.
The official SDKs sort the concatenated ``key+value`` strings, not the keys;
``signature.test-vectors.json`` has a case where the two orders differ.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

SIGNATURE_PARAM = "_aop_signature"
TIMESTAMP_PARAM = "_aop_timestamp"


def signing_string(url_path: str, params: Mapping[str, str]) -> str:
    """The exact text that is signed (useful when a signature is refused)."""
    pairs = sorted(key + value for key, value in params.items() if key != SIGNATURE_PARAM)
    return url_path + "".join(pairs)


def sign(url_path: str, params: Mapping[str, str], app_secret: str) -> str:
    """``_aop_signature`` for ``params`` sent to ``url_path`` (``param2/1/ns/name/appKey``)."""
    message = signing_string(url_path, params).encode("utf-8")
    digest = hmac.new(app_secret.encode("utf-8"), message, hashlib.sha1).hexdigest()
    return digest.upper()


def encode_value(value: Any) -> str:
    """One parameter as the gateway expects it: structured values as compact JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    # ensure_ascii=False: the gateway signs the UTF-8 text it receives, and the
    # documented vectors sign raw Chinese characters, not \\u escapes.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode_params(params: Mapping[str, Any]) -> dict[str, str]:
    """Drop ``None`` values (the SDKs never send them) and encode the rest."""
    return {key: encode_value(value) for key, value in params.items() if value is not None}


def timestamp_ms(clock: Callable[[], float] = time.time) -> str:
    """``_aop_timestamp``: milliseconds since the epoch, as text."""
    return str(int(clock() * 1000))
