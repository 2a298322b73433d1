"""What every resource needs: the caller's workspace (404 if not theirs) and the language."""

from __future__ import annotations

from typing import Annotated, Literal

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Path

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user

Lang = Literal["zh", "en"]
# An id in an address: a database key (a 64-bit integer). Anything else names
# nothing and answers 404 (see daifa.api.errors.on_validation).
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


class ApiRequest(HttpRequest):
    """A request TokenAuth let in: django-ninja sets ``auth`` to what it returned."""

    auth: User


def workspace_of(request: ApiRequest, ws: int) -> Workspace:
    """The token owner's workspace ``ws``: 404 for any other, as the pages answer."""
    return get_workspace_for_user(request.auth, ws)
