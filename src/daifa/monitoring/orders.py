"""The seller's stored orders as the engine's orders frame (ORDER_COLUMNS).

Orders live in ``sourcing.PurchaseOrder`` (synced from 1688, imported from an
order file, or loaded by the demo). The buying app adds fields for the pickup
clock and outcomes (``picked_up_at``, ``cancel_reason``, ``returned_at``,
``disputed``, ``after_sales_days``, ``pickup_due_at``, ``agreement``...); where a
field is not there (yet), the same fact is read from ``raw["daifa"]``, which the
orders sheet import and the demo fill. So the KPIs work on either.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, overload

import polars as pl

from daifa.accounts.models import Workspace
from daifa.catalog.models import Supplier
from daifa.engine.schema import ORDER_COLUMNS
from daifa.sourcing.models import PurchaseOrder

FRAME_COLUMNS: dict[str, pl.DataType] = {
    "order_id": pl.String(),
    "order_pk": pl.Int64(),
    "supplier_pk": pl.Int64(),
    **ORDER_COLUMNS,
}


@overload
def _naive(value: datetime) -> datetime: ...
@overload
def _naive(value: None) -> None: ...
@overload
def _naive(value: datetime | None) -> datetime | None: ...
def _naive(value: datetime | None) -> datetime | None:
    # The engine's frames are naive UTC.
    if value is None:
        return None
    if value.tzinfo is not None:
        from datetime import UTC

        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _extra(order: PurchaseOrder) -> dict[str, Any]:
    extra = (order.raw or {}).get("daifa") if isinstance(order.raw, dict) else None
    return extra if isinstance(extra, dict) else {}


def _get(order: PurchaseOrder, name: str, extra: dict[str, Any]) -> Any:
    value = getattr(order, name)
    if value not in (None, ""):
        return value
    value = extra.get(name)
    if isinstance(value, str) and name.endswith("_at") and value:
        return datetime.fromisoformat(value)
    return value


def _promised_hours(
    order: PurchaseOrder, extra: dict[str, Any], start: datetime | None
) -> float | None:
    """The agreement's pickup hours, else the order's own due time, else what the
    sheet said; None lets the profile's pickup_sla_hours apply."""
    terms = (order.agreement.terms or {}) if order.agreement is not None else {}
    if isinstance(terms, dict) and terms.get("pickup_hours"):
        return float(terms["pickup_hours"])
    due: datetime | None = _get(order, "pickup_due_at", extra)
    if due is not None and start is not None:
        return (due - start).total_seconds() / 3600.0
    value = extra.get("promised_pickup_hours")
    return float(value) if value is not None else None


def _status(order: PurchaseOrder, extra: dict[str, Any]) -> str | None:
    if extra.get("status"):
        return str(extra["status"])
    if _get(order, "cancelled_at", extra) is not None or order.status == "cancel":
        reason = _get(order, "cancel_reason", extra) or ""
        return "cancelled_no_stock" if reason == "no_stock" else None
    if _get(order, "returned_at", extra) is not None:
        return "returned"
    if _get(order, "disputed", extra):
        return "disputed"
    if _get(order, "delivered_at", extra) is not None or order.received_at is not None:
        return "delivered"
    return None


def order_row(order: PurchaseOrder, refunded: bool) -> dict[str, Any]:
    extra = _extra(order)
    start = order.paid_at or order.created_at
    picked = _get(order, "picked_up_at", extra) or order.shipped_at
    offer = _get(order, "offer", extra)
    offer_id = getattr(offer, "external_id", offer)
    status = _status(order, extra)
    returned = bool(
        refunded or status == "returned" or extra.get("returned")
        or _get(order, "returned_at", extra) is not None
    )  # fmt: skip
    return {
        "order_id": order.order_id,
        "order_pk": order.pk,
        "supplier_pk": order.supplier_id,
        "supplier_id": order.supplier.external_id if order.supplier else None,
        "offer_id": str(offer_id) if offer_id not in (None, "") else None,
        "ordered_at": _naive(start),
        "shipped_at": _naive(order.shipped_at),
        "picked_up_at": _naive(picked),
        "promised_pickup_hours": _promised_hours(order, extra, start),
        "status": status,
        "returned": returned,
        "disputed": bool(_get(order, "disputed", extra)) or status == "disputed",
        "after_sales_days": _get(order, "after_sales_days", extra),
    }


def orders_frame(
    workspace: Workspace, *, supplier: Supplier | None = None, since: datetime | None = None
) -> pl.DataFrame:
    """Every stored order of the workspace with a known supplier, oldest first."""
    query = PurchaseOrder.objects.filter(workspace=workspace, supplier__isnull=False)
    if supplier is not None:
        query = query.filter(supplier=supplier)
    if since is not None:
        query = query.filter(created_at__gte=since)
    related = ["supplier", "offer", "agreement"]
    refunded = set(
        workspace.refunds.filter(purchase_order__isnull=False).values_list(
            "purchase_order_id", flat=True
        )
    )
    rows = [
        order_row(o, o.pk in refunded)
        for o in query.select_related(*related).order_by("created_at", "id")
    ]
    return pl.DataFrame(rows, schema=FRAME_COLUMNS)


def engine_orders(workspace: Workspace, window_days: int, as_of: datetime) -> pl.DataFrame:
    """The orders frame the engine's kpi_* criteria are fed: the window's orders."""
    from datetime import timedelta

    frame = orders_frame(workspace)
    start = _naive(as_of) - timedelta(days=window_days)
    return frame.filter(pl.col("ordered_at") >= start).select(list(ORDER_COLUMNS))
