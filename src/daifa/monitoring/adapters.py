"""What the screening takes from monitoring: the window's orders for the kpi_* criteria."""

from __future__ import annotations

import polars as pl

from daifa.accounts.models import Workspace


def engine_orders_for(workspace: Workspace) -> pl.DataFrame | None:
    """The orders of the workspace's KPI window; None when it has no orders, so a
    workspace without orders screens exactly as before."""
    from daifa.monitoring.orders import engine_orders
    from daifa.monitoring.selectors import now_naive, settings_of

    if not workspace.purchase_orders.filter(supplier__isnull=False).exists():
        return None
    return engine_orders(workspace, settings_of(workspace).window_days, now_naive())
