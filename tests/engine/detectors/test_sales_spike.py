from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from daifa.engine.detectors import detect_sales_spikes
from daifa.engine.detectors.sales_spike import EVIDENCE_FIELDS
from daifa.engine.errors import InputError

START = date(2024, 1, 1)


# ----------------------------------------------------------------------- simulated shops


def simulate(
    rng: np.random.Generator,
    n: int,
    days: int = 180,
    *,
    mean: tuple[float, float] = (3.0, 100.0),
    size: tuple[float, float] = (0.5, 5.0),
    weekly: float = 0.4,
    growth: float = 0.0,
    promo: bool = False,
    spike: float = 1.0,
    small: bool = False,
) -> np.ndarray:
    """Daily units (n shops x days): negative-binomial noise, weekly cycle, trend."""
    if small:
        mu = rng.uniform(0.0, 2.0, n)[:, None]
    else:
        mu = np.exp(rng.uniform(np.log(mean[0]), np.log(mean[1]), n))[:, None]
    t = np.arange(days)[None, :]
    phase = rng.integers(0, 7, n)[:, None]
    season = 1 + rng.uniform(0, weekly, n)[:, None] * np.sin(2 * np.pi * (t + phase) / 7)
    lam = mu * season * np.exp(growth * (t - days + 30))
    lam[:, -30:] *= spike
    if promo:  # one 双11-style day at 20x inside the recent window
        lam[np.arange(n), rng.integers(days - 30, days, n)] *= 20
    k = rng.uniform(*size, n)[:, None]
    return rng.negative_binomial(k, k / (k + lam))


def daily_frame(units: np.ndarray) -> pl.DataFrame:
    n, days = units.shape
    dates = [START + timedelta(days=i) for i in range(days)]
    return pl.DataFrame(
        {
            "supplier_id": np.repeat([f"s{i}" for i in range(n)], days),
            "offer_id": [None] * (n * days),
            "period_start": dates * n,
            "period_days": np.ones(n * days, dtype=np.int64),
            "units": units.ravel().astype(float),
        },
        schema_overrides={"offer_id": pl.String},
    )


