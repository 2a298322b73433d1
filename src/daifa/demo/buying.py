"""Buying demo plans: purchase orders in every state, some overdue, and their claims.

Pure data (no Django): hours relative to "now", so the loader (daifa.buying.demo) can
place them on the real clock and the overdue ones are overdue when the demo opens.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# state -> hours from creation of each step reached (None: not reached)
STATES: dict[str, dict[str, float]] = {
    "created": {},
    "paid": {"paid": 0.2},
    "overdue": {"paid": 0.2},
    "picked_up": {"paid": 0.2, "picked_up": 10},
    "picked_up_late": {"paid": 0.2, "picked_up": 40},
    "shipped": {"paid": 0.3, "picked_up": 12, "shipped": 13},
    "delivered": {"paid": 0.1, "picked_up": 8, "shipped": 9, "delivered": 80},
    "received": {"paid": 0.1, "picked_up": 20, "shipped": 21, "delivered": 90, "received": 100},
    "cancelled_no_stock": {"paid": 0.5, "cancelled": 30},
    "returned": {"paid": 0.1, "picked_up": 6, "shipped": 7, "delivered": 70, "returned": 200},
}
# claims planted on orders of these states: (state, claim kind, remedy)
CLAIMS = (
    ("picked_up_late", "late_pickup", "refund"),
    ("overdue", "late_pickup", "refund"),
    ("received", "quality", "refund"),
    ("delivered", "missing_item", "reship"),
)


@dataclass(frozen=True)
class OrderPlan:
    state: str
    age_hours: float  # how long ago the order was created
    steps: dict[str, float]
    quantity_factor: int  # quantity = MOQ × factor


def order_plans(seed: int) -> list[OrderPlan]:
    """Two orders per state (three overdue), ages chosen so each state holds 'now'."""
    rng = random.Random(seed)
    plans = []
    for state, steps in STATES.items():
        for _ in range(3 if state == "overdue" else 2):
            last = max(steps.values(), default=0.0)
            if state in ("paid",):
                age = rng.uniform(1, 12)  # inside the 24 h pickup window
            elif state == "overdue":
                age = rng.uniform(60, 90)  # past any agreed window (24 or 48 h)
            else:
                age = last + rng.uniform(2, 48)
            plans.append(OrderPlan(state, round(age, 1), dict(steps), rng.choice((1, 2, 4))))
    return plans
