"""KPIs equal hand computations (overdue orders, tiny samples, decay) and the engine's kpi_*."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest
from scipy import stats as sps

from daifa.engine.profile import Profile
from daifa.engine.scorecard._kpis import kpi_frame
from daifa.monitoring import stats

NOW = datetime(2026, 6, 1, 12, 0)
PROFILE = Profile.default()


def orders(rows: list[dict]) -> pl.DataFrame:
    base = {
        "supplier_id": "S1", "offer_id": "O1", "ordered_at": NOW - timedelta(days=1),
        "shipped_at": None, "picked_up_at": None, "promised_pickup_hours": 24.0,
        "status": "delivered", "returned": False, "disputed": False, "after_sales_days": None,
    }  # fmt: skip
    return pl.DataFrame([{**base, **r} for r in rows]).cast(
        {
            "ordered_at": pl.Datetime("us"),
            "picked_up_at": pl.Datetime("us"),
            "shipped_at": pl.Datetime("us"),
            "after_sales_days": pl.Float64,
        }  # fmt: skip
    )


def by(kpis, kpi, key="S1"):
    return next(k for k in kpis if k.kpi == kpi and k.key == key)


NO_DECAY = stats.Window(NOW, days=3650, half_life_days=None)


def test_return_rate_by_hand_without_decay():
    rows = [{"picked_up_at": NOW - timedelta(hours=20)} for _ in range(20)]
    for r in rows[:3]:
        r["status"] = "returned"
    k = by(stats.kpis(orders(rows), PROFILE, NO_DECAY), "kpi_return_rate")
    assert (k.n, k.events, k.n_eff, k.events_eff) == (20, 3, 20.0, 3.0)
    assert k.rate == pytest.approx(0.15)
    assert k.lower == pytest.approx(sps.beta.ppf(0.025, 3, 18))
    assert k.upper == pytest.approx(sps.beta.ppf(0.975, 4, 17))
    # 3 of 20: the lower bound (3.2 %) is below 5 %, the upper above: too few to tell.
    assert k.status == "warn" and k.more_orders and k.more_orders > 0


def test_overdue_orders_count_as_late_and_unpicked_not_yet_due_are_not_counted():
    h = timedelta(hours=1)
    rows = [
        {"ordered_at": NOW - 30 * h, "picked_up_at": NOW - 10 * h},  # 20 h: on time
        {"ordered_at": NOW - 50 * h, "picked_up_at": NOW - 10 * h},  # 40 h: late
        {"ordered_at": NOW - 30 * h},  # not picked up, 30 h > 24 h: overdue, late
        {"ordered_at": NOW - 5 * h},  # not picked up, not due yet: not counted
        {"ordered_at": NOW - 30 * h, "promised_pickup_hours": 48.0},  # agreed 48 h: not due
    ]
    k = by(stats.kpis(orders(rows), PROFILE, NO_DECAY), "kpi_on_time_ship_rate")
    assert (k.n, k.events) == (3, 1)
    assert k.rate == pytest.approx(1 / 3)


def test_tiny_sample_is_never_a_perfect_rate():
    rows = [{"picked_up_at": NOW - timedelta(hours=20)} for _ in range(3)]
    k = by(stats.kpis(orders(rows), PROFILE, NO_DECAY), "kpi_return_rate")
    assert k.rate == 0.0 and k.lower == 0.0
    assert k.upper == pytest.approx(1 - 0.025 ** (1 / 3))  # 70.8 %
    assert k.status == "warn"
    # At 0 returns, the decision comes when the bound (or the halfway rule) passes.
    extra = k.more_orders
    low, high = stats.clopper_pearson(0, 3 + extra)
    assert high * 100 <= 8.5  # the halfway point between 5 % and 12 %
    low, high = stats.clopper_pearson(0, 3 + extra - 1)
    assert high * 100 > 8.5


def test_decay_by_hand():
    rows = [
        {"ordered_at": NOW, "status": "returned"},
        {"ordered_at": NOW - timedelta(days=60)},
        {"ordered_at": NOW - timedelta(days=200)},  # outside the 180-day window
    ]
    window = stats.Window(NOW, days=180, half_life_days=60.0)
    k = by(stats.kpis(orders(rows), PROFILE, window), "kpi_return_rate")
    # weights 1 and 0.5: n_eff = 1.5² / 1.25 = 1.8; rate = 1 / 1.5; events_eff = 1.2
    assert (k.n, k.events) == (2, 1)
    assert k.n_eff == pytest.approx(1.8)
    assert k.rate == pytest.approx(2 / 3)
    assert k.events_eff == pytest.approx(1.2)
    assert k.lower == pytest.approx(sps.beta.ppf(0.025, 1.2, 1.8 - 1.2 + 1))
    assert k.upper == pytest.approx(sps.beta.ppf(0.975, 2.2, 0.6))


def test_shrinkage_pulls_toward_the_workspace():
    rows = [{"supplier_id": "A", "status": "returned" if i < 1 else "delivered"} for i in range(5)]
    rows += [
        {"supplier_id": "B", "status": "returned" if i < 2 else "delivered"} for i in range(50)
    ]
    rows += [{"supplier_id": "C"} for _ in range(50)]
    kpis = stats.kpis(orders(rows), PROFILE, NO_DECAY)
    a = by(kpis, "kpi_return_rate", "A")
    pooled = 3 / 105
    assert a.rate == pytest.approx(0.2)
    assert pooled < a.shrunk < a.rate


def random_orders(seed: int, n: int = 400) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    ordered = [NOW - timedelta(hours=float(h)) for h in rng.uniform(1, 2000, n)]
    pickup = rng.uniform(1, 60, n)
    at = [o + timedelta(hours=float(p)) for o, p in zip(ordered, pickup, strict=True)]
    picked = [None if rng.random() < 0.15 or t > NOW else t for t in at]
    status = rng.choice(
        ["delivered", "returned", "cancelled_no_stock", "disputed"], n, p=[0.85, 0.08, 0.04, 0.03]
    )
    return pl.DataFrame(
        {
            "supplier_id": rng.choice(["A", "B", "C", "D", "E"], n),
            "offer_id": rng.choice(["o1", "o2"], n),
            "ordered_at": ordered,
            "picked_up_at": picked,
            "promised_pickup_hours": [None if u < 0.3 else 24.0 for u in rng.random(n)],
            "status": status,
            "returned": rng.random(n) < 0.02,
            "disputed": rng.random(n) < 0.01,
            "after_sales_days": [
                float(g) if u < 0.2 else None
                for u, g in zip(rng.random(n), rng.gamma(2, 0.6, n), strict=True)
            ],
        },
        schema_overrides={"picked_up_at": pl.Datetime("us"), "ordered_at": pl.Datetime("us"),
                          "promised_pickup_hours": pl.Float64, "after_sales_days": pl.Float64},
    )  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_without_decay_the_kpis_are_what_the_engine_says(seed):
    frame = random_orders(seed)
    engine = kpi_frame(frame, PROFILE, NOW)
    mine = stats.kpis(frame, PROFILE, NO_DECAY)
    for row in engine.iter_rows(named=True):
        for kpi in stats.KPI_IDS:
            k = by(mine, kpi, row["supplier_id"])
            scale = 100.0 if k.is_rate else 1.0
            assert k.status == row[f"{kpi}__status"], (kpi, row["supplier_id"])
            assert k.n == row[f"{kpi}__n"]
            if k.is_rate:
                assert k.events == row[f"{kpi}__k"]
                assert k.shrunk * 100 == pytest.approx(row[f"{kpi}__shrunk"])
            assert k.rate * scale == pytest.approx(row[f"{kpi}__value"])
            assert k.lower * scale == pytest.approx(row[f"{kpi}__low"])
            if row[f"{kpi}__high"] is not None:
                assert k.upper * scale == pytest.approx(row[f"{kpi}__high"])


def test_per_offer():
    rows = [{"offer_id": "O1", "status": "returned"}, {"offer_id": "O2"}, {"offer_id": "O2"}]
    kpis = stats.kpis(orders(rows), PROFILE, NO_DECAY, by="offer_id")
    assert by(kpis, "kpi_return_rate", "O1").events == 1
    assert by(kpis, "kpi_return_rate", "O2").n == 2


def test_decided_status_needs_no_more_orders():
    rows = [{"status": "returned" if i < 12 else "delivered"} for i in range(40)]
    k = by(stats.kpis(orders(rows), PROFILE, NO_DECAY), "kpi_return_rate")
    assert k.status == "fail" and k.more_orders == 0


@pytest.mark.parametrize("n,k", [(3, 0), (5, 1), (20, 3), (40, 2), (10, 1), (7, 0), (100, 4)])
def test_more_orders_is_the_first_count_that_decides(n, k):
    def status(m):
        return stats._judge(
            PROFILE, "kpi_return_rate", *stats.clopper_pearson(k / n * (n + m), n + m), k / n
        )

    brute = next((m for m in range(2001) if status(m) != "warn"), None)
    assert stats.more_orders_to_decide(PROFILE, "kpi_return_rate", n, k) == brute
