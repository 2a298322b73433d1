"""The two-segment count model of ``sales_spike``, for many daily series at once.

Each series is a row of a (series x day) matrix that ends on the series' own
last day (``NaN`` = unknown day). For every candidate start of a rise ``tau``
(the last ``min_rise_days`` .. ``max_rise_days`` days are "after"), in NumPy:

* the after level ``a``: units per day after ``tau`` with the ``lump_days``
  largest days left out (one honest bulk order or two distributor orders are
  single-day lumps; brushing is many days);
* the baseline ``b``: the larger of the mean of the ``history_days`` before
  ``tau`` and the mean of the ``near_days`` just before it. Both are what the
  shop really sold, so the baseline is never above it, and nothing is
  extrapolated from a history that may already be brushed; the near mean
  follows an honest trend up to the rise;
* a quasi-Poisson likelihood ratio of "after = before": the Poisson LR divided
  by the dispersion of the history (the larger of the daily variance / mean and
  the weekly one, at least 1), so overdispersed and weekly-seasonal sales need
  more evidence; ``z`` is its signed square root.

The candidate with the largest ``z`` among those meeting every condition is
the rise (its start is *when* sales changed). Ramp-up days of a new listing
and long runs of zero days (stock-outs: far longer than the shop's own rate
makes likely) are unknown days, not zero sales.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Fewer valid days than this in a segment and its mean is not used.
MIN_SEGMENT_DAYS = 7
# A run of zero days is a stock-out when a Poisson shop at its own mean rate
# would show it with probability below e^-STOCKOUT_LOG (about 1 in 1000).
STOCKOUT_LOG = 7.0
STOCKOUT_MIN_DAYS = 7
_TINY = 1e-12
# The first half of a rise reaches this share of ``min_ratio`` already.
STEP_SHARE = 1.0


@dataclass(frozen=True)
class ScanSettings:
    min_rise_days: int
    max_rise_days: int
    history_days: int
    near_days: int
    min_history_days: int
    lump_days: int
    min_ratio: float
    min_jump_per_day: float
    min_excess_units: float
    z_crit: float

    @property
    def horizon(self) -> int:
        return self.max_rise_days + self.history_days + 14


def mark_stockouts(m: FloatArray) -> FloatArray:
    """Runs of zero days far longer than the series' own rate explains -> NaN."""
    out = m.copy()
    known = np.sum(~np.isnan(m), axis=1)
    mean = np.where(known > 0, np.nansum(m, axis=1) / np.maximum(known, 1), 0.0)
    min_run = np.maximum(STOCKOUT_MIN_DAYS, np.ceil(STOCKOUT_LOG / np.maximum(mean, _TINY)))
    n, h = m.shape
    zero = m == 0.0
    run = np.zeros(n, dtype=np.int64)
    # Run length ending at each day, then spread back over the run: two sweeps.
    length = np.zeros((n, h), dtype=np.int64)
    for k in range(h):
        run = np.where(zero[:, k], run + 1, 0)
        length[:, k] = run
    total = np.zeros(n, dtype=np.int64)
    for k in range(h - 1, -1, -1):
        total = np.where(zero[:, k], np.maximum(total, length[:, k]), 0)
        out[:, k] = np.where(zero[:, k] & (total >= min_run), np.nan, out[:, k])
    return out


def _cum(values: FloatArray) -> FloatArray:
    """Cumulative sums with a leading 0 column: window [lo, hi) = c[hi] - c[lo]."""
    c = np.zeros((values.shape[0], values.shape[1] + 1))
    np.cumsum(values, axis=1, out=c[:, 1:])
    return c


def _window(c: FloatArray, lo: IntArray, hi: IntArray) -> FloatArray:
    """Per row and candidate: c[hi] - c[lo] (lo, hi of shape rows x candidates)."""
    rows = np.arange(c.shape[0])[:, None]
    return np.asarray(c[rows, hi] - c[rows, lo], dtype=np.float64)


@dataclass(frozen=True)
class Scan:
    """Per series and candidate rise length (columns: ``lengths``)."""

    lengths: IntArray
    after_days: FloatArray  # valid days after tau, lumps excluded
    after_units: FloatArray  # units after tau, lumps excluded
    raw_after_units: FloatArray
    raw_after_days: FloatArray
    base_rate: FloatArray
    base_days: FloatArray
    history_days: FloatArray  # valid days before tau (all of them)
    growth: FloatArray  # near mean / history mean before tau (>= 1)
    first_half: FloatArray  # units a day in the first half after tau
    dispersion: FloatArray
    z: FloatArray
    change: FloatArray  # two-segment evidence against the whole history: locates the change

    @cached_property
    def rate(self) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(self.after_units / self.after_days, dtype=np.float64)


