from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from daifa.accounts.models import Membership, Workspace

LOCAL_USERNAME = "local"


def local_user() -> User:
    """The single user of a workbench that listens on 127.0.0.1 only."""
    user, created = get_user_model().objects.get_or_create(username=LOCAL_USERNAME)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def workspace_create(*, owner: User, name: str) -> Workspace:
    workspace = Workspace.objects.create(owner=owner, name=name)
    Membership.objects.create(workspace=workspace, user=owner, role=Membership.Role.OWNER)
    return workspace


def workspace_get_or_create(*, owner: User, name: str) -> Workspace:
    workspace = Workspace.objects.filter(owner=owner, name=name).first()
    return workspace or workspace_create(owner=owner, name=name)


@transaction.atomic
def workspace_add_member(
    *, workspace: Workspace, user: User, role: str = Membership.Role.MEMBER
) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    return membership
