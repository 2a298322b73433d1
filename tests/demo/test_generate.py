from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from daifa.demo import ORDER_COLUMNS, DemoData, DemoError, generate_demo
from daifa.engine.errors import InputError
from daifa.engine.schema import COLUMN_NAMES, COLUMNS, REVIEW_COLUMNS, SALES_COLUMNS

FRAMES = ("offers", "sales", "reviews", "truth", "orders")


def test_the_same_seed_gives_identical_frames(demo: DemoData) -> None:
    again = generate_demo(seed=1688, suppliers=300, offers=1200, as_of=date(2026, 11, 1))
    for name in FRAMES:
        assert_frame_equal(getattr(demo, name), getattr(again, name))


def test_a_different_seed_gives_different_data(demo: DemoData) -> None:
    other = generate_demo(seed=1689)
    assert demo.offers["supplier_id"].to_list() != other.offers["supplier_id"].to_list()
    assert demo.offers["unit_price_cny"].sum() != other.offers["unit_price_cny"].sum()
    assert demo.sales["units"].sum() != other.sales["units"].sum()
    assert set(demo.reviews["text"]) != set(other.reviews["text"])


def test_the_default_workspace_has_300_suppliers_and_1200_offers(demo: DemoData) -> None:
    assert demo.offers.height == 1200
    assert demo.offers["supplier_id"].n_unique() == 300
    assert demo.truth.height == 300
    assert demo.seed == 1688 and demo.as_of == date(2026, 11, 1)


def test_offers_have_every_canonical_column_with_its_type(demo: DemoData) -> None:
    assert demo.offers.columns == list(COLUMN_NAMES)
    assert dict(demo.offers.schema) == {c.name: c.dtype for c in COLUMNS}


def test_companion_frames_follow_their_schemas(demo: DemoData) -> None:
    assert dict(demo.sales.schema) == SALES_COLUMNS
    assert dict(demo.reviews.schema) == REVIEW_COLUMNS
    assert dict(demo.orders.schema) == ORDER_COLUMNS


def test_truth_names_what_was_planted(demo: DemoData) -> None:
    assert demo.truth.columns[:4] == ["supplier_id", "spiked", "templated_reviews", "too_cheap"]
    assert set(demo.truth["supplier_id"]) == set(demo.offers["supplier_id"])
    cheap = demo.truth.filter("too_cheap")
    assert (cheap["too_cheap_offer_ids"].list.len() > 0).all()
    assert (demo.truth.filter(~pl.col("too_cheap"))["too_cheap_offer_ids"].list.len() == 0).all()


def test_the_docstring_example_holds() -> None:
    data = generate_demo(seed=7, suppliers=30, offers=120)
    assert (data.offers.height, data.offers["supplier_id"].n_unique()) == (120, 30)


def test_the_smallest_workspace_still_has_every_category() -> None:
    data = generate_demo(seed=3, suppliers=9, offers=27)
    assert data.offers["category"].n_unique() == 9
    assert data.offers.group_by("product_group").len()["len"].is_between(3, 5).all()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"suppliers": True}, "suppliers"),
        ({"suppliers": 8}, "suppliers"),
        ({"suppliers": "300"}, "suppliers"),
        ({"suppliers": 300, "offers": 299}, "offers"),
        ({"suppliers": 9, "offers": 26}, "offers"),
        ({"as_of": "2026-11-01"}, "as_of"),
        ({"as_of": datetime(2026, 11, 1, 12)}, "as_of"),
    ],
)
def test_it_rejects_bad_parameters_naming_them_in_both_languages(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(DemoError) as caught:
        generate_demo(**kwargs)  # type: ignore[arg-type]
    error = caught.value
    assert isinstance(error, InputError)
    assert error.field == field
    assert field in error.message("en") and field in error.message("zh")
    assert repr(kwargs[field]) in str(error) or str(kwargs[field]) in str(error)
    assert error.message("zh") != error.message("en")


def test_importing_the_demo_loads_no_django_and_no_http() -> None:
    code = (
        "import sys, daifa.demo; "
        "bad = [m for m in ('django', 'httpx', 'snownlp') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
