"""Writes to a workspace's cost profile. Each service checks the whole result first.

A profile is only saved when its cards, rates and settings build valid engine
settings together (the default line serves the default destination, every currency
a card needs has a rate, ...). Otherwise ``InputError`` names the file, field, value
and what is allowed, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from daifa.accounts.versions import data_version_bump
from daifa.costs.adapters import (
    CARD_KINDS,
    check_settings,
    repair_defaults,
    settings_from_texts,
    texts_of,
)
from daifa.costs.models import CostProfile
from daifa.engine.costing import CostSettings, CurrencyRates
from daifa.engine.errors import InputError
from daifa.sources.ratecards import (
    DEFAULT_SETTINGS,
    card_to_text,
    cards_from_texts,
    currency_rates_from_text,
    settings_from_mapping,
    settings_to_text,
)
from daifa.sources.ratecards.store import save_stored_rates

# What an upload may hold: the files of a seller's folder (see docs/costing.md).
IMPORT_NAMES = (
    *(f"{kind}.{fmt}" for kind in CARD_KINDS for fmt in ("toml", "csv")),
    "currency.toml",
    "currency.csv",
    "settings.toml",
)


@dataclass(frozen=True)
class SaveResult:
    profile: CostProfile
    settings: CostSettings
    # (en, zh) for each default that had to move because the cards no longer offer it
    notes: tuple[tuple[str, str], ...] = ()


def _profile_for_update(workspace: Any) -> CostProfile:
    profile, _ = CostProfile.objects.select_for_update().get_or_create(workspace=workspace)
    return profile


def _check_and_save(profile: CostProfile, user: Any, *, repair: bool) -> SaveResult:
    settings = settings_from_texts(texts_of(profile))
    notes: list[tuple[str, str]] = []
    if repair:
        settings, notes = repair_defaults(settings)
        if notes:
            profile.settings_toml = settings_to_text(settings)
    check_settings(settings)
    profile.updated_by = user if getattr(user, "pk", None) else None
    profile.save()
    # Landed costs feed markup_room and the compare page: the caller re-screens
    # (daifa.workbench.actions.costs_save).
    data_version_bump(workspace=profile.workspace)
    return SaveResult(profile, settings, tuple(notes))


def _set_rates(profile: CostProfile, rates: CurrencyRates) -> None:
    profile.currency_as_of = rates.as_of
    profile.cny_per_unit = dict(rates.cny_per_unit)


@transaction.atomic
def cost_rates_save(
    *, workspace: Any, user: Any, as_of: date, cny_per_unit: Mapping[str, float]
) -> SaveResult:
    """Set the currency rates (CNY per unit) with the date they were looked up."""
    profile = _profile_for_update(workspace)
    codes = tuple((code.strip().upper(), float(rate)) for code, rate in cny_per_unit.items())
    rates = CurrencyRates(as_of, codes)
    _set_rates(profile, rates)
    result = _check_and_save(profile, user, repair=True)
    # the command line (daifa screen, daifa cost) converts with the same stored rates
    save_stored_rates(rates)
    return result


@transaction.atomic
def cost_defaults_save(*, workspace: Any, user: Any, values: Mapping[str, Any]) -> SaveResult:
    """Replace the given default settings (quantity, line, ...); empty values keep theirs."""
    profile = _profile_for_update(workspace)
    current = settings_from_texts(texts_of(profile))
    chosen = settings_from_mapping(values, base=current, label="settings")
    profile.settings_toml = settings_to_text(chosen)
    return _check_and_save(profile, user, repair=False)


@transaction.atomic
def cost_card_save(*, workspace: Any, user: Any, kind: str, text: str) -> SaveResult:
    """Store one card as TOML text; an empty text goes back to the dated example."""
    if kind not in CARD_KINDS:
        raise InputError(
            f"Unknown card {kind!r}; known: {', '.join(CARD_KINDS)}.",
            f"卡片 {kind!r} 不存在;可选:{'、'.join(CARD_KINDS)}。",
            field="kind",
            value=kind,
            allowed=", ".join(CARD_KINDS),
        )
    profile = _profile_for_update(workspace)
    profile.set_card_text(kind, text.strip() and text)
    return _check_and_save(profile, user, repair=True)


@transaction.atomic
def cost_files_import(*, workspace: Any, user: Any, files: Mapping[str, str]) -> SaveResult:
    """Store uploaded card, currency and settings files (names as in a seller's folder).

    CSV cards are stored as TOML, so the editor shows what was read; a TOML file is
    kept as written, comments included. TOML wins over CSV of the same kind.
    """
    unknown = [name for name in files if name not in IMPORT_NAMES]
    if unknown or not files:
        raise _bad_names(unknown)
    profile = _profile_for_update(workspace)
    for name in sorted(files, key=lambda n: not n.endswith(".csv")):
        _import_one(profile, name, files[name])
    return _check_and_save(profile, user, repair="settings.toml" not in files)


def _import_one(profile: CostProfile, name: str, text: str) -> None:
    kind, _, fmt = name.rpartition(".")
    if kind == "currency":
        _import_rates(profile, currency_rates_from_text(text, name=name))
    elif kind == "settings":
        profile.settings_toml = text
    elif fmt == "csv":
        cards = cards_from_texts({name: text})
        own = card_to_text(cards, kind, header={"example": False})
        # A CSV has no "example" header: the example figures sent back unchanged
        # stay marked as examples rather than pass for the seller's own quotes.
        same = getattr(cards, kind) == getattr(DEFAULT_SETTINGS.cards, kind)
        profile.set_card_text(kind, "" if same else own)
    else:
        profile.set_card_text(kind, text)


def _import_rates(profile: CostProfile, rates: CurrencyRates) -> None:
    if rates == DEFAULT_SETTINGS.rates:
        profile.currency_as_of, profile.cny_per_unit = None, {}
    else:
        _set_rates(profile, rates)


def _bad_names(unknown: list[str]) -> InputError:
    allowed = ", ".join(IMPORT_NAMES)
    value = ", ".join(unknown) or "(no file)"
    return InputError(
        f"File {value} is not a cost file; allowed names: {allowed}.",
        f"文件 {value} 不是成本设置文件;允许的文件名:{allowed}。",
        field="file",
        value=value,
        allowed=allowed,
    )