def scan(m: FloatArray, start: IntArray, config: ScanSettings) -> Scan:
    """Every candidate rise of every row of ``m`` (first usable day ``start``)."""
    n, h = m.shape
    valid = ~np.isnan(m)
    y = np.where(valid, m, 0.0)
    cy, cv, cq = _cum(y), _cum(valid.astype(np.float64)), _cum(y * y)
    lengths = np.arange(config.min_rise_days, config.max_rise_days + 1, dtype=np.int64)
    tau = h - lengths[None, :].repeat(n, axis=0)
    end = np.full_like(tau, h)
    raw_units, raw_days = _window(cy, tau, end), _window(cv, tau, end)
    lumps = _top_days(m, config.max_rise_days, config.lump_days)[:, lengths - 1]
    dropped = np.minimum(raw_days, config.lump_days)
    after_units = raw_units - lumps
    after_days = raw_days - dropped
    first = np.maximum(start[:, None], 0)
    lo_all = np.clip(np.maximum(tau - config.history_days, first), 0, tau)
    lo_near = np.clip(np.maximum(tau - config.near_days, first), 0, tau)
    b_units, b_days = _window(cy, lo_all, tau), _window(cv, lo_all, tau)
    n_units, n_days = _window(cy, lo_near, tau), _window(cv, lo_near, tau)
    history = _window(cv, first.repeat(len(lengths), axis=1).clip(0, h), tau)
    with np.errstate(divide="ignore", invalid="ignore"):
        b_all = b_units / b_days
        b_near = np.where(n_days >= MIN_SEGMENT_DAYS, n_units / n_days, 0.0)
    use_near = b_near > b_all
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(use_near & (b_all > 0), b_near / b_all, 1.0)
    base_rate = np.where(use_near, b_near, b_all)
    base_days = np.where(use_near, n_days, b_days)
    first_half = _first_half(cy, cv, tau, lengths)
    dispersion = _dispersion(cy, cv, cq, y, valid, lo_all, tau, b_units, b_days)
    z = _z(after_units, after_days, base_rate * base_days, base_days, dispersion)
    change = _z(after_units, after_days, b_units, b_days, dispersion)
    return Scan(
        lengths,
        after_days,
        after_units,
        raw_units,
        raw_days,
        base_rate,
        base_days,
        history,
        np.nan_to_num(growth, nan=1.0, posinf=1.0),
        first_half,
        dispersion,
        z,
        change,
    )


