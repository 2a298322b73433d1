"""The time the SLA clocks read. Tests (and the browser flow) fix it; everything else
asks :func:`now`, never ``timezone.now()`` directly, so a clock can be run forward."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

_fixed: datetime | None = None


def now() -> datetime:
    return _fixed if _fixed is not None else timezone.now()


def fix(at: datetime | None) -> None:
    """Make :func:`now` answer ``at`` (``None``: the real time again)."""
    global _fixed
    _fixed = at
