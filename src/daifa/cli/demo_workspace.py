"""The demo workspace a new seller meets: suppliers screened, then a few of them
part of the way through verifying, buying and monitoring.

The workflow apps sit above the screening, so the demo of each runs here, at the
top, after the suppliers are screened (their checks come from the verdicts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from daifa.catalog.demo import demo_import
from daifa.catalog.services import Progress

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from daifa.accounts.models import Workspace


def demo_workspace_load(
    *,
    name: str,
    seed: int = 1688,
    suppliers: int | None = None,
    offers: int | None = None,
    owner: User | None = None,
    progress: Progress | None = None,
) -> tuple[Workspace, bool]:
    """Returns (workspace, loaded) like :func:`load_demo`; screens what it loaded."""
    from daifa.buying.demo import load_buying_demo
    from daifa.monitoring.demo import load_demo_orders
    from daifa.verification.demo import demo_verification
    from daifa.workbench.actions import workspace_screen

    sizes = {k: v for k, v in (("suppliers", suppliers), ("offers", offers)) if v is not None}
    workspace, data = demo_import(name=name, seed=seed, owner=owner, progress=progress, **sizes)
    if data is None:
        return workspace, False
    workspace_screen(workspace=workspace)
    # Each workflow demo reads the verdicts and writes what a seller would have
    # recorded by now; one screening afterwards shows its effect everywhere.
    demo_verification(workspace=workspace)
    load_buying_demo(workspace, seed=seed, owner=owner)  # agreements, orders, claims, backups
    load_demo_orders(workspace, data)  # months of the seller's orders: KPIs, alerts, probation
    workspace_screen(workspace=workspace)
    return workspace, True