def _first_half(cy: FloatArray, cv: FloatArray, tau: IntArray, lengths: IntArray) -> FloatArray:
    """Units a day in the first half of the after segment: a step is there at
    once, an honest trend only creeps above the level just before it."""
    mid = tau + np.maximum(lengths[None, :] // 2, MIN_SEGMENT_DAYS)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(_window(cy, tau, mid) / _window(cv, tau, mid), dtype=np.float64)


def _top_days(m: FloatArray, max_len: int, k: int) -> FloatArray:
    """Sum of the ``k`` largest known days among the last L days, for L = 1..max_len."""
    n, h = m.shape
    tops = np.full((n, k), -np.inf)
    out = np.zeros((n, max_len))
    for length in range(1, max_len + 1):
        day = m[:, h - length] if length <= h else np.full(n, np.nan)
        value = np.where(np.isnan(day), -np.inf, day)
        # Insert value into the sorted (descending) top-k per row.
        for j in range(k):
            bigger = value > tops[:, j]
            tops[:, j], value = (
                np.where(bigger, value, tops[:, j]),
                np.where(bigger, tops[:, j], value),
            )
        out[:, length - 1] = np.where(np.isfinite(tops), tops, 0.0).sum(axis=1)
    return out


def _dispersion(
    cy: FloatArray,
    cv: FloatArray,
    cq: FloatArray,
    y: FloatArray,
    valid: BoolArray,
    lo: IntArray,
    tau: IntArray,
    units: FloatArray,
    days: FloatArray,
) -> FloatArray:
    """Variance / mean of the history before tau, daily and of 7-day sums."""
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = units / days
        var = (_window(cq, lo, tau) - units * mean) / (days - 1)
        daily = var / mean
        # 7-day sums ending on day k (all 7 known), inside [lo, tau).
        week = _cum(y)[:, 7:] - _cum(y)[:, :-7]
        full = (_cum(valid.astype(np.float64))[:, 7:] - _cum(valid.astype(np.float64))[:, :-7]) == 7
        week = np.where(full, week, 0.0)
        cw, cwv, cww = _cum(week), _cum(full.astype(np.float64)), _cum(week * week)
        # week index j covers days j..j+6; inside [lo, tau) when lo <= j <= tau - 7.
        hi = np.clip(tau - 6, 0, week.shape[1])
        wlo = np.minimum(lo, hi)
        w_units, w_n = _window(cw, wlo, hi), _window(cwv, wlo, hi)
        w_mean = w_units / w_n
        w_var = (_window(cww, wlo, hi) - w_units * w_mean) / (w_n - 1)
        weekly = np.where(w_n >= 14, w_var / w_mean, np.nan)
    best = np.fmax(np.nan_to_num(daily, nan=1.0), np.nan_to_num(weekly, nan=1.0))
    return np.asarray(np.maximum(best, 1.0), dtype=np.float64)


def _z(
    x1: FloatArray, m1: FloatArray, x0: FloatArray, m0: FloatArray, phi: FloatArray
) -> FloatArray:
    """Signed root of the quasi-Poisson LR of two rates (x1 / m1 against x0 / m0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (x1 + x0) / (m1 + m0)
        t1 = np.where(x1 > 0, x1 * np.log(np.maximum(x1, _TINY) / (m1 * pooled)), 0.0)
        t0 = np.where(x0 > 0, x0 * np.log(np.maximum(x0, _TINY) / (m0 * pooled)), 0.0)
        lr = np.maximum(2.0 * (t1 + t0), 0.0) / phi
        sign = np.sign(x1 / m1 - x0 / m0)
    return np.asarray(np.nan_to_num(sign * np.sqrt(lr), nan=0.0), dtype=np.float64)


def z_against(
    units: float, days: float, expected_rate: float, base_days: float, phi: float
) -> float:
    """``z`` of an after level against an expected rate known from ``base_days``."""
    arr = np.asarray
    return float(
        _z(
            arr([units]),
            arr([days]),
            arr([expected_rate * base_days]),
            arr([base_days]),
            arr([phi]),
        )[0]
    )


def meets(scan_: Scan, config: ScanSettings) -> tuple[BoolArray, dict[str, BoolArray]]:
    """Candidates meeting every condition, and each condition (for the reason)."""
    rate = scan_.rate
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = rate / np.maximum(scan_.base_rate, 1.0 / 30.0)
    jump = rate - scan_.base_rate
    usable = (
        (scan_.history_days >= config.min_history_days)
        & (scan_.after_days >= MIN_SEGMENT_DAYS)
        & (scan_.raw_after_days >= 0.5 * scan_.lengths[None, :])
        & np.isfinite(scan_.base_rate)
    )
    conditions = {
        "usable": usable,
        "jump": np.nan_to_num(jump) >= config.min_jump_per_day,
        "units": np.nan_to_num(jump * scan_.after_days) >= config.min_excess_units,
        # A shop already growing before the rise needs a larger one (by the
        # square root of that growth, at most 2x): its own clean history, not
        # an extrapolation, and the baseline stays what it sold.
        "ratio": np.nan_to_num(ratio) >= config.min_ratio * np.clip(np.sqrt(scan_.growth), 1, 2),
        # A step reaches its level at once; an honest trend creeps up to it.
        "step": np.nan_to_num(scan_.first_half)
        >= STEP_SHARE * config.min_ratio * np.maximum(scan_.base_rate, 1.0 / 30.0),
        "z": scan_.z >= config.z_crit,
    }
    every = np.logical_and.reduce(list(conditions.values()))
    return every, conditions


def hot_days(
    m: FloatArray, base: FloatArray, window: int, history: int, factor: float, floor: float
) -> tuple[IntArray, FloatArray, IntArray, FloatArray]:
    """Bursts: days of the last ``window`` far above anything usual for the shop.

    A day is hot when it sells more than ``factor`` x the baseline, ``floor``
    units above it, and the highest day of the ``history`` days before the
    window. One bulk order or two distributor orders are one or two such days;
    brushing in bursts is several. Returns (hot days, units above the baseline
    on them, longest run of consecutive hot days, the limit of a hot day).
    """
    n, h = m.shape
    before = m[:, max(h - window - history, 0) : h - window]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        highest = np.nanmax(np.where(np.isnan(before), -np.inf, before), axis=1)
    highest = np.where(np.isfinite(highest), highest, np.inf)
    limit = np.maximum(np.maximum(factor * base, base + floor), highest)[:, None]
    recent = m[:, h - window :]
    hot = np.nan_to_num(recent, nan=0.0) > np.nan_to_num(limit, nan=np.inf)
    excess = np.where(hot, np.nan_to_num(recent) - base[:, None], 0.0).sum(axis=1)
    run = np.zeros(n, dtype=np.int64)
    longest = np.zeros(n, dtype=np.int64)
    for k in range(hot.shape[1]):
        run = np.where(hot[:, k], run + 1, 0)
        longest = np.maximum(longest, run)
    return (
        hot.sum(axis=1).astype(np.int64),
        np.asarray(excess, dtype=np.float64),
        longest,
        np.asarray(limit[:, 0], dtype=np.float64),
    )
