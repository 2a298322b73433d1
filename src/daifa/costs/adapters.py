"""CostProfile rows <-> the engine's ``CostSettings``: the one place that knows both shapes."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from daifa.costs.models import CARD_FIELDS, CostProfile
from daifa.engine.costing import CostSettings, CurrencyRates, RateCards, landed_cost_one
from daifa.engine.errors import InputError
from daifa.sources.ratecards import (
    DEFAULT_SETTINGS,
    card_header,
    cards_from_texts,
    example_text,
    settings_from_text,
)
from daifa.sources.ratecards.store import load_stored_rates

CARD_KINDS: tuple[str, ...] = tuple(CARD_FIELDS)
SETTINGS_NAME = "settings.toml"
# The defaults a change of cards can leave dangling, with their names in zh.
DEFAULT_LABELS_ZH = {
    "line": "线路",
    "destination": "目的地",
    "platform": "平台",
    "retail_currency": "售价币种",
}


@dataclass(frozen=True)
class ProfileTexts:
    """A hashable snapshot of a profile, so built settings can be cached by content."""

    cards: tuple[tuple[str, str], ...] = ()
    rates: tuple[tuple[str, float], ...] = ()
    rates_as_of: date | None = None
    settings: str = ""


def texts_of(profile: CostProfile | None) -> ProfileTexts:
    """The profile's texts; without rates of its own, the seller's stored rates
    (``daifa rates set``, the same store the rate form saves to) before the examples."""
    stored = _stored_rates()
    if profile is None or profile.currency_as_of is None:
        rates = tuple(sorted(stored.cny_per_unit)) if stored else ()
        as_of = stored.as_of if stored else None
    else:
        rates = tuple(sorted((str(k), float(v)) for k, v in profile.cny_per_unit.items()))
        as_of = profile.currency_as_of
    if profile is None:
        return ProfileTexts(rates=rates, rates_as_of=as_of)
    return ProfileTexts(
        cards=tuple(sorted(profile.card_files().items())),
        rates=rates,
        rates_as_of=as_of,
        settings=profile.settings_toml,
    )


def _stored_rates() -> CurrencyRates | None:
    try:
        return load_stored_rates()
    except InputError:
        # a damaged store must not take the workbench down: the examples stand in
        return None


def rates_of(texts: ProfileTexts) -> CurrencyRates:
    if texts.rates_as_of is None:
        return DEFAULT_SETTINGS.rates
    return CurrencyRates(texts.rates_as_of, texts.rates)


@lru_cache(maxsize=128)
def settings_from_texts(texts: ProfileTexts) -> CostSettings:
    """The engine's settings for a profile; raises ``InputError`` naming what is wrong.

    Cached by content: the screening and the calculator ask for the same settings
    many times, and parsing the cards each time would cost more than the costing.
    """
    if texts == ProfileTexts():
        return DEFAULT_SETTINGS
    cards = cards_from_texts(dict(texts.cards))
    text = texts.settings if texts.settings.strip() else example_text(SETTINGS_NAME)
    return settings_from_text(text, cards=cards, rates=rates_of(texts), name=SETTINGS_NAME)


def check_settings(settings: CostSettings) -> None:
    """Raise ``InputError`` unless the defaults fit the cards and every card has its rates.

    Costing one plain offer resolves the line, destination, platform, duty rule and
    the currencies they need, exactly as a real calculation will.
    """
    landed_cost_one({"unit_price_cny": 1.0, "weight_g": 100.0}, settings)
    # Other platforms and destinations are one click away in the calculator: every
    # currency a card is written in needs a rate now, not when it is first chosen.
    for platform in settings.cards.platforms:
        settings.rates.rate(platform.currency, field_name=f"platform {platform.id!r}")
    for rule in settings.cards.duties:
        settings.rates.rate(rule.currency, field_name=f"duty rule {rule.destination!r}")


def example_parts(texts: ProfileTexts) -> list[str]:
    """Which parts still come from the dated examples: card kinds, "currency", "settings"."""
    own = dict(texts.cards)
    parts = [
        kind
        for kind in CARD_KINDS
        if f"{kind}.toml" not in own or card_header(f"{kind}.toml", own[f"{kind}.toml"])["example"]
    ]
    if texts.rates_as_of is None:
        parts.append("currency")
    if not texts.settings.strip() or tomllib.loads(texts.settings).get("example") is True:
        parts.append("settings")
    return parts


def destinations_of(cards: RateCards, line_id: str) -> list[str]:
    if cards.is_bulk(line_id):
        return [cards.bulk_lane(line_id).destination]
    if line_id in cards.freight_ids():
        return list(cards.line(line_id).destinations)
    return []


def all_destinations(cards: RateCards) -> list[str]:
    found = {d for line in cards.lines for d in line.destinations}
    found |= {lane.destination for lane in cards.bulk}
    return sorted(found)


def repair_defaults(settings: CostSettings) -> tuple[CostSettings, list[tuple[str, str]]]:
    """Move defaults that new cards or rates no longer offer to the first that they do.

    Without this a seller switching to cards with other line ids could save neither the
    cards (the default line is missing) nor the default (it must be one of the cards).
    Returns the settings and one (en, zh) note per moved default.
    """
    cards = settings.cards
    offered = {
        "line": cards.freight_ids(),
        "platform": [p.id for p in cards.platforms],
        "retail_currency": list(settings.rates.currencies),
    }
    changes = {k: ids[0] for k, ids in offered.items() if ids and getattr(settings, k) not in ids}
    served = destinations_of(cards, changes.get("line", settings.line))
    if served and settings.destination not in served:
        changes["destination"] = served[0]
    notes = [_moved_note(name, getattr(settings, name), value) for name, value in changes.items()]
    return settings.replace(**changes), notes


def _moved_note(name: str, old: str, new: str) -> tuple[str, str]:
    label_en = name.replace("_", " ")
    return (
        f"The default {label_en} {old!r} is no longer in your cards or rates; it is now {new!r}.",
        f"默认{DEFAULT_LABELS_ZH[name]} {old!r} 已不在你的卡片或汇率中,已改为 {new!r}。",
    )
