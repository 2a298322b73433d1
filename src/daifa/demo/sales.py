"""Sales histories: 180 days of daily units per offer, plus older monthly totals for some.

Honest histories are negative-binomial (overdispersed) around a level with a
weekly rhythm (B2B buyers order on weekdays); some trend gently, some have one
platform promotion day (618 / 双11 style) outside the last 30 days. Planted
suppliers have a flat history and an inflated last 30 days, 3.5-8x the level:
the 刷单 pattern the seed guide warns about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from daifa.engine.schema import SALES_COLUMNS

HISTORY_DAYS = 180
RECENT_DAYS = 30
MONTHS_BEFORE = 6
NO_HISTORY_SHARE = 0.05
MONTHLY_SHARE = 0.2
TREND_SHARE = 0.25
PROMO_SHARE = 0.15
# Monday first: weekday orders from resellers, a quieter weekend.
WEEKLY = np.array([1.10, 1.08, 1.05, 1.05, 1.0, 0.88, 0.84])
# Platform festivals (month, day), biggest first: 双11, 618, 双12, 99大促, 38女王节.
FESTIVALS = ((11, 11), (6, 18), (12, 12), (9, 9), (3, 8))


@dataclass(frozen=True)
class SalesResult:
    sales: pl.DataFrame  # SALES_COLUMNS
    sales_30d: np.ndarray  # per offer; -1 where there is no history


def promotion_day(as_of: date) -> date:
    """The biggest festival in the history but outside the last 30 days.

    The festivals are never more than 102 days apart and the eligible span is
    150 days, so there is always one.
    """
    first = as_of - timedelta(days=HISTORY_DAYS)
    last = as_of - timedelta(days=RECENT_DAYS + 1)
    for month, day in FESTIVALS:
        for year in (as_of.year, as_of.year - 1):
            if first <= (candidate := date(year, month, day)) <= last:
                return candidate
    raise AssertionError("unreachable: every 150-day span holds a festival")


def simulate_sales(
    rng: np.random.Generator,
    supplier_ids: pl.Series,
    offer_ids: pl.Series,
    quality: np.ndarray,
    spiked: np.ndarray,
    as_of: date,
) -> SalesResult:
    """Histories for each offer; ``quality`` and ``spiked`` are per offer (from its supplier)."""
    n = quality.size
    has_history = spiked | (rng.random(n) >= NO_HISTORY_SHARE)
    level = np.maximum(np.exp(np.log(6.0) + 0.9 * rng.standard_normal(n) + 0.3 * quality), 1.0)
    shape = rng.uniform(1.5, 6.0, n)  # NB size: smaller is more overdispersed
    growth = np.where(~spiked & (rng.random(n) < TREND_SHARE), rng.uniform(-0.35, 0.45, n), 0.0)
    mean = _daily_means(rng, level, growth, spiked, as_of)
    units = rng.negative_binomial(shape[:, None], shape[:, None] / (shape[:, None] + mean))
    sales_30d = np.where(has_history, units[:, -RECENT_DAYS:].sum(axis=1), -1)
    monthly = has_history & (rng.random(n) < MONTHLY_SHARE)
    frames = [
        _daily_frame(supplier_ids, offer_ids, units, has_history, as_of),
        _monthly_frame(rng, supplier_ids, offer_ids, level, growth, shape, monthly, as_of),
    ]
    return SalesResult(pl.concat(frames), sales_30d)


def _daily_means(
    rng: np.random.Generator, level: np.ndarray, growth: np.ndarray, spiked: np.ndarray, as_of: date
) -> np.ndarray:
    n = level.size
    start = as_of - timedelta(days=HISTORY_DAYS)
    t = np.arange(HISTORY_DAYS)
    weekday = np.array([(start + timedelta(days=int(d))).weekday() for d in range(7)])
    amplitude = rng.uniform(0.3, 1.0, n)[:, None]
    week = 1 + amplitude * (np.resize(WEEKLY[weekday], HISTORY_DAYS)[None, :] - 1)
    trend = np.exp(growth[:, None] * (t[None, :] - HISTORY_DAYS) / HISTORY_DAYS)
    mean = level[:, None] * week * trend
    promo = ~spiked & (rng.random(n) < PROMO_SHARE)
    promo_t = (promotion_day(as_of) - start).days
    mean[promo, promo_t] *= rng.uniform(4.0, 12.0, int(promo.sum()))
    # Spiked offers: the history stays flat, then the last 30 days are inflated.
    mean[spiked, -RECENT_DAYS:] *= rng.uniform(3.5, 8.0, int(spiked.sum()))[:, None]
    out: np.ndarray = mean
    return out


def _daily_frame(
    supplier_ids: pl.Series, offer_ids: pl.Series, units: np.ndarray, has: np.ndarray, as_of: date
) -> pl.DataFrame:
    rows = np.repeat(np.flatnonzero(has), HISTORY_DAYS)
    start = np.datetime64(as_of - timedelta(days=HISTORY_DAYS), "D")
    days = start + np.arange(HISTORY_DAYS)
    return _frame(
        supplier_ids, offer_ids, rows, np.tile(days, int(has.sum())), 1, units[has].ravel()
    )


def _monthly_frame(
    rng: np.random.Generator,
    supplier_ids: pl.Series,
    offer_ids: pl.Series,
    level: np.ndarray,
    growth: np.ndarray,
    shape: np.ndarray,
    monthly: np.ndarray,
    as_of: date,
) -> pl.DataFrame:
    """Older 30-day totals ending where the daily history begins (no overlap)."""
    idx = np.flatnonzero(monthly)
    ago = np.arange(MONTHS_BEFORE, 0, -1)  # months before the daily history, oldest first
    t_mid = -30.0 * ago + 15 - HISTORY_DAYS
    mean = 30 * level[idx, None] * np.exp(growth[idx, None] * t_mid[None, :] / HISTORY_DAYS)
    size = 30 * shape[idx, None]  # a sum of 30 NB(r, p) days is NB(30 r, p)
    units = rng.negative_binomial(size, size / (size + mean))
    daily_start = np.datetime64(as_of - timedelta(days=HISTORY_DAYS), "D")
    starts = daily_start - 30 * ago
    rows = np.repeat(idx, MONTHS_BEFORE)
    return _frame(supplier_ids, offer_ids, rows, np.tile(starts, idx.size), 30, units.ravel())


def _frame(
    supplier_ids: pl.Series,
    offer_ids: pl.Series,
    rows: np.ndarray,
    starts: np.ndarray,
    period_days: int,
    units: np.ndarray,
) -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            "supplier_id": supplier_ids.gather(rows),
            "offer_id": offer_ids.gather(rows),
            "period_start": starts,
            "period_days": np.full(rows.size, period_days, dtype=np.int64),
            "units": units.astype(np.float64),
        }
    )
    return frame.cast(SALES_COLUMNS)  # type: ignore[arg-type]
