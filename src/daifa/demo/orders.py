"""The seller's own orders with the suppliers it approved: the raw material of the KPIs.

About 40 suppliers in 300 are approved: the better shops that support dropshipping
and fake nothing. Their return, stock-out, dispute and late-pickup rates follow
their quality; a few have only a handful of orders (small samples must not look
perfect) and a few get worse in the last 45 days (what re-screening should catch).
"""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import polars as pl

from daifa.demo import names
from daifa.demo.draws import column, signal
from daifa.engine.schema import ORDER_FILE_COLUMNS, ORDER_STATUSES

APPROVED_PER_SUPPLIER = 40 / 300
SMALL_SAMPLE_SHARE = 0.08
DETERIORATING_SHARE = 0.08
RECENT_DAYS = 45
DEFAULT_PICKUP_HOURS = 48.0  # what the seller assumes when the shop promised nothing
STATUSES = ORDER_STATUSES
# The orders file (the engine's KPI columns plus the order id and payment time).
ORDER_COLUMNS = ORDER_FILE_COLUMNS


def choose_approved(rng: np.random.Generator, suppliers: pl.DataFrame) -> np.ndarray:
    """The shops the seller works with: the best-looking honest dropshippers, give or take."""
    n = suppliers.height
    eligible = (
        suppliers["dropship_supported"].fill_null(True).to_numpy()
        & ~suppliers["_spiked"].to_numpy()
        & ~suppliers["_templated"].to_numpy()
    )
    score = suppliers["_quality"].to_numpy() + rng.normal(0, 0.5, n)
    score[~eligible] = -np.inf
    k = min(max(1, round(APPROVED_PER_SUPPLIER * n)), int(eligible.sum()))
    approved = np.zeros(n, dtype=bool)
    approved[np.argsort(-score, kind="stable")[:k]] = True
    return approved


def simulate_orders(
    rng: np.random.Generator,
    suppliers: pl.DataFrame,
    offers: pl.DataFrame,
    approved: np.ndarray,
    as_of: date,
) -> tuple[pl.DataFrame, np.ndarray]:
    """Orders with the approved suppliers, and which suppliers got worse recently."""
    idx = np.flatnonzero(approved)
    z = signal(rng, suppliers["_quality"].to_numpy()[idx], 0.7)
    counts = np.clip(np.round(rng.lognormal(np.log(45), 0.8, idx.size)), 5, 250).astype(np.int64)
    small = rng.random(idx.size) < SMALL_SAMPLE_SHARE
    counts[small] = rng.integers(2, 6, int(small.sum()))
    worse = rng.random(idx.size) < DETERIORATING_SHARE
    shop = np.repeat(np.arange(idx.size), counts)  # position in idx, per order
    ordered_days_ago = rng.uniform(7, 180, shop.size)
    recent_factor = np.where(worse[shop] & (ordered_days_ago < RECENT_DAYS), 3.0, 1.0)
    promised = suppliers["pickup_sla_hours"].fill_null(DEFAULT_PICKUP_HOURS).to_numpy()[idx][shop]
    status = _statuses(rng, z[shop], recent_factor)
    frame = _frame(
        rng,
        suppliers,
        offers,
        idx[shop],
        ordered_days_ago,
        promised,
        status,
        z[shop],
        recent_factor,
        as_of,
    )
    deteriorating = np.zeros(approved.size, dtype=bool)
    deteriorating[idx[worse]] = True
    return frame.sort("ordered_at"), deteriorating


def _statuses(rng: np.random.Generator, z: np.ndarray, factor: np.ndarray) -> np.ndarray:
    p_stockout = np.clip(0.02 * np.exp(-0.8 * z), 0.002, 0.15) * factor
    p_return = np.clip(0.035 * np.exp(-0.7 * z), 0.005, 0.2) * factor
    p_dispute = np.clip(0.01 * np.exp(-0.8 * z), 0.001, 0.05) * factor
    u = rng.random(z.size)
    edges = np.cumsum([p_stockout, p_return, p_dispute], axis=0)
    code = np.select([u < edges[0], u < edges[1], u < edges[2]], [2, 1, 3], default=0)
    out: np.ndarray = np.asarray(STATUSES)[code]
    return out


def _frame(
    rng: np.random.Generator,
    suppliers: pl.DataFrame,
    offers: pl.DataFrame,
    supplier_rows: np.ndarray,
    days_ago: np.ndarray,
    promised: np.ndarray,
    status: np.ndarray,
    z: np.ndarray,
    factor: np.ndarray,
    as_of: date,
) -> pl.DataFrame:
    n = status.size
    supplier_ids = suppliers["supplier_id"].gather(supplier_rows)
    ordered = np.datetime64(datetime.combine(as_of, time()), "us") - _hours(days_ago * 24)
    paid = ordered + _hours(rng.exponential(0.4, n))
    # hours from payment to carrier pickup, around half the promise for good shops
    pickup = promised * 0.55 * np.exp(-0.35 * z) * np.sqrt(factor) * rng.gamma(4.0, 0.25, n)
    pickup = np.maximum(pickup, 0.5)
    lag = np.minimum(rng.uniform(0.3, 4.0, n), pickup / 2)  # dispatch scan before pickup
    sent = status != "cancelled_no_stock"
    after_sales = rng.gamma(2.0, 0.5 * np.exp(-0.5 * z) * factor, n).round(1).clip(0.1, None)
    has_case = np.isin(status, ["returned", "disputed"]) | (sent & (rng.random(n) < 0.03))
    disputed = status == "disputed"
    return pl.DataFrame(
        [
            pl.Series("order_id", names.order_ids(rng, n)),
            supplier_ids.rename("supplier_id"),
            pl.Series("offer_id", _offers_of(rng, offers, supplier_ids)),
            pl.Series("ordered_at", ordered),
            pl.Series("paid_at", paid),
            column("shipped_at", paid + _hours(pickup - lag), pl.Datetime("us"), sent),
            column("picked_up_at", paid + _hours(pickup), pl.Datetime("us"), sent),
            pl.Series("promised_pickup_hours", promised.astype(np.float64)),
            pl.Series("status", status),
            pl.Series("returned", (status == "returned") | (disputed & (rng.random(n) < 0.5))),
            pl.Series("disputed", disputed),
            column("after_sales_days", after_sales, pl.Float64(), has_case),
        ]
    ).cast(ORDER_COLUMNS)  # type: ignore[arg-type]


def _hours(hours: np.ndarray) -> np.ndarray:
    # whole seconds, as order systems record them
    out: np.ndarray = (np.round(hours * 3600).astype(np.int64) * 1_000_000).astype(
        "timedelta64[us]"
    )
    return out


def _offers_of(
    rng: np.random.Generator, offers: pl.DataFrame, supplier_ids: pl.Series
) -> list[str]:
    listed = dict(offers.group_by("supplier_id", maintain_order=True).agg("offer_id").iter_rows())
    return [str(rng.choice(listed[s])) for s in supplier_ids]
