"""KPIs from the seller's orders over a rolling window with exponential decay (pure).

No Django here: the functions take the engine's orders frame (see
``daifa.engine.scorecard._kpis.ORDER_COLUMNS``) and a Profile, so they are tested
by hand computations and against the engine's own ``kpi_*`` criteria.

How an order counts
-------------------
* Orders older than ``window_days`` before ``as_of`` are left out.
* Each remaining order weighs ``0.5 ** (age_days / half_life_days)``: an order
  one half-life old counts half. ``half_life_days=None`` turns the decay off.
* The counts are then *effective*: with weights w, ``n_eff = (Σw)² / Σw²``
  (Kish's effective sample size) and ``events_eff = rate_w × n_eff`` where
  ``rate_w = Σ w·y / Σ w``. Without decay they are the plain counts.
* The conservative bound is **Clopper–Pearson** (exact, two-sided 95 %) on the
  effective counts, as the engine's ``kpi_*`` criteria use on plain counts; so
  without decay both say exactly the same thing.
* The empirical-Bayes estimate pulls the effective rate toward the workspace:
  a beta prior fitted across the workspace's suppliers (method of moments,
  ``daifa.engine.rates.fit_beta_prior``), ``(events_eff + a) / (n_eff + a + b)``.
  Where 1688 states the supplier's own 30-day rate (品质退货率, 24 小时揽收率…),
  the prior is centred on it instead, with the workspace prior's strength
  ``a + b`` (how much suppliers differ is still learnt from the workspace):
  ``a = m (a + b)``, ``b = (1 - m)(a + b)``; the KPI says so (``prior="1688"``).

Which orders are "timed" for on-time pickup follows the engine: picked-up orders,
plus those not picked up whose promised hours have passed at ``as_of`` (overdue
orders count as late). An order without its own promise is held to the
profile's ``pickup_sla_hours``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import polars as pl
from scipy import special, stats

from daifa.engine.kernels import judged_on_bounds, mean_bounds
from daifa.engine.profile import Profile
from daifa.engine.rates import fit_beta_prior
from daifa.engine.schema import ORDER_COLUMNS

DEFAULT_WINDOW_DAYS = 180
DEFAULT_HALF_LIFE_DAYS = 60.0
CONFIDENCE = 0.95
_STATUS = ("pass", "warn", "fail")

# KPI id, label (zh, en), the column of order-level outcomes (1 = event, 0 = none,
# null = not counted) and whether the event is the *good* outcome.
RATE_KPIS: tuple[tuple[str, str], ...] = (
    ("kpi_return_rate", "returned"),
    ("kpi_on_time_ship_rate", "on_time"),
    ("kpi_oversell_rate", "no_stock"),
    ("kpi_dispute_rate", "disputed"),
)
MEAN_KPIS: tuple[tuple[str, str], ...] = (("kpi_after_sales_days", "after_sales_days"),)
KPI_IDS = tuple(k for k, _ in RATE_KPIS) + tuple(k for k, _ in MEAN_KPIS)


@dataclass(frozen=True)
class Window:
    as_of: datetime
    days: int = DEFAULT_WINDOW_DAYS
    half_life_days: float | None = DEFAULT_HALF_LIFE_DAYS


@dataclass(frozen=True)
class Kpi:
    """One KPI of one supplier (or offer). Rates are fractions (0–1); days are days."""

    kpi: str
    key: str
    n: int  # orders (or cases) in the window, unweighted
    events: int  # events in the window, unweighted
    n_eff: float
    events_eff: float
    rate: float | None  # decayed rate (or mean days)
    lower: float | None
    upper: float | None
    shrunk: float | None
    status: str  # pass / warn / fail / unknown
    threshold: float | None
    is_rate: bool
    more_orders: int | None = None  # at the current rate, orders more that would decide
    prior: str = "workspace"  # what the estimate is pulled toward: "workspace" or "1688"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "key": self.key,
            "n": self.n,
            "events": self.events,
            "n_eff": round(self.n_eff, 3),
            "events_eff": round(self.events_eff, 3),
            "rate": self.rate,
            "lower": self.lower,
            "upper": self.upper,
            "shrunk": self.shrunk,
            "status": self.status,
            "threshold": self.threshold,
            "more_orders": self.more_orders,
            "prior": self.prior,
        }


def outcomes(orders: pl.DataFrame, profile: Profile, as_of: datetime) -> pl.DataFrame:
    """Per order: the outcome columns of every KPI (1/0, or null when not counted).

    The same definitions as the engine's ``_kpis._counts``.
    """
    cast = [
        (pl.col(c).cast(t) if c in orders.columns else pl.lit(None, dtype=t)).alias(c)
        for c, t in ORDER_COLUMNS.items()
    ]
    frame = orders.with_columns(cast)  # other columns (order_id, supplier_pk) are kept
    default_hours = float(profile.criterion("pickup_sla_hours").rule.good or 24.0)
    status = pl.col("status")
    hours = (pl.col("picked_up_at") - pl.col("ordered_at")).dt.total_seconds(
        fractional=True
    ) / 3600.0
    promised = pl.col("promised_pickup_hours").fill_null(default_hours)
    now = pl.lit(as_of, dtype=pl.Datetime("us"))
    waited = (now - pl.col("ordered_at")).dt.total_seconds(fractional=True) / 3600.0
    overdue = pl.col("picked_up_at").is_null() & (waited > promised).fill_null(False)
    timed = hours.is_not_null() | overdue
    return frame.with_columns(
        (pl.col("returned").fill_null(False) | (status == "returned").fill_null(False))
        .cast(pl.Float64)
        .alias("y_returned"),
        pl.when(timed)
        .then((hours <= promised).fill_null(False).cast(pl.Float64))
        .otherwise(None)
        .alias("y_on_time"),
        (status == "cancelled_no_stock").fill_null(False).cast(pl.Float64).alias("y_no_stock"),
        (pl.col("disputed").fill_null(False) | (status == "disputed").fill_null(False))
        .cast(pl.Float64)
        .alias("y_disputed"),
        pl.col("after_sales_days").alias("y_after_sales_days"),
        overdue.alias("overdue"),
    )


def weights(ordered_at: pl.Series, window: Window) -> np.ndarray:
    """Decay weight of each order (0 outside the window or without an order time)."""
    as_of = np.datetime64(window.as_of.replace(tzinfo=None), "us")
    at = ordered_at.cast(pl.Datetime("us")).to_numpy()
    age = (as_of - at).astype("timedelta64[us]").astype(np.float64) / 86_400e6
    inside = np.isfinite(age) & (age <= window.days) & (age >= -1.0)
    age = np.clip(np.nan_to_num(age, nan=0.0), 0.0, None)
    w = np.ones_like(age) if window.half_life_days is None else 0.5 ** (age / window.half_life_days)
    return np.where(inside, w, 0.0)


def effective(w: np.ndarray, y: np.ndarray) -> tuple[int, int, float, float]:
    """(n, events, n_eff, events_eff) of the outcomes ``y`` (nan = not counted)."""
    counted = np.isfinite(y) & (w > 0)
    w, y = w[counted], y[counted]
    n, events = int(counted.sum()), int(np.round(y.sum()))
    if n == 0 or w.sum() <= 0:
        return 0, 0, 0.0, 0.0
    n_eff = float(w.sum() ** 2 / (w * w).sum())
    rate = float((w * y).sum() / w.sum())
    return n, events, n_eff, rate * n_eff


def clopper_pearson(k: float, n: float, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact interval on (possibly fractional, effective) counts; (0, 1) with nothing."""
    if n <= 0:
        return 0.0, 1.0
    alpha = 1.0 - confidence
    k = min(max(k, 0.0), n)
    lower = 0.0 if k <= 1e-12 else float(stats.beta.ppf(alpha / 2.0, k, n - k + 1.0))
    upper = 1.0 if n - k <= 1e-12 else float(stats.beta.ppf(1.0 - alpha / 2.0, k + 1.0, n - k))
    return lower, upper


