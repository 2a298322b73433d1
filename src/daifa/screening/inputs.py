"""A workspace as the engine's input frames (offer rows, sales, reviews, costs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from django.utils import timezone

from daifa.catalog.adapters import workspace_frames
from daifa.catalog.models import Review
from daifa.engine.errors import EngineError
from daifa.engine.profile import Profile
from daifa.engine.schema import REVIEW_COLUMNS


@dataclass(frozen=True)
class Inputs:
    offers: pl.DataFrame
    sales: pl.DataFrame
    reviews: pl.DataFrame
    notes: tuple[str, ...] = ()


def reviews_frame(workspace, supplier_ids=None) -> pl.DataFrame:
    rows = Review.objects.filter(workspace=workspace)
    if supplier_ids is not None:
        rows = rows.filter(supplier__external_id__in=supplier_ids)
    data = rows.values_list(
        "supplier__external_id", "offer_external_id", "text", "rating", "written_at"
    )
    return pl.DataFrame(
        [
            (s, o or None, t, r, timezone.localtime(w).replace(tzinfo=None) if w else None)
            for s, o, t, r, w in data
        ],
        schema=list(REVIEW_COLUMNS.items()),
        orient="row",
    )


def _cost_settings(workspace):
    try:
        from daifa.costs.selectors import cost_settings_for
    except ImportError:  # the costs app is optional for the engine's inputs
        from daifa.sources.ratecards import DEFAULT_SETTINGS

        return DEFAULT_SETTINGS
    return cost_settings_for(workspace)


def with_costs(
    workspace, offers: pl.DataFrame, **overrides: Any
) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """Landed cost columns for ``markup_room`` and the compare page, when computable.

    ``overrides`` are landed_costs options such as the seller's ``quantity``.
    """
    from daifa.engine import with_landed_costs

    try:
        return with_landed_costs(offers, _cost_settings(workspace), **overrides), ()
    except EngineError as exc:
        # One offer the costing cannot use must not stop the screening: the
        # criterion then falls back to the unit price and says so.
        return offers, (exc.message_en,)


def workspace_inputs(workspace) -> Inputs:
    offers, sales = workspace_frames(workspace)
    offers, notes = with_costs(workspace, offers)
    return Inputs(offers, sales, reviews_frame(workspace), notes)


def workspace_profile(workspace) -> Profile:
    from daifa.screening.models import WorkspaceProfile

    stored = WorkspaceProfile.objects.filter(workspace=workspace).first()
    if stored is None or not stored.toml.strip():
        return Profile.default()
    return Profile.from_toml(stored.toml)
