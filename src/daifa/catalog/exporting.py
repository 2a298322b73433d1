"""A workspace as the canonical tables the spreadsheet writer takes."""

from __future__ import annotations

import polars as pl
from django.utils import timezone

from daifa.catalog.adapters import workspace_frames
from daifa.catalog.models import Review
from daifa.engine.schema import COLUMN_NAMES, REVIEW_COLUMNS, SALES_COLUMNS
from daifa.sources.spreadsheet import Tables


def _naive_local(value):
    # Reviews are stored time-zone aware; files carry the local wall-clock time.
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def workspace_tables(workspace) -> Tables:
    offers, sales = workspace_frames(workspace)
    sales = sales.sort("supplier_id", "offer_id", "period_start", "period_days", nulls_last=False)
    rows = Review.objects.filter(workspace=workspace).order_by("id")
    reviews = pl.DataFrame(
        [
            (
                r.supplier.external_id,
                r.offer_external_id or None,
                r.text,
                r.rating,
                _naive_local(r.written_at),
            )
            for r in rows.select_related("supplier")
        ],
        schema=list(REVIEW_COLUMNS.items()),
        orient="row",
    )
    return Tables(
        suppliers=offers.select(COLUMN_NAMES),
        sales=sales.select(list(SALES_COLUMNS)) if sales.height else None,
        reviews=reviews if reviews.height else None,
    )