def monthly_frame(units: np.ndarray) -> pl.DataFrame:
    n, days = units.shape
    totals = units.reshape(n, days // 30, 30).sum(axis=2)
    k = totals.shape[1]
    return pl.DataFrame(
        {
            "supplier_id": np.repeat([f"s{i}" for i in range(n)], k),
            "offer_id": [None] * (n * k),
            "period_start": [START + timedelta(days=30 * i) for i in range(k)] * n,
            "period_days": np.full(n * k, 30),
            "units": totals.ravel().astype(float),
        },
        schema_overrides={"offer_id": pl.String},
    )


def flagged_share(frame: pl.DataFrame) -> float:
    out = detect_sales_spikes(frame)
    return float((out["status"] == "fail").mean())


HONEST = {
    "flat, overdispersed, weekly": {},
    "very overdispersed": {"size": (0.2, 1.0)},
    "growing 1 %/day": {"growth": 0.01},
    "growing 2 %/day": {"growth": 0.02},
    "declining 1 %/day": {"growth": -0.01},
    "one promotion day at 20x": {"promo": True},
    "small shop, 0-2 a day": {"small": True},
    "small shop, very overdispersed": {"small": True, "size": (0.2, 1.0)},
}


# Doubling every five weeks for half a year is itself close to a rise: the
# change-point model never extrapolates that growth, so it is held to the
# issue's 5 % per honest scenario rather than 2 %.
LIMIT = {"growing 2 %/day": 0.05}


@pytest.mark.parametrize("scenario", list(HONEST))
def test_honest_daily_sales_are_almost_never_flagged(scenario):
    rng = np.random.default_rng(len(scenario))
    share = flagged_share(daily_frame(simulate(rng, 400, **HONEST[scenario])))
    assert share <= LIMIT.get(scenario, 0.02)


@pytest.mark.parametrize(
    ("scenario", "options"),
    [
        ("x5 on a flat history", {"spike": 5.0}),
        ("x5 on top of a 1 %/day trend", {"spike": 5.0, "growth": 0.01}),
        ("x10 on a flat history", {"spike": 10.0}),
    ],
)
def test_planted_spikes_are_detected(scenario, options):
    rng = np.random.default_rng(len(scenario))
    assert flagged_share(daily_frame(simulate(rng, 400, **options))) >= 0.95


def test_monthly_snapshots_use_a_rate_test_and_keep_the_error_rates():
    rng = np.random.default_rng(42)
    honest = detect_sales_spikes(monthly_frame(simulate(rng, 400)))
    spiked = detect_sales_spikes(monthly_frame(simulate(rng, 400, spike=5.0)))
    evidence = honest["evidence"].struct.unnest()
    assert set(evidence["method"]) == {"snapshots"}
    assert set(evidence["test"]) == {"poisson_rate_ratio"}
    assert (honest["status"] == "fail").mean() <= 0.02
    assert (spiked["status"] == "fail").mean() >= 0.95


# ----------------------------------------------------------------------- hand cases


def series_frame(supplier: str, units: list[float], *, offer: str | None = None) -> pl.DataFrame:
    n = len(units)
    return pl.DataFrame(
        {
            "supplier_id": [supplier] * n,
            "offer_id": [offer] * n,
            "period_start": [START + timedelta(days=i) for i in range(n)],
            "period_days": [1] * n,
            "units": units,
        },
        schema_overrides={"offer_id": pl.String},
    )


def evidence_of(out: pl.DataFrame, supplier: str) -> dict:
    row = out.filter(pl.col("supplier_id") == supplier).row(0, named=True)
    return {"status": row["status"], **row["evidence"]}


def test_a_flat_history_then_six_times_more_is_flagged_with_its_numbers():
    out = detect_sales_spikes(series_frame("s", [10.0] * 90 + [60.0] * 30))
    ev = evidence_of(out, "s")
    assert ev["status"] == "fail" and ev["reason"] == "spike"
    assert ev["baseline_rate_per_day"] == 10.0 and ev["recent_rate_per_day"] == 60.0
    assert ev["ratio"] == 6.0 and ev["jump_per_day"] == 50.0
    assert ev["history_days"] == 90 and ev["recent_days"] == 30 and ev["history_windows"] == 3
    assert ev["method"] == "change_point" and ev["p_value"] < 1e-12 and ev["robust_z"] > 3
    assert ev["rise_start"] == START + timedelta(days=90)
    assert ev["as_of"] == START + timedelta(days=119)
    assert set(EVIDENCE_FIELDS) == set(ev) - {"status"}


def test_a_single_promotion_day_does_not_flag():
    units = [10.0] * 150 + [10.0] * 29 + [400.0]  # one day at 40x
    ev = evidence_of(detect_sales_spikes(series_frame("s", units)), "s")
    assert ev["status"] == "pass"
    assert ev["recent_rate_per_day"] == 10.0  # the lone day is dropped
    assert ev["raw_recent_rate_per_day"] == pytest.approx((29 * 10 + 400) / 30)


def test_a_small_shop_needs_a_minimum_absolute_jump():
    # 0.1 a day -> 0.5 a day is x5 but only 0.4 more units a day.
    units = ([0.0] * 9 + [1.0]) * 9 + ([0.0, 1.0] * 15)
    ev = evidence_of(detect_sales_spikes(series_frame("s", units)), "s")
    assert ev["status"] == "pass" and ev["reason"] == "small_jump"
    lowered = detect_sales_spikes(series_frame("s", units), min_jump_per_day=0.1)
    assert evidence_of(lowered, "s")["reason"] != "small_jump"


def test_offers_of_one_supplier_are_summed():
    a = series_frame("s", [5.0] * 90 + [30.0] * 30, offer="a")
    b = series_frame("s", [5.0] * 120, offer="b")
    ev = evidence_of(detect_sales_spikes(pl.concat([a, b])), "s")
    assert ev["baseline_rate_per_day"] == 10.0 and ev["recent_rate_per_day"] == 35.0


def test_weekly_rows_are_read_as_periods():
    starts = [START + timedelta(days=7 * i) for i in range(20)]
    units = [70.0] * 16 + [490.0] * 4  # 10 a day, then 70 a day for the last 4 weeks
    frame = pl.DataFrame(
        {
            "supplier_id": ["w"] * 20,
            "offer_id": [None] * 20,
            "period_start": starts,
            "period_days": [7] * 20,
            "units": units,
        },
        schema_overrides={"offer_id": pl.String},
    )
    ev = evidence_of(detect_sales_spikes(frame), "w")
    assert ev["status"] == "fail" and ev["method"] == "change_point"


def test_two_snapshots_compare_the_last_with_the_previous():
    frame = pl.DataFrame(
        {
            "supplier_id": ["m", "m"],
            "offer_id": [None, None],
            "period_start": [START, START + timedelta(days=30)],
            "period_days": [30, 30],
            "units": [300.0, 1500.0],
        },
        schema_overrides={"offer_id": pl.String},
    )
    ev = evidence_of(detect_sales_spikes(frame), "m")
    assert ev["status"] == "fail" and ev["test"] == "poisson_rate_ratio"
    assert ev["ratio"] == 5.0 and ev["history_days"] == 30


def test_missing_history_or_recent_data_is_unknown_not_a_failure():
    short = series_frame("short", [50.0] * 20)
    old = series_frame("old", [5.0] * 60)
    frame = pl.concat([short, old, series_frame("now", [5.0] * 200)])
    # Measured at the workspace's last day, the two stale series have no recent data.
    out = detect_sales_spikes(frame, as_of=START + timedelta(days=199))
    assert evidence_of(out, "short")["status"] == "unknown"
    assert evidence_of(out, "short")["reason"] == "no_recent_data"
    assert evidence_of(out, "old")["reason"] == "no_recent_data"
    # By default each is judged on its own last day: 20 days are a recent window
    # without any history.
    own = detect_sales_spikes(frame)
    assert evidence_of(own, "short")["status"] == "unknown"
    assert evidence_of(own, "short")["reason"] == "short_history"
    only_recent = detect_sales_spikes(series_frame("new", [9.0] * 25))
    ev = evidence_of(only_recent, "new")
    assert ev["status"] == "unknown" and ev["reason"] == "short_history"
    assert ev["recent_rate_per_day"] == 9.0 and ev["history_days"] == 0


def test_each_supplier_is_judged_on_its_own_last_day():
    """Another supplier's newer rows never move a supplier's recent window (issue 10.2)."""
    spiking = series_frame("spike", [10.0] * 90 + [60.0] * 30)
    alone = evidence_of(detect_sales_spikes(spiking), "spike")
    later = series_frame("later", [10.0] * 200)
    together = detect_sales_spikes(pl.concat([spiking, later]))
    assert alone["status"] == "fail"
    assert evidence_of(together, "spike") == alone
    assert evidence_of(together, "spike")["as_of"] == START + timedelta(days=119)
    assert evidence_of(together, "later")["as_of"] == START + timedelta(days=199)


def test_as_of_moves_the_recent_window_back():
    units = [10.0] * 90 + [60.0] * 30
    ev = evidence_of(
        detect_sales_spikes(series_frame("s", units), as_of=START + timedelta(89)), "s"
    )
    assert ev["status"] == "pass" and ev["recent_rate_per_day"] == 10.0


def test_null_units_are_unknown_days_not_zero():
    units: list[float | None] = [10.0] * 120
    units[100:110] = [None] * 10
    ev = evidence_of(detect_sales_spikes(series_frame("s", units)), "s")
    assert ev["recent_days"] == 20 and ev["recent_rate_per_day"] == 10.0


def test_output_has_one_row_per_supplier_in_first_seen_order():
    frame = pl.concat([series_frame(s, [1.0] * 40) for s in ["b", "a", "c"]])
    out = detect_sales_spikes(frame)
    assert out["supplier_id"].to_list() == ["b", "a", "c"]
    assert out.columns == ["supplier_id", "status", "evidence"]


def test_an_empty_table_gives_an_empty_result():
    empty = series_frame("x", []).clear()
    out = detect_sales_spikes(empty)
    assert out.height == 0 and out.columns == ["supplier_id", "status", "evidence"]


# ----------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("units", -3.0, "row 2, units"),
        ("units", float("inf"), "row 2, units"),
        ("period_days", 0, "row 2, period_days"),
        ("supplier_id", None, "row 2, supplier_id"),
    ],
)
def test_it_names_the_row_field_and_value_of_bad_input(column, value, fragment):
    frame = series_frame("s", [1.0] * 5)
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 2)
        .then(pl.lit(value, dtype=frame.schema[column]))
        .otherwise(pl.col(column))
        .alias(column)
    )
    with pytest.raises(InputError) as caught:
        detect_sales_spikes(frame)
    assert fragment in caught.value.message_en and caught.value.row == 2
    assert "第 2 行" in caught.value.message_zh


