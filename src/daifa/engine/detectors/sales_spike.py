"""``sales_spike``: the last 30 days jump far above a flat history (刷数据).

The seed guide (1.2): "近30天成交突然暴涨但历史数据平淡" may mean inflated data.
The detector compares *windows*, never single days.

Method (all suppliers at once, in Polars):

1. Offers are summed per supplier. Each sales row is placed in a 30-day window
   counted back from ``as_of`` (by default the supplier's own last day, never
   another supplier's) by the middle of the period it covers: window 0
   is the recent 30 days, windows 1..``history_windows`` the history. Days with
   no row are unknown, not zero: a window's rate is units / days covered, and a
   window covering fewer than ``min_coverage_days`` days is not used.
2. One promotion day (双11 at 20x) must not decide anything: in a window with
   at least 4 periods, the largest period is dropped and the rest rescaled
   (total = (sum - max) * n / (n - 1)), in every window alike.
3. Baseline (trend-aware, conservative): the larger of the median history
   window and the nearest history window grown by the median window-to-window
   growth (when the history grows). An honest shop growing 1 %/day (x1.35 per
   window) is thereby compared with where its trend was heading, not with its
   older, smaller months.
4. Four conditions must all hold to raise the flag (``fail``):

   * ``ratio = recent / baseline >= min_ratio`` (default 3): a jump, not noise;
   * ``recent - baseline >= min_jump_per_day`` (default 1 unit a day): a small
     shop going from 2 to 9 units a month is not flagged;
   * a one-sided test rejects "recent is just the baseline rate" at ``alpha``.
     With daily or weekly rows: a negative-binomial test whose dispersion is
     estimated from the within-window spread of the history (so honest
     overdispersed or weekly-seasonal sales widen it). With only 30-day totals
     (snapshots): the conditional binomial test of two Poisson rates between
     the last and the previous snapshot;
   * the robust z-score of the recent window's log1p total against the
     baseline, ``z = (log1p(recent) - log1p(baseline)) / scale``, is
     ``>= min_robust_z``. ``scale`` is the MAD of successive differences of the
     history's log1p window totals (differences ignore a steady trend), scaled
     by 1.4826/sqrt(2); when that MAD is 0 it falls back to 1.2533 x the mean
     absolute deviation, and it is never below the Poisson noise of the
     baseline, 1/sqrt(1 + baseline).

``unknown`` when the recent window or every history window is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.detectors._common import (
    FAIL,
    PASS,
    UNKNOWN,
    cast_column,
    check_limits,
    first_bad_row,
    require_columns,
)
from daifa.engine.errors import InputError

FloatArray = npt.NDArray[np.float64]

_TABLE = "sales"
_REQUIRED = ("supplier_id", "period_start", "period_days", "units")
# A supplier whose rows are mostly this long is read as monthly snapshots.
_SNAPSHOT_MIN_DAYS = 28
# Dropping a window's largest period needs this many periods to be fair.
_CAP_MIN_PERIODS = 4
_MAD_TO_SD = 1.4826
_MEAN_AD_TO_SD = 1.2533

EVIDENCE_FIELDS: tuple[str, ...] = (
    "baseline_rate_per_day",
    "recent_rate_per_day",
    "ratio",
    "jump_per_day",
    "method",
    "test",
    "p_value",
    "robust_z",
    "history_days",
    "recent_days",
    "history_windows",
    "dispersion",
    "raw_recent_rate_per_day",
    "reason",
    "as_of",
)


@dataclass(frozen=True)
class SpikeSettings:
    """Thresholds of the detector (see the module docstring)."""

    window_days: int = 30
    history_windows: int = 5
    min_ratio: float = 2.5
    min_jump_per_day: float = 1.0
    alpha: float = 0.001
    min_robust_z: float = 3.0
    min_coverage_days: int = 15

    def check(self) -> None:
        limits: dict[str, tuple[float, float]] = {
            "window_days": (7, 366),
            "history_windows": (1, 60),
            "min_ratio": (1.0, 1e6),
            "min_jump_per_day": (0.0, 1e9),
            "alpha": (1e-12, 0.5),
            "min_robust_z": (0.0, 1e3),
            "min_coverage_days": (1, self.window_days),
        }
        check_limits(self, limits)


def detect_sales_spikes(
    sales: pl.DataFrame, *, as_of: date | None = None, **settings: Any
) -> pl.DataFrame:
    """Flag suppliers whose last 30 days jump far above their history.

    Parameters
    ----------
    sales : polars.DataFrame
        ``supplier_id``, ``offer_id`` (optional), ``period_start`` (date),
        ``period_days`` (1 daily, 7 weekly, 30 monthly, ...), ``units``.
        Offers of one supplier are summed; a null ``units`` is unknown.
    as_of : datetime.date, optional
        Last day of the recent window, for every supplier. Default: each
        supplier's own last day covered by its rows, so that one supplier's
        newer data never moves another supplier's window. Rows whose period
        lies after it are ignored.
    **settings
        Any field of :class:`SpikeSettings` (``min_ratio``, ``alpha``, ...).

    Returns
    -------
    polars.DataFrame
        One row per ``supplier_id`` (order of first appearance): ``supplier_id``,
        ``status`` and ``evidence`` (struct of :data:`EVIDENCE_FIELDS`). Rates
        are units per day; ``baseline_rate_per_day`` and ``recent_rate_per_day``
        are after dropping each window's largest period, ``raw_recent_rate_per_day``
        before. ``reason`` is ``spike``, ``small_jump``, ``ratio_below_threshold``,
        ``not_significant``, ``robust_z_below_threshold``, ``no_recent_data`` or
        ``short_history``.

    Examples
    --------
    >>> from datetime import date, timedelta
    >>> days = [date(2024, 1, 1) + timedelta(days=i) for i in range(120)]
    >>> units = [10.0] * 90 + [60.0] * 30
    >>> frame = pl.DataFrame({"supplier_id": ["s1"] * 120, "offer_id": [None] * 120,
    ...                       "period_start": days, "period_days": [1] * 120,
    ...                       "units": units})
    >>> out = detect_sales_spikes(frame)
    >>> out["status"].to_list(), out["evidence"].struct.field("ratio").to_list()
    (['fail'], [6.0])
    """
    config = _settings(settings)
    frame = _validated(sales)
    ends = _last_days(frame) if as_of is None else _same_day(frame, as_of)
    suppliers = frame.select(pl.col("supplier_id").unique(maintain_order=True))
    if frame.height == 0:
        return _assemble(suppliers, pl.DataFrame(schema={"supplier_id": pl.String}), config, ends)
    windows = _windows(_periods(frame, ends, config), config)
    stats_frame = _supplier_stats(windows, config)
    return _assemble(suppliers, _judge(stats_frame, config), config, ends)


def _settings(settings: dict[str, Any]) -> SpikeSettings:
    unknown = sorted(set(settings) - set(SpikeSettings.__dataclass_fields__))
    if unknown:
        raise InputError(
            f"detect_sales_spikes: unknown option(s) {unknown}",
            f"detect_sales_spikes:未知选项 {unknown}",
            field=unknown[0],
            allowed=", ".join(SpikeSettings.__dataclass_fields__),
        )
    config = SpikeSettings(**settings)
    config.check()
    return config


# --------------------------------------------------------------------------- input


def _validated(sales: pl.DataFrame) -> pl.DataFrame:
    require_columns(sales, _REQUIRED, table=_TABLE)
    frame = pl.DataFrame(
        {
            "supplier_id": cast_column(sales, "supplier_id", pl.String(), table=_TABLE),
            "period_start": cast_column(sales, "period_start", pl.Date(), table=_TABLE),
            "period_days": cast_column(sales, "period_days", pl.Int64(), table=_TABLE),
            "units": cast_column(sales, "units", pl.Float64(), table=_TABLE),
        }
    )
    checks = (
        ("supplier_id", frame["supplier_id"].is_null(), "a supplier id", "供应商ID"),
        ("period_start", frame["period_start"].is_null(), "a date", "日期"),
        ("period_days", ~(frame["period_days"] >= 1), "a whole number of days >= 1", ">= 1 的天数"),
        ("units", ~frame["units"].is_finite() | (frame["units"] < 0), "a number >= 0", ">= 0 的数"),
    )
    for name, mask, allowed, allowed_zh in checks:
        row = first_bad_row(mask if name != "period_days" else mask.fill_null(True))
        if row is not None:
            value = frame[name][row]
            raise InputError(
                f"{_TABLE} row {row}, {name}: value {value!r} is not allowed; it must be {allowed}",
                f"{_TABLE} 第 {row} 行 {name}:值 {value!r} 不允许;必须为{allowed_zh}",
                field=name,
                value=value,
                row=row,
                allowed=allowed,
            )
    return frame


def _last_days(frame: pl.DataFrame) -> pl.DataFrame:
    """Each supplier's own last day covered by its rows (``_end``)."""
    last = pl.col("period_start") + pl.duration(days=pl.col("period_days") - 1)
    return frame.group_by("supplier_id").agg(last.max().alias("_end"))


