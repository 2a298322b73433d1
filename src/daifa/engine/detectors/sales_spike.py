"""``sales_spike``: a shop's sales rose far above what it sold before (刷数据).

The seed guide (1.2): "近30天成交突然暴涨但历史数据平淡" may mean inflated data.

Method (:mod:`daifa.engine.detectors._spike_scan` does the counting):

1. Each supplier's sales (offers summed), and each offer of a supplier with
   several, becomes a daily series ending on the supplier's own last day.
   Weekly rows are spread evenly over their days. A day without a row between
   the first and the last row is a zero (exports omit zero days); a null
   ``units`` is an unknown day. A run of zero days far longer than the shop's
   rate explains is a stock-out (unknown days, not zero sales).
2. *When* sales changed: a two-segment count model (before / after a start
   day, the after segment 2 to 8 weeks up to the last day), the start with
   the strongest quasi-Poisson evidence among those meeting every condition.
   The after level leaves out its two largest days (an honest bulk order or
   two distributor orders are single-day lumps; brushing lasts). The baseline
   is what the shop actually sold just before (the larger of the last 12 weeks
   and the last 2 weeks before the rise), never an extrapolation.
3. Conditions for a rise: ``ratio >= min_ratio``, ``min_jump_per_day`` more a
   day and ``min_excess_units`` more in all, and ``z >= z_crit`` (evidence
   scaled by the history's own day-to-day and week-to-week spread).
4. Peers: when the supplier's product group has at least ``min_peers`` other
   shops with sales over the same dates, the rise is divided by their median
   rise over those dates (a whole category selling more is no brushing);
   ``peers_rose`` when what is left is no rise. Without peers, a rise that is
   only in a big sale (双11, 双12, 618, 年货节, 开学季, Black Friday; see
   :mod:`daifa.engine.detectors._sales_calendar`) is ``warn`` (``promotion``),
   not ``fail``; a rise that persists on the other days still fails.
5. New listings: a first sale more than a week after the file's first day is a
   new listing; its first ``ramp_days`` are ramp-up, and with less than
   ``min_history_days`` after them before a possible rise it is ``unknown``
   (``new_listing``, with its age).
6. Offers: each offer of a supplier with several is judged too; a supplier
   fails when its sales or any offer's do, and the evidence names the offer.
   Offers that are new listings are left out of the supplier's total (their
   ramp-up is not the shop's rise) and judged on their own.

Monthly snapshots (rows of ``period_days >= 28``) cannot show when sales
changed or bursts: the last snapshot is compared with the one before (a
conditional binomial test of two Poisson rates), and the evidence says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.detectors import _spike_text as text
from daifa.engine.detectors._common import (
    FAIL,
    PASS,
    UNKNOWN,
    cast_column,
    check_limits,
    first_bad_row,
    require_columns,
)
from daifa.engine.detectors._sales_calendar import promotion_days
from daifa.engine.detectors._spike_scan import (
    MIN_SEGMENT_DAYS,
    Scan,
    ScanSettings,
    hot_days,
    mark_stockouts,
    meets,
    scan,
    z_against,
)
from daifa.engine.errors import InputError

WARN = "warn"
FloatArray = npt.NDArray[np.float64]

_TABLE = "sales"
_REQUIRED = ("supplier_id", "period_start", "period_days", "units")
# A supplier whose rows are mostly this long is read as monthly snapshots.
_SNAPSHOT_MIN_DAYS = 28
# A first sale this many days after the file's first day is a new listing.
_NEW_AFTER_DAYS = 7
# Series are scanned in chunks of this many (bounded memory on big files).
_CHUNK = 4096
# Days outside a big sale needed to see that a rise goes on without it.
_MIN_OUTSIDE_DAYS = 5
_OUTSIDE_Z = 3.0
# Bursts: at least this many days (two of them in a row) above this many
# times the baseline, HOT_FLOOR units above it, and the shop's highest day before.
_MIN_HOT_DAYS = 3
_HOT_FACTOR = 5.0
_HOT_FLOOR = 10.0
# Peers' median rise from which the whole category counts as having moved.
_CATEGORY_MOVED = 1.5
# Peers' median level on a shop's burst days, against their usual, from which
# the bursts were the category's (a big sale), not the shop's.
_PEERS_HOT = 2.0

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
    "rise_start",
    "excess_units",
    "offer_id",
    "peer_ratio",
    "n_peers",
    "promotion",
    "listing_days",
    "hot_days",
    "detail_zh",
    "detail_en",
    "note_zh",
    "note_en",
)


@dataclass(frozen=True)
class SpikeSettings:
    """Thresholds of the detector (see the module docstring)."""

    window_days: int = 30
    min_rise_days: int = 14
    max_rise_days: int = 49
    history_days: int = 84
    near_days: int = 14
    min_history_days: int = 28
    ramp_days: int = 14
    lump_days: int = 2
    min_ratio: float = 2.5
    min_jump_per_day: float = 1.0
    min_excess_units: float = 40.0
    alpha: float = 1e-4
    min_peers: int = 2

    def check(self) -> None:
        limits: dict[str, tuple[float, float]] = {
            "window_days": (7, 366),
            "min_rise_days": (7, 180),
            "max_rise_days": (self.min_rise_days, 180),
            "history_days": (14, 366),
            "near_days": (7, self.history_days),
            "min_history_days": (7, self.history_days),
            "ramp_days": (0, 90),
            "lump_days": (0, 5),
            "min_ratio": (1.0, 1e6),
            "min_jump_per_day": (0.0, 1e9),
            "min_excess_units": (0.0, 1e12),
            "alpha": (1e-12, 0.5),
            "min_peers": (1, 100),
        }
        check_limits(self, limits)

    def scan(self) -> ScanSettings:
        from scipy import stats  # here: ~0.7 s of import a screening without sales never needs

        return ScanSettings(
            min_rise_days=self.min_rise_days,
            max_rise_days=self.max_rise_days,
            history_days=self.history_days,
            near_days=self.near_days,
            min_history_days=self.min_history_days,
            lump_days=self.lump_days,
            min_ratio=self.min_ratio,
            min_jump_per_day=self.min_jump_per_day,
            min_excess_units=self.min_excess_units,
            z_crit=float(stats.norm.isf(self.alpha)),
        )


def detect_sales_spikes(
    sales: pl.DataFrame,
    *,
    as_of: date | None = None,
    groups: pl.DataFrame | None = None,
    table_start: date | None = None,
    **settings: Any,
) -> pl.DataFrame:
    """Flag suppliers whose sales rose far above what they sold before.

    Parameters
    ----------
    sales : polars.DataFrame
        ``supplier_id``, ``offer_id`` (optional), ``period_start`` (date),
        ``period_days`` (1 daily, 7 weekly, 30 monthly, ...), ``units``
        (null = unknown), ``product_group`` (optional).
    as_of : datetime.date, optional
        Last day judged, for every supplier. Default: each supplier's own last
        day covered by its rows, so that one supplier's newer data never moves
        another supplier's dates. Rows after it are ignored.
    groups : polars.DataFrame, optional
        ``supplier_id`` and ``product_group``: which suppliers are peers (a
        ``product_group`` column of ``sales`` does the same).
    table_start : datetime.date, optional
        First day of the whole sales table when ``sales`` is a part of it (some
        suppliers re-screened): a new listing is a first sale more than a week
        after it, so a part is judged as the whole is. Default: ``sales``' first day.
    **settings
        Any field of :class:`SpikeSettings` (``min_ratio``, ``alpha``, ...).

    Returns
    -------
    polars.DataFrame
        One row per ``supplier_id`` (order of first appearance): ``supplier_id``,
        ``status`` (``pass``, ``warn``, ``fail``, ``unknown``) and ``evidence``
        (struct of :data:`EVIDENCE_FIELDS`). Rates are units per day over the
        rise (``recent_days`` days from ``rise_start``; the last 30 days when
        there is no rise) against the baseline before it. ``detail_zh`` and
        ``detail_en`` say it in a sentence; ``reason`` is ``spike``,
        ``promotion``, ``peers_rose``, ``small_jump``, ``few_units``,
        ``ratio_below_threshold``, ``not_significant``, ``no_recent_data``,
        ``short_history`` or ``new_listing``.

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
    suppliers = frame.select(pl.col("supplier_id").unique(maintain_order=True))
    peers = _peer_groups(sales, groups)
    ends = _last_days(frame) if as_of is None else _same_day(frame, as_of)
    frame = frame.join(ends, on="supplier_id", how="left").filter(
        pl.col("period_start") <= pl.col("_end")
    )
    span = frame.group_by("supplier_id").agg(pl.col("period_days").mean().alias("_span"))
    monthly = set(span.filter(pl.col("_span") >= _SNAPSHOT_MIN_DAYS)["supplier_id"].to_list())
    rows: dict[str, dict[str, Any]] = {}
    if monthly:
        rows.update(_snapshots(frame.filter(pl.col("supplier_id").is_in(monthly)), config))
    daily = frame.filter(~pl.col("supplier_id").is_in(monthly))
    if daily.height:
        rows.update(_daily(daily, ends, peers, config, table_start))
    return _assemble(suppliers, rows, ends)


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
    offer = (
        cast_column(sales, "offer_id", pl.String(), table=_TABLE)
        if "offer_id" in sales.columns
        else pl.Series("offer_id", [None] * sales.height, dtype=pl.String)
    )
    frame = pl.DataFrame(
        {
            "supplier_id": cast_column(sales, "supplier_id", pl.String(), table=_TABLE),
            "offer_id": offer,
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


def _peer_groups(sales: pl.DataFrame, groups: pl.DataFrame | None) -> dict[str, tuple[str, ...]]:
    """Each supplier's product groups, from ``groups`` or ``sales`` (row order
    does not matter: a supplier's peers are every supplier sharing a group)."""
    source = groups if groups is not None else sales
    if source is None or "product_group" not in source.columns:
        return {}
    pairs = (
        source.select(
            pl.col("supplier_id").cast(pl.String), pl.col("product_group").cast(pl.String)
        )
        .drop_nulls()
        .group_by("supplier_id")
        .agg(pl.col("product_group").unique().sort())
    )
    return {
        supplier: tuple(found)
        for supplier, found in zip(
            pairs["supplier_id"].to_list(), pairs["product_group"].to_list(), strict=True
        )
    }


def _last_days(frame: pl.DataFrame) -> pl.DataFrame:
    """Each supplier's own last day covered by its rows (``_end``)."""
    last = pl.col("period_start") + pl.duration(days=pl.col("period_days") - 1)
    return frame.group_by("supplier_id").agg(last.max().alias("_end"))


def _same_day(frame: pl.DataFrame, as_of: date) -> pl.DataFrame:
    return frame.select(pl.col("supplier_id").unique(), pl.lit(as_of, dtype=pl.Date).alias("_end"))


# --------------------------------------------------------------------------- series


@dataclass
class _Series:
    """The daily series (rows of ``m``) and what is known about each."""

    supplier: list[str]
    offer: list[str | None]
    end: list[date]
    m: FloatArray
    start: npt.NDArray[np.int64]  # first usable column
    new: npt.NDArray[np.bool_]
    age: npt.NDArray[np.int64]  # days from the first sale to the end
    sparse: npt.NDArray[np.bool_]  # some days without a row were read as zero


def _days(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per supplier, offer and day; weekly rows spread over their days."""
    single = frame.filter(pl.col("period_days") == 1).drop("period_days")
    longer = (
        frame.filter(pl.col("period_days") > 1)
        .with_columns(
            pl.int_ranges(0, pl.col("period_days")).alias("_i"),
            pl.col("units") / pl.col("period_days"),
        )
        .explode("_i")
        .with_columns(pl.col("period_start") + pl.duration(days=pl.col("_i")))
        .drop("_i", "period_days")
    )
    return pl.concat([single, longer], how="diagonal_relaxed").filter(
        pl.col("period_start") <= pl.col("_end")
    )


def _series(days: pl.DataFrame, horizon: int, file_start: date) -> _Series:
    """Supplier totals (without new offers) and, for suppliers with several
    offers, each offer."""
    by_offer = days.group_by("supplier_id", "offer_id", "_end", "period_start").agg(
        pl.col("units").sum(), pl.col("units").is_null().any().alias("_null")
    )
    first = by_offer.group_by("supplier_id", "offer_id").agg(
        pl.col("period_start").min().alias("_first_row"),
        pl.col("period_start").filter(pl.col("units") > 0).min().alias("_first_sale"),
    )
    new_after = file_start + timedelta(days=_NEW_AFTER_DAYS)
    offers = by_offer.join(first, on=["supplier_id", "offer_id"], how="left", nulls_equal=True)
    n_offers = offers.group_by("supplier_id").agg(pl.col("offer_id").n_unique().alias("_n"))
    offers = offers.join(n_offers, on="supplier_id")
    several = pl.col("_n") >= 2
    established = pl.col("_first_sale").is_null() | (pl.col("_first_sale") <= new_after)
    # Supplier totals leave out offers that are new listings (when it has old ones).
    has_old = established.any().over("supplier_id")
    totals = (
        offers.filter(~several | ~has_old | established)
        .group_by("supplier_id", "_end", "period_start")
        .agg(pl.col("units").sum(), pl.col("_null").any())
        .with_columns(pl.lit(None, dtype=pl.String).alias("offer_id"))
    )
    per_offer = offers.filter(several).select(totals.columns)
    table = pl.concat(
        [totals.select(sorted(totals.columns)), per_offer.select(sorted(totals.columns))]
    )
    return _matrix(table, horizon, new_after)


def _matrix(table: pl.DataFrame, horizon: int, new_after: date) -> _Series:
    keys = (
        table.group_by("supplier_id", "offer_id", maintain_order=True)
        .agg(
            pl.col("_end").first(),
            pl.col("period_start").min().alias("_first_row"),
            pl.col("period_start").max().alias("_last_row"),
            pl.col("period_start").filter(pl.col("units") > 0).min().alias("_first_sale"),
            pl.len().alias("_rows"),
        )
        .with_row_index("_s")
    )
    joined = table.join(
        keys.select("supplier_id", "offer_id", "_s"),
        on=["supplier_id", "offer_id"],
        nulls_equal=True,
    )
    back = (joined["_end"] - joined["period_start"]).dt.total_days().to_numpy()
    keep = back < horizon
    s = joined["_s"].to_numpy()[keep]
    k = horizon - 1 - back[keep]
    n = keys.height
    end = keys["_end"].to_list()
    first_row = keys["_first_row"].to_list()
    first_sale = keys["_first_sale"].to_list()
    new = np.array([fs is not None and fs > new_after for fs in first_sale], dtype=bool)
    starts = [
        fs if is_new else fr for fs, fr, is_new in zip(first_sale, first_row, new, strict=True)
    ]
    back_start = np.array([(e - d).days for e, d in zip(end, starts, strict=True)], dtype=np.int64)
    start = np.maximum(horizon - 1 - back_start, 0)
    back_last = np.array(
        [(e - d).days for e, d in zip(end, keys["_last_row"].to_list(), strict=True)]
    )
    stop = horizon - 1 - back_last  # last column with a row
    columns = np.arange(horizon)[None, :]
    region = (columns >= start[:, None]) & (columns <= stop[:, None])
    m = np.where(region, 0.0, np.nan)
    m[s, k] = joined["units"].to_numpy()[keep]
    unknown = joined["_null"].to_numpy()[keep]
    m[s[unknown], k[unknown]] = np.nan
    m = np.where(region, m, np.nan)
    # Days between rows without one are zeros (sparse exports): say so.
    sparse = region.sum(axis=1) > np.bincount(s, minlength=n)
    age = np.array(
        [(e - (fs or e)).days + 1 for e, fs in zip(end, first_sale, strict=True)], dtype=np.int64
    )
    return _Series(
        supplier=keys["supplier_id"].to_list(),
        offer=keys["offer_id"].to_list(),
        end=end,
        m=mark_stockouts(m),
        start=start,
        new=new,
        age=age,
        sparse=sparse,
    )


# --------------------------------------------------------------------------- daily


def _daily(
    frame: pl.DataFrame,
    ends: pl.DataFrame,
    peers: dict[str, tuple[str, ...]],
    config: SpikeSettings,
    table_start: date | None = None,
) -> dict[str, dict[str, Any]]:
    scan_config = config.scan()
    horizon = scan_config.horizon + config.ramp_days
    # The workspace's first sales day when the caller knows it (a re-screen of a
    # few suppliers sees only their rows); else this table's.
    file_start = frame["period_start"].min() if table_start is None else table_start
    assert isinstance(file_start, date)
    series = _series(_days(frame), horizon, file_start)
    # Ramp-up of a new listing is not its history.
    start = np.where(series.new, series.start + config.ramp_days, series.start)
    results = [
        _judge_chunk(series, start, lo, config, scan_config)
        for lo in range(0, len(series.supplier), _CHUNK)
    ]
    judged = [row for chunk in results for row in chunk]
    context = _Context(series, start, peers, config, scan_config)
    for row in judged:
        if row["status"] == FAIL:
            context.second_look(row)
    return _per_supplier(judged)


def _judge_chunk(
    series: _Series, start: npt.NDArray[np.int64], lo: int, config: SpikeSettings, sc: ScanSettings
) -> list[dict[str, Any]]:
    from scipy import stats  # here: ~0.7 s of import a screening without sales never needs

    hi = min(lo + _CHUNK, len(series.supplier))
    m = series.m[lo:hi]
    found = scan(m, start[lo:hi], sc)
    every, conditions = meets(found, sc)
    # The change is where the evidence of a step is strongest; it is judged
    # there only (choosing among every start the one that meets the ratio would
    # let noise in a short baseline pick a start).
    shaped = conditions["usable"] & conditions["step"]
    risen = shaped & conditions["ratio"]
    best = np.argmax(np.where(conditions["usable"], found.change, -np.inf), axis=1)
    for among in (shaped, risen):
        best = np.where(
            among.any(axis=1), np.argmax(np.where(among, found.change, -np.inf), axis=1), best
        )
    default = (
        int(np.clip(config.window_days, sc.min_rise_days, sc.max_rise_days)) - sc.min_rise_days
    )
    hot, hot_units, run, hot_limit = hot_days(
        m,
        np.nan_to_num(found.base_rate[:, default], nan=np.inf),
        int(found.lengths[default]),
        config.history_days,
        _HOT_FACTOR,
        _HOT_FLOOR,
    )
    bursts = (hot >= _MIN_HOT_DAYS) & (run >= 2) & (hot_units >= config.min_excess_units)
    bursts &= conditions["usable"][:, default]
    p_values = stats.norm.sf(found.z)
    out = []
    for r in range(hi - lo):
        i = lo + r
        hit = bool(every[r, best[r]])
        j = int(best[r]) if hit else default
        row = _row(series, i, found, r, j, p_values)
        row["hot_days"] = int(hot[r])
        row["_hot_limit"] = float(hot_limit[r])
        recent = m[r, -sc.min_rise_days :]
        if np.isnan(recent).sum() > sc.min_rise_days - MIN_SEGMENT_DAYS:
            row.update(status=UNKNOWN, reason="no_recent_data")
        elif hit:
            row.update(status=FAIL, reason="spike")
        elif bursts[r]:
            row.update(status=FAIL, reason="bursts", excess_units=float(hot_units[r]))
        elif (
            series.new[i]
            and series.age[i] < config.ramp_days + config.min_history_days + sc.min_rise_days
        ):
            row.update(status=UNKNOWN, reason="new_listing")
        elif not conditions["usable"][r].any():
            row.update(status=UNKNOWN, reason="short_history")
        else:
            row.update(status=PASS, reason=_pass_reason(conditions, r, j))
        out.append(row)
    return out


def _pass_reason(conditions: dict[str, npt.NDArray[np.bool_]], r: int, j: int) -> str:
    order = (
        ("jump", "small_jump"),
        ("units", "few_units"),
        ("ratio", "ratio_below_threshold"),
        ("step", "gradual_rise"),
        ("z", "not_significant"),
    )
    for key, reason in order:
        if not conditions[key][r, j]:
            return reason
    return "not_significant"


def _row(
    series: _Series, i: int, found: Scan, r: int, j: int, p_values: FloatArray
) -> dict[str, Any]:
    length = int(found.lengths[j])
    end = series.end[i]
    rate = float(found.rate[r, j]) if found.after_days[r, j] > 0 else None
    base = float(found.base_rate[r, j]) if found.base_days[r, j] > 0 else None
    raw_days = float(found.raw_after_days[r, j])
    history = int(found.history_days[r, j])
    row: dict[str, Any] = {
        "_i": i,
        "_j": j,
        "_found": (found, r),
        "supplier_id": series.supplier[i],
        "offer_id": series.offer[i],
        "as_of": end,
        "rise_start": end - timedelta(days=length - 1),
        "recent_days": int(raw_days),
        "recent_rate_per_day": rate,
        "raw_recent_rate_per_day": float(found.raw_after_units[r, j]) / raw_days
        if raw_days
        else None,
        "baseline_rate_per_day": base,
        "history_days": history,
        "history_windows": history // 30,
        "method": "change_point",
        "test": "quasi_poisson",
        "listing_days": int(series.age[i]) if series.new[i] else None,
        "sparse": bool(series.sparse[i]),
    }
    if base is not None and rate is not None:
        z = float(found.z[r, j])
        row.update(
            ratio=rate / max(base, 1.0 / 30.0),
            jump_per_day=rate - base,
            excess_units=(rate - base) * float(found.after_days[r, j]),
            robust_z=z,
            p_value=float(p_values[r, j]),
            dispersion=float(found.dispersion[r, j]),
        )
    return row


class _Context:
    """Second look at a rise: the peers over the same dates, else the calendar."""

    def __init__(
        self,
        series: _Series,
        start: npt.NDArray[np.int64],
        peers: dict[str, tuple[str, ...]],
        config: SpikeSettings,
        sc: ScanSettings,
    ) -> None:
        self.series, self.start, self.config, self.sc = series, start, config, sc
        self.peers = peers
        members: dict[str, list[int]] = {}
        for i, (supplier, offer) in enumerate(zip(series.supplier, series.offer, strict=True)):
            if offer is None:
                for group in peers.get(supplier, ()):
                    members.setdefault(group, []).append(i)
        self.members = members

    def second_look(self, row: dict[str, Any]) -> None:
        i, j = row["_i"], row["_j"]
        found, r = row["_found"]
        length = int(found.lengths[j])
        groups = self.peers.get(row["supplier_id"], ())
        mates = [
            p
            for p in sorted({p for g in groups for p in self.members.get(g, [])})
            if self.series.supplier[p] != row["supplier_id"]
        ]
        ratios = [x for x in (self._peer_ratio(p, i, length) for p in mates) if x is not None]
        if row["reason"] == "bursts" and len(ratios) >= self.config.min_peers:
            # Bursts: were the peers far above their usual on the same days?
            hot = self._hot_mask(row, length)
            on_hot = [x for x in (self._peer_ratio(p, i, length, hot) for p in mates) if x]
            if len(on_hot) >= self.config.min_peers and np.median(on_hot) >= _PEERS_HOT:
                row.update(status=PASS, reason="peers_rose", peer_ratio=float(np.median(on_hot)))
                row.update(n_peers=len(on_hot))
                return
        if len(ratios) >= self.config.min_peers:
            median = float(np.median(ratios))
            # When the category moved, shops move with it by different amounts:
            # a rise within the largest peer's is the category's, not brushing.
            peer = max(ratios) if median >= _CATEGORY_MOVED else median
            self._against_peers(row, found, r, j, peer, len(ratios))
        else:
            self._against_calendar(row, found, r, j, length)

    def _window(self, p: int, i: int, length: int) -> tuple[FloatArray, FloatArray] | None:
        """Peer ``p``'s before and after days on the dates of series ``i``."""
        shift = (self.series.end[p] - self.series.end[i]).days
        h = self.series.m.shape[1]
        tau = h - length
        lo = tau - self.config.history_days
        idx = np.arange(lo, h) - shift
        inside = (idx >= 0) & (idx < h)
        values = np.full(idx.shape, np.nan)
        values[inside] = self.series.m[p, idx[inside]]
        usable = np.arange(lo, h) - shift >= self.start[p]
        values = np.where(usable, values, np.nan)
        return values[: tau - lo], values[tau - lo :]

    def _hot_mask(self, row: dict[str, Any], length: int) -> npt.NDArray[np.bool_]:
        recent = self.series.m[row["_i"], -length:]
        return np.asarray(np.nan_to_num(recent) > row["_hot_limit"])

    def _peer_ratio(
        self, p: int, i: int, length: int, days: npt.NDArray[np.bool_] | None = None
    ) -> float | None:
        window = self._window(p, i, length)
        if window is None:
            return None
        before, after = window
        if days is not None:
            a = float(np.nanmean(after[days])) if np.any(~np.isnan(after[days])) else np.nan
        else:
            a = _trimmed_mean(after, self.config.lump_days)
        b_all = (
            np.nanmean(before)
            if np.sum(~np.isnan(before)) >= self.config.min_history_days
            else np.nan
        )
        near = before[-self.config.near_days :]
        b_near = np.nanmean(near) if np.sum(~np.isnan(near)) >= MIN_SEGMENT_DAYS else np.nan
        b = np.fmax(b_all, b_near)
        if not np.isfinite(a) or not np.isfinite(b) or b <= 0:
            return None
        return float(a / b)

    def _bursts_outside(self, row: dict[str, Any], promo: npt.NDArray[np.bool_]) -> int:
        """Hot days of a burst verdict that fall outside the big sales."""
        recent = self.series.m[row["_i"], -len(promo) :]
        return int(np.sum((np.nan_to_num(recent) > row["_hot_limit"]) & ~promo))

    def _against_peers(
        self, row: dict[str, Any], found: Scan, r: int, j: int, peer: float, n: int
    ) -> None:
        row.update(peer_ratio=peer, n_peers=n)
        if row["reason"] == "bursts":
            # Bursts are judged by their shape; peers only excuse them when
            # the whole category moved over the same days.
            if peer >= _CATEGORY_MOVED:
                row.update(status=PASS, reason="peers_rose")
            return
        rise = max(peer, 1.0)
        base = float(found.base_rate[r, j]) * rise
        rate = float(found.rate[r, j])
        days = float(found.after_days[r, j])
        z = z_against(
            float(found.after_units[r, j]),
            days,
            base,
            float(found.base_days[r, j]),
            float(found.dispersion[r, j]),
        )
        still = (
            rate / max(base, 1.0 / 30.0) >= self.sc.min_ratio
            and rate - base >= self.sc.min_jump_per_day
            and (rate - base) * days >= self.sc.min_excess_units
            and z >= self.sc.z_crit
        )
        if not still:
            row.update(status=PASS, reason="peers_rose")

    def _against_calendar(
        self, row: dict[str, Any], found: Scan, r: int, j: int, length: int
    ) -> None:
        end: date = row["as_of"]
        first = end - timedelta(days=length - 1)
        promo, met = promotion_days(first, end)
        if not promo.any():
            return
        if row["reason"] == "bursts":
            if self._bursts_outside(row, promo) < _MIN_HOT_DAYS:
                row.update(status=WARN, reason="promotion", promotion=",".join(met))
            return
        after = self.series.m[row["_i"], -length:]
        outside = np.where(promo, np.nan, after)
        known = int(np.sum(~np.isnan(outside)))
        base = float(found.base_rate[r, j])
        # A big sale explains a rise only while it lasts: days outside it that
        # are still far above the baseline are no promotion.
        if known >= _MIN_OUTSIDE_DAYS:
            lumps = self.config.lump_days if known >= 2 * MIN_SEGMENT_DAYS else 0
            rate = _trimmed_mean(outside, lumps)
            days = known - lumps
            phi = float(found.dispersion[r, j])
            z = z_against(rate * days, days, base, float(found.base_days[r, j]), phi)
            # Outside a sale, an honest shop is back at its baseline: half
            # the rise and some evidence are enough to rule the sale out.
            if (
                rate / max(base, 1.0 / 30.0) >= (1.0 + self.sc.min_ratio) / 2.0
                and rate - base >= self.sc.min_jump_per_day
                and z >= _OUTSIDE_Z
            ):
                return
        row.update(status=WARN, reason="promotion", promotion=",".join(met))


def _trimmed_mean(values: FloatArray, lumps: int) -> float:
    known = np.sort(values[~np.isnan(values)])
    if known.size <= lumps:
        return float("nan")
    return float(known[: known.size - lumps].mean()) if lumps else float(known.mean())


_SEVERITY = {FAIL: 3, WARN: 2, PASS: 1, UNKNOWN: 0}


def _per_supplier(judged: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The supplier's verdict: its total's, unless an offer's is worse (then that
    offer's, naming it). A failing total names its most brushed failing offer."""
    out: dict[str, dict[str, Any]] = {}
    offers: dict[str, list[dict[str, Any]]] = {}
    for row in judged:
        if row["offer_id"] is None:
            out[row["supplier_id"]] = row
        else:
            offers.setdefault(row["supplier_id"], []).append(row)
    for supplier, rows in offers.items():
        worst = max(rows, key=lambda x: (_SEVERITY[x["status"]], x.get("robust_z") or 0.0))
        total = out.get(supplier)
        raised = worst["status"] in (FAIL, WARN)
        if total is None or (raised and _SEVERITY[worst["status"]] > _SEVERITY[total["status"]]):
            out[supplier] = worst
        elif total["status"] == FAIL and worst["status"] == FAIL:
            total["offer_id"] = worst["offer_id"]
    return out


# --------------------------------------------------------------------------- snapshots


def _snapshots(frame: pl.DataFrame, config: SpikeSettings) -> dict[str, dict[str, Any]]:
    """Monthly totals: the last snapshot against the one before."""
    from scipy import stats  # here: ~0.7 s of import a screening without sales never needs

    periods = (
        frame.filter(pl.col("units").is_not_null())
        .group_by("supplier_id", "_end", "period_start", "period_days")
        .agg(pl.col("units").sum())
        .sort("supplier_id", "period_start")
    )
    out: dict[str, dict[str, Any]] = {}
    for (supplier,), group in periods.group_by("supplier_id", maintain_order=True):
        supplier_id = str(supplier)
        end: date = group["_end"][0]
        last_start = group["period_start"][-1]
        last_days = int(group["period_days"][-1])
        row: dict[str, Any] = {
            "supplier_id": supplier_id,
            "offer_id": None,
            "as_of": end,
            "method": "snapshots",
            "test": "poisson_rate_ratio",
            "history_days": 0,
            "history_windows": 0,
            "rise_start": last_start,
        }
        if (end - last_start).days >= 2 * last_days:
            row.update(status=UNKNOWN, reason="no_recent_data")
            out[supplier_id] = row
            continue
        x0, t0 = float(group["units"][-1]), float(last_days)
        row.update(
            recent_days=last_days,
            recent_rate_per_day=x0 / t0,
            raw_recent_rate_per_day=x0 / t0,
        )
        if group.height < 2:
            row.update(status=UNKNOWN, reason="short_history")
            out[supplier_id] = row
            continue
        x1, t1 = float(group["units"][-2]), float(group["period_days"][-2])
        base, rate = x1 / t1, x0 / t0
        p = float(stats.binom.sf(round(x0) - 1, round(x0) + round(x1), t0 / (t0 + t1)))
        ratio = rate / max(base, 1.0 / 30.0)
        jump = rate - base
        row.update(
            baseline_rate_per_day=base,
            ratio=ratio,
            jump_per_day=jump,
            excess_units=jump * t0,
            p_value=p,
            history_days=int(t1),
            history_windows=1,
        )
        reasons = (
            (jump < config.min_jump_per_day, "small_jump"),
            (ratio < config.min_ratio, "ratio_below_threshold"),
            (p >= config.alpha, "not_significant"),
        )
        reason = next((why for bad, why in reasons if bad), "spike")
        row.update(status=FAIL if reason == "spike" else PASS, reason=reason)
        out[supplier_id] = row
    return out


# --------------------------------------------------------------------------- output


def _assemble(
    suppliers: pl.DataFrame, rows: dict[str, dict[str, Any]], ends: pl.DataFrame
) -> pl.DataFrame:
    end_of = dict(zip(ends["supplier_id"].to_list(), ends["_end"].to_list(), strict=True))
    statuses, evidence = [], []
    for supplier in suppliers["supplier_id"].to_list():
        row = rows.get(supplier) or {
            "status": UNKNOWN,
            "reason": "no_recent_data",
            "as_of": end_of.get(supplier),
            "history_days": 0,
            "history_windows": 0,
        }
        detail = text.describe(row)
        statuses.append(row["status"])
        evidence.append({name: row.get(name) for name in EVIDENCE_FIELDS} | detail)
    schema = {
        **{name: pl.Float64 for name in _FLOATS},
        **{name: pl.String for name in _STRINGS},
        "history_days": pl.Int64,
        "history_windows": pl.Int64,
        "recent_days": pl.Int64,
        "hot_days": pl.Int64,
        "n_peers": pl.Int64,
        "listing_days": pl.Int64,
        "as_of": pl.Date,
        "rise_start": pl.Date,
    }
    struct = pl.Struct({name: schema[name] for name in EVIDENCE_FIELDS})
    for item in evidence:
        item["history_days"] = item.get("history_days") or 0
        item["history_windows"] = item.get("history_windows") or 0
    return pl.DataFrame(
        {
            "supplier_id": suppliers["supplier_id"],
            "status": pl.Series("status", statuses, dtype=pl.String),
            "evidence": pl.Series("evidence", evidence, dtype=struct),
        }
    )


_FLOATS = (
    "baseline_rate_per_day",
    "recent_rate_per_day",
    "ratio",
    "jump_per_day",
    "p_value",
    "robust_z",
    "dispersion",
    "raw_recent_rate_per_day",
    "excess_units",
    "peer_ratio",
)
_STRINGS = (
    "method",
    "test",
    "reason",
    "offer_id",
    "promotion",
    "detail_zh",
    "detail_en",
    "note_zh",
    "note_en",
)
