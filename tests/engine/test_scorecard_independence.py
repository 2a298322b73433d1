"""Adding one supplier never changes another supplier's verdict (issue 10.2).

Random workspaces (offers, daily sales ending on different days, reviews), then
the same workspace plus one new supplier in a product group of its own whose
sales run later than everyone's. The workspace-wide inputs of the engine are the
peer groups, which the new supplier joins none of, and the sales table's first day
(a new listing is one whose first sale comes well after it), which the workbench
passes from the whole workspace (``sales_start``) and the test holds fixed: the new
supplier's sales may begin before everyone else's. So every other offer row must
keep its statuses, points, score, grade and verdict exactly.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from tests.engine.test_scorecard_properties import random_suppliers

from daifa.engine import screen

LAST_DAY = date(2026, 11, 30)
REVIEW_TEXTS = [
    "物流快，质量好，五星好评",
    "很好，下次还来",
    "好评",
    "包装破了，箱子拉链第三天就坏了",
    "颜色和图片不一样，尺寸偏小2厘米",
    "充电一次能用6个小时，声音比想象的大",
    "客服回复慢，发货等了5天",
]


def _offers(seed: int, suppliers: int, offers: int) -> pl.DataFrame:
    frame = random_suppliers(seed, offers)
    owner = [f"s{i % suppliers}" for i in range(offers)]
    return frame.with_columns(
        pl.Series("supplier_id", owner),
        pl.Series("offer_id", [f"o{i}" for i in range(offers)]),
    )


def _sales(rng: np.random.Generator, supplier: str, end: date) -> pl.DataFrame:
    days = int(rng.integers(20, 200))
    base = float(rng.uniform(0.5, 40))
    units = rng.poisson(base, days).astype(float)
    if rng.random() < 0.4:  # a planted jump in the supplier's own last 30 days
        units[-30:] = rng.poisson(base * rng.uniform(2, 8), min(30, days))
    start = end - timedelta(days=days - 1)
    return pl.DataFrame(
        {
            "supplier_id": [supplier] * days,
            "offer_id": [None] * days,
            "period_start": [start + timedelta(days=i) for i in range(days)],
            "period_days": [1] * days,
            "units": units,
        },
        schema_overrides={"offer_id": pl.String},
    )


def _reviews(rng: np.random.Generator, supplier: str) -> pl.DataFrame:
    n = int(rng.integers(0, 16))
    texts = [REVIEW_TEXTS[i] for i in rng.integers(0, len(REVIEW_TEXTS), n)]
    return pl.DataFrame(
        {"supplier_id": [supplier] * n, "text": texts},
        schema={"supplier_id": pl.String, "text": pl.String},
    )


def _workspace(seed: int, suppliers: int, offers: int):
    rng = np.random.default_rng(seed)
    frame = _offers(seed, suppliers, offers)
    ids = frame["supplier_id"].unique(maintain_order=True).to_list()
    ends = [LAST_DAY - timedelta(days=int(rng.integers(0, 60))) for _ in ids]
    sales = pl.concat([_sales(rng, s, end) for s, end in zip(ids, ends, strict=True)])
    reviews = pl.concat([_reviews(rng, s) for s in ids])
    return frame, sales, reviews


def _with_new_supplier(seed: int, frame, sales, reviews):
    """One more supplier, in a product group of its own, with later sales."""
    rng = np.random.default_rng(seed + 7)
    new = random_suppliers(seed + 7, 2).with_columns(
        pl.lit("new").alias("supplier_id"),
        pl.Series("offer_id", ["n0", "n1"]),
        pl.lit("a group nobody else is in").alias("product_group"),
    )
    later = LAST_DAY + timedelta(days=int(rng.integers(1, 90)))
    return (
        pl.concat([frame, new.select(frame.columns)], how="vertical_relaxed"),
        pl.concat([sales, _sales(rng, "new", later)]),
        pl.concat([reviews, _reviews(rng, "new")]),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    suppliers=st.integers(1, 12),
    extra_offers=st.integers(0, 20),
)
def test_a_new_supplier_changes_no_other_suppliers_verdict(
    seed: int, suppliers: int, extra_offers: int
) -> None:
    frame, sales, reviews = _workspace(seed, suppliers, suppliers + extra_offers)
    start = sales["period_start"].min()
    before = screen(frame, sales=sales, reviews=reviews, sales_start=start).frame
    more, more_sales, more_reviews = _with_new_supplier(seed, frame, sales, reviews)
    after = screen(more, sales=more_sales, reviews=more_reviews, sales_start=start).frame
    assert after.height == before.height + 2
    assert_frame_equal(after.head(before.height), before)


def test_the_case_that_found_the_sales_tables_first_day() -> None:
    """Seed 2108009810: the new supplier's sales begin months before the others',
    which moved the table's first day and made an established shop a new listing.
    With the workspace's first day given, the other shop's verdict holds."""
    test_a_new_supplier_changes_no_other_suppliers_verdict.hypothesis.inner_test(  # type: ignore[attr-defined]
        seed=2108009810, suppliers=2, extra_offers=6
    )
