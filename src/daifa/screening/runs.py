"""The engine run on a workspace's inputs: all of them, or some suppliers with their
product groups."""

from __future__ import annotations

from typing import Any

from daifa.accounts.models import Workspace
from daifa.catalog.adapters import reviews_frame, sales_frame, workspace_offer_frame
from daifa.engine.profile import Profile
from daifa.engine.scorecard import ScreeningResult, screen
from daifa.screening.inputs import (
    Inputs,
    orders_of,
    sales_start_of,
    usable,
    with_costs,
    workspace_profile,
)


def run_screen(inputs: Inputs, profile: Profile) -> ScreeningResult:
    # Values the engine refuses are screened as unknown, never a crash of every
    # page and import of the workspace (see screening.inputs.usable).
    offers, _ = usable(inputs.offers)
    return screen(
        offers,
        profile=profile,
        sales=inputs.sales,
        reviews=inputs.reviews,
        orders=inputs.orders,
        sales_start=inputs.sales_start,
    )


def screen_subset(
    workspace: Workspace,
    external_ids: list[str],
    groups: list[str],
    profile: Profile | None = None,
    **cost_overrides: Any,
) -> tuple[ScreeningResult, Inputs]:
    """Screen only some suppliers: their rows plus every offer of ``groups``.

    Peer comparisons (price vs peers, TOPSIS) only look inside a product group and
    the flags only at the supplier's own sales and reviews, so this gives the same
    verdicts as screening the whole workspace (``tests/screening/test_incremental.py``
    compares them), in a fraction of the time. The inputs are prepared as for the
    whole workspace (``workspace_inputs``): unusable values set aside, then costs.
    """
    offers = workspace_offer_frame(workspace, supplier_ids=external_ids, groups=groups)
    offers, set_aside = usable(offers)
    offers, notes = with_costs(workspace, offers, **cost_overrides)
    ids = offers["supplier_id"].unique().to_list()
    sales = sales_frame(workspace, ids)
    notes = (*set_aside, *notes)
    reviews = reviews_frame(workspace, ids)
    # Workspace-wide, like the orders' priors: a part of the sales table is judged
    # against the whole table's first day (new listings), as a full screening is.
    start = sales_start_of(workspace)
    inputs = Inputs(offers, sales, reviews, notes, orders_of(workspace), start)
    return run_screen(inputs, profile or workspace_profile(workspace)), inputs
