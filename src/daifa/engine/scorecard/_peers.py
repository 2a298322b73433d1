"""Peer ranking inside each ``product_group``: TOPSIS over the dimension
sub-scores plus price, and how robust the first place is to the weights.

Unknown sub-scores are imputed with the group's *minimum* (an unknown must not
beat a known value) and an unknown price with the group's *maximum*; a
dimension nobody in the group has data for is constant and so ranks nobody.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from daifa.engine.ranking import rank_robustness_grouped, topsis_grouped

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
    dims = [d for d in subscores.columns if weights.get(d, 0.0) > 0]
    frame = subscores.select(dims).with_columns(
        groups.cast(pl.String).alias("_group"),
        price.cast(pl.Float64).alias("_price"),
        pl.int_range(groups.len(), dtype=pl.UInt32).alias("_i"),
    )
    eligible = frame.filter(pl.col("_group").is_not_null() & (pl.len().over("_group") >= 2))
    empty = pl.DataFrame(schema=PEER_COLUMNS).clear(n=frame.height)
    if eligible.height == 0:
        return empty
    matrix_frame = eligible.select(
        *[pl.col(d).fill_null(pl.col(d).min().over("_group")).fill_null(1.0) for d in dims],
        pl.col("_price").fill_null(pl.col("_price").max().over("_group")).fill_null(1.0),
    )
    codes = eligible.get_column("_group").cast(pl.Categorical).to_physical().to_numpy()
    matrix = matrix_frame.to_numpy()
    w = [weights[d] for d in dims] + [weights["_price"]]
    benefit = [True] * len(dims) + [False]
    closeness, rank = topsis_grouped(matrix, w, benefit, codes)
    robust = rank_robustness_grouped(matrix, w, benefit, codes, n_samples=n_samples, seed=seed)
    found = eligible.select("_i", pl.col("_group").alias("peer_group")).with_columns(
        pl.Series("peer_rank", rank, dtype=pl.Int32),
        pl.Series("closeness", closeness, dtype=pl.Float64),
        pl.Series("robustness", robust, dtype=pl.Float64),
    )
    return (
        frame.select("_i")
        .join(found, on="_i", how="left", maintain_order="left")
        .select(list(PEER_COLUMNS))
    )
