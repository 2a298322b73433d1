"""Error pages in the workbench's own look, in the seller's language."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string

from daifa.accounts.selectors import get_workspace_for_user

_WORKSPACE_PATH = re.compile(r"^/(?:sourcing/)?w/(\d+)/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 with the navigation of the workspace the address was in (when the
    visitor may see it), so the seller can go on from where they were."""
    workspace = None
    found = _WORKSPACE_PATH.match(request.path)
    user = getattr(request, "user", None)
    if found and user is not None and user.is_authenticated:
        try:
            workspace = get_workspace_for_user(user, int(found[1]))
        except Http404:
            workspace = None
    html = render_to_string("404.html", {"workspace": workspace}, request=request)
    return HttpResponseNotFound(html)