def _judge(profile: Profile, kpi: str, low: float, high: float, value: float) -> str:
    rule = profile.criterion(kpi).rule
    scale = 100.0 if kpi in dict(RATE_KPIS) else 1.0
    status, _ = judged_on_bounds(
        np.array([low * scale]), np.array([high * scale]), rule, np.array([value * scale])
    )
    return _STATUS[int(status[0])]


def _clopper_pearson_many(k: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``clopper_pearson`` element-wise (one call for many sample sizes)."""
    alpha = 1.0 - CONFIDENCE
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = special.betaincinv(np.maximum(k, 1e-12), n - k + 1.0, alpha / 2.0)
        upper = special.betaincinv(k + 1.0, np.maximum(n - k, 1e-12), 1.0 - alpha / 2.0)
    lower = np.where(k <= 1e-12, 0.0, lower)
    upper = np.where(n - k <= 1e-12, 1.0, upper)
    return lower, upper


def more_orders_to_decide(
    profile: Profile, kpi: str, n_eff: float, k_eff: float, limit: int = 2000
) -> int | None:
    """At the current rate, how many more orders until the bound decides (pass or fail).

    None when it would take more than ``limit`` (the rate sits on the threshold).
    Candidate counts are judged in a few vectorised passes (coarse, then finer).
    """
    rate = k_eff / n_eff if n_eff > 0 else 0.0
    rule = profile.criterion(kpi).rule
    scale = 100.0 if kpi in dict(RATE_KPIS) else 1.0

    def decided(extra: np.ndarray) -> np.ndarray:
        n = n_eff + extra
        low, high = _clopper_pearson_many(rate * n, n)
        status, _ = judged_on_bounds(low * scale, high * scale, rule, np.full_like(n, rate * scale))
        return np.asarray(status != 1)

    # A coarse geometric grid finds the bracket, then finer grids close it.
    grid = np.unique(np.round(np.geomspace(1, limit, 48))).astype(np.float64)
    grid = np.concatenate([[0.0], grid])
    hits = np.flatnonzero(decided(grid))
    if hits.size == 0:
        return None
    hi = int(grid[hits[0]])
    lo = int(grid[hits[0] - 1]) if hits[0] > 0 else hi
    while hi - lo > 1:
        fine = np.unique(np.round(np.linspace(lo, hi, min(64, hi - lo + 1))))
        hits = np.flatnonzero(decided(fine))
        hi_new = int(fine[hits[0]])
        lo = int(fine[hits[0] - 1]) if hits[0] > 0 else hi_new
        hi = hi_new
    return hi


def kpis(
    orders: pl.DataFrame,
    profile: Profile,
    window: Window,
    *,
    by: str = "supplier_id",
    platform_rates: Mapping[str, Mapping[str, float]] | None = None,
) -> list[Kpi]:
    """Every KPI per ``by`` (supplier_id or offer_id), in first-seen order.

    ``platform_rates``: per key, 1688's own 30-day rate (a fraction) of some rate
    KPIs; each becomes the centre of that key's prior (see the module's notes).
    """
    if orders.height == 0:
        return []
    frame = outcomes(orders, profile, window.as_of)
    w = weights(frame["ordered_at"], window)
    keys = frame[by].cast(pl.String).fill_null("").to_numpy()
    unique = list(dict.fromkeys(keys.tolist()))
    out: list[Kpi] = []
    for kpi, column in RATE_KPIS:
        y = frame[f"y_{column}"].cast(pl.Float64).fill_null(np.nan).to_numpy()
        per_key = {key: effective(w * (keys == key), y) for key in unique}
        # The workspace prior: plain counts per key in the window.
        prior = fit_beta_prior([per_key[k][1] for k in unique], [per_key[k][0] for k in unique])
        for key in unique:
            known = (platform_rates or {}).get(key, {}).get(kpi)
            if known is None:
                out.append(_rate_kpi(profile, kpi, key, *per_key[key], prior))
            else:
                own = centred_prior(prior, known)
                out.append(_rate_kpi(profile, kpi, key, *per_key[key], own, source="1688"))
    for kpi, column in MEAN_KPIS:
        y = frame[f"y_{column}"].cast(pl.Float64).fill_null(np.nan).to_numpy()
        for key in unique:
            out.append(_mean_kpi(profile, kpi, key, w * (keys == key), y))
    return out


def _rate_kpi(
    profile: Profile,
    kpi: str,
    key: str,
    n: int,
    events: int,
    n_eff: float,
    k_eff: float,
    prior: tuple[float, float],
    *,
    source: str = "workspace",
) -> Kpi:
    threshold = profile.criterion(kpi).rule.good
    if n == 0:
        return Kpi(kpi, key, 0, 0, 0.0, 0.0, None, 0.0, 1.0, None, "unknown", threshold, True)
    rate = k_eff / n_eff
    low, high = clopper_pearson(k_eff, n_eff)
    a, b = prior
    status = _judge(profile, kpi, low, high, rate)
    more = more_orders_to_decide(profile, kpi, n_eff, k_eff) if status == "warn" else 0
    return Kpi(
        kpi, key, n, events, n_eff, k_eff, rate, low, high,
        (k_eff + a) / (n_eff + a + b), status, threshold, True, more, source,
    )  # fmt: skip


# 1688 rates are never taken as exactly 0 or 1: a prior there would ignore the orders.
_RATE_FLOOR = 1e-3


def centred_prior(workspace: tuple[float, float], rate: float) -> tuple[float, float]:
    """The workspace prior's strength ``a + b`` around 1688's own rate ``rate``.

    >>> centred_prior((2.0, 18.0), 0.05)
    (1.0, 19.0)
    """
    strength = workspace[0] + workspace[1]
    m = min(max(rate, _RATE_FLOOR), 1.0 - _RATE_FLOOR)
    return m * strength, (1.0 - m) * strength


def _mean_kpi(profile: Profile, kpi: str, key: str, w: np.ndarray, y: np.ndarray) -> Kpi:
    threshold = profile.criterion(kpi).rule.good
    counted = np.isfinite(y) & (w > 0)
    n = int(counted.sum())
    if n == 0:
        return Kpi(kpi, key, 0, 0, 0.0, 0.0, None, None, None, None, "unknown", threshold, False)
    w, y = w[counted], y[counted]
    n_eff = float(w.sum() ** 2 / (w * w).sum())
    mean = float((w * y).sum() / w.sum())
    # The weighted standard deviation with the unbiased (effective-n) correction;
    # without decay it is the plain sample standard deviation.
    var = float((w * (y - mean) ** 2).sum() / w.sum()) * (n_eff / (n_eff - 1.0) if n_eff > 1 else 0)
    low, high = mean_bounds(np.array([mean]), np.array([np.sqrt(var)]), np.array([n_eff]))
    lo, hi = float(low[0]), float(high[0])
    status = _judge(profile, kpi, lo, hi, mean)
    return Kpi(
        kpi, key, n, n, n_eff, n_eff, mean, lo, hi if np.isfinite(hi) else None, None,
        status, threshold, False,
    )  # fmt: skip


def trend(
    orders: pl.DataFrame, profile: Profile, as_of: datetime, *, months: int = 6
) -> dict[str, Any]:
    """Monthly plain rates of the rate KPIs for one supplier's orders (the small chart)."""
    frame = outcomes(orders, profile, as_of)
    start = as_of - timedelta(days=30 * months)
    frame = frame.filter(pl.col("ordered_at") >= start).with_columns(
        pl.col("ordered_at").dt.strftime("%Y-%m").alias("month")
    )
    months_seen = sorted(set(frame["month"].drop_nulls().to_list()))
    series: dict[str, list[float | None]] = {}
    counts: list[int] = []
    for kpi, column in RATE_KPIS:
        by_month = frame.group_by("month").agg(
            pl.col(f"y_{column}").mean().alias("rate"), pl.len().alias("n")
        )
        rates = dict(zip(by_month["month"].to_list(), by_month["rate"].to_list(), strict=True))
        series[kpi] = [None if rates.get(m) is None else rates[m] * 100.0 for m in months_seen]
        if not counts:
            ns = dict(zip(by_month["month"].to_list(), by_month["n"].to_list(), strict=True))
            counts = [int(ns.get(m, 0)) for m in months_seen]
    return {"labels": months_seen, "series": series, "orders": counts}
