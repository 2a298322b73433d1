"""The account page for API tokens: list, create (shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from daifa.api.tokens import MAX_NAME, token_create, token_revoke, tokens_for_user
from daifa.web.requests import AuthedHttpRequest


@login_required
def tokens(request: AuthedHttpRequest) -> HttpResponse:
    """GET lists the user's tokens; POST creates one (``name``) or revokes one
    (``revoke``: its prefix). Only the user's own tokens are ever listed or revoked."""
    created = None
    if request.method == "POST" and "revoke" in request.POST:
        if token_revoke(prefix=request.POST["revoke"], user=request.user):
            messages.success(request, _("Token revoked: it no longer opens the API."))
        else:
            messages.info(request, _("No such token (it may have been revoked already)."))
        return redirect("api_tokens")
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:MAX_NAME]
        # Rendered, not redirected: the token is on this one answer and nowhere
        # else (not in the session, not in a message that waits for a page).
        created = token_create(user=request.user, name=name or _("API token"))
    ctx = {
        "tokens": tokens_for_user(request.user),
        "created": created,
        "api_base": request.build_absolute_uri("/api/v1/"),
        "max_name": MAX_NAME,
    }
    response = render(request, "api/tokens.html", ctx)
    if created is not None:
        response["Cache-Control"] = "no-store"
    return response
