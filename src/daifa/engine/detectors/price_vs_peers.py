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

from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.costing.tiers import TIERS_DTYPE, tier_prices_at
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
    min_peers: int = 2,
    unit_gap_pct: float = 70.0,
    moq_ratio: float = 10.0,
    quantity: int | None = None,
    groups: GroupedRows | None = None,
    status_dtype: pl.DataType | None = None,
) -> pl.DataFrame:
    """Flag offers priced more than ``below_pct`` % below their peers' mean.

    Parameters
    ----------
    offers : polars.DataFrame
        Canonical offer rows with ``supplier_id``, ``product_group`` and at least
        one of ``unit_price_cny`` / ``dropship_price_cny`` / ``price_tiers`` (a
        missing column is read as all unknown); ``moq`` when known.
    below_pct : float
        Percentage below the peer mean that raises the flag, in [0, 100).
    min_peers : int
        Other suppliers with a comparable price the group needs (>= 1); fewer ->
        unknown. The default 2 judges a group of three, as the seed guide's
        "compare 3-5 suppliers" asks.
    unit_gap_pct : float
        A gap larger than this (70 %) is more likely a unit or pack-size
        mismatch (per piece against per 10-pack) than a cheaper quote: unknown,
        "check the unit", never a price trap.
    moq_ratio : float
        Prices quoted at minimum orders further apart than this factor (MOQ
        1000 against peers' MOQ 2) are not compared: unknown, "not comparable".
    quantity : int, optional
        The seller's quantity: tiered offers are priced at it (at least their
        first tier). Without it, tiered offers are priced at the largest MOQ of
        their group, the smallest quantity every supplier there quotes for.
    groups : GroupedRows, optional
        ``group_rows(offers["product_group"])`` when the caller has it already.
    status_dtype : polars.DataType, optional
        The dtype of ``status``: String by default; the scorecard asks for its
        Enum (a million statuses made as text and then cast cost a pass more).

    Returns
    -------
    polars.DataFrame
        One row per input row, same order: ``status`` ("pass" | "fail" |
        "unknown") and ``evidence``, a struct of ``group_mean`` (the peers'
        mean, CNY), ``n_peers``, ``pct_below_mean`` (positive = cheaper than the
        peers), ``price``, ``price_field`` (which column the price came from),
        ``basis`` ("unit": a wholesale or tier price; "dropship"), ``quantity``
        (the order size the price is for), ``peer_moq`` (the peers' typical
        MOQ) and ``reason`` (why an unknown is unknown: "no_price",
        "no_group", "few_peers", "other_basis", "moq_mismatch", "unit_check"; else null).

    Examples
    --------
    >>> frame = pl.DataFrame({"supplier_id": ["a", "b", "c", "d"],
    ...                       "product_group": ["bag"] * 4,
    ...                       "unit_price_cny": [10.0, 10.0, 10.0, 7.0]})
    >>> detect_price_vs_peers(frame)["status"].to_list()
    ['pass', 'pass', 'pass', 'fail']
    """
    _check_settings(below_pct, min_peers)
    _require(offers, ("supplier_id", "product_group"), table=_TABLE)
    grouped = groups if groups is not None else group_rows(offers.get_column("product_group"))
    frame = _prices(offers, grouped, quantity)
    ids = frame.get_column("supplier_id")
    keys = _hashed(ids)
    found: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    quantity_of = frame.get_column("quantity").fill_null(np.nan).to_numpy()
    # Gated on the column, never on its values: a row's evidence must not depend
    # on which other groups are screened with it (the supplier page screens one).
    moq_known = "moq" in offers.columns or "price_tiers" in offers.columns
    # A supplier with both prices is a peer on both bases; its own verdict uses its basis.
    for basis, column in (("unit", "unit_price"), ("dropship", "dropship_price")):
        prices = frame.get_column(column).fill_null(np.nan).to_numpy()
        means, counts, _ = _peer_means(grouped, ids, keys, prices)
        peer_moq = np.full(prices.size, np.nan)  # unknown: never "not comparable"
        # Dropship prices are all for one piece: only the unit basis has MOQs.
        if basis == "unit" and moq_known:
            log_moq = np.where(np.isnan(prices), np.nan, np.log(quantity_of))
            peer_moq = np.exp(_peer_means(grouped, ids, keys, log_moq)[0])
        found[basis] = (means, counts, peer_moq)
    is_unit = (frame.get_column("basis") == "unit").fill_null(False).to_numpy()
    other = np.where(is_unit, found["dropship"][1], found["unit"][1])
    frame = frame.with_columns(
        pl.Series("group_mean", np.where(is_unit, found["unit"][0], found["dropship"][0])).fill_nan(
            None
        ),
        pl.Series("n_peers", np.where(is_unit, found["unit"][1], found["dropship"][1])),
        pl.Series("peer_moq", np.where(is_unit, found["unit"][2], found["dropship"][2])).fill_nan(
            None
        ),
        pl.Series("_other_basis", other),
    )
    pct = (pl.col("group_mean") - pl.col("price")) / pl.col("group_mean") * 100.0
    apart = pl.max_horizontal(
        pl.col("quantity") / pl.col("peer_moq"), pl.col("peer_moq") / pl.col("quantity")
    )
    reason = (
        pl.when(pl.col("price").is_null())
        .then(pl.lit("no_price"))
        .when(pl.Series(grouped.names.is_null()))
        .then(pl.lit("no_group"))
        .when((pl.col("n_peers") < min_peers) & (pl.col("_other_basis") >= min_peers))
        .then(pl.lit("other_basis"))
        .when(pl.col("n_peers") < min_peers)
        .then(pl.lit("few_peers"))
        .when(apart > moq_ratio)
        .then(pl.lit("moq_mismatch"))
        .when(pl.col("pct_below_mean") > unit_gap_pct)
        .then(pl.lit("unit_check"))
    )
    dtype = status_dtype or pl.String()
    status = (
        pl.when(pl.col("reason").is_not_null())
        .then(pl.lit(UNKNOWN, dtype=dtype))
        .when(pl.col("pct_below_mean") > below_pct)
        .then(pl.lit(FAIL, dtype=dtype))
        .otherwise(pl.lit(PASS, dtype=dtype))
    )
    return (
        frame.lazy()
        .with_columns(pct.alias("pct_below_mean"))
        .with_columns(reason.alias("reason"))
        .select(
            status.alias("status"),
            pl.struct(
                "group_mean",
                "n_peers",
                "pct_below_mean",
                "price",
                "price_field",
                "basis",
                "quantity",
                "peer_moq",
                "reason",
            ).alias("evidence"),
        )
        .collect(engine="in-memory")  # whole columns: the scorecard's frame keeps them
    )


