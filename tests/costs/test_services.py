"""Cost-profile services: each stores a whole valid profile or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from tests.costs.cases import LINES, PLATFORMS

from daifa.costs.models import CostProfile
from daifa.costs.selectors import cost_settings_for
from daifa.costs.services import (
    cost_card_save,
    cost_defaults_save,
    cost_files_import,
    cost_rates_save,
)
from daifa.engine.errors import InputError
from daifa.sources.ratecards import DEFAULT_SETTINGS, card_to_text, currency_rates_to_text


def test_the_worked_example_profile_builds_the_engine_settings(worked_example):
    settings = cost_settings_for(worked_example)
    assert (settings.quantity, settings.line, settings.platform) == (50, "demo", "shop")
    assert settings.rates.cny_per_unit == (("USD", 7.0),)
    assert settings.rates.as_of == timezone.localdate()
    assert settings.cards.bulk == () and not settings.cards.example


def test_rates_are_stored_upper_case_with_their_date(personas):
    cost_rates_save(
        workspace=personas.workspace,
        user=personas.alice,
        as_of=date(2026, 11, 20),
        cny_per_unit={**dict(DEFAULT_SETTINGS.rates.cny_per_unit), " mxn ": 0.39},
    )
    profile = CostProfile.objects.get()
    assert profile.currency_as_of == date(2026, 11, 20) and profile.cny_per_unit["MXN"] == 0.39


def test_a_negative_rate_is_refused_and_nothing_is_stored(personas):
    with pytest.raises(InputError) as info:
        cost_rates_save(
            workspace=personas.workspace,
            user=personas.alice,
            as_of=date(2026, 11, 20),
            cny_per_unit={"USD": -7.0},
        )
    assert info.value.field == "cny_per_unit[USD]"
    assert not CostProfile.objects.exists()


def test_defaults_keep_what_is_not_given_and_check_the_combination(worked_example, personas):
    cost_defaults_save(workspace=worked_example, user=personas.bob, values={"quantity": 200})
    settings = cost_settings_for(worked_example)
    assert (settings.quantity, settings.line, settings.ad_cost_per_order_cny) == (200, "demo", 5.0)
    before = CostProfile.objects.get().settings_toml
    with pytest.raises(InputError) as info:
        cost_defaults_save(workspace=worked_example, user=personas.bob, values={"line": "nope"})
    assert info.value.field == "line" and info.value.allowed == "demo"
    assert CostProfile.objects.get().settings_toml == before


def test_an_unknown_card_kind_is_refused(personas):
    with pytest.raises(InputError) as info:
        cost_card_save(workspace=personas.workspace, user=personas.alice, kind="ships", text="")
    assert info.value.field == "kind" and "lines" in info.value.message_en
    assert not CostProfile.objects.exists()


def test_an_empty_card_text_means_the_example(worked_example, personas):
    cost_card_save(workspace=worked_example, user=personas.alice, kind="bulk", text="  \n")
    assert CostProfile.objects.get().bulk_toml == ""


def test_a_csv_upload_is_stored_as_the_sellers_own_toml(personas):
    csv = card_to_text(
        DEFAULT_SETTINGS.cards.replace(lines=DEFAULT_SETTINGS.cards.lines[:1]), "lines", fmt="csv"
    )
    cost_files_import(workspace=personas.workspace, user=personas.alice, files={"lines.csv": csv})
    profile = CostProfile.objects.get()
    assert profile.lines_toml.startswith("example = false")
    assert [line.id for line in cost_settings_for(personas.workspace).cards.lines] == ["yunexpress"]


def test_example_figures_sent_back_as_csv_stay_examples(personas):
    files = {
        "lines.csv": card_to_text(DEFAULT_SETTINGS.cards, "lines", fmt="csv"),
        "currency.csv": currency_rates_to_text(DEFAULT_SETTINGS.rates, fmt="csv"),
    }
    cost_files_import(workspace=personas.workspace, user=personas.alice, files=files)
    profile = CostProfile.objects.get()
    assert profile.lines_toml == "" and profile.currency_as_of is None


def test_toml_wins_over_csv_of_the_same_kind(personas, worked_example):
    csv = card_to_text(DEFAULT_SETTINGS.cards, "platforms", fmt="csv")
    cost_files_import(
        workspace=worked_example,
        user=personas.alice,
        files={"platforms.csv": csv, "platforms.toml": PLATFORMS},
    )
    assert CostProfile.objects.get().platforms_toml == PLATFORMS


def test_an_import_with_one_bad_file_stores_none_of_them(personas, worked_example):
    before = CostProfile.objects.values().get()
    with pytest.raises(InputError) as info:
        cost_files_import(
            workspace=worked_example,
            user=personas.alice,
            files={
                "lines.toml": LINES.replace("per_kg_cny = 100", "per_kg_cny = 90"),
                "currency.csv": "currency,cny_per_unit,as_of\nUSD,7.1,yesterday\n",
            },
        )
    assert (info.value.field, info.value.value) == ("as_of", "yesterday")
    assert "currency.csv row 2" in info.value.message_en
    assert CostProfile.objects.values().get() == before


def test_an_import_of_unknown_files_names_the_allowed_ones(personas):
    with pytest.raises(InputError) as info:
        cost_files_import(workspace=personas.workspace, user=personas.alice, files={"a.csv": ""})
    assert info.value.value == "a.csv" and "lines.csv" in info.value.allowed
    with pytest.raises(InputError):
        cost_files_import(workspace=personas.workspace, user=personas.alice, files={})
    assert not CostProfile.objects.exists()


def test_an_imported_settings_file_is_kept_as_written(personas, worked_example):
    text = '# my defaults\n[cost]\nquantity = 300\nline = "demo"\nplatform = "shop"\n'
    cost_files_import(workspace=worked_example, user=personas.alice, files={"settings.toml": text})
    assert CostProfile.objects.get().settings_toml == text
    assert cost_settings_for(worked_example).quantity == 300
