"""``price_vs_peers``: a quote far below what other suppliers ask for the same product.

The seed guide (3.1): compare 3-5 suppliers of the same product; a quote more
than 20 % below their mean hints at cut corners (recycled material instead of
new). The flag is raised (``fail``) when the row's price is more than
``below_pct`` % below the mean of its peers.

Choice of the mean: **leave-one-supplier-out**. A row is compared with the
*other* suppliers of its ``product_group``, never with itself: a low outlier
included in its own mean drags that mean down and hides itself (with three
suppliers at 10, 10 and 7, the mean including 7 is 9 and 7 is only 22 % below;
against its peers, 10, it is 30 % below). Each peer supplier weighs once, as the
mean of its own priced offers in the group, so a supplier listing the same
product five times does not outvote the others. ``n_peers`` counts those other
suppliers; fewer than ``min_peers`` gives ``unknown``.

The price is ``unit_price_cny``; when it is null, ``dropship_price_cny``. A
null or blank ``product_group`` is no group (unknown).

The means come from one compiled pass over the groups
(:func:`daifa.engine._compiled.peer_means`); suppliers are told apart by a
64-bit hash of their id; rows of one group that share a hash are checked to
share the id too (if two ids ever shared a hash, exact integer codes are used
instead).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.detectors._common import FAIL, PASS, UNKNOWN, cast_column, first_bad_row
from daifa.engine.detectors._common import require_columns as _require
from daifa.engine.errors import InputError
from daifa.engine.groups import GroupedRows, group_rows

PRICE_COLUMNS = ("unit_price_cny", "dropship_price_cny")
_TABLE = "offers"


def detect_price_vs_peers(
    offers: pl.DataFrame,
    *,
    below_pct: float = 20.0,
    min_peers: int = 3,
    groups: GroupedRows | None = None,
) -> pl.DataFrame:
    """Flag offers priced more than ``below_pct`` % below their peers' mean.

    Parameters
    ----------
    offers : polars.DataFrame
        Canonical offer rows with ``supplier_id``, ``product_group`` and at least
        one of ``unit_price_cny`` / ``dropship_price_cny`` (a missing column is
        read as all unknown).
    below_pct : float
        Percentage below the peer mean that raises the flag, in [0, 100).
    min_peers : int
        Other suppliers with a price the group needs (>= 1); fewer -> unknown.
    groups : GroupedRows, optional
        ``group_rows(offers["product_group"])`` when the caller has it already.

    Returns
    -------
    polars.DataFrame
        One row per input row, same order: ``status`` ("pass" | "fail" |
        "unknown") and ``evidence``, a struct of ``group_mean`` (the peers'
        mean, CNY), ``n_peers``, ``pct_below_mean`` (positive = cheaper than the
        peers), ``price`` and ``price_field`` (which column the price came from).

    Examples
    --------
    >>> frame = pl.DataFrame({"supplier_id": ["a", "b", "c", "d"],
    ...                       "product_group": ["bag"] * 4,
    ...                       "unit_price_cny": [10.0, 10.0, 10.0, 7.0]})
    >>> detect_price_vs_peers(frame)["status"].to_list()
    ['pass', 'pass', 'pass', 'fail']
    """
    _check_settings(below_pct, min_peers)
    frame = _prices(offers)
    from daifa.engine._compiled import peer_means

    grouped = groups if groups is not None else group_rows(offers.get_column("product_group"))
    ids = frame.get_column("supplier_id")
    prices = frame.get_column("price").fill_null(np.nan).to_numpy()
    means, counts, same = peer_means(grouped.order, grouped.starts, _hashed(ids), prices)
    if _keys_collide(ids, same):
        codes = ids.cast(pl.Categorical).to_physical().cast(pl.UInt64).to_numpy()
        means, counts, _ = peer_means(grouped.order, grouped.starts, codes, prices)
    frame = frame.with_columns(
        pl.Series("group_mean", means).fill_nan(None), pl.Series("n_peers", counts)
    )
    pct = (pl.col("group_mean") - pl.col("price")) / pl.col("group_mean") * 100.0
    status = (
        pl.when(pl.col("price").is_null() | (pl.col("n_peers") < min_peers))
        .then(pl.lit(UNKNOWN))
        .when(pl.col("pct_below_mean") > below_pct)
        .then(pl.lit(FAIL))
        .otherwise(pl.lit(PASS))
    )
    return (
        frame.lazy()
        .with_columns(pct.alias("pct_below_mean"))
        .select(
            status.alias("status"),
            pl.struct("group_mean", "n_peers", "pct_below_mean", "price", "price_field").alias(
                "evidence"
            ),
        )
        .collect()
    )


def _hashed(ids: pl.Series) -> npt.NDArray[np.uint64]:
    return ids.hash(seed=0).to_numpy()


def _keys_collide(ids: pl.Series, same: npt.NDArray[np.int64]) -> bool:
    """Whether two different ids of one group were given the same key."""
    rows = np.flatnonzero(same != np.arange(same.size))
    if rows.size == 0:
        return False
    return bool((ids.gather(rows) != ids.gather(same[rows])).any())


def _prices(offers: pl.DataFrame) -> pl.DataFrame:
    """supplier_id, price and price_field, one row per offer."""
    _require(offers, ("supplier_id", "product_group"), table=_TABLE)
    columns = {
        name: cast_column(offers, name, pl.Float64(), table=_TABLE)
        if name in offers.columns
        else pl.Series(name, [None] * offers.height, dtype=pl.Float64)
        for name in PRICE_COLUMNS
    }
    for name, values in columns.items():
        _check_positive(values, name)
    unit, dropship = pl.col("unit_price_cny"), pl.col("dropship_price_cny")
    field = (
        pl.when(unit.is_not_null())
        .then(pl.lit("unit_price_cny"))
        .when(dropship.is_not_null())
        .then(pl.lit("dropship_price_cny"))
    )
    return pl.DataFrame(
        {
            "supplier_id": offers.get_column("supplier_id").cast(pl.String),
            **columns,
        }
    ).select(
        "supplier_id",
        unit.fill_null(dropship).alias("price"),
        field.alias("price_field"),
    )


def _check_positive(values: pl.Series, name: str) -> None:
    row = first_bad_row(~values.is_finite() | (values <= 0))
    if row is not None:
        raise InputError(
            f"{_TABLE} row {row}, {name}: value {values[row]} is not a price; "
            "it must be a number > 0",
            f"{_TABLE} 第 {row} 行 {name}:值 {values[row]} 不是有效价格;必须是大于 0 的数",
            field=name,
            value=values[row],
            row=row,
            allowed="> 0",
        )


def _check_settings(below_pct: float, min_peers: int) -> None:
    if not (0.0 <= below_pct < 100.0):
        raise InputError(
            f"below_pct: {below_pct!r} is not allowed; use a percentage in [0, 100)",
            f"below_pct(低于均价百分比):{below_pct!r} 不允许;请使用 [0, 100) 之间的百分比",
            field="below_pct",
            value=below_pct,
            allowed="[0, 100)",
        )
    if isinstance(min_peers, bool) or not isinstance(min_peers, int) or min_peers < 1:
        raise InputError(
            f"min_peers: {min_peers!r} is not allowed; use an integer >= 1",
            f"min_peers(最少同行数):{min_peers!r} 不允许;请使用 >= 1 的整数",
            field="min_peers",
            value=min_peers,
            allowed=">= 1",
        )
