"""Landed cost and profit: what a unit really costs delivered, and whether 3–5× holds.

Pure and vectorised: the engine takes parsed rate cards (``cards``) and an offers frame
and never reads files; ``daifa.sources.ratecards`` loads cards from TOML/CSV and ships
dated example cards.
"""

from __future__ import annotations

from daifa.engine.costing.cards import (
    BulkLane,
    CostSettings,
    CurrencyRates,
    DutyRule,
    LineRate,
    ParcelLine,
    Platform,
    RateCards,
    card_warnings,
    stale_currency_warning,
)
from daifa.engine.costing.choice import FreightChoice, FreightOption, choose_freight
from daifa.engine.costing.landed import (
    LANDED_COLUMNS,
    landed_cost_one,
    landed_costs,
    with_landed_costs,
)
from daifa.engine.costing.tiers import parse_tiers, tier_prices_at

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
    "card_warnings",
    "choose_freight",
    "landed_cost_one",
    "landed_costs",
    "parse_tiers",
    "stale_currency_warning",
    "tier_prices_at",
    "with_landed_costs",
]
