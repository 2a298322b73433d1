"""A workspace as the canonical tables the spreadsheet writer takes."""

from __future__ import annotations

from daifa.accounts.models import Workspace
from daifa.catalog.adapters import reviews_frame, workspace_frames
from daifa.engine.schema import COLUMN_NAMES, SALES_COLUMNS
from daifa.sources.spreadsheet import Tables


def workspace_tables(workspace: Workspace) -> Tables:
    offers, sales = workspace_frames(workspace)
    sales = sales.sort("supplier_id", "offer_id", "period_start", "period_days", nulls_last=False)
    reviews = reviews_frame(workspace)
    return Tables(
        suppliers=offers.select(COLUMN_NAMES),
        sales=sales.select(list(SALES_COLUMNS)) if sales.height else None,
        reviews=reviews if reviews.height else None,
    )
