"""Load the generated demo data (daifa.demo) into a workspace, once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from daifa.accounts.models import Workspace
from daifa.accounts.services import local_user, workspace_get_or_create
from daifa.catalog.models import ImportBatch
from daifa.catalog.services import Progress, import_tables
from daifa.sources.spreadsheet import Tables

if TYPE_CHECKING:
    from daifa.demo.generate import DemoData

DEFAULT_SIZE = (300, 1200)


def demo_filename(seed: int, suppliers: int = 300, offers: int = 1200) -> str:
    if (suppliers, offers) == DEFAULT_SIZE:
        return f"daifa demo (seed {seed})"
    return f"daifa demo (seed {seed}, {suppliers} suppliers, {offers} offers)"


def load_demo(
    *,
    name: str,
    seed: int = 1688,
    suppliers: int = DEFAULT_SIZE[0],
    offers: int = DEFAULT_SIZE[1],
    owner: Any = None,
    progress: Progress | None = None,
) -> tuple[Workspace, bool]:
    """Returns (workspace, loaded): loaded is False when this demo was loaded before."""
    workspace, data = demo_import(
        name=name, seed=seed, suppliers=suppliers, offers=offers, owner=owner, progress=progress
    )
    return workspace, data is not None


def demo_import(
    *,
    name: str,
    seed: int = 1688,
    suppliers: int = DEFAULT_SIZE[0],
    offers: int = DEFAULT_SIZE[1],
    owner: Any = None,
    progress: Progress | None = None,
) -> tuple[Workspace, DemoData | None]:
    """Returns (workspace, the generated demo data), the data None when this demo
    was loaded before (the workflow demos read its orders)."""
    from daifa.demo import generate_demo

    workspace = workspace_get_or_create(owner=owner or local_user(), name=name)
    filename = demo_filename(seed, suppliers, offers)
    if ImportBatch.objects.filter(workspace=workspace, filename=filename).exists():
        return workspace, None
    data = generate_demo(seed=seed, suppliers=suppliers, offers=offers)
    offer_rows = data.offers.with_columns(
        pl.lit(None, dtype=pl.String).alias("_sheet"),
        pl.int_range(2, data.offers.height + 2).alias("_row"),
    )
    tables = Tables(offer_rows, data.sales, data.reviews)
    import_tables(workspace=workspace, tables=tables, filename=filename, progress=progress)
    # The caller screens it (daifa.workbench.actions.workspace_screen).
    return workspace, data
