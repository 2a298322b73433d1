"""KPIs from the seller's own orders, judged on conservative bounds.

One row per supplier. Rates carry their sample size, the Wilson interval and
the empirical-Bayes (beta-binomial) estimate, so "0 returns of 3 orders" is
reported as 0 % of 3 with an upper bound near 56 %, not as a perfect 0 %.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import polars as pl

from daifa.engine.criteria import Criterion
from daifa.engine.errors import InputError
from daifa.engine.kernels import STATUS, judged_on_bounds, mean_bounds
from daifa.engine.profile import Profile
from daifa.engine.rates import beta_binomial_shrink, clopper_pearson_interval

# The orders' columns live in the schema beside the sales and reviews; importable
# from here too, under the same names, for the modules that did so.
from daifa.engine.schema import ORDER_COLUMNS, ORDER_STATUSES

_STATUS_CODES = ("pass", "warn", "fail")
# (kpi id, successes column, trials column) of the rate KPIs.
RATE_KPIS: tuple[tuple[str, str, str], ...] = (
    ("kpi_return_rate", "returns", "orders"),
    ("kpi_on_time_ship_rate", "on_time", "timed"),
    ("kpi_oversell_rate", "no_stock", "orders"),
    ("kpi_dispute_rate", "disputes", "orders"),
)


def kpi_frame(
    orders: pl.DataFrame, profile: Profile, as_of: datetime | None = None
) -> pl.DataFrame:
    """Per supplier: for each KPI its status, credit and evidence columns.

    ``as_of`` is "now" for orders not picked up yet: one whose promised pickup time
    has passed counts as late (it is due, and it is not in time). Without it, the
    latest time in the orders stands in.
    """
    frame = _checked(orders)
    if as_of is None:
        latest = frame.select(pl.max_horizontal(pl.col("ordered_at", "picked_up_at").max()))
        as_of = latest.item()
    counts = _counts(frame, _default_pickup_hours(profile), as_of)
    columns: dict[str, Any] = {"supplier_id": counts["supplier_id"]}
    for cid, k_col, n_col in RATE_KPIS:
        columns.update(
            _rate_kpi(profile.criterion(cid), counts[k_col].to_numpy(), counts[n_col].to_numpy())
        )
    columns.update(_after_sales(profile.criterion("kpi_after_sales_days"), counts))
    return pl.DataFrame(columns)


def _default_pickup_hours(profile: Profile) -> float:
    # An order without its own promise is held to the profile's pickup threshold.
    return float(profile.criterion("pickup_sla_hours").rule.good or 24.0)


def _checked(orders: pl.DataFrame) -> pl.DataFrame:
    if "supplier_id" not in orders.columns:
        raise InputError(
            "the orders table has no supplier_id column",
            "订单表缺少 supplier_id（供应商ID）列",
            field="supplier_id",
            allowed="a column named supplier_id",
        )
    casts = [
        (pl.col(name).cast(dtype) if name in orders.columns else pl.lit(None, dtype=dtype)).alias(
            name
        )
        for name, dtype in ORDER_COLUMNS.items()
    ]
    frame = orders.select(casts)
    bad_status = frame["status"].is_not_null() & ~frame["status"].is_in(ORDER_STATUSES)
    _raise_first(frame, bad_status, "status", ", ".join(ORDER_STATUSES))
    _raise_first(
        frame, (frame["after_sales_days"] < 0).fill_null(False), "after_sales_days", "a number ≥ 0"
    )
    early = (frame["picked_up_at"] < frame["ordered_at"]).fill_null(False)
    _raise_first(frame, early, "picked_up_at", "not before ordered_at")
    return frame


def _raise_first(frame: pl.DataFrame, mask: pl.Series, field: str, allowed: str) -> None:
    hits = mask.arg_true()
    if hits.len():
        row = int(hits[0]) + 1
        value = frame[field][row - 1]
        raise InputError(
            f"orders row {row}, field {field}: value {value!r} is not allowed; allowed: {allowed}",
            f"订单表第 {row} 行，字段 {field}：值 {value!r} 不允许；可用：{allowed}",
            field=field,
            value=value,
            row=row,
            allowed=allowed,
        )


def _counts(frame: pl.DataFrame, default_hours: float, as_of: datetime | None) -> pl.DataFrame:
    status = pl.col("status")
    hours = (pl.col("picked_up_at") - pl.col("ordered_at")).dt.total_seconds(
        fractional=True
    ) / 3600.0
    promised = pl.col("promised_pickup_hours").fill_null(default_hours)
    now = pl.lit(as_of, dtype=pl.Datetime("us"))
    waited = (now - pl.col("ordered_at")).dt.total_seconds(fractional=True) / 3600.0
    overdue = pl.col("picked_up_at").is_null() & (waited > promised).fill_null(False)
    return (
        frame.group_by("supplier_id", maintain_order=True)
        .agg(
            pl.len().alias("orders"),
            (pl.col("returned").fill_null(False) | (status == "returned").fill_null(False))
            .sum()
            .alias("returns"),
            (status == "cancelled_no_stock").fill_null(False).sum().alias("no_stock"),
            (pl.col("disputed").fill_null(False) | (status == "disputed").fill_null(False))
            .sum()
            .alias("disputes"),
            (hours.is_not_null() | overdue).sum().alias("timed"),
            (hours <= promised).fill_null(False).sum().alias("on_time"),
            pl.col("after_sales_days").count().alias("cases"),
            pl.col("after_sales_days").mean().alias("days_mean"),
            pl.col("after_sales_days").std().alias("days_sd"),
        )
        .with_columns(pl.exclude("supplier_id", "days_mean", "days_sd").cast(pl.Float64))
    )


def _rate_kpi(c: Criterion, k: np.ndarray[Any, Any], n: np.ndarray[Any, Any]) -> dict[str, Any]:
    low, high = clopper_pearson_interval(k, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(n > 0, k / np.where(n > 0, n, 1.0), np.nan)
    shrunk = beta_binomial_shrink(k, n)
    status, credit = judged_on_bounds(low * 100.0, high * 100.0, c.rule, rate * 100.0)
    return _columns(
        c.id, status, credit, n > 0, rate * 100.0, low * 100.0, high * 100.0, n, k, shrunk * 100.0
    )


def _after_sales(c: Criterion, counts: pl.DataFrame) -> dict[str, Any]:
    n = counts["cases"].to_numpy()
    mean = counts["days_mean"].fill_null(np.nan).to_numpy()
    sd = counts["days_sd"].fill_null(0.0).to_numpy()
    low, high = mean_bounds(mean, sd, n)
    status, credit = judged_on_bounds(low, high, c.rule, mean)
    return _columns(c.id, status, credit, n > 0, mean, low, high, n, None, None)


def _columns(
    cid: str,
    status: np.ndarray[Any, Any],
    credit: np.ndarray[Any, Any],
    known: np.ndarray[Any, Any],
    value: np.ndarray[Any, Any],
    low: np.ndarray[Any, Any],
    high: np.ndarray[Any, Any],
    n: np.ndarray[Any, Any],
    k: np.ndarray[Any, Any] | None,
    shrunk: np.ndarray[Any, Any] | None,
) -> dict[str, Any]:
    labels = np.array(_STATUS_CODES, dtype=object)[status]
    labels = np.where(known, labels, "unknown")
    out: dict[str, Any] = {
        f"{cid}__status": pl.Series(labels.tolist(), dtype=STATUS),
        f"{cid}__credit": pl.Series(np.where(known, credit, np.nan), dtype=pl.Float64).fill_nan(
            None
        ),
        f"{cid}__value": pl.Series(value, dtype=pl.Float64).fill_nan(None),
        f"{cid}__low": pl.Series(
            np.where(np.isfinite(low), low, np.nan), dtype=pl.Float64
        ).fill_nan(None),
        f"{cid}__high": pl.Series(
            np.where(np.isfinite(high), high, np.nan), dtype=pl.Float64
        ).fill_nan(None),
        f"{cid}__n": pl.Series(n, dtype=pl.Float64).cast(pl.Int64),
    }
    if k is not None and shrunk is not None:
        out[f"{cid}__k"] = pl.Series(k, dtype=pl.Float64).cast(pl.Int64)
        out[f"{cid}__shrunk"] = pl.Series(shrunk, dtype=pl.Float64)
    return out
