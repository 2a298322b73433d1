"""The page a login gets after too many wrong passwords (django-axes calls it).

It says how long to wait, in the reader's language, instead of a bare 429.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def minutes_left(request: HttpRequest, username: str) -> int:
    """Whole minutes until this username may try again from this address (at least 1)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cool_off: timedelta | None = get_cool_off(request)
    last = (
        AccessAttempt.objects.filter(
            username=username, ip_address=getattr(request, "axes_ip_address", None)
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if cool_off is None or last is None:
        return math.ceil(cool_off.total_seconds() / 60) if cool_off else 1
    left: float = (last + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(left / 60))


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    from axes.helpers import get_client_username

    username = get_client_username(request, credentials) or ""
    ctx = {
        "minutes": minutes_left(request, username),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "registration/locked_out.html", ctx, status=429)
