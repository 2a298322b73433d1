from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from daifa.demo import DemoData
from daifa.demo.sales import HISTORY_DAYS, promotion_day


@pytest.fixture(scope="module")
def daily(demo: DemoData) -> pl.DataFrame:
    return demo.sales.filter(pl.col("period_days") == 1)


@pytest.fixture(scope="module")
def windows(demo: DemoData, daily: pl.DataFrame) -> pl.DataFrame:
    """Units per supplier in 30-day windows counted back from as_of: w0 is the last 30 days."""
    days_back = (pl.lit(demo.as_of) - pl.col("period_start")).dt.total_days() - 1
    per_window = (
        daily.with_columns(window=days_back // 30)
        .group_by("supplier_id", "window")
        .agg(pl.col("units").sum())
        .pivot(on="window", index="supplier_id", values="units")
    )
    return per_window.join(demo.truth.select("supplier_id", "spiked"), on="supplier_id")


def _ratios(windows: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    earlier = windows.select([str(w) for w in range(1, 6)]).to_numpy()
    last = windows["0"].to_numpy()
    return last / np.median(earlier, axis=1), last / earlier.max(axis=1)


def test_daily_history_covers_180_days_before_as_of(demo: DemoData, daily: pl.DataFrame) -> None:
    per_offer = daily.group_by("offer_id").agg(
        pl.len(),
        pl.col("period_start").min().alias("first"),
        pl.col("period_start").max().alias("last"),
    )
    assert (per_offer["len"] == HISTORY_DAYS).all()
    assert (per_offer["first"] == demo.as_of - timedelta(days=HISTORY_DAYS)).all()
    assert (per_offer["last"] == demo.as_of - timedelta(days=1)).all()
    assert 0.9 <= per_offer.height / demo.offers.height < 1.0  # a few offers have no history


def test_the_history_stays_light(demo: DemoData) -> None:
    assert demo.sales.height <= 250_000
    assert set(demo.sales["period_days"]) == {1, 30}


def test_monthly_rows_come_before_the_daily_history_without_overlap(
    demo: DemoData, daily: pl.DataFrame
) -> None:
    monthly = demo.sales.filter(pl.col("period_days") == 30)
    assert monthly.height > 0
    first_daily = demo.as_of - timedelta(days=HISTORY_DAYS)
    ends = monthly["period_start"] + pl.duration(days=30)
    assert (monthly.select(ends).to_series() <= first_daily).all()
    assert set(monthly["offer_id"]) <= set(daily["offer_id"])


def test_units_are_whole_and_not_negative(demo: DemoData) -> None:
    units = demo.sales["units"]
    assert (units >= 0).all() and (units == units.round()).all()


def test_sales_30d_is_the_sum_of_the_last_30_days(demo: DemoData, daily: pl.DataFrame) -> None:
    cutoff = demo.as_of - timedelta(days=30)
    recent = (
        daily.filter(pl.col("period_start") >= cutoff)
        .group_by("offer_id")
        .agg(pl.col("units").sum().cast(pl.Int64).alias("recent"))
    )
    joined = demo.offers.select("offer_id", "sales_30d").join(recent, on="offer_id", how="left")
    assert (joined["sales_30d"].is_null() == joined["recent"].is_null()).all()
    assert (joined.drop_nulls()["sales_30d"] == joined.drop_nulls()["recent"]).all()


def test_planted_spikes_stand_far_above_a_flat_history(windows: pl.DataFrame) -> None:
    by_median, by_max = _ratios(windows)
    spiked = windows["spiked"].to_numpy()
    assert spiked.sum() == 24
    assert (by_median[spiked] >= 3).all()
    assert (by_max[spiked] >= 2.5).all()


def test_honest_histories_show_no_such_jump(windows: pl.DataFrame) -> None:
    by_median, _ = _ratios(windows)
    assert (by_median[~windows["spiked"].to_numpy()] < 2).all()


def test_daily_units_are_overdispersed(daily: pl.DataFrame) -> None:
    stats = daily.group_by("offer_id").agg(
        pl.col("units").mean().alias("mean"), pl.col("units").var().alias("var")
    )
    assert (stats["var"] > stats["mean"]).mean() > 0.9  # type: ignore[operator]


def test_weekdays_sell_more_than_weekends(daily: pl.DataFrame) -> None:
    by_day = daily.group_by(pl.col("period_start").dt.weekday().alias("weekday")).agg(
        pl.col("units").mean()
    )
    weekday = by_day.filter(pl.col("weekday") <= 5)["units"].mean()
    weekend = by_day.filter(pl.col("weekday") >= 6)["units"].mean()
    assert weekday > 1.05 * weekend  # type: ignore[operator]


def test_the_promotion_day_sells_far_more_than_its_neighbours(
    demo: DemoData, daily: pl.DataFrame
) -> None:
    day = promotion_day(demo.as_of)
    assert day == date(2026, 6, 18)  # 618, the festival inside the window
    totals = daily.group_by("period_start").agg(pl.col("units").sum()).sort("period_start")
    around = totals.filter(
        pl.col("period_start").is_between(day - timedelta(7), day + timedelta(7))
    )
    peak = around.filter(pl.col("period_start") == day)["units"].item()
    others = around.filter(pl.col("period_start") != day)["units"]
    assert peak > 1.5 * others.max()  # type: ignore[operator]


def test_some_honest_histories_trend(demo: DemoData, daily: pl.DataFrame) -> None:
    spiked = demo.truth.filter("spiked")["supplier_id"].implode()
    first = demo.as_of - timedelta(days=HISTORY_DAYS)
    halves = (
        daily.filter(~pl.col("supplier_id").is_in(spiked))
        .with_columns(late=pl.col("period_start") >= first + timedelta(days=HISTORY_DAYS // 2))
        .group_by("offer_id")
        .agg(pl.col("units").filter("late").sum() / pl.col("units").filter(~pl.col("late")).sum())
    )
    change = halves["units"]
    assert (change > 1.25).sum() > 20 and (change < 0.8).sum() > 20


@pytest.mark.parametrize(
    ("as_of", "festival"),
    [
        (date(2026, 11, 1), date(2026, 6, 18)),  # 双11 is still ahead; 618 is inside
        (date(2026, 12, 25), date(2026, 11, 11)),
        (date(2026, 12, 5), date(2026, 6, 18)),  # 双11 falls in the last 30 days
        (date(2026, 5, 20), date(2025, 12, 12)),  # the window starts after 双11
        (date(2026, 3, 1), date(2025, 11, 11)),
    ],
)
def test_the_promotion_day_is_the_biggest_festival_outside_the_last_30_days(
    as_of: date, festival: date
) -> None:
    assert promotion_day(as_of) == festival
