"""ORM rows <-> engine frames: the one place that knows both shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import polars as pl

from daifa.engine.schema import COLUMNS, REVIEW_COLUMNS, SALES_COLUMNS, conform

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace

SUPPLIER_FIELDS = tuple(
    c.name for c in COLUMNS if c.level == "supplier" and c.name != "supplier_id"
)
OFFER_FIELDS = tuple(c.name for c in COLUMNS if c.level == "offer" and c.name != "offer_id")


DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


def to_json_value(value: Any) -> Any:
    """A frame cell as stored in a JSON field (dates as ISO text, the rest as is)."""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    return value


def frame_from_facts(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Canonical frame from dicts of JSON values (the inverse of ``to_json_value``)."""
    if not rows:
        return conform(pl.DataFrame())
    names = [c.name for c in COLUMNS]
    data: dict[str, list[Any]] = {name: [row.get(name) for row in rows] for name in names}
    columns = []
    for column in COLUMNS:
        values = data[column.name]
        if column.type == "datetime":
            series = pl.Series(column.name, values, dtype=pl.String).str.to_datetime(
                time_unit="us", strict=False
            )
        else:
            series = pl.Series(column.name, values, dtype=column.dtype, strict=False)
        columns.append(series)
    extra = sorted({key for row in rows for key in row} - set(names))
    frame = pl.DataFrame(columns)
    if extra:
        frame = frame.with_columns(pl.Series(key, [row.get(key) for row in rows]) for key in extra)
    return frame


