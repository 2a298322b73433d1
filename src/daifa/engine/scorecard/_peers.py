"""Peer ranking inside each ``product_group``: TOPSIS over the dimension
sub-scores plus price, and how robust the first place is to the weights.

Unknowns must not be rewarded: before the sub-scores are formed, each unknown
criterion credit is imputed with the *lowest* credit its group has for that
criterion (a criterion nobody in the group knows is left out for the whole
group), so knowing less can never rank an offer higher. A dimension nobody in
the group knows is constant and ranks nobody. Prices are compared on one basis
per group: the landed cost when every offer of the group has one, else the
quoted price (unit, else dropship), so a landed cost with freight is never set
against a bare quote; an unknown price is imputed with the group's highest.
An empty group name is no group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.groups import GroupedRows
from daifa.engine.ranking import perturbed_weights

PEER_COLUMNS: dict[str, pl.DataType] = {
    "peer_group": pl.String(),
    "peer_rank": pl.Int32(),
    "closeness": pl.Float64(),
    "robustness": pl.Float64(),
}


def peer_columns(
    grouped: GroupedRows,
    credits: pl.DataFrame,
    dimensions: Mapping[str, Sequence[tuple[str, float]]],
    prices: pl.DataFrame,
    price_weight: float,
    *,
    n_samples: int,
    seed: int = 0,
    tiers: pl.Series | None = None,
) -> pl.DataFrame:
    """One row per input row: peer_group, peer_rank (1 = best), closeness, robustness.

    ``credits`` has one column per score criterion (null = unknown);
    ``dimensions`` maps each dimension to its (column, weight) pairs; ``prices``
    has ``quoted`` and ``landed``. ``tiers`` (0 or 1 per row, optional) ranks
    every tier-0 row of a group above its tier-1 rows (a failed gate or a raised
    flag), TOPSIS ordering each tier. Rows outside a group of two or more get nulls.
    The work itself is one compiled pass over the groups
    (:func:`daifa.engine._compiled.peer_rank`).
    """
    from daifa.engine._compiled import peer_rank

    n = grouped.names.len()
    sizes = grouped.size_of_rows()
    if not (sizes >= 2).any():
        return pl.DataFrame(schema=PEER_COLUMNS).clear(n=n)
    dims = [pairs for pairs in dimensions.values() if sum(w for _, w in pairs) > 0]
    weights = np.array([sum(w for _, w in dim) for dim in dims] + [price_weight])
    weights = weights / weights.sum()
    # A criterion nobody knows is left out of every group by the kernel; left out
    # here, its column is not copied twice (a tenth of the peer ranking's copies).
    unknown = {
        name
        for name, n in zip(credits.columns, credits.null_count().row(0), strict=True)
        if n == credits.height
    }
    dims = [[(name, w) for name, w in dim if name not in unknown] for dim in dims]
    pairs = [(name, w, d) for d, dim in enumerate(dims) for name, w in dim]
    # Column-major (Polars' own layout, the cheapest copy); nulls become NaN.
    values = prices.select("quoted", "landed")
    if pairs:  # every score weight 0 leaves the price alone (no empty frame to stack on)
        values = credits.select(name for name, _, _ in pairs).hstack(values)
    if tiers is not None:
        values = values.hstack([tiers.cast(pl.Float64).fill_null(0.0).alias("_tier")])
    if any(dtype != pl.Float64 for dtype in values.dtypes):
        values = values.cast(pl.Float64)
    ranked = peer_rank(
        grouped.order,
        grouped.starts,
        _column_major(values),
        np.cumsum([0] + [len(dim) for dim in dims], dtype=np.int64),
        np.array([w for _, w, _ in pairs], dtype=np.float64),
        weights,
        np.array([True] * len(dims) + [False]),
        perturbed_weights(weights, n_samples, 0.25, seed),
    )
    return pl.DataFrame(
        {
            "peer_group": pl.select(pl.when(pl.Series(sizes >= 2)).then(grouped.names)).to_series(),
            "peer_rank": pl.Series(ranked[:, 1]).fill_nan(None).cast(pl.Int32),
            "closeness": pl.Series(ranked[:, 0]).fill_nan(None),
            "robustness": pl.Series(ranked[:, 2]).fill_nan(None),
        }
    )


def _column_major(values: pl.DataFrame) -> npt.NDArray[np.float64]:
    """``values.to_numpy(order="fortran")``, nulls as NaN, in half the time.

    Each column with its nulls filled is a zero-copy view of Polars' buffer, and
    one NumPy copy puts it in place; the array is allocated by NumPy (huge pages).
    """
    out = np.empty(values.shape, order="F")
    for j, column in enumerate(values.get_columns()):
        out[:, j] = column.fill_null(np.nan).to_numpy()
    return out
