from __future__ import annotations

import polars as pl
import pytest

from daifa.demo import DemoData
from daifa.demo.catalog import CATEGORIES

PERCENT_COLUMNS = ("custom_cost_pct",)
PRICE_COLUMNS = ("unit_price_cny", "dropship_price_cny", "target_retail_price", "extra_fees_cny")


@pytest.fixture(scope="module")
def offers(demo: DemoData) -> pl.DataFrame:
    return demo.offers


def test_offer_ids_have_twelve_digits_and_urls_point_at_them(offers: pl.DataFrame) -> None:
    assert offers["offer_id"].str.contains(r"^\d{12}$").all()
    assert offers["offer_id"].is_unique().all()
    expected = "https://detail.1688.com/offer/" + offers["offer_id"] + ".html"
    assert (offers["offer_url"] == expected).all()


def test_there_are_at_least_eight_categories_with_3c_and_beauty(offers: pl.DataFrame) -> None:
    categories = set(offers["category"])
    assert len(categories) >= 8
    assert {"3C数码", "美妆个护"} <= categories


def test_titles_are_chinese_and_name_the_product(offers: pl.DataFrame) -> None:
    product = offers["product_group"].str.split("-").list.get(1)
    assert all(p in t for p, t in zip(product, offers["product_title"], strict=True))
    assert offers["product_title"].str.contains(r"[\u4e00-\u9fff]").all()


def test_product_groups_have_three_to_five_offers_from_different_suppliers(
    offers: pl.DataFrame,
) -> None:
    groups = offers.group_by("product_group").agg(
        pl.len().alias("offers"),
        pl.col("supplier_id").n_unique().alias("suppliers"),
        pl.col("category").n_unique().alias("categories"),
    )
    assert groups["offers"].is_between(3, 5).all()
    assert (groups["offers"] == groups["suppliers"]).all()
    assert (groups["categories"] == 1).all()
    assert set(groups["offers"]) == {3, 4, 5}
    assert offers["product_group"].str.contains(r"^[^-]+-[^-]+-\d{2}$").all()


def _deviation_from_peers(offers: pl.DataFrame) -> pl.DataFrame:
    return offers.with_columns(
        below_mean=1
        - pl.col("unit_price_cny") / pl.col("unit_price_cny").mean().over("product_group"),
        below_others=1
        - pl.col("unit_price_cny")
        / ((pl.col("unit_price_cny").sum() - pl.col("unit_price_cny")) / (pl.len() - 1)).over(
            "product_group"
        ),
    )


def test_planted_too_cheap_offers_are_over_20_percent_below_their_peers(
    demo: DemoData, offers: pl.DataFrame
) -> None:
    planted = set(demo.truth["too_cheap_offer_ids"].explode().drop_nulls())
    deviation = _deviation_from_peers(offers)
    cheap = deviation.filter(pl.col("offer_id").is_in(list(planted)))
    honest = deviation.filter(~pl.col("offer_id").is_in(list(planted)))
    assert 40 <= cheap.height <= 80  # about a fifth of ~300 groups
    assert (cheap["below_mean"] > 0.2).all() and (cheap["below_others"] > 0.2).all()
    assert (honest["below_mean"] < 0.2).all() and (honest["below_others"] < 0.2).all()
    assert cheap["product_group"].is_unique().all()  # at most one planted offer per group


def test_no_price_is_negative(offers: pl.DataFrame) -> None:
    for name in PRICE_COLUMNS:
        assert (offers[name].drop_nulls() >= 0).all(), name
    assert (offers["unit_price_cny"] > 0).all()


def test_percentages_are_within_0_and_100(offers: pl.DataFrame) -> None:
    for name in [c for c in offers.columns if c.endswith("_pct")]:
        assert offers[name].drop_nulls().is_between(0, 100).all(), name


