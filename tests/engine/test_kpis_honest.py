"""KPIs honest from the first order (issue #14, audit numbers-2026-12 #12–#14, #22, #25)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
import pytest

from daifa.engine import screen
from daifa.engine.kernels import mean_bounds

T0 = datetime(2026, 11, 1, 9, 0)


def _kpi(orders: list[dict], cid: str, as_of: date | None = date(2026, 12, 1)) -> dict:
    suppliers = pl.DataFrame({"supplier_id": ["s"]})
    frame = pl.DataFrame(orders, infer_schema_length=None)
    result = screen(suppliers, orders=frame, as_of=as_of)
    record = next(result.records(lang="en"))
    return next(c for c in record["criteria"] if c["id"] == cid)


def test_overdue_orders_not_yet_picked_up_count_as_late() -> None:
    overdue = [{"supplier_id": "s", "ordered_at": T0, "picked_up_at": None} for _ in range(10)]
    kpi = _kpi(overdue, "kpi_on_time_ship_rate")
    assert kpi["status"] == "fail"  # 0 of 10 in time, not "no orders recorded yet"
    assert kpi["evidence"]["n"] == 10 and kpi["evidence"]["k"] == 0


def test_orders_still_within_their_promise_are_not_counted_yet() -> None:
    fresh = [{"supplier_id": "s", "ordered_at": T0, "picked_up_at": None}]
    assert _kpi(fresh, "kpi_on_time_ship_rate", date(2026, 11, 1))["status"] == "unknown"


def test_thirty_late_and_ten_waiting_past_the_deadline_are_judged_on_forty() -> None:
    late = [
        {"supplier_id": "s", "ordered_at": T0, "picked_up_at": T0 + timedelta(hours=50)}
        for _ in range(30)
    ]
    waiting = [{"supplier_id": "s", "ordered_at": T0, "picked_up_at": None} for _ in range(10)]
    assert _kpi(late + waiting, "kpi_on_time_ship_rate")["evidence"]["n"] == 40


def test_two_after_sales_cases_of_one_day_do_not_collapse_to_a_point() -> None:
    cases = [{"supplier_id": "s", "after_sales_days": 1.0} for _ in range(2)]
    kpi = _kpi(cases, "kpi_after_sales_days")
    assert kpi["status"] == "warn"  # was pass with "95 % interval 1–1"
    assert kpi["evidence"]["low"] < 1.0 < kpi["evidence"]["high"]
    assert "1–1" not in kpi["message_en"]


def test_mean_bounds_never_collapse_and_narrow_with_evidence() -> None:
    low, high = mean_bounds(
        np.array([1.0, 1.0, 0.5]), np.array([0.0, 0.0, 0.2]), np.array([2.0, 200.0, 20.0])
    )
    assert (low < [1.0, 1.0, 0.5]).all() and (high > [1.0, 1.0, 0.5]).all()
    assert high[1] - low[1] < high[0] - low[0]


@pytest.mark.parametrize(
    ("cid", "status", "bad", "n"),
    [
        ("kpi_oversell_rate", "cancelled_no_stock", 30, 1000),
        ("kpi_dispute_rate", "disputed", 10, 1000),
    ],
)
def test_a_long_record_exactly_at_the_threshold_passes(
    cid: str, status: str, bad: int, n: int
) -> None:
    # ≤ 3 % oversell and ≤ 1 % disputes are inclusive: exactly 3 % / 1 % meets them
    orders = [{"supplier_id": "s", "status": status} for _ in range(bad)]
    orders += [{"supplier_id": "s", "status": "delivered"} for _ in range(n - bad)]
    kpi = _kpi(orders, cid)
    assert kpi["status"] == "pass"
    assert "meets ≤" in kpi["message_en"]


def test_a_short_record_at_the_threshold_is_still_too_few_to_tell() -> None:
    orders = [{"supplier_id": "s", "status": "cancelled_no_stock"} for _ in range(3)]
    orders += [{"supplier_id": "s", "status": "delivered"} for _ in range(97)]
    assert _kpi(orders, "kpi_oversell_rate")["status"] == "warn"


def test_one_known_bad_value_among_forty_unknowns_is_verify_first_not_avoid() -> None:
    suppliers = pl.DataFrame({"supplier_id": ["s"], "response_minutes": [40.0]})
    row = screen(suppliers).frame.row(0, named=True)
    assert row["grade"] != "D"
    assert row["decision"] == "verify_first"


def test_a_well_known_bad_supplier_is_still_avoided() -> None:
    bad = {
        "supplier_id": ["s"],
        "repeat_rate_pct": [5.0],
        "response_minutes": [90.0],
        "dispute_rate_pct": [5.0],
        "years_in_business": [0.5],
        "pickup_sla_hours": [96.0],
        "custom_moq": [1000.0],
        "sample_days": [30.0],
        "custom_cost_pct": [40.0],
        "old_customer_ratio_pct": [10.0],
        "new_styles_per_month": [0.0],
        "late_compensation_pct": [0.0],
    }
    row = screen(pl.DataFrame(bad)).frame.row(0, named=True)
    assert row["grade"] == "D" and row["decision"] == "avoid"
