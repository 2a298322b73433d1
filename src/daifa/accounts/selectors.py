from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from daifa.accounts.models import Membership, Workspace
from daifa.modelrows import model_rows


def workspaces_for_user(user: User | AnonymousUser) -> QuerySet[Workspace]:
    if not user.is_authenticated:
        return Workspace.objects.none()
    return Workspace.objects.filter(memberships__user=user).distinct().order_by("name")


def get_workspace_for_user(user: User | AnonymousUser, workspace_id: int) -> Workspace:
    """The workspace if ``user`` owns it or is a member, else 404 (never 403: no hints)."""
    # What workspaces_for_user(user).filter(pk=…) finds, in a plain statement: every
    # workspace page reads it first, and the ORM's query building cost more than
    # the read (daifa.modelrows).
    if not user.is_authenticated:
        raise Http404("no such workspace")
    found = model_rows(
        Workspace,
        f"t.id = %s AND EXISTS (SELECT 1 FROM {Membership._meta.db_table} m"
        " WHERE m.workspace_id = t.id AND m.user_id = %s)",
        [workspace_id, user.pk],
    )
    if not found:
        raise Http404("no such workspace")
    workspace = found[0]
    # One time-zone rule: a workspace's pages show dates in its zone (the
    # middleware resets it after the request).
    timezone.activate(workspace.zone)
    return workspace