def test_price_tiers_ascend_from_the_moq_and_get_cheaper(offers: pl.DataFrame) -> None:
    rows = offers.drop_nulls("price_tiers").select("price_tiers", "moq", "unit_price_cny")
    for tiers, moq, price in rows.iter_rows():
        mins = [t["min_qty"] for t in tiers]
        assert mins == sorted(mins) and tiers[-1]["max_qty"] is None
        for lower, upper in zip(tiers, tiers[1:], strict=False):
            assert lower["max_qty"] == upper["min_qty"] - 1
            assert upper["price_cny"] < lower["price_cny"]
        assert tiers[0]["price_cny"] == price
        assert moq is None or mins[0] == moq
    layouts = rows["price_tiers"].list.len().value_counts()
    assert set(layouts["price_tiers"]) == {1, 2, 3}


def test_dropship_price_is_at_least_the_unit_price_and_absent_without_dropshipping(
    offers: pl.DataFrame,
) -> None:
    both = offers.drop_nulls("dropship_price_cny")
    assert (both["dropship_price_cny"] >= both["unit_price_cny"]).all()
    no_dropship = offers.filter(pl.col("dropship_supported").eq(False))
    assert no_dropship["dropship_price_cny"].is_null().all()


def test_packed_sizes_are_positive_and_sometimes_unknown(offers: pl.DataFrame) -> None:
    for name in ("weight_g", "length_cm", "width_cm", "height_cm"):
        assert (offers[name].drop_nulls() > 0).all()
        assert 0 < offers[name].is_null().mean() < 0.3  # type: ignore[operator]


def test_retail_prices_are_usd_mostly_three_to_five_times_landed_cost(offers: pl.DataFrame) -> None:
    priced = offers.drop_nulls("target_retail_price")
    assert (priced["retail_currency"] == "USD").all()
    assert offers.filter(pl.col("target_retail_price").is_null())["retail_currency"].is_null().all()
    landed_usd = (pl.col("unit_price_cny") + 18 + 0.08 * pl.col("weight_g")) / 7.2
    multiple = priced.drop_nulls("weight_g").select(pl.col("target_retail_price") / landed_usd)
    ratio = multiple.to_series()
    assert 0.65 <= (ratio >= 3).mean() <= 0.9  # type: ignore[operator]
    assert (ratio < 3).sum() > 50  # some are too thin


def test_3c_offers_pass_fail_and_miss_their_ce_and_fcc(offers: pl.DataFrame) -> None:
    certs = offers.filter(pl.col("category") == "3C数码")["certifications"]
    has_both = certs.drop_nulls().list.eval(pl.element().is_in(["CE", "FCC"]).sum() == 2).explode()
    assert has_both.any() and not has_both.all()
    assert certs.is_null().any()


def test_beauty_offers_sometimes_carry_msds_cpnp_and_fda(offers: pl.DataFrame) -> None:
    certs = set(
        offers.filter(pl.col("category") == "美妆个护")["certifications"].explode().drop_nulls()
    )
    assert {"MSDS", "CPNP", "FDA"} <= certs


def test_categories_without_a_certificate_rule_never_list_3c_papers(offers: pl.DataFrame) -> None:
    free = [c.name for c in CATEGORIES if not c.required_certs]
    certs = offers.filter(pl.col("category").is_in(free))["certifications"].explode().drop_nulls()
    assert "FCC" not in set(certs)


def test_seller_checks_on_offers_are_unknown_for_most(offers: pl.DataFrame) -> None:
    for name in ("inventory_consistent", "sample_test_passed"):
        known = offers[name].is_not_null()
        assert 0.03 <= known.mean() <= 0.25, name  # type: ignore[operator]
        assert set(offers[name].drop_nulls()) == {True, False}, name


def test_extra_fees_are_zero_when_the_quote_is_all_inclusive(offers: pl.DataFrame) -> None:
    inclusive = offers.filter(pl.col("quote_all_inclusive").eq(True)).drop_nulls("extra_fees_cny")
    assert (inclusive["extra_fees_cny"] == 0).all()
    extra = offers.filter(pl.col("quote_all_inclusive").eq(False)).drop_nulls("extra_fees_cny")
    assert (extra["extra_fees_cny"] > 0).all() and extra.height > 0