def workspace_frames(workspace: Workspace) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The workspace as (offer rows, sales) frames in canonical columns."""
    return workspace_offer_frame(workspace), sales_frame(workspace)


def workspace_offer_frame(
    workspace: Workspace,
    *,
    supplier_ids: list[str] | None = None,
    groups: list[str] | None = None,
) -> pl.DataFrame:
    """One canonical row per offer, supplier values merged in.

    Rows carry per-field provenance as ``<field>__source`` / ``<field>__as_of``
    plus ``supplier_pk`` and ``offer_pk`` for links back to the database.
    ``supplier_ids`` and ``groups`` restrict the rows to those suppliers' offers
    and to every offer of those product groups.
    """
    from daifa.catalog.models import Offer, Supplier

    # Plain values, not model instances, and each supplier's facts decoded once
    # rather than once per offer: this is most of a whole-workspace screening's
    # reading time.
    offers = Offer.objects.filter(workspace=workspace)
    suppliers = Supplier.objects.filter(workspace=workspace)
    if supplier_ids is not None:
        # The offers' keys first, each part by its own index (an OR of the two
        # conditions walked all of the workspace's offers: 0.2 s at 40,000).
        owners = suppliers.filter(external_id__in=supplier_ids).values_list("pk", flat=True)
        wanted = dict(
            Offer.objects.filter(supplier_id__in=list(owners)).values_list("pk", "supplier_id")
        )
        if groups:
            # By the group's index alone (with the workspace condition SQLite's
            # planner walks the workspace's index instead); other workspaces'
            # offers of the same group names are dropped here.
            in_groups = Offer.objects.filter(product_group__in=groups).values_list(
                "pk", "supplier_id", "workspace_id"
            )
            wanted.update((o, s) for o, s, w in in_groups if w == workspace.pk)
        offers = offers.filter(pk__in=list(wanted))
        suppliers = suppliers.filter(pk__in=set(wanted.values()))
    offer_rows = list(
        offers.order_by("position", "id").values_list(
            "pk", "supplier_id", "external_id", "facts", "fact_sources"
        )
    )
    by_pk = {
        pk: (external_id, facts, fact_sources)
        for pk, external_id, facts, fact_sources in suppliers.values_list(
            "pk", "external_id", "facts", "fact_sources"
        )
    }
    sources = _sources(workspace, offer_rows, by_pk, everything=supplier_ids is None)
    rows = []
    for offer_pk, supplier_pk, offer_external_id, offer_facts, offer_sources in offer_rows:
        supplier_external_id, supplier_facts, supplier_sources = by_pk[supplier_pk]
        row = {**supplier_facts, **offer_facts}
        row["supplier_id"] = supplier_external_id
        row["offer_id"] = offer_external_id or None
        row["supplier_pk"] = supplier_pk
        row["offer_pk"] = offer_pk
        for field, obs in {**supplier_sources, **offer_sources}.items():
            found = sources.get(obs)
            if found is not None:
                row[f"{field}__source"], row[f"{field}__as_of"] = found
        rows.append(row)
    return frame_from_facts(rows)


def _sources(
    workspace: Workspace,
    offer_rows: list[tuple[int, int, str, Any, Any]],
    suppliers: dict[int, tuple[str, Any, Any]],
    *,
    everything: bool,
) -> dict[str, tuple[str, str]]:
    """(detail, observed day) of the observations the rows cite, by id as the
    rows write it (with or without dashes)."""
    from daifa.catalog.models import Observation

    observations = Observation.objects.filter(workspace=workspace)
    if not everything:
        wanted = {obs for *_, sources in offer_rows for obs in sources.values()}
        wanted |= {obs for _, _, sources in suppliers.values() for obs in sources.values()}
        # By primary key alone: with the workspace condition SQLite's planner
        # walks all of the workspace's observations. The ids are the rows' own.
        observations = Observation.objects.filter(pk__in=wanted)
    found: dict[str, tuple[str, str]] = {}
    # The day in the workspace's zone, as every page shows dates (not UTC's day).
    zone = workspace.zone
    for pk, detail, observed_at in observations.values_list("id", "detail", "observed_at"):
        day = observed_at.astimezone(zone).date() if observed_at.tzinfo else observed_at.date()
        found[pk.hex] = found[str(pk)] = (detail, day.isoformat())
    return found


# Typed up front: inferring the types would scan every one of millions of rows.
_SALES_ROW = {
    "supplier_id": pl.String,
    "offer_id": pl.String,
    "period_start": pl.String,
    "period_days": pl.Int64,
    "units": pl.Float64,
}


def sales_frame(workspace: Workspace, supplier_ids: list[str] | None = None) -> pl.DataFrame:
    """The workspace's sales history (hundreds of thousands of rows: plain SQL),
    or only that of the suppliers with these external ids."""
    from django.db import connection

    from daifa.catalog.models import SalesPoint, Supplier

    quote = connection.ops.quote_name
    # The date comes as ISO text and Polars parses the column at once: the
    # driver's per-value date conversion cost seconds on millions of rows.
    sql = (
        f"SELECT s.{quote('external_id')}, p.{quote('offer_external_id')},"
        f" CAST(p.{quote('period_start')} AS TEXT), p.{quote('period_days')}, p.{quote('units')}"
        f" FROM {quote(SalesPoint._meta.db_table)} p"
        f" JOIN {quote(Supplier._meta.db_table)} s ON s.{quote('id')} = p.{quote('supplier_id')}"
    )
    params: list[Any] = []
    if supplier_ids is None:
        sql += f" WHERE p.{quote('workspace_id')} = %s"
        params.append(workspace.pk)
    else:
        # By supplier key alone (the keys are this workspace's): with the
        # workspace condition too, the planner may walk every sales row of it.
        pks = list(
            Supplier.objects.filter(workspace=workspace, external_id__in=supplier_ids).values_list(
                "pk", flat=True
            )
        )
        marks = ", ".join(["%s"] * len(pks)) or "NULL"
        sql += f" WHERE p.{quote('supplier_id')} IN ({marks})"
        params.extend(pks)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    frame = pl.DataFrame(rows, schema=_SALES_ROW, orient="row")
    return (
        frame.with_columns(pl.col("period_start").str.slice(0, 10).str.to_date())
        .cast({name: dtype for name, dtype in SALES_COLUMNS.items()})
        .with_columns(pl.col("offer_id").replace("", None))
    )


def reviews_frame(workspace: Workspace, supplier_ids: list[str] | None = None) -> pl.DataFrame:
    """The workspace's reviews in REVIEW_COLUMNS (in the order they were stored),
    or only those of the suppliers with these external ids."""
    from django.utils import timezone

    from daifa.catalog.models import Review

    rows = Review.objects.filter(workspace=workspace).order_by("id")
    if supplier_ids is not None:
        rows = rows.filter(supplier__external_id__in=supplier_ids)
    data = rows.values_list(
        "supplier__external_id", "offer_external_id", "text", "rating", "written_at"
    )
    # Stored time-zone aware; files and the engine use the local wall-clock time.
    return pl.DataFrame(
        [
            (s, o or None, t, r, timezone.localtime(w).replace(tzinfo=None) if w else None)
            for s, o, t, r, w in data
        ],
        schema=list(REVIEW_COLUMNS.items()),
        orient="row",
    )
