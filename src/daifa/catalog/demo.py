"""Load the generated demo data (daifa.demo) into a workspace, once."""

from __future__ import annotations

import polars as pl

from daifa.accounts.services import local_user, workspace_get_or_create
from daifa.catalog.models import ImportBatch
from daifa.catalog.services import Progress, import_tables
from daifa.sources.spreadsheet import Tables

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
    owner=None,
    progress: Progress | None = None,
):
    """Returns (workspace, loaded): loaded is False when this demo was loaded before."""
    from daifa.demo import generate_demo

    workspace = workspace_get_or_create(owner=owner or local_user(), name=name)
    filename = demo_filename(seed, suppliers, offers)
    if ImportBatch.objects.filter(workspace=workspace, filename=filename).exists():
        return workspace, False
    data = generate_demo(seed=seed, suppliers=suppliers, offers=offers)
    offers = data.offers.with_columns(
        pl.lit(None, dtype=pl.String).alias("_sheet"),
        pl.int_range(2, data.offers.height + 2).alias("_row"),
    )
    tables = Tables(offers, data.sales, data.reviews)
    import_tables(workspace=workspace, tables=tables, filename=filename, progress=progress)
    from daifa.screening.services import screening_refresh

    screening_refresh(workspace=workspace)
    from daifa.demo.monitoring import load_demo_orders  # the seller's orders: KPIs, alerts

    load_demo_orders(workspace, data)
    return workspace, True
