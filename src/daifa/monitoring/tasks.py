"""Background work of monitoring, run by the existing task worker (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from daifa.accounts.models import Workspace


@task()
def monitor_workspace(workspace_id: int) -> None:
    """After orders changed: re-screen (kpi_* criteria), raise alerts, deliver them."""
    from daifa.monitoring.delivery import deliveries_send
    from daifa.monitoring.services import monitor_refresh

    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is not None:
        monitor_refresh(workspace=workspace)
        deliveries_send(workspace=workspace)


@task()
def deliver_alerts(workspace_id: int) -> None:
    from daifa.monitoring.delivery import deliveries_send

    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is not None:
        deliveries_send(workspace=workspace)


@task()
def check_offers(workspace_id: int) -> None:
    """Re-check the workspace's due watched offers, then come back at the next due time."""
    from daifa.monitoring.watch import watch_run

    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is not None:
        watch_run(workspace=workspace)


def orders_changed(workspace) -> None:
    """Call after orders were imported or synced (the worker runs it; tests at once)."""
    monitor_workspace.enqueue(workspace.pk)
