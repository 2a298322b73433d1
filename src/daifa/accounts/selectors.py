from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from daifa.accounts.models import Workspace


def workspaces_for_user(user: User | AnonymousUser) -> QuerySet[Workspace]:
    if not user.is_authenticated:
        return Workspace.objects.none()
    return Workspace.objects.filter(memberships__user=user).distinct().order_by("name")


def get_workspace_for_user(user: User | AnonymousUser, workspace_id: int) -> Workspace:
    """The workspace if ``user`` owns it or is a member, else 404 (never 403: no hints)."""
    workspace = workspaces_for_user(user).filter(pk=workspace_id).first()
    if workspace is None:
        raise Http404("no such workspace")
    # One time-zone rule: a workspace's pages show dates in its zone (the
    # middleware resets it after the request).
    timezone.activate(workspace.zone)
    return workspace
