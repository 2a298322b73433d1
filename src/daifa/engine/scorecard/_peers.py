"""Peer ranking inside each ``product_group``: TOPSIS over the dimension
sub-scores plus price, and how robust the first place is to the weights.

Unknown sub-scores are imputed with the group's *minimum* (an unknown must not
beat a known value) and an unknown price with the group's *maximum*; a
dimension nobody in the group has data for is constant and so ranks nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.ranking import rank_robustness_grouped, topsis_grouped

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

PEER_COLUMNS: dict[str, pl.DataType] = {
    "peer_group": pl.String(),
    "peer_rank": pl.Int32(),
    "closeness": pl.Float64(),
    "robustness": pl.Float64(),
}


def peer_columns(
    groups: pl.Series,
    subscores: pl.DataFrame,
    price: pl.Series,
    weights: Mapping[str, float],
    *,
    n_samples: int,
    seed: int = 0,
) -> pl.DataFrame:
    """One row per input row: peer_group, peer_rank (1 = best), closeness, robustness.

    Rows outside a group of at least two offers get nulls.
    """
    n = groups.len()
    # Integer group codes once: every later step works on them, not on strings.
    codes = groups.cast(pl.String).cast(pl.Categorical).to_physical()
    valid = codes.is_not_null().to_numpy()
    g = codes.fill_null(0).to_numpy().astype(np.int64)
    sizes = np.bincount(g[valid], minlength=int(g.max(initial=0)) + 1)
    eligible = valid & (sizes[g] >= 2)
    if not eligible.any():
        return pl.DataFrame(schema=PEER_COLUMNS).clear(n=n)
    dims = [d for d in subscores.columns if weights.get(d, 0.0) > 0]
    rows = np.flatnonzero(eligible)
    matrix = _imputed(subscores.select(dims), price, g, rows)
    w = [weights[d] for d in dims] + [weights["_price"]]
    benefit = [True] * len(dims) + [False]
    closeness, rank = topsis_grouped(matrix, w, benefit, g[rows])
    robust = rank_robustness_grouped(matrix, w, benefit, g[rows], n_samples=n_samples, seed=seed)
    return pl.DataFrame(
        {
            "peer_group": pl.select(
                pl.when(pl.Series(eligible)).then(groups.cast(pl.String))
            ).to_series(),
            "peer_rank": _scatter(n, rows, rank, pl.Int32()),
            "closeness": _scatter(n, rows, closeness, pl.Float64()),
            "robustness": _scatter(n, rows, robust, pl.Float64()),
        }
    )


def _imputed(subscores: pl.DataFrame, price: pl.Series, g: IntArray, rows: IntArray) -> FloatArray:
    """The eligible rows' matrix, unknowns imputed within each group."""
    frame = subscores.with_columns(price.cast(pl.Float64).alias("_price"), pl.Series("_g", g))
    frame = frame[rows]
    dims = subscores.columns
    filled = frame.select(
        *[pl.col(d).fill_null(pl.col(d).min().over("_g")).fill_null(1.0) for d in dims],
        pl.col("_price").fill_null(pl.col("_price").max().over("_g")).fill_null(1.0),
    )
    return filled.to_numpy()


def _scatter(n: int, rows: IntArray, values: npt.NDArray[Any], dtype: pl.DataType) -> pl.Series:
    out = np.full(n, np.nan)
    out[rows] = values
    return pl.Series(out).fill_nan(None).cast(dtype)
