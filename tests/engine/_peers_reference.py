"""Reference for the peer ranking: the rules of ``daifa.engine.scorecard._peers``
written as NumPy array code (sort by group, reduce with ``reduceat``).

This was the engine's implementation before the compiled kernel; the tests
compare the kernel with it on random data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.ranking import rank_groups
from daifa.engine.scorecard._peers import PEER_COLUMNS

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def reference_peer_columns(
    groups: pl.Series,
    credits: pl.DataFrame,
    dimensions: Mapping[str, Sequence[tuple[str, float]]],
    prices: pl.DataFrame,
    price_weight: float,
    *,
    n_samples: int,
    seed: int = 0,
) -> pl.DataFrame:
    """``_peers.peer_columns`` of the raw group names, by sorting and reducing."""
    n = groups.len()
    named = groups.cast(pl.String).str.strip_chars()
    codes = pl.select(pl.when(named != "").then(named)).to_series().cast(pl.Categorical)
    valid = codes.is_not_null().to_numpy()
    g = codes.to_physical().fill_null(0).to_numpy().astype(np.int64)
    sizes = np.bincount(g[valid], minlength=int(g.max(initial=0)) + 1)
    eligible = valid & (sizes[g] >= 2)
    if not eligible.any():
        return pl.DataFrame(schema=PEER_COLUMNS).clear(n=n)
    rows = np.flatnonzero(eligible)
    layout = _Layout(g[rows])
    # Everything below stays in group order: the ranking then finds its input
    # already grouped and skips its own sort; results are put back once, at the end.
    take = rows[layout.order]
    dims = {d: pairs for d, pairs in dimensions.items() if sum(w for _, w in pairs) > 0}
    names = sorted({name for pairs in dims.values() for name, _ in pairs})
    table = _columns(credits, names, take)
    matrix = np.column_stack(
        [_subscore(table, pairs, layout) for pairs in dims.values()]
        + [_price(prices, take, layout)]
    )
    weights = [sum(w for _, w in pairs) for pairs in dims.values()] + [price_weight]
    benefit = [True] * len(dims) + [False]
    grouped = g[take]
    closeness, rank, robust = rank_groups(
        matrix, weights, benefit, grouped, n_samples=n_samples, seed=seed
    )
    closeness, robust = layout.unsort(closeness), layout.unsort(robust)
    rank = layout.unsort(rank)
    return pl.DataFrame(
        {
            "peer_group": pl.select(pl.when(pl.Series(eligible)).then(named)).to_series(),
            "peer_rank": _scatter(n, rows, rank, pl.Int32()),
            "closeness": _scatter(n, rows, closeness, pl.Float64()),
            "robustness": _scatter(n, rows, robust, pl.Float64()),
        }
    )


class _Layout:
    """Eligible rows sorted by group, for NumPy reductions per group."""

    def __init__(self, g: IntArray) -> None:
        self.order = np.argsort(g, kind="stable")
        ordered = g[self.order]
        self.starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        self.counts = np.diff(np.r_[self.starts, ordered.size])

    def spread(self, per_group: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """A per-group value back on every (sorted) row of its group."""
        return np.repeat(per_group, self.counts, axis=0)

    def unsort(self, values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        out = np.empty_like(values)
        out[self.order] = values
        return out


def _columns(frame: pl.DataFrame, names: Sequence[str], take: IntArray) -> dict[str, FloatArray]:
    """The named columns as float arrays (NaN = unknown), rows in group order.

    Polars gathers the rows (in parallel, column by column); a 2-D NumPy gather
    of the same would walk a column-major array row by row.
    """
    picked = frame.select(pl.col(n).cast(pl.Float64).fill_null(np.nan) for n in names)[take]
    return {n: picked.get_column(n).to_numpy() for n in names}


def _subscore(
    table: Mapping[str, FloatArray], pairs: Sequence[tuple[str, float]], layout: _Layout
) -> FloatArray:
    """0–100 over the dimension's criteria, unknown credits at the group's minimum."""
    size = layout.order.size
    earned = np.zeros(size)
    weight = np.zeros(size)
    for name, w in pairs:
        c = table[name]
        with np.errstate(invalid="ignore"):
            lowest = np.fmin.reduceat(c, layout.starts)
        c = np.where(np.isnan(c), layout.spread(lowest), c)
        known = ~np.isnan(c)
        earned += np.where(known, c * w, 0.0)
        weight += np.where(known, w, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weight > 0, 100.0 * earned / weight, 1.0)


def _price(prices: pl.DataFrame, take: IntArray, layout: _Layout) -> FloatArray:
    found = _columns(prices, ["quoted", "landed"], take)
    quoted, landed = found["quoted"], found["landed"]
    all_landed = np.logical_and.reduceat(~np.isnan(landed), layout.starts)
    price = np.where(layout.spread(all_landed), landed, quoted)
    with np.errstate(invalid="ignore"):
        highest = np.fmax.reduceat(price, layout.starts)
    price = np.where(np.isnan(price), layout.spread(highest), price)
    return np.where(np.isnan(price), 1.0, price)


def _scatter(n: int, rows: IntArray, values: npt.NDArray[Any], dtype: pl.DataType) -> pl.Series:
    out = np.full(n, np.nan)
    out[rows] = values
    return pl.Series(out).fill_nan(None).cast(dtype)
