"""The demo's orders loaded as the seller's purchase orders, so the KPIs, alerts, a
probation and the calibration page show something on first start.

The generated orders (``DemoData.orders``) end at the demo's fixed ``as_of``; they
are moved forward so that they end today (KPIs are about the recent months).
One supplier with many orders is planted as clearly worse in the last 60 days
(returns), so its return rate breaches the threshold on its bound and it goes on
probation; ``PLANTED_RETURN_SHARE`` says how much worse.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

PLANTED_RETURN_SHARE = 0.35
PLANTED_DAYS = 60


def shifted_orders(orders: pl.DataFrame, as_of: date, today: date, seed: int) -> pl.DataFrame:
    """The orders moved to end today, with one supplier's recent returns planted."""
    shift = timedelta(days=(today - as_of).days)
    times = [
        c for c in ("ordered_at", "paid_at", "shipped_at", "picked_up_at") if c in orders.columns
    ]
    frame = orders.with_columns([(pl.col(c) + shift).alias(c) for c in times])
    if frame.height == 0:
        return frame
    counts = (
        frame.group_by("supplier_id").len().sort(["len", "supplier_id"], descending=[True, False])
    )
    planted = counts["supplier_id"][
        min(1, counts.height - 1)
    ]  # the second busiest: not the obvious one
    rng = np.random.default_rng(seed)
    start = datetime.combine(today, datetime.min.time()) - timedelta(days=PLANTED_DAYS)
    recent = (
        (frame["supplier_id"] == planted)
        & (frame["ordered_at"] >= start)
        & (frame["status"] == "delivered")
    )
    hit = recent.to_numpy() & (rng.random(frame.height) < PLANTED_RETURN_SHARE)
    hit_s = pl.Series(hit)
    return frame.with_columns(
        pl.when(hit_s).then(pl.lit("returned")).otherwise(pl.col("status")).alias("status"),
        (pl.col("returned") | hit_s).alias("returned"),
        pl.when(hit_s & pl.col("after_sales_days").is_null())
        .then(pl.lit(1.5))
        .otherwise(pl.col("after_sales_days"))
        .alias("after_sales_days"),
    )