def test_it_rejects_unreadable_dates_missing_columns_and_unknown_options():
    frame = series_frame("s", [1.0] * 3).with_columns(
        pl.Series("period_start", ["2024-01-01", "yesterday", "2024-01-03"])
    )
    with pytest.raises(InputError, match="row 1, period_start"):
        detect_sales_spikes(frame)
    with pytest.raises(InputError, match="'units' is missing"):
        detect_sales_spikes(series_frame("s", [1.0]).drop("units"))
    with pytest.raises(InputError, match="unknown option"):
        detect_sales_spikes(series_frame("s", [1.0]), min_ration=2)
    with pytest.raises(InputError, match="min_ratio"):
        detect_sales_spikes(series_frame("s", [1.0]), min_ratio=0.5)


# ----------------------------------------------------------------------- issue 13.1


def test_the_rise_is_found_where_it_began_not_in_a_fixed_window():
    """Brushing that began six weeks before the end: the old trend-aware baseline
    extrapolated the brushed month; the change point is its first day."""
    units = [100.0] * 130 + [400.0] * 42
    ev = evidence_of(detect_sales_spikes(series_frame("s", units)), "s")
    assert ev["status"] == "fail" and ev["rise_start"] == START + timedelta(days=130)
    assert ev["baseline_rate_per_day"] == 100.0 and ev["ratio"] == 4.0
    assert "近 42 天日均 400 件，此前日均 100 件（4 倍），5 月 10 日起上升" in ev["detail_zh"]
    assert "rising from May 10" in ev["detail_en"]
    assert not re.search(r"\b[a-z_]+=[-\d.]+", ev["detail_zh"] + ev["detail_en"])