def _same_day(frame: pl.DataFrame, as_of: date) -> pl.DataFrame:
    return frame.select(pl.col("supplier_id").unique(), pl.lit(as_of, dtype=pl.Date).alias("_end"))


# --------------------------------------------------------------------------- windows


def _periods(frame: pl.DataFrame, ends: pl.DataFrame, config: SpikeSettings) -> pl.LazyFrame:
    """Supplier-level periods (offers summed) with their window number, counted
    back from the supplier's own ``_end``."""
    days_back = (pl.col("_end") - pl.col("period_start")).dt.total_days()
    age = days_back - (pl.col("period_days") - 1) / 2
    return (
        frame.lazy()
        .join(ends.lazy(), on="supplier_id", how="left")
        .filter(pl.col("units").is_not_null())
        .group_by("supplier_id", "_end", "period_start", "period_days")
        .agg(pl.col("units").sum())
        .with_columns(age.alias("_age"))
        .filter(pl.col("_age") >= 0)
        .with_columns((pl.col("_age") // config.window_days).cast(pl.Int64).alias("window"))
        .filter(pl.col("window") <= config.history_windows)
    )


def _windows(periods: pl.LazyFrame, config: SpikeSettings) -> pl.LazyFrame:
    """Per supplier and window: raw and trimmed 30-day totals, coverage, spread.

    Only plain sums, a max and a count are aggregated (fast on 18M rows); the
    trimmed total and the within-window squared deviations follow from them.
    """
    units, days, n = pl.col("units"), pl.col("period_days"), pl.col("n_periods")
    # Drop the largest period and rescale by n / (n - 1): one promotion day
    # cannot make a window, and every window is treated the same way.
    trimmed = (pl.col("raw") - pl.col("top")) * n / (n - 1)
    per_day = config.window_days / pl.col("days")
    return (
        periods.group_by("supplier_id", "window")
        .agg(
            units.sum().alias("raw"),
            units.max().alias("top"),
            pl.len().alias("n_periods"),
            (units * units / days).sum().alias("_sum_sq"),
            days.sum().alias("_days"),
        )
        .with_columns(
            pl.when(n >= _CAP_MIN_PERIODS).then(trimmed).otherwise(pl.col("raw")).alias("capped"),
            pl.col("_days").clip(upper_bound=config.window_days).alias("days"),
            (pl.col("_days") / n).alias("span"),
            # sum((u - m d)^2 / d) with m = sum(u) / sum(d): the day-to-day noise
            # around the window's own rate, without the trend between windows.
            (pl.col("_sum_sq") - pl.col("raw") ** 2 / pl.col("_days")).alias("sq"),
        )
        .with_columns(
            (pl.col("raw") * per_day).alias("raw_total"),
            (pl.col("capped") * per_day).alias("total"),
            (pl.col("days") >= config.min_coverage_days).alias("valid"),
        )
    )


def _supplier_stats(windows: pl.LazyFrame, config: SpikeSettings) -> pl.DataFrame:
    recent = windows.filter((pl.col("window") == 0) & pl.col("valid")).select(
        "supplier_id",
        pl.col("total").alias("recent_total"),
        pl.col("raw_total").alias("raw_recent_total"),
        pl.col("raw").alias("recent_raw"),
        pl.col("capped").alias("recent_capped"),
        pl.col("days").alias("recent_days"),
    )
    history = _history(windows.filter((pl.col("window") >= 1) & pl.col("valid")))
    span = windows.group_by("supplier_id").agg(pl.col("span").mean().alias("span"))
    return (
        recent.join(history, on="supplier_id", how="full", coalesce=True)
        .join(span, on="supplier_id", how="left")
        .collect()
    )


def _history(base: pl.LazyFrame) -> pl.LazyFrame:
    """Per supplier: baseline candidates, robust scale, dispersion."""
    log_total = pl.col("total").log1p()
    step = (log_total - log_total.shift(-1)).over("supplier_id", order_by="window")
    next_window = pl.col("window").shift(-1).over("supplier_id", order_by="window")
    dy = pl.col("dy")
    return (
        base.with_columns(pl.when(next_window == pl.col("window") + 1).then(step).alias("dy"))
        .sort("supplier_id", "window")
        .group_by("supplier_id")
        .agg(
            pl.len().alias("history_windows"),
            pl.col("days").sum().alias("history_days"),
            pl.col("total").median().alias("median_total"),
            pl.col("total").first().alias("nearest_total"),
            pl.col("raw").first().alias("nearest_raw"),
            pl.col("days").first().alias("nearest_days"),
            dy.median().alias("growth_log"),
            (dy - dy.median()).abs().median().alias("dy_mad"),
            (dy - dy.mean()).abs().mean().alias("dy_mean_ad"),
            (pl.col("raw").sum() / pl.col("days").sum()).alias("mean_rate"),
            (pl.col("sq").sum() / (pl.col("n_periods") - 1).sum()).alias("sq_per_dof"),
        )
    )


# --------------------------------------------------------------------------- verdict


def _col(frame: pl.DataFrame, name: str) -> FloatArray:
    return frame.get_column(name).cast(pl.Float64).fill_null(np.nan).to_numpy()


def _baseline_total(frame: pl.DataFrame) -> FloatArray:
    growth = np.exp(np.maximum(np.nan_to_num(_col(frame, "growth_log"), nan=0.0), 0.0))
    trend = (_col(frame, "nearest_total") + 1.0) * growth - 1.0
    return np.fmax(_col(frame, "median_total"), trend)


def _robust_scale(frame: pl.DataFrame, baseline: FloatArray) -> FloatArray:
    mad = _col(frame, "dy_mad") * _MAD_TO_SD
    fallback = _col(frame, "dy_mean_ad") * _MEAN_AD_TO_SD
    scale = np.where(mad > 0, mad, fallback) / np.sqrt(2.0)
    poisson = 1.0 / np.sqrt(1.0 + baseline)
    return np.asarray(np.fmax(np.nan_to_num(scale, nan=0.0), poisson), dtype=np.float64)


def _dispersion(frame: pl.DataFrame) -> FloatArray:
    """Negative-binomial size per day (inf = Poisson) from the history's spread."""
    mean = _col(frame, "mean_rate")
    excess = _col(frame, "sq_per_dof") - mean
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.where(excess > 0, mean**2 / excess, np.inf)
    return np.where(np.isnan(size), np.inf, size)


def _p_values(
    frame: pl.DataFrame, baseline_rate: FloatArray, size_per_day: FloatArray
) -> FloatArray:
    from scipy import stats  # here: ~0.7 s of import that a screening without sales never needs

    snapshots = _col(frame, "span") >= _SNAPSHOT_MIN_DAYS
    x0 = np.round(_col(frame, "recent_capped"))
    t0 = _col(frame, "recent_days")
    mu = np.maximum(baseline_rate * t0, 1e-9)
    size = size_per_day * t0
    finite = np.isfinite(size) & (size > 0)
    safe_size = np.where(finite, size, 1.0)
    nb = stats.nbinom.sf(x0 - 1, safe_size, safe_size / (safe_size + mu))
    window_p = np.where(finite, nb, stats.poisson.sf(x0 - 1, mu))
    # Snapshots: given x0 + x1 units, x0 ~ Binomial(x0 + x1, t0 / (t0 + t1)) if the
    # two periods share one Poisson rate.
    x0_raw = np.round(_col(frame, "recent_raw"))
    x1, t1 = np.round(_col(frame, "nearest_raw")), _col(frame, "nearest_days")
    rate_p = stats.binom.sf(x0_raw - 1, x0_raw + x1, t0 / (t0 + t1))
    return np.asarray(np.where(snapshots, rate_p, window_p), dtype=np.float64)


def _judge(frame: pl.DataFrame, config: SpikeSettings) -> pl.DataFrame:
    """Evidence columns and status for every supplier with any usable window."""
    window = float(config.window_days)
    baseline = _baseline_total(frame)
    recent = _col(frame, "recent_total")
    size = _dispersion(frame)
    baseline_rate, recent_rate = baseline / window, recent / window
    ratio = recent / np.maximum(baseline, 1.0)
    jump = recent_rate - baseline_rate
    z = (np.log1p(recent) - np.log1p(baseline)) / _robust_scale(frame, baseline)
    p = _p_values(frame, baseline_rate, size)
    snapshots = _col(frame, "span") >= _SNAPSHOT_MIN_DAYS
    test = np.where(
        snapshots, "poisson_rate_ratio", np.where(np.isfinite(size), "negative_binomial", "poisson")
    )
    reason = _reasons(config, recent, baseline, ratio, jump, p, z)
    status = np.where(reason == "spike", FAIL, np.where(_is_unknown(reason), UNKNOWN, PASS))
    known = ~_is_unknown(reason)
    return frame.select("supplier_id", "history_days", "history_windows").with_columns(
        pl.Series("status", status),
        _float("baseline_rate_per_day", baseline_rate, known | ~np.isnan(baseline)),
        _float("recent_rate_per_day", recent_rate, ~np.isnan(recent)),
        _float("ratio", ratio, known),
        _float("jump_per_day", jump, known),
        pl.Series("method", np.where(snapshots, "snapshots", "windows")),
        pl.Series("test", test).set(pl.Series(~known), None),
        _float("p_value", p, known),
        _float("robust_z", z, known),
        pl.Series("recent_days", frame["recent_days"]),
        _float("dispersion", np.where(snapshots, np.nan, size), known & np.isfinite(size)),
        _float(
            "raw_recent_rate_per_day", _col(frame, "raw_recent_total") / window, ~np.isnan(recent)
        ),
        pl.Series("reason", reason),
    )


def _is_unknown(reason: npt.NDArray[np.str_]) -> npt.NDArray[np.bool_]:
    return np.isin(reason, ["no_recent_data", "short_history"])


def _float(name: str, values: FloatArray, keep: npt.NDArray[np.bool_]) -> pl.Series:
    return pl.Series(name, np.where(keep, values, np.nan)).fill_nan(None)


def _reasons(
    config: SpikeSettings,
    recent: FloatArray,
    baseline: FloatArray,
    ratio: FloatArray,
    jump: FloatArray,
    p: FloatArray,
    z: FloatArray,
) -> npt.NDArray[np.str_]:
    """The first unmet condition, in reading order; ``spike`` when all are met."""
    conditions = [
        (np.isnan(recent), "no_recent_data"),
        (np.isnan(baseline), "short_history"),
        (jump < config.min_jump_per_day, "small_jump"),
        (ratio < config.min_ratio, "ratio_below_threshold"),
        (p >= config.alpha, "not_significant"),
        (z < config.min_robust_z, "robust_z_below_threshold"),
    ]
    return np.asarray(
        np.select([c for c, _ in conditions], [r for _, r in conditions], default="spike"),
        dtype=np.str_,
    )


def _assemble(
    suppliers: pl.DataFrame, judged: pl.DataFrame, config: SpikeSettings, ends: pl.DataFrame
) -> pl.DataFrame:
    out = suppliers.join(judged, on="supplier_id", how="left", maintain_order="left").join(
        ends, on="supplier_id", how="left", maintain_order="left"
    )
    missing = {
        "status": pl.String,
        "reason": pl.String,
        "method": pl.String,
        "test": pl.String,
        "history_days": pl.Int64,
        "history_windows": pl.UInt32,
        "recent_days": pl.Int64,
        **{
            name: pl.Float64
            for name in EVIDENCE_FIELDS
            if name.endswith(("_per_day", "ratio", "p_value", "robust_z", "dispersion"))
        },
    }
    out = out.with_columns(
        pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in missing.items()
        if name not in out.columns
    )
    no_data = "no_recent_data"
    return out.select(
        "supplier_id",
        pl.col("status").fill_null(UNKNOWN),
        pl.struct(
            *[pl.col(n) for n in EVIDENCE_FIELDS if n not in ("reason", "as_of")],
            pl.col("reason").fill_null(no_data),
            pl.col("_end").alias("as_of"),
        ).alias("evidence"),
    ).with_columns(
        pl.col("evidence").struct.with_fields(
            pl.field("history_days").fill_null(0), pl.field("history_windows").fill_null(0)
        )
    )
