"""An offer's (or an agreement's) MOQ and tier price at a quantity.

The price lookup is the engine's (:func:`daifa.engine.costing.tiers.tier_prices_at`), so an
order is priced exactly as the cost comparison priced it.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import polars as pl

from daifa.engine.costing.tiers import TIERS_DTYPE, Tier, parse_tiers, tier_prices_at


def tiers_of(value: str | list[dict[str, Any]] | None) -> list[Tier]:
    """Tiers from the text form or the stored JSON list; [] when there are none."""
    if not value:
        return []
    if isinstance(value, str):
        return parse_tiers(value)
    return sorted(
        (
            Tier(
                min_qty=int(t["min_qty"]),
                max_qty=None if t.get("max_qty") is None else int(t["max_qty"]),
                price_cny=float(t["price_cny"]),
            )
            for t in value
        ),
        key=lambda t: t["min_qty"],
    )


def price_at(tiers: list[Tier], quantity: int) -> Decimal | None:
    """The tier price at ``quantity``; None without tiers or below the first tier."""
    if not tiers:
        return None
    series = pl.Series("tiers", [tiers], dtype=TIERS_DTYPE)
    price, _ = tier_prices_at(series, quantity)
    value = float(price[0])
    return None if math.isnan(value) else Decimal(str(round(value, 4)))


def moq_of(facts: dict[str, Any], tiers: list[Tier]) -> int | None:
    """The stated MOQ, else the first tier's minimum."""
    moq = facts.get("moq")
    if moq is not None:
        return int(moq)
    return tiers[0]["min_qty"] if tiers else None
