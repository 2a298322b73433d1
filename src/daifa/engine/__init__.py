"""The screening engine's public API (pure: NumPy/Polars only, no I/O)."""

from __future__ import annotations

from daifa.engine.costing import (
    LANDED_COLUMNS,
    BulkLane,
    CostSettings,
    CurrencyRates,
    DutyRule,
    FreightChoice,
    FreightOption,
    LineRate,
    ParcelLine,
    Platform,
    RateCards,
    choose_freight,
    landed_cost_one,
    landed_costs,
    parse_tiers,
    stale_currency_warning,
    with_landed_costs,
)

__all__ = [
    "LANDED_COLUMNS",
    "BulkLane",
    "CostSettings",
    "CurrencyRates",
    "DutyRule",
    "FreightChoice",
    "FreightOption",
    "LineRate",
    "ParcelLine",
    "Platform",
    "RateCards",
    "choose_freight",
    "landed_cost_one",
    "landed_costs",
    "parse_tiers",
    "stale_currency_warning",
    "with_landed_costs",
]
