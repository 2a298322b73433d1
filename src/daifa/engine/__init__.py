"""The screening engine's public API (pure: NumPy/Polars only, no I/O).

``__all__`` is pinned by ``tests/engine/test_public_api.py``: a name added here is
a promise, a name removed breaks callers. The submodules ``schema`` (the canonical
columns), ``criteria`` (the catalogue), ``words`` (the vocabulary) and ``verdicts``
are public too.
"""

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
    card_warnings,
    choose_freight,
    landed_cost_one,
    landed_costs,
    parse_tiers,
    stale_currency_warning,
    with_landed_costs,
)
from daifa.engine.criteria import CATALOGUE, CATALOGUE_IDS, Criterion, Rule, Text, criterion
from daifa.engine.errors import EngineError, InputError, ProfileError
from daifa.engine.profile import (
    DEFAULT_CATEGORY_RULES,
    GRADE_ACTIONS,
    CategoryRule,
    Grades,
    Profile,
)
from daifa.engine.ranking import rank_robustness_grouped, topsis, topsis_grouped
from daifa.engine.rates import beta_binomial_shrink, fit_beta_prior, wilson_interval
from daifa.engine.scorecard import SUMMARY_COLUMNS, ScreeningResult, screen
from daifa.engine.verdicts import SCHEMA_VERSION, CriterionVerdict, Evidence, RowVerdict

__all__ = [
    "CATALOGUE",
    "CATALOGUE_IDS",
    "DEFAULT_CATEGORY_RULES",
    "GRADE_ACTIONS",
    "LANDED_COLUMNS",
    "SCHEMA_VERSION",
    "SUMMARY_COLUMNS",
    "BulkLane",
    "CategoryRule",
    "CostSettings",
    "Criterion",
    "CriterionVerdict",
    "CurrencyRates",
    "DutyRule",
    "EngineError",
    "Evidence",
    "FreightChoice",
    "FreightOption",
    "Grades",
    "InputError",
    "LineRate",
    "ParcelLine",
    "Platform",
    "Profile",
    "ProfileError",
    "RateCards",
    "RowVerdict",
    "Rule",
    "ScreeningResult",
    "Text",
    "beta_binomial_shrink",
    "choose_freight",
    "criterion",
    "fit_beta_prior",
    "landed_cost_one",
    "landed_costs",
    "parse_tiers",
    "rank_robustness_grouped",
    "screen",
    "card_warnings",
    "stale_currency_warning",
    "topsis",
    "topsis_grouped",
    "wilson_interval",
    "with_landed_costs",
]
