from __future__ import annotations

from django_tasks import task

from daifa.accounts.models import Workspace
from daifa.screening.services import screening_refresh


@task()
def refresh_workspace(workspace_id: int) -> None:
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is not None:
        screening_refresh(workspace=workspace)