def _peer_means(
    grouped: GroupedRows, ids: pl.Series, keys: npt.NDArray[np.uint64], values: npt.NDArray[Any]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Leave-one-supplier-out means of ``values`` (NaN = none) with the compiled kernel."""
    values = np.ascontiguousarray(values, dtype=np.float64)
    if np.isnan(values).all():
        # Nobody has a value (a file without dropship prices): no peer has one
        # either. What the kernel would find after a pass over every row.
        rows = np.arange(values.size, dtype=np.int64)
        return np.full(values.size, np.nan), np.zeros(values.size, dtype=np.int64), rows
    means, counts, same = _in_group_order_means(grouped, keys, values)
    if _keys_collide(ids, same):
        codes = ids.cast(pl.Categorical).to_physical().cast(pl.UInt64).to_numpy()
        means, counts, same = _in_group_order_means(grouped, codes, values)
    return means, counts, same


def _in_group_order_means(
    grouped: GroupedRows, keys: npt.NDArray[Any], values: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The kernel's means with its inputs copied into group order first.

    The kernel then reads each group from one place instead of looking every row up
    in the whole column (40 % less time); each group's rows keep their input order,
    so every sum is taken in the same order and the means are the same to the bit.
    """
    from daifa.engine._compiled import peer_means

    order = grouped.order
    positions = np.arange(order.size, dtype=np.int64)
    means, counts, same = peer_means(positions, grouped.starts, keys[order], values[order])
    # Back to input rows; rows in no group keep what the kernel gives them.
    out_means = np.full(values.size, np.nan)
    out_counts = np.zeros(values.size, dtype=np.int64)
    out_same = np.arange(values.size, dtype=np.int64)
    out_means[order] = means
    out_counts[order] = counts
    out_same[order] = order[same]
    return out_means, out_counts, out_same


def _hashed(ids: pl.Series) -> npt.NDArray[np.uint64]:
    return ids.hash(seed=0).to_numpy()


def _keys_collide(ids: pl.Series, same: npt.NDArray[np.int64]) -> bool:
    """Whether two different ids of one group were given the same key."""
    rows = np.flatnonzero(same != np.arange(same.size))
    if rows.size == 0:
        return False
    return bool((ids.gather(rows) != ids.gather(same[rows])).any())


def _prices(offers: pl.DataFrame, grouped: GroupedRows, quantity: int | None) -> pl.DataFrame:
    """Per offer: supplier_id, price, price_field, basis and the quantity it is for.

    A wholesale price (``unit_price_cny``, or the tiers at the compared
    quantity) and a dropship price are different bases, never compared with
    each other. The quantity a flat price is for is its MOQ (1 when unknown).
    """
    _require(offers, ("supplier_id", "product_group"), table=_TABLE)
    columns = {
        name: cast_column(offers, name, pl.Float64(), table=_TABLE)
        if name in offers.columns
        else pl.repeat(None, offers.height, dtype=pl.Float64, eager=True).alias(name)
        for name in (*PRICE_COLUMNS, "moq")
    }
    for name in PRICE_COLUMNS:
        _check_positive(columns[name], name)
    moq = columns["moq"].to_numpy()
    tier_price = np.full(offers.height, np.nan)
    tier_quantity = np.full(offers.height, np.nan)
    tiers = offers.get_column("price_tiers") if "price_tiers" in offers.columns else None
    if (
        tiers is not None
        and tiers.dtype == TIERS_DTYPE
        and (tiers.list.len().fill_null(0) > 0).any()
    ):
        _, first_min = tier_prices_at(tiers, 1)
        own_moq = np.where(np.isnan(moq), first_min, moq)
        wanted = _group_max(grouped, own_moq) if quantity is None else np.full(moq.size, quantity)
        tier_quantity = np.fmax(wanted, first_min)
        tier_price = _prices_at(tiers, tier_quantity)
        tier_quantity = np.where(np.isnan(tier_price), np.nan, tier_quantity)
    unit, dropship = columns["unit_price_cny"].to_numpy(), columns["dropship_price_cny"].to_numpy()
    use_tiers = ~np.isnan(tier_price) & (np.isnan(unit) | (quantity is not None))
    unit_price = np.where(use_tiers, tier_price, unit)
    # Small integer codes, named once in Polars: NumPy string arrays of a million
    # rows cost more than the whole peer comparison.
    field = np.where(
        use_tiers, 3, np.where(~np.isnan(unit), 1, np.where(~np.isnan(dropship), 2, 0))
    ).astype(np.int8)
    basis = np.where(~np.isnan(unit_price), 1, np.where(~np.isnan(dropship), 2, 0)).astype(np.int8)
    on_moq = np.where(np.isnan(moq), 1.0, moq)
    qty = np.where(use_tiers, tier_quantity, np.where(basis == 2, 1.0, on_moq))
    return pl.DataFrame(
        [
            offers.get_column("supplier_id").cast(pl.String),
            pl.Series("unit_price", unit_price, nan_to_null=True),
            pl.Series("dropship_price", dropship, nan_to_null=True),
            pl.Series("price", np.where(basis == 1, unit_price, dropship), nan_to_null=True),
            # Each row's name gathered from the few names: no look-up per row.
            _FIELD_NAMES.gather(field).alias("price_field"),
            _BASIS_NAMES.gather(basis).alias("basis"),
            pl.Series("quantity", np.where(basis == 0, np.nan, qty), nan_to_null=True),
        ]
    )


# By code: 0 none, then the fields (1-3) and the bases (1-2).
_FIELD_NAMES = pl.Series(
    [None, "unit_price_cny", "dropship_price_cny", "price_tiers"], dtype=pl.String
)
_BASIS_NAMES = pl.Series([None, "unit", "dropship"], dtype=pl.String)


def _group_max(grouped: GroupedRows, values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each row's group maximum of ``values`` (NaN ignored; NaN outside any group)."""
    out = np.full(values.size, np.nan)
    sizes = np.diff(grouped.starts)
    filled = sizes > 0
    if not filled.any():
        return out
    # fmax skips NaN, so a group's unknown MOQs do not hide its known ones.
    maxes = np.fmax.reduceat(values[grouped.order], grouped.starts[:-1][filled])
    out[grouped.order] = np.repeat(maxes, sizes[filled])
    return out


def _prices_at(tiers: pl.Series, quantities: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each offer's tier price at its own quantity (NaN below the first tier)."""
    price = np.full(quantities.size, np.nan)
    for q in np.unique(quantities[~np.isnan(quantities)]):
        rows = np.flatnonzero(quantities == q)
        at, _ = tier_prices_at(tiers.gather(rows), int(q))
        price[rows] = at
    return price


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
