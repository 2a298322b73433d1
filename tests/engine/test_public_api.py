"""The engine's public API, pinned (httpx style): adding a name is a decision,
removing one breaks the callers (the CLI, the workbench, other people's scripts)."""

from __future__ import annotations

import importlib

import daifa.engine

PUBLIC = [
    "BulkLane", "CATALOGUE", "CATALOGUE_IDS", "CategoryRule", "CostSettings", "Criterion",
    "CriterionVerdict", "CurrencyRates", "DEFAULT_CATEGORY_RULES", "DutyRule", "EngineError",
    "Evidence", "FreightChoice", "FreightOption", "GRADE_ACTIONS", "Grades", "InputError",
    "LANDED_COLUMNS", "LineRate", "ParcelLine", "Platform", "Profile", "ProfileError",
    "RateCards", "RowVerdict", "Rule", "SCHEMA_VERSION", "SUMMARY_COLUMNS", "ScreeningResult",
    "Text", "beta_binomial_shrink", "card_warnings", "choose_freight", "criterion",
    "fit_beta_prior", "landed_cost_one", "landed_costs", "parse_tiers",
    "rank_robustness_grouped", "screen", "stale_currency_warning", "topsis", "topsis_grouped",
    "wilson_interval", "with_landed_costs",
]  # fmt: skip
# Public submodules: imported from outside the engine by name.
SUBMODULES = ["criteria", "errors", "profile", "schema", "verdicts", "words"]


def test_the_public_names_are_exactly_these() -> None:
    assert sorted(daifa.engine.__all__) == sorted(PUBLIC)
    assert len(set(daifa.engine.__all__)) == len(daifa.engine.__all__)


def test_every_public_name_exists_and_is_documented() -> None:
    for name in daifa.engine.__all__:
        value = getattr(daifa.engine, name)
        if callable(value):
            assert (value.__doc__ or "").strip(), name


def test_the_public_submodules_import_and_state_their_purpose() -> None:
    for name in SUBMODULES:
        module = importlib.import_module(f"daifa.engine.{name}")
        assert (module.__doc__ or "").strip(), name
