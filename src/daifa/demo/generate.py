"""``generate_demo``: the whole demo workspace from one seed.

Each part (suppliers, offers, sales, reviews, orders) draws from its own child
of the seed, so changing how one part is drawn leaves the others as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import polars as pl

from daifa.demo.catalog import CATEGORIES
from daifa.demo.groups import min_offers, plan_groups
from daifa.demo.offers import draft_offers, offer_columns
from daifa.demo.orders import choose_approved, simulate_orders
from daifa.demo.reviews import simulate_reviews
from daifa.demo.sales import simulate_sales
from daifa.demo.suppliers import category_counts, draw_suppliers
from daifa.engine.errors import InputError
from daifa.engine.schema import COLUMNS_BY_NAME, conform

DEFAULT_SEED = 1688
DEFAULT_AS_OF = date(2026, 11, 1)  # fixed, so the default demo is the same on any day


class DemoError(InputError):
    """A demo parameter that cannot be used (names the parameter and the value)."""


@dataclass(frozen=True)
class DemoData:
    """A generated workspace.

    offers : canonical supplier-offer rows (``daifa.engine.schema.COLUMNS``)
    sales : ``SALES_COLUMNS``; daily for 180 days before ``as_of``, monthly before that
    reviews : ``REVIEW_COLUMNS``
    truth : per supplier, what was planted (``spiked``, ``templated_reviews``,
        ``too_cheap`` and its ``too_cheap_offer_ids``) plus the latent ``quality``,
        whether the seller ``checked`` the shop, ``approved`` it, and whether its
        orders got worse lately (``deteriorating``)
    orders : the seller's own orders with the approved suppliers
    """

    offers: pl.DataFrame
    sales: pl.DataFrame
    reviews: pl.DataFrame
    truth: pl.DataFrame
    orders: pl.DataFrame
    seed: int
    as_of: date


def generate_demo(
    seed: int = DEFAULT_SEED,
    suppliers: int = 300,
    offers: int = 1200,
    as_of: date = DEFAULT_AS_OF,
) -> DemoData:
    """Generate the demo workspace; the same arguments always give the same frames.

    Examples
    --------
    >>> data = generate_demo(seed=7, suppliers=30, offers=120)
    >>> data.offers.height, data.offers["supplier_id"].n_unique()
    (120, 30)
    """
    _check(seed, suppliers, offers, as_of)
    rng_suppliers, rng_offers, rng_sales, rng_reviews, rng_orders = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)
    )
    shops = draw_suppliers(rng_suppliers, suppliers, as_of)
    offer_frame = _offers(rng_offers, shops, offers)
    sales = simulate_sales(
        rng_sales,
        offer_frame["supplier_id"],
        offer_frame["offer_id"],
        offer_frame["_quality"].to_numpy(),
        offer_frame["_spiked"].to_numpy(),
        as_of,
    )
    offer_frame = offer_frame.with_columns(
        pl.Series("sales_30d", sales.sales_30d).replace(-1, None).cast(pl.Int64)
    )
    reviews = simulate_reviews(rng_reviews, shops, offer_frame, as_of)
    approved = choose_approved(rng_orders, shops)
    orders, deteriorating = simulate_orders(rng_orders, shops, offer_frame, approved, as_of)
    truth = _truth(shops, offer_frame, approved, deteriorating)
    return DemoData(
        _canonical(offer_frame, shops), sales.sales, reviews, truth, orders, seed, as_of
    )


def _offers(rng: np.random.Generator, shops: pl.DataFrame, n_offers: int) -> pl.DataFrame:
    q = shops["_quality"].to_numpy()
    # how likely a shop is to list one more product: a few big shops list many
    shop_size = rng.lognormal(0.0, 0.7, shops.height)
    groups = plan_groups(rng, shops["_category"].to_list(), shop_size, n_offers)
    draft = draft_offers(rng, groups, q)
    frame = offer_columns(rng, draft, shops)
    return frame.with_columns(
        pl.Series("_quality", q[draft.supplier]),
        pl.Series("_spiked", shops["_spiked"].to_numpy()[draft.supplier]),
    )


def _canonical(offer_frame: pl.DataFrame, shops: pl.DataFrame) -> pl.DataFrame:
    supplier_cols = [c for c in shops.columns if c in COLUMNS_BY_NAME]
    canonical_offer_cols = [c for c in offer_frame.columns if c in COLUMNS_BY_NAME]
    frame = offer_frame.select(canonical_offer_cols).join(
        shops.select(supplier_cols), on="supplier_id", how="left", maintain_order="left"
    )
    return conform(frame)


def _truth(
    shops: pl.DataFrame, offer_frame: pl.DataFrame, approved: np.ndarray, deteriorating: np.ndarray
) -> pl.DataFrame:
    cheap = (
        offer_frame.filter("_too_cheap")
        .group_by("supplier_id", maintain_order=True)
        .agg(pl.col("offer_id").sort().alias("too_cheap_offer_ids"))
    )
    return (
        shops.select(
            "supplier_id",
            pl.col("_spiked").alias("spiked"),
            pl.col("_templated").alias("templated_reviews"),
            pl.col("_quality").alias("quality"),
            pl.col("_checked").alias("checked"),
            pl.Series("approved", approved),
            pl.Series("deteriorating", deteriorating),
        )
        .join(cheap, on="supplier_id", how="left", maintain_order="left")
        .with_columns(
            pl.col("too_cheap_offer_ids").fill_null(pl.lit([], dtype=pl.List(pl.String()))),
        )
        .with_columns(too_cheap=pl.col("too_cheap_offer_ids").list.len() > 0)
        .select(
            "supplier_id",
            "spiked",
            "templated_reviews",
            "too_cheap",
            "too_cheap_offer_ids",
            "quality",
            "checked",
            "approved",
            "deteriorating",
        )
    )


def _check(seed: object, suppliers: object, offers: object, as_of: object) -> None:
    for name, value in (("seed", seed), ("suppliers", suppliers), ("offers", offers)):
        if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < 0:
            raise DemoError(
                f"{name} must be a whole number ≥ 0, got {value!r}",
                f"{name} 必须是不小于 0 的整数，收到 {value!r}",
                field=name,
                value=value,
                allowed="integer ≥ 0",
            )
    assert isinstance(suppliers, int | np.integer) and isinstance(offers, int | np.integer)
    least_suppliers = len(CATEGORIES)
    if suppliers < least_suppliers:
        raise DemoError(
            f"suppliers must be at least {least_suppliers} (one per category), got {suppliers}",
            f"suppliers 至少为 {least_suppliers}（每个类目一家），收到 {suppliers}",
            field="suppliers",
            value=suppliers,
            allowed=f"≥ {least_suppliers}",
        )
    least_offers = max(int(suppliers), min_offers(category_counts(int(suppliers))))
    if offers < least_offers:
        raise DemoError(
            f"offers must be at least {least_offers} for {suppliers} suppliers "
            f"(one per supplier, 3 per product group), got {offers}",
            f"offers 至少为 {least_offers}（{suppliers} 家供应商：每家至少一个商品，"
            f"每组同款至少 3 个），收到 {offers}",
            field="offers",
            value=offers,
            allowed=f"≥ {least_offers}",
        )
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise DemoError(
            f"as_of must be a date (not a datetime), got {as_of!r}",
            f"as_of 必须是日期（不含时间），收到 {as_of!r}",
            field="as_of",
            value=as_of,
            allowed="datetime.date",
        )
