"""The compiled peer ranking equals the NumPy reference on random groups."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from tests.engine._peers_reference import reference_peer_columns

from daifa.engine.groups import group_rows
from daifa.engine.scorecard._peers import peer_columns

DIMENSIONS = {
    "reliability": [("a", 3.0), ("b", 1.0)],
    "quality": [("c", 2.0)],
    "service": [("d", 1.0), ("e", 0.5)],
    "unused": [("f", 0.0)],
}


def _random_inputs(seed: int, n: int) -> tuple[pl.Series, pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    names = rng.choice(["cup", "bag", " bag ", "", "pen", "hat", "lamp", "x"], size=n)
    groups = pl.Series("product_group", names).set(pl.Series(rng.random(n) < 0.05), None)
    credits = {}
    for column in "abcdef":
        # Coarse values make ties between offers, which ranks must share.
        values = np.round(rng.random(n) * 4) / 4
        credits[column] = pl.Series(values).set(pl.Series(rng.random(n) < 0.3), None)
    credits["e"] = pl.Series([None] * n, dtype=pl.Float64)  # nobody knows it
    quoted = pl.Series(np.round(rng.uniform(5, 9, n), 1)).set(pl.Series(rng.random(n) < 0.2), None)
    landed = pl.Series(np.round(rng.uniform(8, 12, n), 1)).set(pl.Series(rng.random(n) < 0.5), None)
    prices = pl.DataFrame({"quoted": quoted, "landed": landed})
    return groups, pl.DataFrame(credits), prices


@pytest.mark.parametrize("seed", range(6))
def test_kernel_equals_the_reference(seed: int) -> None:
    groups, credits, prices = _random_inputs(seed, 400)
    args = (credits, DIMENSIONS, prices, 2.0)
    got = peer_columns(group_rows(groups), *args, n_samples=40, seed=seed)
    want = reference_peer_columns(groups, *args, n_samples=40, seed=seed)
    assert got["peer_group"].to_list() == want["peer_group"].to_list()
    assert got["peer_rank"].to_list() == want["peer_rank"].to_list()
    np.testing.assert_allclose(
        got["closeness"].to_numpy(), want["closeness"].to_numpy(), rtol=1e-12, atol=1e-12
    )
    np.testing.assert_allclose(
        got["robustness"].to_numpy(), want["robustness"].to_numpy(), atol=1e-12
    )


def test_every_offer_landed_compares_landed_costs() -> None:
    groups = group_rows(pl.Series(["cup"] * 3))
    credits = pl.DataFrame({"a": [0.5, 0.5, 0.5]})
    # Cheapest quote, dearest landed: with every landed cost known, landed decides.
    prices = pl.DataFrame({"quoted": [5.0, 6.0, 7.0], "landed": [20.0, 12.0, 10.0]})
    out = peer_columns(groups, credits, {"r": [("a", 1.0)]}, prices, 1.0, n_samples=10)
    assert out["peer_rank"].to_list() == [3, 2, 1]


def test_no_group_of_two_gives_null_columns() -> None:
    out = peer_columns(
        group_rows(pl.Series(["cup", "bag", None])),
        pl.DataFrame({"a": [0.1, 0.2, 0.3]}),
        {"r": [("a", 1.0)]},
        pl.DataFrame({"quoted": [1.0, 2.0, 3.0], "landed": [None, None, None]}),
        1.0,
        n_samples=5,
    )
    assert out.height == 3 and out.null_count().row(0) == (3, 3, 3, 3)
