"""Start Django for the commands that use the workspace database."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Literal, overload

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace


def setup(*, migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daifa.web.settings")
    # Commands act as the local user and serve nothing; `daifa serve` has
    # already decided the mode from its --host (see daifa.cli.serve).
    os.environ.setdefault("DAIFA_LOCAL_MODE", "true")
    import django
    from django.conf import settings

    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        from pathlib import Path

        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0, stdout=sys.stderr)


@overload
def workspace(name: str, *, create: Literal[True]) -> Workspace: ...
@overload
def workspace(name: str, *, create: bool) -> Workspace | None: ...
def workspace(name: str, *, create: bool) -> Workspace | None:
    """The local user's workspace called ``name``; None when missing and not created."""
    from daifa.accounts.models import Workspace
    from daifa.accounts.services import local_user, workspace_create

    owner = local_user()
    found = Workspace.objects.filter(owner=owner, name=name).first()
    if found is None and create:
        found = workspace_create(owner=owner, name=name)
    return found
