from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404

from daifa.catalog.models import Offer
from daifa.costs.adapters import example_parts, settings_from_texts, texts_of
from daifa.costs.models import CostProfile
from daifa.engine.costing import CostSettings, card_warnings, stale_currency_warning
from daifa.sources.ratecards import DEFAULT_SETTINGS, example_text
from daifa.text import Text


def cost_profile_of(workspace: Any) -> CostProfile | None:
    return CostProfile.objects.filter(workspace=workspace).first()


def cost_settings_for(workspace: Any) -> CostSettings:
    """The workspace's own cost settings and cards, else the dated examples."""
    return settings_from_texts(texts_of(cost_profile_of(workspace)))


@dataclass(frozen=True)
class CostOverview:
    """What the cost pages show about where the figures come from."""

    profile: CostProfile | None
    settings: CostSettings
    example_parts: tuple[str, ...]
    # (en, zh) when the currency rates are more than a week old
    stale: Text | None
    # (en, zh) per card not checked for 90 days and per rule past its valid_to
    card_warnings: tuple[Text, ...] = ()

    @property
    def examples_as_of(self) -> date | None:
        return DEFAULT_SETTINGS.cards.as_of

    def card_text(self, kind: str) -> str:
        """The card as the editor shows it: the seller's text, else the example's."""
        own = self.profile.card_text(kind) if self.profile else ""
        return own if own.strip() else example_text(f"{kind}.toml")


def cost_overview_for(workspace: Any, *, today: date) -> CostOverview:
    profile = cost_profile_of(workspace)
    texts = texts_of(profile)
    settings = settings_from_texts(texts)
    return CostOverview(
        profile=profile,
        settings=settings,
        example_parts=tuple(example_parts(texts)),
        stale=stale_currency_warning(settings.rates, today),
        card_warnings=tuple(card_warnings(settings.cards, today)),
    )


def get_offer_for_user(workspace: Any, offer_id: int) -> Offer:
    """An offer of this workspace (its facts prefill the calculator), else 404."""
    offer = Offer.objects.filter(workspace=workspace, pk=offer_id).select_related("supplier")
    found = offer.first()
    if found is None:
        raise Http404("no such offer")
    return found


def tiers_text(tiers: Any) -> str:
    """Stored tiers (a list of {min_qty, max_qty, price_cny}) as the calculator's text."""
    if isinstance(tiers, str):
        return tiers
    parts = []
    for tier in tiers or []:
        span = (
            f"{tier['min_qty']}+"
            if tier.get("max_qty") is None
            else (f"{tier['min_qty']}-{tier['max_qty']}")
        )
        parts.append(f"{span}:{tier['price_cny']:g}")
    return ";".join(parts)


OFFER_PREFILL = (
    "unit_price_cny",
    "dropship_price_cny",
    "moq",
    "weight_g",
    "length_cm",
    "width_cm",
    "height_cm",
    "extra_fees_cny",
    "target_retail_price",
    "retail_currency",
)


def offer_prefill(offer: Offer) -> dict[str, Any]:
    """The calculator's fields that an offer's facts (and its supplier's) can fill."""
    facts = {**offer.supplier.facts, **offer.facts}
    values: dict[str, Any] = {k: facts[k] for k in OFFER_PREFILL if facts.get(k) is not None}
    if isinstance(values.get("retail_currency"), str):
        values["retail_currency"] = values["retail_currency"].strip().upper()
    if facts.get("price_tiers"):
        values["price_tiers"] = tiers_text(facts["price_tiers"])
    if offer.category or facts.get("category"):
        values["category"] = offer.category or facts["category"]
    for name in ("quote_all_inclusive", "sample_fee_deductible"):
        if facts.get(name) is not None:
            values[name] = "yes" if facts[name] else "no"
    return values
