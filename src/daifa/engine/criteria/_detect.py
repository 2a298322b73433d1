"""Flag runners: how each flag's detector (:mod:`daifa.engine.detectors`) is fed and read.

A flag's catalogue entry names its runner (``detector=...``). A runner takes the
screening's inputs and returns the flag's per-row status and its evidence. A
supplier without sales or review rows is *unknown* for that flag, never flagged;
per-supplier results are spread to every offer row of the supplier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from daifa.engine.detectors import (
    detect_price_vs_peers,
    detect_sales_spikes,
    detect_template_reviews,
)
from daifa.engine.groups import GroupedRows
from daifa.engine.kernels import STATUS


@dataclass(frozen=True)
class FlagInputs:
    """What a flag may look at: the supplier rows and the side tables."""

    frame: pl.DataFrame
    sales: pl.DataFrame | None = None
    reviews: pl.DataFrame | None = None
    as_of: date | None = None
    # The rows grouped by ``product_group``, when already known.
    groups: GroupedRows | None = None
    # First day of the whole sales table when ``sales`` is a part of it.
    sales_start: date | None = None


@dataclass(frozen=True)
class FlagOutcome:
    """Per input row ``status``; ``evidence`` keyed by ``key`` (``supplier_id`` or ``_row``)."""

    status: pl.Series
    evidence: pl.DataFrame | None
    key: str


FlagRunner = Callable[[FlagInputs], FlagOutcome]


def unknown_flag(inputs: FlagInputs) -> FlagOutcome:
    """Every row unknown (a flag with nothing to run)."""
    return FlagOutcome(_unknown(inputs.frame.height), None, "supplier_id")


def sales_spike_flag(inputs: FlagInputs) -> FlagOutcome:
    """Inflated sales, from the sales history (per supplier)."""
    return _per_supplier(
        inputs.frame,
        inputs.sales,
        detect_sales_spikes,
        as_of=inputs.as_of,
        groups=_supplier_groups(inputs.frame),
        table_start=inputs.sales_start,
    )


def _supplier_groups(frame: pl.DataFrame) -> pl.DataFrame | None:
    """Who is whose peer for ``sales_spike``: suppliers of one product group."""
    if "product_group" not in frame.columns:
        return None
    return frame.select(pl.col("supplier_id").cast(pl.String), "product_group")


def template_reviews_flag(inputs: FlagInputs) -> FlagOutcome:
    """Templated reviews, from the review texts (per supplier)."""
    return _per_supplier(inputs.frame, inputs.reviews, detect_template_reviews)


def price_vs_peers_flag(inputs: FlagInputs) -> FlagOutcome:
    """A price far below the same product's peers (per offer row)."""
    frame = inputs.frame
    prices: list[str] = [c for c in ("unit_price_cny", "dropship_price_cny") if c in frame.columns]
    if "price_tiers" in frame.columns:
        prices.append("price_tiers")
    if "product_group" not in frame.columns or not prices:
        return FlagOutcome(_unknown(frame.height), None, "_row")
    extra = ["moq"] if "moq" in frame.columns else []
    found = detect_price_vs_peers(
        frame.select("supplier_id", "product_group", *prices, *extra),
        groups=inputs.groups,
        status_dtype=STATUS,
    )
    status = found.get_column("status")
    evidence = found.select(pl.int_range(found.height, dtype=pl.UInt32).alias("_row"), "evidence")
    return FlagOutcome(status, evidence, "_row")


def _unknown(height: int) -> pl.Series:
    return pl.repeat(pl.lit("unknown", dtype=STATUS), height, eager=True).alias("status")


def _per_supplier(
    frame: pl.DataFrame,
    data: pl.DataFrame | None,
    detect: Callable[..., pl.DataFrame],
    **kwargs: Any,
) -> FlagOutcome:
    if data is None or data.height == 0:
        return FlagOutcome(_unknown(frame.height), None, "supplier_id")
    found = detect(data, **kwargs).with_columns(
        pl.col("supplier_id").cast(pl.String), pl.col("status").cast(pl.String).cast(STATUS)
    )
    status = (
        frame.select(pl.col("supplier_id").cast(pl.String))
        .join(
            found.select("supplier_id", "status"),
            on="supplier_id",
            how="left",
            maintain_order="left",
        )
        .get_column("status")
        .fill_null(pl.lit("unknown", dtype=STATUS))
    )
    return FlagOutcome(status, found, "supplier_id")
