"""Background work of monitoring, run by the existing task worker (django-tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

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
        check_offers.enqueue(workspace.pk)


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
        schedule_next_check(workspace)


def schedule_next_check(workspace: Workspace) -> None:
    """Come back when the next watched offer is due (no extra scheduler: the task
    worker runs deferred tasks). One waiting check per workspace is enough."""
    from daifa.monitoring.models import OfferWatch

    if not check_offers.get_backend().supports_defer:
        return  # the immediate backend (tests) cannot wait
    due = (
        OfferWatch.objects.filter(workspace=workspace, watched=True)
        .order_by("next_check_at")
        .values_list("next_check_at", flat=True)
        .first()
    )
    if due is None or _check_waiting(workspace):
        return
    check_offers.using(run_after=due).enqueue(workspace.pk)


def _check_waiting(workspace: Workspace) -> bool:
    return _waiting(check_offers, workspace.pk)


SETTLE = timedelta(seconds=5)


def monitor_soon(workspace_id: int) -> None:
    """Monitoring after a write: on the worker, a few seconds later, and not again while
    one is already waiting (a burst of order saves outside a transaction — a sync, a
    loader — collapses into one run). The immediate backend (tests) runs it at once."""
    if not monitor_workspace.get_backend().supports_defer:
        monitor_workspace.enqueue(workspace_id)
        return
    if _waiting(monitor_workspace, workspace_id):
        return
    monitor_workspace.using(run_after=timezone.now() + SETTLE).enqueue(workspace_id)


def _waiting(task: Task[[int], None], workspace_id: int) -> bool:
    from django_tasks_db.models import DBTaskResult  # a model: imported once apps are ready

    return DBTaskResult.objects.filter(
        task_path=task.module_path, status="READY", args_kwargs__args=[workspace_id]
    ).exists()


def orders_changed(workspace: Workspace) -> None:
    """Call after orders were imported or synced (the worker runs it; tests at once)."""
    monitor_workspace.enqueue(workspace.pk)
