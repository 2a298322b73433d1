"""GET /workspaces: the caller's workspaces and their role in each."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from daifa.accounts.models import Membership
from daifa.api.errors import responses

router = Router(tags=["workspaces"])


class WorkspaceOut(Schema):
    id: int
    name: str
    role: str
    time_zone: str


@router.get("/workspaces", response={200: list[WorkspaceOut], **responses()})
def list_workspaces(request: HttpRequest):
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
