"""Writes to the catalog. Each service is atomic: it stores everything or nothing."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import polars as pl
from django.db import transaction
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.catalog.adapters import OFFER_FIELDS, SUPPLIER_FIELDS, to_json_value
from daifa.catalog.models import ImportBatch, Observation, Offer, Review, SalesPoint, Supplier

Progress = Callable[[str, int, int], None]
BATCH = 2000


class ReadReportLike(Protocol):
    ok: bool


class TablesLike(Protocol):
    suppliers: pl.DataFrame
    sales: pl.DataFrame | None
    reviews: pl.DataFrame | None
    report: Any


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
    counts: dict[str, int] = field(default_factory=dict)

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


def _known_values(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: to_json_value(row[f]) for f in fields if row.get(f) is not None}


def _changed(values: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if current.get(k) != v}


class _Catalog:
    """The workspace's suppliers and offers in memory while one import runs."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.suppliers = {s.external_id: s for s in Supplier.objects.filter(workspace=workspace)}
        self.offers = {
            (o.supplier_id, o.external_id): o for o in Offer.objects.filter(workspace=workspace)
        }
        self.new_suppliers: list[Supplier] = []
        self.new_offers: list[Offer] = []
        self.dirty_suppliers: dict[int, Supplier] = {}
        self.dirty_offers: dict[int, Offer] = {}
        self.next_position = 1 + max((o.position for o in self.offers.values()), default=0)

    def supplier(self, external_id: str) -> Supplier:
        supplier = self.suppliers.get(external_id)
        if supplier is None:
            supplier = Supplier(workspace=self.workspace, external_id=external_id)
            self.suppliers[external_id] = supplier
            self.new_suppliers.append(supplier)
        return supplier

    def offer(self, supplier: Supplier, external_id: str) -> Offer:
        key = (supplier.pk if supplier.pk else id(supplier), external_id)
        offer = self.offers.get(key)
        if offer is None:
            offer = Offer(
                workspace=self.workspace,
                supplier=supplier,
                external_id=external_id,
                position=self.next_position,
            )
            self.next_position += 1
            self.offers[key] = offer
            self.new_offers.append(offer)
        return offer

    def touch(self, obj: Supplier | Offer) -> None:
        if obj.pk:
            target = self.dirty_suppliers if isinstance(obj, Supplier) else self.dirty_offers
            target[obj.pk] = obj


def _apply(obj: Supplier | Offer, values: dict[str, Any], obs_id: str) -> None:
    obj.facts.update(values)
    obj.fact_sources.update(dict.fromkeys(values, obs_id))
    if isinstance(obj, Supplier):
        obj.name = obj.facts.get("supplier_name", obj.name) or ""
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
    batch = ImportBatch.objects.create(workspace=workspace, filename=filename[:255], created_by=user)
    result = ImportResult(batch=batch)
    catalog = _Catalog(workspace)
    observations = _import_rows(catalog, tables.suppliers, batch, filename, observed_at, progress)
    result.suppliers_created = len(catalog.new_suppliers)
    result.offers_created = len(catalog.new_offers)
    result.suppliers_updated = len(catalog.dirty_suppliers)
    result.offers_updated = len(catalog.dirty_offers)
    result.observations = len(observations)
    _save(catalog, observations, progress)
    if tables.sales is not None and tables.sales.height:
        result.sales_points = _import_sales(catalog, tables.sales, batch, progress)
    if tables.reviews is not None and tables.reviews.height:
        result.reviews_added = _import_reviews(catalog, tables.reviews, batch, progress)
    batch.stats = result.as_dict()
    batch.save(update_fields=["stats"])
    return result


def _import_rows(catalog, frame, batch, filename, observed_at, progress) -> list[Observation]:
    observations: list[Observation] = []
    total = frame.height
    pending: list[tuple[Observation, Supplier, Offer]] = []
    for index, row in enumerate(frame.iter_rows(named=True), start=1):
        supplier = catalog.supplier(str(row["supplier_id"]))
        offer = catalog.offer(supplier, str(row.get("offer_id") or ""))
        supplier_values = _changed(_known_values(row, SUPPLIER_FIELDS), supplier.facts)
        offer_values = _changed(_known_values(row, OFFER_FIELDS), offer.facts)
        if supplier_values or offer_values or offer.pk is None:
            obs = Observation(
                id=uuid.uuid4(),
                workspace=catalog.workspace,
                batch=batch,
                kind=Observation.Kind.FILE,
                detail=_row_detail(filename, row),
                observed_at=observed_at,
                values={**supplier_values, **offer_values},
            )
            _apply(supplier, supplier_values, str(obs.id))
            _apply(offer, offer_values, str(obs.id))
            if supplier_values:
                catalog.touch(supplier)
            if offer_values:
                catalog.touch(offer)
            observations.append(obs)
            pending.append((obs, supplier, offer))
        if index % 10_000 == 0:
            progress("rows", index, total)
    progress("rows", total, total)
    # Foreign keys are bound after the new suppliers and offers get their ids.
    for obs, supplier, offer in pending:
        obs.supplier = supplier
        obs.offer = offer
    return observations


