"""alice owns a workspace, bob is a member of it, charlie is an outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from daifa.accounts.services import workspace_add_member, workspace_create


@dataclass
class Personas:
    alice: object
    bob: object
    charlie: object
    workspace: object
    charlie_workspace: object


@pytest.fixture
def personas(db) -> Personas:
    users = get_user_model().objects
    alice = users.create_user("alice", password="alice-password-1")
    bob = users.create_user("bob", password="bob-password-1")
    charlie = users.create_user("charlie", password="charlie-password-1")
    workspace = workspace_create(owner=alice, name="Alice's suppliers")
    workspace_add_member(workspace=workspace, user=bob)
    charlie_workspace = workspace_create(owner=charlie, name="Charlie's suppliers")
    return Personas(alice, bob, charlie, workspace, charlie_workspace)
