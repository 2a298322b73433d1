"""Writes to the catalog. Each service is atomic: it stores everything or nothing."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

import polars as pl
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.accounts.versions import data_version_bump
from daifa.catalog import bulk, importing
from daifa.catalog.adapters import OFFER_FIELDS, SUPPLIER_FIELDS, to_json_value
from daifa.catalog.models import ImportBatch, Observation, Offer, Review, SalesPoint, Supplier
from daifa.catalog.selectors import judged_offer_id
from daifa.catalog.validation import would_be_problems
from daifa.sources.spreadsheet import CellProblem, ReadReport

Progress = Callable[[str, int, int], None]
BATCH = 2000


class TablesLike(Protocol):
    @property
    def suppliers(self) -> pl.DataFrame: ...
    @property
    def sales(self) -> pl.DataFrame | None: ...
    @property
    def reviews(self) -> pl.DataFrame | None: ...
    @property
    def report(self) -> Any: ...


class ImportRejected(Exception):
    """The file has rows that could not be read; nothing was imported."""

    def __init__(self, report: Any) -> None:
        super().__init__("the file has unreadable rows; nothing was imported")
        self.report = report


@dataclass
class ImportResult:
    batch: ImportBatch
    suppliers_created: int = 0
    suppliers_updated: int = 0
    offers_created: int = 0
    offers_updated: int = 0
    observations: int = 0
    sales_points: int = 0
    reviews_added: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "suppliers_created": self.suppliers_created,
            "suppliers_updated": self.suppliers_updated,
            "offers_created": self.offers_created,
            "offers_updated": self.offers_updated,
            "observations": self.observations,
            "sales_points": self.sales_points,
            "reviews_added": self.reviews_added,
        }


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _apply(obj: Supplier | Offer, values: dict[str, Any], obs_id: str) -> None:
    obj.facts.update(values)
    obj.fact_sources.update(dict.fromkeys(values, obs_id))
    if isinstance(obj, Supplier):
        obj.name = obj.facts.get("supplier_name", obj.name) or ""
        obj.note = obj.facts.get("supplier_note", obj.note) or ""
    else:
        obj.title = (obj.facts.get("product_title") or "")[:500]
        obj.category = (obj.facts.get("category") or "")[:100]
        obj.product_group = (obj.facts.get("product_group") or "")[:200]


@transaction.atomic
def import_tables(
    *,
    workspace: Workspace,
    tables: TablesLike,
    filename: str,
    user: Any = None,
    observed_at: datetime | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Upsert the rows of a read file into ``workspace`` by supplier_id / offer_id.

    Values that differ from the current ones become a new Observation (file, sheet,
    row, time); unchanged values add nothing. Raises ImportRejected, writing
    nothing, when the file's report has problems.
    """
    if not tables.report.ok:
        raise ImportRejected(tables.report)
    progress = progress or _no_progress
    observed_at = observed_at or timezone.now()
    catalog = importing.Catalog(workspace)
    observations = importing.read_rows(
        catalog, tables.suppliers, lambda sheet, row: _row_detail(filename, sheet, row), progress
    )
    problems = would_be_problems(catalog, filename)
    if problems:
        raise ImportRejected(_with_problems(tables.report, problems))
    data_version_bump(workspace=workspace)
    batch = ImportBatch.objects.create(
        workspace=workspace, filename=filename[:255], created_by=user
    )
    result = ImportResult(batch=batch)
    result.suppliers_created = len(catalog.new_suppliers)
    result.offers_created = len(catalog.new_offers)
    result.suppliers_updated, result.offers_updated = importing.count_updates(catalog)
    result.observations = len(observations)
    importing.save(catalog, observations, batch=batch, observed_at=observed_at, progress=progress)
    if tables.sales is not None and tables.sales.height:
        result.sales_points = _import_sales(workspace, tables.sales, batch, progress)
    if tables.reviews is not None and tables.reviews.height:
        result.reviews_added = _import_reviews(workspace, tables.reviews, batch, progress)
    batch.stats = result.as_dict()
    batch.save(update_fields=["stats"])
    return result


def _with_problems(report: Any, problems: list[CellProblem]) -> ReadReport:
    """The file's report plus the problems found on the would-be rows."""
    if isinstance(report, ReadReport):
        return replace(report, problems=[*report.problems, *problems])
    return ReadReport(problems=problems)  # frames built in code, not read


def _row_detail(filename: str, sheet: str | None, row: int | None) -> str:
    where = filename if not sheet or sheet == filename else f"{filename}, {sheet}"
    return f"{where}, row {row}" if row is not None else where


def _supplier_ids(workspace: Workspace, frame: pl.DataFrame) -> dict[str, int]:
    """Supplier pks for the ids in ``frame``; suppliers the file does not list are
    created bare, so their history is kept and they show up as "unknown" everywhere."""
    ids = dict(Supplier.objects.filter(workspace=workspace).values_list("external_id", "pk"))
    for external_id in frame["supplier_id"].unique().to_list():
        if external_id not in ids:
            supplier, _ = supplier_get_or_create(workspace=workspace, external_id=external_id)
            offer_get_or_create(supplier=supplier, external_id="")
            ids[external_id] = supplier.pk
    return ids


def _import_sales(
    workspace: Workspace, frame: pl.DataFrame, batch: ImportBatch, progress: Progress
) -> int:
    """Upsert by (supplier, offer, period): a corrected file replaces the units."""
    ids = _supplier_ids(workspace, frame)
    as_date = connection.ops.adapt_datefield_value
    rows = [
        {
            "workspace_id": workspace.pk,
            "supplier_id": ids[s],
            "offer_external_id": o or "",
            "period_start": as_date(start),
            "period_days": days or 1,
            "units": units,
            "batch_id": batch.pk,
        }
        for s, o, start, days, units in frame.select(
            "supplier_id",
            "offer_id",
            "period_start",
            "period_days",
            "units",
        ).iter_rows()
    ]
    bulk.upsert(
        SalesPoint,
        rows,
        conflict=["supplier_id", "offer_external_id", "period_start", "period_days"],
        update=["units", "batch_id"],
        stage="sales",
        progress=progress,
    )
    return len(rows)


