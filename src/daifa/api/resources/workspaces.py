"""GET /workspaces: the caller's workspaces and their role in each."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from daifa.accounts.models import Membership
from daifa.api.errors import responses
from daifa.api.resources.common import ApiRequest

router = Router(tags=["workspaces"])


class WorkspaceOut(Schema):
    id: int
    name: str
    role: str
    time_zone: str


@router.get("/workspaces", response={200: list[WorkspaceOut], **responses()})
def list_workspaces(request: ApiRequest) -> list[dict[str, Any]]:
    """The workspaces the token's user owns or is a member of, by name."""
    memberships = (
        Membership.objects.filter(user=request.auth)
        .select_related("workspace")
        .order_by("workspace__name", "workspace_id")
    )
    return [
        {
            "id": m.workspace_id,
            "name": m.workspace.name,
            "role": m.role,
            "time_zone": m.workspace.time_zone,
        }
        for m in memberships
    ]
