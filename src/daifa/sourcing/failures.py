"""What a 1688 page shows for a failed call: one rule for the app's and the importer's pages."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

from daifa.sources.open1688 import ConfigurationError, InvalidRequestError, Open1688Error
from daifa.web.i18n import lang_of

log = logging.getLogger(__name__)


def failed_call(request: HttpRequest, exc: Open1688Error) -> dict[str, Any]:
    """What the page shows for a failed 1688 call; the log line names no credential.

    ``kind`` tells the page whether anything reached 1688: "setup" (no app or buyer
    account: nothing was sent), "refused" (daifa refused a value before sending) or
    "gateway" (1688 or the network answered).
    """
    log.warning(
        "1688 call failed: %s %s (request id %s)",
        type(exc).__name__,
        exc.error_code or "",
        exc.request_id or "-",
    )
    if isinstance(exc, ConfigurationError):
        kind = "setup"
    elif isinstance(exc, InvalidRequestError):
        kind = "refused"
    else:
        kind = "gateway"
    return {
        "message": exc.message(lang_of(request)),
        "request_id": exc.request_id,
        "error_code": exc.error_code,
        "kind": kind,
    }
