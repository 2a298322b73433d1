"""What every resource needs: the caller's workspace (404 if not theirs) and the language."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user

Lang = Literal["zh", "en"]


def workspace_of(request: HttpRequest, ws: int) -> Workspace:
    """The token owner's workspace ``ws``: 404 for any other, as the pages answer."""
    return get_workspace_for_user(request.auth, ws)  # type: ignore[attr-defined]