def test_a_sparse_export_reads_missing_days_as_zero_and_says_so():
    rng = np.random.default_rng(5)
    units = rng.poisson(0.8, 150).astype(float)
    units[-30:] += rng.poisson(4.0, 30)
    dense = series_frame("s", list(units))
    sparse = dense.filter(pl.col("units") > 0)
    a, b = (evidence_of(detect_sales_spikes(f), "s") for f in (dense, sparse))
    assert a["status"] == b["status"] == "fail"
    assert a["recent_rate_per_day"] == b["recent_rate_per_day"]
    assert b["note_zh"] == "导出中没有记录的日期按 0 件计" and "zero sales" in b["note_en"]


def test_one_bulk_order_and_two_distributor_orders_are_honest_bursts_are_not():
    base = [10.0] * 150
    bulk = base[:-10] + [310.0] + base[-9:]
    orders = base[:-20] + [210.0] + base[-19:-5] + [260.0] + base[-4:]
    bursts = base[:-25] + [300.0] * 3 + base[-22:-8] + [250.0] * 3 + base[-5:]
    frame = pl.concat(
        [series_frame("bulk", bulk), series_frame("orders", orders), series_frame("bursts", bursts)]
    )
    out = detect_sales_spikes(frame)
    assert evidence_of(out, "bulk")["status"] == "pass"
    assert evidence_of(out, "orders")["status"] == "pass"
    burst = evidence_of(out, "bursts")
    assert burst["status"] == "fail" and burst["reason"] in ("spike", "bursts")
    assert burst["hot_days"] == 6


