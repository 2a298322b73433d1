"""A workspace as the engine's input frames (offer rows, sales, reviews, costs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from daifa.catalog.adapters import reviews_frame, workspace_frames
from daifa.engine.errors import EngineError
from daifa.engine.profile import Profile


@dataclass(frozen=True)
class Inputs:
    offers: pl.DataFrame
    sales: pl.DataFrame
    reviews: pl.DataFrame
    notes: tuple[str, ...] = ()


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
