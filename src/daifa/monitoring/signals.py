"""Orders written anywhere (1688 sync, the buying app's order file import, an order
recorded by hand) bring KPIs, the kpi_* criteria and alerts up to date: once per
workspace per transaction, after it commits, on the task worker."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import transaction

_state = threading.local()


def _pending() -> set[int]:
    """Workspaces already scheduled in the current transaction. Kept on the outermost
    atomic block, so a rolled-back transaction takes its set with it."""
    connection = transaction.get_connection()
    if not connection.atomic_blocks:
        return set()  # autocommit: on_commit runs at once, nothing to share
    block = connection.atomic_blocks[0]
    if not hasattr(block, "_monitoring_pending"):
        block._monitoring_pending = set()
    return block._monitoring_pending


@contextmanager
def muted():
    """Writes inside do not schedule (their caller runs monitoring itself)."""
    _state.muted = getattr(_state, "muted", 0) + 1
    try:
        yield
    finally:
        _state.muted -= 1


def order_saved(sender, instance, **kwargs) -> None:
    workspace_id = getattr(instance, "workspace_id", None)
    if workspace_id is None or getattr(_state, "muted", 0) or workspace_id in _pending():
        return
    _pending().add(workspace_id)

    def run() -> None:
        from daifa.monitoring.tasks import monitor_soon

        monitor_soon(workspace_id)

    transaction.on_commit(run)
