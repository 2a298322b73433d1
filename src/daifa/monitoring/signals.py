"""Orders written anywhere (1688 sync, the buying app's order file import, an order
recorded by hand) bring KPIs, the kpi_* criteria and alerts up to date: once per
workspace per transaction, after it commits, on the task worker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Model

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
    pending: set[int] = block._monitoring_pending
    return pending


@contextmanager
def muted() -> Iterator[None]:
    """Writes inside do not schedule (their caller runs monitoring itself)."""
    _state.muted = getattr(_state, "muted", 0) + 1
    try:
        yield
    finally:
        _state.muted -= 1


def order_saved(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    workspace_id = getattr(instance, "workspace_id", None)
    if workspace_id is None or getattr(_state, "muted", 0) > 0 or workspace_id in _pending():
        return
    _pending().add(workspace_id)

    def run() -> None:
        from daifa.monitoring.tasks import monitor_soon

        monitor_soon(workspace_id)

    transaction.on_commit(run)
