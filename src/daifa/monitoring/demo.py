"""The demo's orders stored as the seller's purchase orders, so the KPIs, alerts, a
probation and the calibration page show something on first start (the orders
themselves are generated and shifted to end today in daifa.demo.monitoring)."""

from __future__ import annotations

from datetime import UTC, datetime

from daifa.accounts.models import Workspace
from daifa.demo.generate import DemoData
from daifa.demo.monitoring import shifted_orders


def load_demo_orders(workspace: Workspace, data: DemoData) -> int:
    """Store the demo's orders and run monitoring once (screening, alerts, probation)."""
    from daifa.monitoring.services import monitor_refresh, orders_store

    today = datetime.now(UTC).date()
    frame = shifted_orders(data.orders, data.as_of, today, data.seed)
    known = set(workspace.suppliers.values_list("external_id", flat=True))
    rows = [
        {
            "order_id": r["order_id"],
            "supplier_id": r["supplier_id"],
            "offer_id": r["offer_id"],
            "ordered_at": _utc(r["paid_at"] or r["ordered_at"]),
            "picked_up_at": _utc(r["picked_up_at"]),
            "promised_pickup_hours": r["promised_pickup_hours"],
            "status": r["status"],
            "returned": r["returned"],
            "disputed": r["disputed"],
            "after_sales_days": r["after_sales_days"],
        }
        for r in frame.iter_rows(named=True)
        if r["supplier_id"] in known
    ]
    created, _, problems = orders_store(workspace=workspace, rows=rows, source="demo")
    if not problems:
        monitor_refresh(workspace=workspace)
    return created


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)
