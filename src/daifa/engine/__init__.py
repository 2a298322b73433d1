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
from daifa.engine.ranking import rank_robustness_grouped, topsis, topsis_grouped
from daifa.engine.rates import beta_binomial_shrink, fit_beta_prior, wilson_interval

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
    "beta_binomial_shrink",
    "choose_freight",
    "fit_beta_prior",
    "landed_cost_one",
    "landed_costs",
    "parse_tiers",
    "rank_robustness_grouped",
    "stale_currency_warning",
    "topsis",
    "topsis_grouped",
    "wilson_interval",
    "with_landed_costs",
]
