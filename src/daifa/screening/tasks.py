from __future__ import annotations

from django_tasks import task

from daifa.accounts.models import Workspace
from daifa.screening.services import screening_refresh


@task()
def refresh_workspace(workspace_id: int, version: int | None = None) -> None:
    """Screen the whole workspace, queued by ``daifa.workbench.actions``.

    Queued re-screenings are de-duplicated as they run: each reads the newest
    data, so the first to run screens every change queued before it, and the
    others find their ``version`` already screened, or a newer one queued, and
    drop themselves.
    """
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return
    if version is not None and (
        workspace.screened_version >= version or workspace.queued_version > version
    ):
        return
    screening_refresh(workspace=workspace)
