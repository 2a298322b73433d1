"""Orders for the small screened workspace (tests/screened.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from daifa.monitoring.services import orders_store, settings_save


def order_rows(supplier: str, n: int, *, returns: int = 0, start: int = 0, days_ago: float = 2.0,
               now: datetime | None = None, offer: str | None = None) -> list[dict]:  # fmt: skip
    """``n`` orders picked up in 10 h, the first ``returns`` returned."""
    now = now or datetime.now(UTC)
    rows = []
    for i in range(n):
        at = now - timedelta(days=days_ago, minutes=i)
        rows.append(
            {
                "order_id": f"{supplier}-{start + i}",
                "supplier_id": supplier,
                "offer_id": offer or f"O-{supplier}",
                "ordered_at": at,
                "picked_up_at": at + timedelta(hours=10),
                "promised_pickup_hours": 24.0,
                "status": "returned" if i < returns else "delivered",
                "returned": i < returns,
                "disputed": False,
                "after_sales_days": None,
            }
        )
    return rows


@pytest.fixture
def no_decay(personas):
    settings_save(workspace=personas.workspace, half_life_days=None)


@pytest.fixture
def store(personas):
    def put(rows):
        created, updated, problems = orders_store(workspace=personas.workspace, rows=rows)
        assert problems == []
        return created

    return put
