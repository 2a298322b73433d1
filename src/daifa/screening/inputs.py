"""A workspace as the engine's input frames (offer rows, sales, reviews, costs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from daifa.accounts.models import Workspace
from daifa.catalog.adapters import reviews_frame, workspace_frames
from daifa.costs.selectors import cost_settings_for
from daifa.engine.errors import EngineError
from daifa.engine.profile import Profile


@dataclass(frozen=True)
class Inputs:
    offers: pl.DataFrame
    sales: pl.DataFrame
    reviews: pl.DataFrame
    notes: tuple[str, ...] = ()
    orders: pl.DataFrame | None = None  # the seller's orders for the kpi_* criteria
    # First day of the workspace's whole sales table: ``sales`` may be a part of it
    # (some suppliers re-screened) and new listings are judged against the whole.
    sales_start: date | None = None


def with_costs(
    workspace: Workspace, offers: pl.DataFrame, **overrides: Any
) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """Landed cost columns for ``markup_room`` and the compare page, when computable.

    ``overrides`` are landed_costs options such as the seller's ``quantity``.
    """
    from daifa.engine import with_landed_costs

    try:
        return with_landed_costs(offers, cost_settings_for(workspace), **overrides), ()
    except EngineError as exc:
        # One offer the costing cannot use must not stop the screening: the
        # criterion then falls back to the unit price and says so.
        return offers, (exc.message_en,)


def workspace_inputs(workspace: Workspace) -> Inputs:
    offers, sales = workspace_frames(workspace)
    offers, set_aside = usable(offers)
    offers, notes = with_costs(workspace, offers)
    orders = orders_of(workspace)
    start = sales["period_start"].min() if sales.height else None
    return Inputs(
        offers,
        sales,
        reviews_frame(workspace),
        (*set_aside, *notes),
        orders,
        start if isinstance(start, date) else None,
    )


def sales_start_of(workspace: Workspace) -> date | None:
    """First day of the workspace's sales table (one indexed MIN, not the table)."""
    from django.db.models import Min

    from daifa.catalog.models import SalesPoint

    first: date | None = SalesPoint.objects.filter(workspace=workspace).aggregate(
        first=Min("period_start")
    )["first"]
    return first


def orders_of(workspace: Workspace) -> pl.DataFrame | None:
    """The seller's orders for the ``kpi_*`` criteria, from the app named by the
    ``DAIFA_ORDERS_FRAME`` setting (the monitoring app sits above the screening,
    so the screening asks for it by name instead of importing it)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    source = getattr(settings, "DAIFA_ORDERS_FRAME", "")
    return import_string(source)(workspace) if source else None


SET_ASIDE_NOTES = 20


def usable(offers: pl.DataFrame) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """The offer rows with every value the engine would refuse set to unknown.

    Imports check the would-be state first, but data stored before that check
    (or by hand) must not stop the whole workspace's screening, every later
    import and the profile page: such a value is screened as missing, and a
    note says which (supplier, field, value) was set aside.
    """
    from daifa.engine.scorecard._validate import without_findings

    cleaned, removed = without_findings(offers)
    notes = tuple(
        f"set aside (not usable): supplier {_supplier(offers, e.row)}, {e.field} = {e.value!s}; "
        f"expected {e.allowed}"
        for e in removed[:SET_ASIDE_NOTES]
    )
    if len(removed) > SET_ASIDE_NOTES:
        notes += (f"... and {len(removed) - SET_ASIDE_NOTES} more values set aside",)
    return cleaned, notes


def _supplier(offers: pl.DataFrame, row: int | None) -> str:
    return str(offers["supplier_id"][row - 1]) if row is not None else "?"


def workspace_profile(workspace: Workspace) -> Profile:
    from daifa.screening.models import WorkspaceProfile

    stored = WorkspaceProfile.objects.filter(workspace=workspace).first()
    if stored is None or not stored.toml.strip():
        return Profile.default()
    return Profile.from_toml(stored.toml)
