from __future__ import annotations

import re

import numpy as np
import polars as pl
import pytest

from daifa.demo import DemoData
from daifa.demo.suppliers import category_counts
from daifa.engine.schema import COLUMNS

SUPPLIER_COLUMNS = [c.name for c in COLUMNS if c.level == "supplier"]
SELLER_CHECKS = ("test_order_ship_hours", "test_order_paid_at")
ORIGINS = {"义乌", "深圳", "广州", "东莞", "杭州", "汕头", "泉州"}


@pytest.fixture(scope="module")
def shops(demo: DemoData) -> pl.DataFrame:
    frame = demo.offers.select(SUPPLIER_COLUMNS).unique("supplier_id", maintain_order=True)
    return frame.join(demo.truth, on="supplier_id")


def test_supplier_columns_are_the_same_on_every_offer_of_a_supplier(demo: DemoData) -> None:
    distinct = demo.offers.select(SUPPLIER_COLUMNS).unique()
    assert distinct.height == demo.offers["supplier_id"].n_unique()


def test_ids_look_like_1688_member_ids_and_are_unique(shops: pl.DataFrame) -> None:
    assert shops["supplier_id"].str.contains(r"^b2b-22\d{8}$").all()
    assert shops["supplier_id"].is_unique().all()
    urls = shops["shop_url"].drop_nulls()
    assert urls.str.contains(r"^https://shop\d{13}\.1688\.com$").all()


def test_names_are_chinese_companies_from_their_city(shops: pl.DataFrame) -> None:
    assert shops["supplier_name"].is_unique().all()
    pattern = re.compile(r"^[\u4e00-\u9fff]+市[\u4e00-\u9fff]+(有限公司|厂|商行|经营部)$")
    assert all(pattern.match(name) for name in shops["supplier_name"])
    both = shops.drop_nulls("origin")
    assert all(
        n.startswith(o + "市") for n, o in zip(both["supplier_name"], both["origin"], strict=True)
    )


def test_origins_span_the_usual_sourcing_cities(shops: pl.DataFrame) -> None:
    assert ORIGINS <= set(shops["origin"].drop_nulls())


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("repeat_rate_pct", 5, 60),
        ("response_minutes", 1, 120),
        ("dispute_rate_pct", 0, 5),
        ("years_in_business", 0, 15),
        ("trustpass_years", 0, 15),
        ("answer_precision", 1, 5),
        ("old_customer_ratio_pct", 0, 100),
        ("late_compensation_pct", 0, 100),
        ("wrong_item_compensation_pct", 0, 100),
        ("unsold_return_loss_pct", 0, 100),
        ("test_order_ship_hours", 0, 120),
        ("pickup_sla_hours", 0, 72),
    ],
)
def test_values_are_within_their_plausible_range(
    shops: pl.DataFrame, name: str, low: float, high: float
) -> None:
    values = shops[name].drop_nulls()
    assert values.len() > 0
    assert values.is_between(low, high).all(), (name, values.min(), values.max())


def test_trustpass_years_never_exceed_years_in_business(shops: pl.DataFrame) -> None:
    both = shops.drop_nulls(["trustpass_years", "years_in_business"])
    assert (both["trustpass_years"] <= both["years_in_business"]).all()


def test_transit_minimum_is_below_the_maximum(shops: pl.DataFrame) -> None:
    both = shops.drop_nulls(["transit_days_min", "transit_days_max"])
    assert (both["transit_days_min"] < both["transit_days_max"]).all()


def test_test_order_timestamps_agree_with_the_hours(shops: pl.DataFrame) -> None:
    both = shops.drop_nulls(["test_order_ship_hours", "test_order_paid_at"])
    assert both.height > 0
    hours = (both["test_order_shipped_at"] - both["test_order_paid_at"]).dt.total_seconds() / 3600
    assert np.allclose(hours.to_numpy(), both["test_order_ship_hours"].to_numpy(), atol=0.01)


@pytest.mark.parametrize("name", SELLER_CHECKS)
def test_seller_checks_are_unknown_for_most_suppliers(shops: pl.DataFrame, name: str) -> None:
    share_known = shops[name].is_not_null().mean()
    assert 0.05 <= share_known <= 0.25  # type: ignore[operator]


def test_about_a_fifth_of_suppliers_have_been_checked_by_the_seller(shops: pl.DataFrame) -> None:
    checked = (
        shops["test_order_ship_hours"].is_not_null() | shops["test_order_paid_at"].is_not_null()
    )
    assert 0.15 <= checked.mean() <= 0.25  # type: ignore[operator]
    assert (checked == shops["checked"]).all()


def test_shop_page_columns_are_mostly_known_but_not_always(shops: pl.DataFrame) -> None:
    for name in ("repeat_rate_pct", "response_minutes", "dispute_rate_pct", "dropship_supported"):
        unknown = shops[name].is_null().mean()
        assert 0 < unknown < 0.3, name  # type: ignore[operator]


def test_every_gate_has_suppliers_that_pass_fail_and_are_unknown(shops: pl.DataFrame) -> None:
    assert set(shops["dropship_supported"].value_counts()["dropship_supported"].to_list()) == {
        True,
        False,
        None,
    }
    hours = shops["test_order_ship_hours"]
    assert (hours <= 48).any() and (hours > 48).any() and hours.is_null().any()


def test_good_suppliers_look_good_on_most_things(shops: pl.DataFrame) -> None:
    top = shops.filter(pl.col("quality") > 0.5)
    bottom = shops.filter(pl.col("quality") < -0.5)
    assert top["repeat_rate_pct"].mean() > bottom["repeat_rate_pct"].mean()  # type: ignore[operator]
    assert top["response_minutes"].median() < bottom["response_minutes"].median()  # type: ignore[operator]
    assert top["dispute_rate_pct"].median() < bottom["dispute_rate_pct"].median()  # type: ignore[operator]
    assert top["years_in_business"].mean() > bottom["years_in_business"].mean()  # type: ignore[operator]


def test_planted_shares_are_about_what_the_brief_asks(shops: pl.DataFrame) -> None:
    assert shops["spiked"].sum() == 24  # 8 % of 300
    assert shops["templated_reviews"].sum() == 15  # 5 % of 300


def test_category_counts_add_up_and_do_not_depend_on_the_seed() -> None:
    for n in (9, 30, 300, 1001):
        counts = category_counts(n)
        assert counts.sum() == n and (counts >= 1).all()