def review_fingerprint(offer_id: str, text: str, written_at: Any, occurrence: int = 0) -> str:
    """Identity of a review for re-imports. ``occurrence`` counts identical reviews
    earlier in the same file: repeated stock phrases are the evidence of template
    reviews, so they must be kept, while importing the same file twice adds nothing."""
    key = f"{offer_id}\x1f{text}\x1f{to_json_value(written_at) or ''}\x1f{occurrence}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def _import_reviews(
    workspace: Workspace, frame: pl.DataFrame, batch: ImportBatch, progress: Progress
) -> int:
    before = Review.objects.filter(workspace=workspace).count()
    ids = _supplier_ids(workspace, frame)
    reviews = []
    seen: Counter[tuple[Any, ...]] = Counter()
    for row in frame.iter_rows(named=True):
        offer_id = row.get("offer_id") or ""
        key = (row["supplier_id"], offer_id, row["text"] or "", row.get("created_at"))
        occurrence = seen[key]
        seen[key] += 1
        reviews.append(
            Review(
                workspace=workspace,
                supplier_id=ids[row["supplier_id"]],
                offer_external_id=offer_id,
                text=row["text"] or "",
                rating=row.get("rating"),
                written_at=_aware(row.get("created_at")),
                fingerprint=review_fingerprint(*key[1:], occurrence),
                batch=batch,
            )
        )
    for start in range(0, len(reviews), BATCH):
        Review.objects.bulk_create(reviews[start : start + BATCH], ignore_conflicts=True)
        progress("reviews", min(start + BATCH, len(reviews)), len(reviews))
    return Review.objects.filter(workspace=workspace).count() - before


def _aware(value: datetime | None) -> datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)


def _judged_offer(supplier: Supplier) -> Offer | None:
    judged = judged_offer_id(supplier)
    offers = supplier.offers.order_by("position", "id")
    return (offers.filter(pk=judged).first() if judged else None) or offers.first()


@transaction.atomic
def supplier_record_facts(
    *,
    supplier: Supplier,
    values: dict[str, Any],
    kind: str,
    detail: str,
    offer: Offer | None = None,
    observed_at: datetime | None = None,
    raw: dict[str, Any] | None = None,
) -> Observation | None:
    """Record values typed by hand, checked by the seller, or fetched from 1688.

    Supplier-level fields go to the supplier, offer-level ones to ``offer``: by
    default the offer the supplier's verdict is about (else its first offer), so a
    recorded check counts where the scorecard looks. Returns None when nothing changed.
    """
    if offer is None:
        offer = _judged_offer(supplier)
    supplier_values = importing.changed(
        {k: to_json_value(v) for k, v in values.items() if k in SUPPLIER_FIELDS and v is not None},
        supplier.facts,
    )
    offer_values = importing.changed(
        {k: to_json_value(v) for k, v in values.items() if k in OFFER_FIELDS and v is not None},
        offer.facts if offer else {},
    )
    if not supplier_values and not offer_values:
        return None
    data_version_bump(workspace=supplier.workspace)
    obs = Observation.objects.create(
        workspace=supplier.workspace,
        supplier=supplier,
        offer=offer,
        kind=kind,
        detail=detail[:500],
        observed_at=observed_at or timezone.now(),
        values={**supplier_values, **offer_values},
        raw=raw or {},
    )
    _apply(supplier, supplier_values, obs.pk.hex)
    supplier.save()
    if offer is not None and offer_values:
        _apply(offer, offer_values, obs.pk.hex)
        offer.save()
    return obs


# -- find or create ------------------------------------------------------------------
# One rule for every importer (file, pasted page, 1688): a supplier is found by its
# id in the workspace; an offer by its id at its supplier, and a new one goes after
# every offer of the workspace, as an imported file's rows would.


def supplier_get_or_create(
    *, workspace: Workspace, external_id: str, name: str = ""
) -> tuple[Supplier, bool]:
    """The workspace's supplier ``external_id`` (created, with ``name``, when new)."""
    return Supplier.objects.get_or_create(
        workspace=workspace, external_id=external_id[:100], defaults={"name": name[:255]}
    )


def offer_next_position(workspace: Workspace) -> int:
    last = Offer.objects.filter(workspace=workspace).aggregate(p=Max("position"))["p"]
    return (last or 0) + 1


def offer_get_or_create(
    *, supplier: Supplier, external_id: str, take_blank: bool = False
) -> tuple[Offer, bool]:
    """The supplier's offer ``external_id``, created last in the workspace when new.

    With ``take_blank``, a blank offer of the supplier (no id, no facts: left to
    carry a shop's own facts through screening) becomes this offer rather than
    staying beside it as an empty row.
    """
    existing = supplier.offers.filter(external_id=external_id).order_by("position", "id").first()
    if existing is not None:
        return existing, False
    if take_blank and external_id:
        blank = supplier.offers.filter(external_id="").order_by("position", "id").first()
        if blank is not None and not blank.facts:
            blank.external_id = external_id
            blank.save(update_fields=["external_id"])
            return blank, False
    offer = Offer.objects.create(
        workspace=supplier.workspace,
        supplier=supplier,
        external_id=external_id,
        position=offer_next_position(supplier.workspace),
    )
    return offer, True
