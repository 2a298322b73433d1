"""The compiled peer means equal a plain Polars group-by reference on random offers."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from daifa.engine.detectors import detect_price_vs_peers


def _reference(offers: pl.DataFrame) -> pl.DataFrame:
    """Leave-one-supplier-out mean and count, written as joins, per price basis.

    A row is judged on its unit price when it has one, else on its dropship
    price; its peers are the other suppliers with a price on that basis.
    """
    frame = offers.with_row_index("_row").with_columns(
        pl.col("product_group").str.strip_chars().replace("", None),
        pl.when(pl.col("unit_price_cny").is_not_null())
        .then(pl.lit("unit_price_cny"))
        .otherwise(pl.lit("dropship_price_cny"))
        .alias("basis"),
    )
    parts = []
    for basis in ("unit_price_cny", "dropship_price_cny"):
        priced = frame.filter(pl.col(basis).is_not_null() & pl.col("product_group").is_not_null())
        per_supplier = priced.group_by("product_group", "supplier_id").agg(
            pl.col(basis).mean().alias("own_mean")
        )
        per_group = per_supplier.group_by("product_group").agg(
            pl.col("own_mean").sum().alias("_sum"), pl.len().alias("_n")
        )
        own = pl.col("own_mean").is_not_null()
        n_peers = pl.when(own).then(pl.col("_n") - 1).otherwise(pl.col("_n"))
        total = pl.when(own).then(pl.col("_sum") - pl.col("own_mean")).otherwise(pl.col("_sum"))
        parts.append(
            frame.filter(pl.col("basis") == basis)
            .join(per_group, on="product_group", how="left")
            .join(per_supplier, on=["product_group", "supplier_id"], how="left")
            .select(
                "_row",
                pl.when(n_peers > 0).then(total / n_peers).alias("group_mean"),
                n_peers.fill_null(0).cast(pl.Int64).alias("n_peers"),
            )
        )
    return pl.concat(parts).sort("_row").drop("_row")


@pytest.mark.parametrize("seed", range(5))
def test_peer_means_equal_the_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 600
    offers = pl.DataFrame(
        {
            # Few suppliers and groups: suppliers list several offers per group.
            "supplier_id": rng.choice([f"s{i}" for i in range(25)], n),
            "product_group": rng.choice(["cup", "bag", " cup", "", "pen", "solo"], n),
            "unit_price_cny": np.round(rng.uniform(5, 15, n), 2),
            "dropship_price_cny": np.round(rng.uniform(6, 16, n), 2),
        }
    ).with_columns(
        pl.when(pl.Series(rng.random(n) < 0.3)).then(None).otherwise(pl.col("unit_price_cny"))
        .alias("unit_price_cny"),
        pl.when(pl.Series(rng.random(n) < 0.3)).then(None).otherwise(pl.col("dropship_price_cny"))
        .alias("dropship_price_cny"),
        pl.when(pl.Series(rng.random(n) < 0.05)).then(None).otherwise(pl.col("product_group"))
        .alias("product_group"),
    )  # fmt: skip
    got = detect_price_vs_peers(offers).get_column("evidence").struct.unnest()
    want = _reference(offers)
    assert got["n_peers"].to_list() == want["n_peers"].to_list()
    np.testing.assert_allclose(
        got["group_mean"].fill_null(np.nan).to_numpy(),
        want["group_mean"].fill_null(np.nan).to_numpy(),
        rtol=1e-12,
    )


def test_suppliers_sharing_a_hash_are_still_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    from daifa.engine.detectors import price_vs_peers

    offers = pl.DataFrame(
        {
            "supplier_id": ["a", "b", "c", "d", "a"],
            "product_group": ["cup"] * 5,
            "unit_price_cny": [10.0, 10.0, 10.0, 7.0, 12.0],
        }
    )
    expected = detect_price_vs_peers(offers)
    # Every id hashing alike is the worst case: the ids themselves must decide.
    monkeypatch.setattr(price_vs_peers, "_hashed", lambda ids: np.zeros(ids.len(), np.uint64))
    got = detect_price_vs_peers(offers)
    assert got.equals(expected)
    assert got["evidence"].struct.field("n_peers").to_list() == [3, 3, 3, 3, 3]
