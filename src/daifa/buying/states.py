"""Where an order is on its timeline, and whether its pickup clock ran out.

An order's state is read from its times (the latest step reached wins), so a synced,
imported or hand-recorded order gets the same answer. A shipment counts as picked up
when only the ship time is known (the 1688 export has no 揽收 column).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from daifa.sourcing.models import PurchaseOrder

# (state, the time field that puts an order there), latest step first.
STEPS: tuple[tuple[str, str], ...] = (
    ("cancelled", "cancelled_at"),
    ("returned", "returned_at"),
    ("received", "received_at"),
    ("delivered", "delivered_at"),
    ("shipped", "shipped_at"),
    ("picked_up", "picked_up_at"),
    ("paid", "paid_at"),
    ("created", "created_at"),
)
TIMELINE = tuple(reversed(STEPS))
LABELS = {
    "created": _("created"),
    "paid": _("paid"),
    "picked_up": _("picked up (揽收)"),
    "shipped": _("shipped"),
    "delivered": _("delivered"),
    "received": _("received"),
    "cancelled": _("cancelled"),
    "returned": _("returned"),
    "overdue": _("pickup overdue"),
}
DEFAULT_PICKUP_HOURS = 24  # the seed guide's 付款后24小时内揽收, when no agreement says otherwise


def pickup_hours(order: PurchaseOrder) -> int:
    agreement = getattr(order, "agreement", None)
    if agreement is not None and agreement.terms.get("pickup_hours"):
        return int(agreement.terms["pickup_hours"])
    return DEFAULT_PICKUP_HOURS


def pickup_due(order: PurchaseOrder) -> datetime | None:
    if order.pickup_due_at is not None:
        return order.pickup_due_at
    if order.paid_at is None:
        return None
    return order.paid_at + timedelta(hours=pickup_hours(order))


def picked_up(order: PurchaseOrder) -> datetime | None:
    return order.picked_up_at or order.shipped_at


def is_overdue(order: PurchaseOrder, now: datetime) -> bool:
    """Paid, not picked up, not cancelled, and the pickup time has passed."""
    due = pickup_due(order)
    return (
        due is not None
        and picked_up(order) is None
        and order.cancelled_at is None
        and order.returned_at is None
        and now > due
    )


def state_of(order: PurchaseOrder, now: datetime) -> str:
    if is_overdue(order, now):
        return "overdue"
    for state, field in STEPS:
        if getattr(order, field) is not None:
            return state
    return "created"


def timeline(order: PurchaseOrder) -> list[tuple[str, str, datetime | None]]:
    """(state, label, time) of every step, in order; time None for steps not reached."""
    return [(state, str(LABELS[state]), getattr(order, field)) for state, field in TIMELINE]


def promised_pickup_hours(order: PurchaseOrder) -> float | None:
    """The pickup hours the supplier promised for this order (for the KPI frame's
    ``promised_pickup_hours``): the agreement's, else the recorded due time's distance
    from payment; None when nothing was promised (the KPI profile's default applies)."""
    agreement = getattr(order, "agreement", None)
    if agreement is not None and agreement.terms.get("pickup_hours"):
        return float(agreement.terms["pickup_hours"])
    if order.pickup_due_at is not None and order.paid_at is not None:
        return (order.pickup_due_at - order.paid_at).total_seconds() / 3600.0
    return None