def _row_detail(filename: str, row: dict[str, Any]) -> str:
    sheet = row.get("_sheet")
    where = f"{filename}" if not sheet or sheet == filename else f"{filename}, {sheet}"
    return f"{where}, row {row['_row']}" if row.get("_row") is not None else where


def _save(catalog: _Catalog, observations: list[Observation], progress: Progress) -> None:
    Supplier.objects.bulk_create(catalog.new_suppliers, batch_size=BATCH)
    for offer in catalog.new_offers:
        offer.supplier_id = offer.supplier.pk
    progress("suppliers", len(catalog.new_suppliers), len(catalog.new_suppliers))
    Offer.objects.bulk_create(catalog.new_offers, batch_size=BATCH)
    progress("offers", len(catalog.new_offers), len(catalog.new_offers))
    for obs in observations:
        obs.supplier_id = obs.supplier.pk
        obs.offer_id = obs.offer.pk
    for start in range(0, len(observations), BATCH):
        Observation.objects.bulk_create(observations[start : start + BATCH])
        progress("observations", min(start + BATCH, len(observations)), len(observations))
    fields = ["facts", "fact_sources", "name", "updated"]
    now = timezone.now()
    for obj in catalog.dirty_suppliers.values():
        obj.updated = now
    Supplier.objects.bulk_update(catalog.dirty_suppliers.values(), fields, batch_size=500)
    for obj in catalog.dirty_offers.values():
        obj.updated = now
    Offer.objects.bulk_update(
        catalog.dirty_offers.values(),
        ["facts", "fact_sources", "title", "category", "product_group", "updated"],
        batch_size=500,
    )


def _supplier_for(catalog: _Catalog, external_id: str) -> Supplier:
    supplier = catalog.suppliers.get(external_id)
    if supplier is None:
        # Sales or reviews of a supplier the file does not list: create it bare,
        # so the history is kept and the supplier shows up as "unknown" everywhere.
        supplier = Supplier.objects.create(workspace=catalog.workspace, external_id=external_id)
        Offer.objects.create(workspace=catalog.workspace, supplier=supplier, external_id="")
        catalog.suppliers[external_id] = supplier
    return supplier


def _import_sales(catalog, frame: pl.DataFrame, batch, progress) -> int:
    points = [
        SalesPoint(
            workspace=catalog.workspace,
            supplier=_supplier_for(catalog, str(row["supplier_id"])),
            offer_external_id=row.get("offer_id") or "",
            period_start=row["period_start"],
            period_days=row["period_days"] or 1,
            units=row["units"],
            batch=batch,
        )
        for row in frame.iter_rows(named=True)
    ]
    for start in range(0, len(points), BATCH):
        SalesPoint.objects.bulk_create(
            points[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["supplier", "offer_external_id", "period_start", "period_days"],
            update_fields=["units", "batch"],
        )
        progress("sales", min(start + BATCH, len(points)), len(points))
    return len(points)


def review_fingerprint(offer_id: str, text: str, written_at: Any) -> str:
    key = f"{offer_id}\x1f{text}\x1f{to_json_value(written_at) or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def _import_reviews(catalog, frame: pl.DataFrame, batch, progress) -> int:
    before = Review.objects.filter(workspace=catalog.workspace).count()
    reviews = []
    for row in frame.iter_rows(named=True):
        offer_id = row.get("offer_id") or ""
        reviews.append(
            Review(
                workspace=catalog.workspace,
                supplier=_supplier_for(catalog, str(row["supplier_id"])),
                offer_external_id=offer_id,
                text=row["text"] or "",
                rating=row.get("rating"),
                written_at=_aware(row.get("created_at")),
                fingerprint=review_fingerprint(offer_id, row["text"] or "", row.get("created_at")),
                batch=batch,
            )
        )
    for start in range(0, len(reviews), BATCH):
        Review.objects.bulk_create(reviews[start : start + BATCH], ignore_conflicts=True)
        progress("reviews", min(start + BATCH, len(reviews)), len(reviews))
    return Review.objects.filter(workspace=catalog.workspace).count() - before


def _aware(value: datetime | None) -> datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)


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

    Supplier-level fields go to the supplier, offer-level ones to ``offer`` (or the
    supplier's first offer). Returns None when nothing changed.
    """
    if offer is None:
        offer = supplier.offers.order_by("position", "id").first()
    supplier_values = _changed(
        {k: to_json_value(v) for k, v in values.items() if k in SUPPLIER_FIELDS and v is not None},
        supplier.facts,
    )
    offer_values = _changed(
        {k: to_json_value(v) for k, v in values.items() if k in OFFER_FIELDS and v is not None},
        offer.facts if offer else {},
    )
    if not supplier_values and not offer_values:
        return None
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
    _apply(supplier, supplier_values, str(obs.id))
    supplier.save()
    if offer is not None and offer_values:
        _apply(offer, offer_values, str(obs.id))
        offer.save()
    return obs


def workspace_for_name(*, owner: Any, name: str) -> Workspace:
    workspace, _ = Workspace.objects.get_or_create(owner=owner, name=name)
    return workspace
