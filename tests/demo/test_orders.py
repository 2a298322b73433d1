from __future__ import annotations

from datetime import datetime, time

import polars as pl
import pytest

from daifa.demo import DemoData
from daifa.demo.orders import STATUSES


@pytest.fixture(scope="module")
def orders(demo: DemoData) -> pl.DataFrame:
    return demo.orders


def test_orders_go_to_about_40_approved_suppliers(demo: DemoData, orders: pl.DataFrame) -> None:
    approved = demo.truth.filter("approved")
    assert approved.height == 40
    assert set(orders["supplier_id"]) == set(approved["supplier_id"])


def test_approved_suppliers_fake_nothing_and_are_better_than_average(demo: DemoData) -> None:
    approved = demo.truth.filter("approved")
    assert not approved["spiked"].any() and not approved["templated_reviews"].any()
    assert approved["quality"].mean() > demo.truth["quality"].mean() + 0.5  # type: ignore[operator]


def test_each_order_is_for_an_offer_of_its_supplier(demo: DemoData, orders: pl.DataFrame) -> None:
    owners = demo.offers.select("offer_id", pl.col("supplier_id").alias("owner"))
    joined = orders.join(owners, on="offer_id", how="left")
    assert (joined["supplier_id"] == joined["owner"]).all()
    assert (
        orders["order_id"].str.contains(r"^\d{19}$").all() and orders["order_id"].is_unique().all()
    )


def test_timestamps_follow_the_order_of_events(demo: DemoData, orders: pl.DataFrame) -> None:
    sent = orders.drop_nulls("shipped_at")
    assert (orders["ordered_at"] <= orders["paid_at"]).all()
    assert (sent["paid_at"] <= sent["shipped_at"]).all()
    assert (sent["shipped_at"] <= sent["picked_up_at"]).all()
    assert (orders["picked_up_at"].drop_nulls() < datetime.combine(demo.as_of, time())).all()


def test_cancelled_orders_never_shipped(orders: pl.DataFrame) -> None:
    cancelled = orders["status"] == "cancelled_no_stock"
    assert cancelled.any()
    assert (orders["shipped_at"].is_null() == cancelled).all()
    assert (orders["picked_up_at"].is_null() == cancelled).all()


def test_flags_agree_with_the_status(orders: pl.DataFrame) -> None:
    assert set(orders["status"]) == set(STATUSES)
    assert (orders["disputed"] == (orders["status"] == "disputed")).all()
    returned = orders.filter("returned")["status"]
    assert set(returned) <= {"returned", "disputed"}
    assert orders.filter(pl.col("status") == "returned")["returned"].all()


def test_after_sales_days_exist_only_for_cases(orders: pl.DataFrame) -> None:
    cases = orders.filter(pl.col("status").is_in(["returned", "disputed"]))
    assert cases["after_sales_days"].is_not_null().all()
    assert (
        orders.filter(pl.col("status") == "cancelled_no_stock")["after_sales_days"].is_null().all()
    )
    assert (orders["after_sales_days"].drop_nulls() > 0).all()
    assert orders["after_sales_days"].is_null().mean() > 0.8  # type: ignore[operator]


def test_rates_are_realistic_for_good_suppliers(orders: pl.DataFrame) -> None:
    share = orders["status"].value_counts(normalize=True)
    rate = dict(zip(share["status"], share["proportion"], strict=True))
    assert 0.01 < rate["returned"] < 0.08
    assert 0.003 < rate["cancelled_no_stock"] < 0.04
    assert rate["disputed"] < 0.02
    late = orders.drop_nulls("picked_up_at").select(
        ((pl.col("picked_up_at") - pl.col("paid_at")).dt.total_seconds() / 3600)
        > pl.col("promised_pickup_hours")
    )
    assert 0.02 < late.to_series().mean() < 0.4  # type: ignore[operator]


def test_some_suppliers_have_only_a_handful_of_orders(orders: pl.DataFrame) -> None:
    per_supplier = orders.group_by("supplier_id").len()["len"]
    assert (per_supplier <= 5).any() and (per_supplier >= 50).any()


def test_deteriorating_suppliers_are_approved_ones(demo: DemoData) -> None:
    worse = demo.truth.filter("deteriorating")
    assert worse.height > 0 and worse["approved"].all()