def test_a_whole_group_rising_together_is_not_brushing_but_one_shop_alone_is():
    shops = {f"p{i}": [10.0 + i] * 120 + [50.0 + 5 * i] * 30 for i in range(4)}
    shops["brushed"] = [10.0] * 120 + [60.0] * 30
    flat = {f"q{i}": [10.0 + i] * 150 for i in range(3)}
    frame = pl.concat([series_frame(s, u) for s, u in {**shops, **flat}.items()])
    groups = pl.DataFrame(
        {
            "supplier_id": [*shops, "brushed2", *flat],
            "product_group": ["cat"] * 5 + ["dog"] * 4,
        }
    )
    frame = pl.concat([frame, series_frame("brushed2", [10.0] * 120 + [60.0] * 30)])
    out = detect_sales_spikes(frame, groups=groups)
    assert {evidence_of(out, s)["reason"] for s in shops} == {"peers_rose"}
    alone = evidence_of(out, "brushed2")
    assert alone["status"] == "fail" and alone["n_peers"] == 3
    assert "同组其他 3 家店铺同期持平" in alone["detail_zh"]


def test_without_peers_a_rise_inside_a_big_sale_is_a_promotion_warning():
    # Export ends on 11-11; the rise is the 双11 stock-up from 1 November.
    start = date(2025, 11, 11) - timedelta(days=149)
    units = [10.0] * 139 + [60.0] * 11
    frame = series_frame("s", units).with_columns(
        pl.Series("period_start", [start + timedelta(days=i) for i in range(150)])
    )
    ev = evidence_of(detect_sales_spikes(frame), "s")
    assert ev["status"] == "warn" and ev["reason"] == "promotion" and ev["promotion"] == "1111"
    assert "双11" in ev["detail_zh"] and "Singles' Day" in ev["detail_en"]
    # The same rise that goes on for weeks after the sale is not the sale.
    longer = [10.0] * 139 + [60.0] * 30
    frame = series_frame("s", longer).with_columns(
        pl.Series("period_start", [start + timedelta(days=i) for i in range(169)])
    )
    assert evidence_of(detect_sales_spikes(frame), "s")["status"] == "fail"


def test_a_new_listing_is_unknown_with_its_age():
    old = series_frame("old", [5.0] * 150)
    new = series_frame("new", [0.0] * 104 + [3.0] * 16 + [30.0] * 30).filter(pl.col("units") > 0)
    ev = evidence_of(detect_sales_spikes(pl.concat([old, new])), "new")
    assert ev["status"] == "unknown" and ev["reason"] == "new_listing"
    assert ev["listing_days"] == 46 and "上架仅 46 天" in ev["detail_zh"]


def test_a_part_of_the_table_judges_a_new_listing_against_the_whole_tables_first_day():
    """Re-screening some suppliers passes their part of the sales table and the whole
    table's first day: the verdict is the one the whole table gives."""
    old = series_frame("old", [5.0] * 150)
    new = series_frame("new", [0.0] * 104 + [3.0] * 16 + [30.0] * 30).filter(pl.col("units") > 0)
    whole = evidence_of(detect_sales_spikes(pl.concat([old, new])), "new")
    alone = evidence_of(detect_sales_spikes(new), "new")
    assert alone["reason"] != "new_listing"  # its own first day: not new at all
    first = old["period_start"].min()
    part = evidence_of(detect_sales_spikes(new, table_start=first), "new")
    assert part == whole and part["reason"] == "new_listing"


def test_a_brushed_offer_under_a_fifth_of_the_shop_is_caught_and_named():
    big = [series_frame("s", [40.0] * 150, offer=f"o{i}") for i in range(4)]
    small = series_frame("s", [8.0] * 120 + [40.0] * 30, offer="hit")
    ev = evidence_of(detect_sales_spikes(pl.concat([*big, small])), "s")
    assert ev["status"] == "fail" and ev["offer_id"] == "hit"
    assert ev["detail_zh"].startswith("商品 hit：") and ev["detail_en"].startswith("offer hit:")


@pytest.mark.parametrize(
    ("year", "day"),
    [(2024, date(2024, 2, 10)), (2025, date(2025, 1, 29)), (2026, date(2026, 2, 17))],
)
def test_spring_festival_is_known_for_each_year(year, day):
    from daifa.engine.detectors._sales_calendar import spring_festival

    assert spring_festival(year) == day
    # Past the table, the mean lunation lands within a day of the published date.
    assert abs((spring_festival(2040) - date(2040, 2, 12)).days) <= 1
