"""What the screening and the pages read: the workspace's settings, else the examples."""

from __future__ import annotations

from datetime import date

from daifa.catalog.models import Offer, Supplier
from daifa.costs.models import CostProfile
from daifa.costs.selectors import (
    cost_overview_for,
    cost_settings_for,
    offer_prefill,
    tiers_text,
)
from daifa.sources.ratecards import DEFAULT_SETTINGS
from daifa.sources.ratecards.store import load_stored_rates, stored_rates_path


def test_a_workspace_without_a_profile_uses_the_default_settings(personas):
    assert cost_settings_for(personas.workspace) is DEFAULT_SETTINGS
    CostProfile.objects.create(workspace=personas.workspace)  # an empty profile too
    assert cost_settings_for(personas.workspace) is DEFAULT_SETTINGS


def test_each_workspace_gets_its_own_settings(personas, worked_example):
    stored_rates_path().unlink()  # alice's rate form also saved the stored rates
    assert cost_settings_for(worked_example).line == "demo"
    assert cost_settings_for(personas.charlie_workspace) is DEFAULT_SETTINGS


def test_a_workspace_without_rates_of_its_own_uses_the_stored_rates(personas, worked_example):
    # the rate form saves to the store `daifa rates set` writes: the CLI converts alike
    stored = load_stored_rates()
    assert stored is not None and dict(stored.cny_per_unit) == {"USD": 7.0}
    charlie = cost_settings_for(personas.charlie_workspace)
    assert charlie.rates == stored and charlie.line == DEFAULT_SETTINGS.line
    overview = cost_overview_for(personas.charlie_workspace, today=date(2026, 11, 23))
    assert "currency" not in overview.example_parts


def test_settings_are_built_once_per_content(personas, worked_example):
    # the screening asks for every offer row batch: parse the cards once
    assert cost_settings_for(worked_example) is cost_settings_for(worked_example)


def test_the_overview_lists_the_parts_still_from_examples(personas, worked_example):
    stored_rates_path().unlink()
    fresh = cost_overview_for(worked_example, today=date(2026, 11, 23))
    assert fresh.example_parts == ()
    examples = cost_overview_for(personas.charlie_workspace, today=date(2026, 11, 23))
    assert examples.example_parts == (
        "lines",
        "bulk",
        "platforms",
        "duties",
        "currency",
        "settings",
    )
    assert examples.examples_as_of == date(2026, 11, 1)
    assert examples.stale is not None and "22 days old" in examples.stale.en
    assert cost_overview_for(personas.charlie_workspace, today=date(2026, 11, 8)).stale is None


def test_a_card_marked_example_still_counts_as_an_example(personas, worked_example):
    CostProfile.objects.filter(workspace=worked_example).update(
        bulk_toml='example = true\nas_of = "2026-11-01"\n'
    )
    overview = cost_overview_for(worked_example, today=date(2026, 11, 23))
    assert overview.example_parts == ("bulk",)


def test_stored_tiers_become_the_calculators_text():
    tiers = [
        {"min_qty": 2, "max_qty": 49, "price_cny": 12.5},
        {"min_qty": 50, "max_qty": None, "price_cny": 11.0},
    ]
    assert tiers_text(tiers) == "2-49:12.5;50+:11"
    assert tiers_text("1+:3") == "1+:3" and tiers_text(None) == ""


def test_an_offer_prefills_from_its_facts_and_its_suppliers(personas):
    supplier = Supplier.objects.create(
        workspace=personas.workspace, external_id="S1", facts={"sample_fee_deductible": False}
    )
    offer = Offer.objects.create(
        workspace=personas.workspace,
        supplier=supplier,
        external_id="O1",
        category="3C",
        facts={
            "unit_price_cny": 9.5,
            "moq": 2,
            "quote_all_inclusive": True,
            "weight_g": None,
            "retail_currency": "usd",
        },
    )
    assert offer_prefill(offer) == {
        "unit_price_cny": 9.5,
        "moq": 2,
        "retail_currency": "USD",
        "category": "3C",
        "quote_all_inclusive": "yes",
        "sample_fee_deductible": "no",
    }


def test_the_overview_warns_about_old_cards_and_expired_rules(personas):
    overview = cost_overview_for(personas.charlie_workspace, today=date(2027, 6, 1))
    assert any("last checked on 2026-12-06" in w.en for w in overview.card_warnings)
    assert (
        cost_overview_for(personas.charlie_workspace, today=date(2026, 12, 6)).card_warnings == ()
    )
