"""The three flags, computed by the detectors of :mod:`daifa.engine.detectors`.

A supplier without sales or review rows is *unknown* for that flag, never
flagged. Per-supplier results are spread to every offer row of the supplier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from daifa.engine import detectors
from daifa.engine.groups import GroupedRows
from daifa.engine.kernels import STATUS


@dataclass(frozen=True)
class FlagOutcome:
    """Per input row ``status``; ``evidence`` keyed by ``key`` (``supplier_id`` or ``_row``)."""

    status: pl.Series
    evidence: pl.DataFrame | None
    key: str


def run_flags(
    frame: pl.DataFrame,
    *,
    sales: pl.DataFrame | None,
    reviews: pl.DataFrame | None,
    as_of: date | None,
    groups: GroupedRows | None = None,
) -> dict[str, FlagOutcome]:
    """Every flag's per-row status and its evidence table.

    ``groups`` is the rows grouped by ``product_group``, when already known.
    """
    return {
        "sales_spike": _per_supplier(
            frame, sales, "detect_sales_spikes", as_of=as_of, groups=_supplier_groups(frame)
        ),
        "template_reviews": _per_supplier(frame, reviews, "detect_template_reviews"),
        "price_vs_peers": _price_vs_peers(frame, groups),
    }


def _supplier_groups(frame: pl.DataFrame) -> pl.DataFrame | None:
    """Who is whose peer for ``sales_spike``: suppliers of one product group."""
    if "product_group" not in frame.columns:
        return None
    return frame.select(pl.col("supplier_id").cast(pl.String), "product_group")


def _unknown(height: int) -> pl.Series:
    return pl.repeat(pl.lit("unknown", dtype=STATUS), height, eager=True).alias("status")


def _detector(name: str) -> Any:
    # The detectors are a colleague's module; a detector not written yet leaves
    # its flag unknown (never a failure) instead of breaking the whole screen.
    return getattr(detectors, name, None)


def _per_supplier(
    frame: pl.DataFrame, data: pl.DataFrame | None, name: str, **kwargs: Any
) -> FlagOutcome:
    detect = _detector(name)
    if data is None or data.height == 0 or detect is None:
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


def _price_vs_peers(frame: pl.DataFrame, groups: GroupedRows | None) -> FlagOutcome:
    prices = [c for c in ("unit_price_cny", "dropship_price_cny") if c in frame.columns]
    if "price_tiers" in frame.columns:
        prices.append("price_tiers")
    detect = _detector("detect_price_vs_peers")
    if "product_group" not in frame.columns or not prices or detect is None:
        return FlagOutcome(_unknown(frame.height), None, "_row")
    extra = ["moq"] if "moq" in frame.columns else []
    found = detect(frame.select("supplier_id", "product_group", *prices, *extra), groups=groups)
    status = found.get_column("status").cast(pl.String).cast(STATUS)
    evidence = found.select(pl.int_range(found.height, dtype=pl.UInt32).alias("_row"), "evidence")
    return FlagOutcome(status, evidence, "_row")
