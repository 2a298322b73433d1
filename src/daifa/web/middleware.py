from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Everything the workbench loads comes from its own static files, so the policy
# can forbid every other origin; htmx and the charts need no inline script.
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def policy_with_inline_styles(html: str) -> str:
    """The policy, letting exactly the ``<style>`` blocks of ``html`` apply (by their
    SHA-256), for a page that must carry its style inline; a style block must not
    hold supplier text, which a hash would then vouch for."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    ]
    return POLICY.replace("style-src 'self'", " ".join(["style-src 'self'", *hashes]))


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class WorkspaceTimeZoneMiddleware:
    """Pages of a workspace show every date and time in the workspace's zone.

    Django's ``date`` filter and ``timezone.localtime``/``localdate`` use the
    active zone: ``get_workspace_for_user`` (which every workspace page calls)
    activates the workspace's, and this resets it after each request so a
    worker thread's next page starts from ``settings.TIME_ZONE``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import timezone

        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
