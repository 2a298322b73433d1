"""The bulk path of an import: suppliers, offers and observations in plain rows.

A 100,000-row file must import in seconds, so this module keeps the rows as
small records and writes them with ``executemany`` (``daifa.catalog.bulk``)
instead of building a model instance per row (the ORM spent most of the time
there). It runs inside the caller's transaction and speaks only portable SQL
(SQLite and PostgreSQL).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import orjson
import polars as pl
from django.db import connection
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.catalog import bulk
from daifa.catalog.adapters import DATETIME_FORMAT, OFFER_FIELDS, SUPPLIER_FIELDS
from daifa.catalog.models import ImportBatch, Observation, Offer, Supplier

Progress = Callable[[str, int, int], None]
RowOf = Callable[["Record", int, Any], dict[str, Any]]


class Record:
    """A supplier or an offer while an import runs (new when ``pk`` is None)."""

    __slots__ = (
        "pk", "external_id", "facts", "fact_sources", "supplier", "position", "dirty", "origin",
    )  # fmt: skip

    def __init__(
        self,
        pk: int | None,
        external_id: str,
        facts: dict[str, Any],
        fact_sources: dict[str, str],
        supplier: Record | None = None,
        position: int = 0,
    ) -> None:
        self.pk = pk
        self.external_id = external_id
        self.facts = facts
        self.fact_sources = fact_sources
        self.supplier = supplier  # an offer's supplier; None for a supplier
        self.position = position
        self.dirty = False
        # field -> (sheet, row) of the file cell that set it in this import
        self.origin: dict[str, tuple[Any, Any]] = {}


class Catalog:
    """The workspace's suppliers and offers, loaded once, changed in memory.

    The find-or-create rule of ``catalog.services`` (a supplier by its id in the
    workspace, an offer by its id at its supplier, a new offer after every other),
    kept in memory so a file of 100,000 rows costs no query per row.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        supplier_rows = Supplier.objects.filter(workspace=workspace).values_list(
            "pk", "external_id", "facts", "fact_sources"
        )
        self.suppliers = {ext: Record(pk, ext, facts, src) for pk, ext, facts, src in supplier_rows}
        by_pk = {s.pk: s for s in self.suppliers.values()}
        offer_rows = Offer.objects.filter(workspace=workspace).values_list(
            "pk", "supplier_id", "external_id", "facts", "fact_sources", "position"
        )
        # Keyed by (supplier pk, offer id); a new supplier's offers by id(record).
        self.offers: dict[tuple[int, str], Record] = {
            (sid, ext): Record(pk, ext, facts, src, by_pk[sid], pos)
            for pk, sid, ext, facts, src, pos in offer_rows
        }
        self.new_suppliers: list[Record] = []
        self.new_offers: list[Record] = []
        self.next_position = 1 + max((o.position for o in self.offers.values()), default=0)

    def supplier(self, external_id: str) -> Record:
        record = self.suppliers.get(external_id)
        if record is None:
            record = self.suppliers[external_id] = Record(None, external_id, {}, {})
            self.new_suppliers.append(record)
        return record

    def offer(self, supplier: Record, external_id: str) -> Record:
        key = (supplier.pk or id(supplier), external_id)
        record = self.offers.get(key)
        if record is None:
            record = Record(None, external_id, {}, {}, supplier, self.next_position)
            self.next_position += 1
            self.offers[key] = record
            self.new_offers.append(record)
        return record

    def dirty(self, records: Iterable[Record]) -> list[Record]:
        return [r for r in records if r.pk is not None and r.dirty]


def changed(values: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if current.get(k) != v}


Observed = tuple[uuid.UUID, Record, Record, dict[str, Any], str]


def read_rows(
    catalog: Catalog,
    frame: pl.DataFrame,
    detail: Callable[[Any, Any], str],
    progress: Progress,
) -> list[Observed]:
    """Turn file rows into observations: only values that differ from the current ones."""
    frame = _jsonable(frame)
    index = {name: i for i, name in enumerate(frame.columns)}
    supplier_fields = [(f, index[f]) for f in SUPPLIER_FIELDS if f in index]
    offer_fields = [(f, index[f]) for f in OFFER_FIELDS if f in index]
    sid, oid = index["supplier_id"], index.get("offer_id")
    row_at, sheet_at = index.get("_row"), index.get("_sheet")
    observations: list[Observed] = []
    total = frame.height
    for number, row in enumerate(frame.iter_rows(), start=1):
        supplier = catalog.supplier(str(row[sid]))
        offer = catalog.offer(supplier, str((row[oid] if oid is not None else None) or ""))
        s_values = _changes(row, supplier_fields, supplier.facts)
        o_values = _changes(row, offer_fields, offer.facts)
        if s_values or o_values or offer.pk is None:
            obs_id = uuid.uuid4()
            _apply(supplier, s_values, obs_id.hex)
            _apply(offer, o_values, obs_id.hex)
            place = (
                row[sheet_at] if sheet_at is not None else None,
                row[row_at] if row_at is not None else None,
            )
            supplier.origin.update(dict.fromkeys(s_values, place))
            offer.origin.update(dict.fromkeys(o_values, place))
            where = detail(*place)
            observations.append((obs_id, supplier, offer, {**s_values, **o_values}, where))
        if number % 10_000 == 0:
            progress("rows", number, total)
    progress("rows", total, total)
    return observations


def _jsonable(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as ISO text, as they are stored in the JSON facts (done once, in Polars)."""
    return frame.with_columns(
        pl.col(pl.Datetime).dt.strftime(DATETIME_FORMAT), pl.col(pl.Date).dt.strftime("%Y-%m-%d")
    )


def _changes(
    row: tuple[Any, ...], fields: list[tuple[str, int]], current: dict[str, Any]
) -> dict[str, Any]:
    return {
        name: row[i] for name, i in fields if row[i] is not None and current.get(name) != row[i]
    }


def _apply(record: Record, values: dict[str, Any], obs_id: str) -> None:
    if values:
        record.facts.update(values)
        record.fact_sources.update(dict.fromkeys(values, obs_id))
        record.dirty = True


def _dump(value: Any) -> str:
    return orjson.dumps(value).decode()


def _supplier_name(record: Record) -> str:
    return (record.facts.get("supplier_name") or "")[:255]


def _supplier_note(record: Record) -> str:
    return record.facts.get("supplier_note") or ""


def _offer_labels(record: Record) -> tuple[str, str, str]:
    facts = record.facts
    return (
        (facts.get("product_title") or "")[:500],
        (facts.get("category") or "")[:100],
        (facts.get("product_group") or "")[:200],
    )


def _supplier_row(r: Record, ws: int, now: Any) -> dict[str, Any]:
    row = {"name": _supplier_name(r), "note": _supplier_note(r), "updated": now}
    row |= {"facts": _dump(r.facts), "fact_sources": _dump(r.fact_sources)}
    if r.pk is None:
        row |= {"workspace_id": ws, "external_id": r.external_id, "created": now}
    return row


def _offer_row(r: Record, ws: int, now: Any) -> dict[str, Any]:
    title, category, group = _offer_labels(r)
    row = {"title": title, "category": category, "product_group": group, "updated": now}
    row |= {"facts": _dump(r.facts), "fact_sources": _dump(r.fact_sources)}
    if r.pk is None:
        row |= {"workspace_id": ws, "supplier_id": owner(r).pk, "external_id": r.external_id}
        row |= {"position": r.position, "created": now}
    return row


def owner(offer: Record) -> Record:
    assert offer.supplier is not None, "an offer's record always has its supplier's"
    return offer.supplier


def save(
    catalog: Catalog,
    observations: list[Observed],
    *,
    batch: ImportBatch,
    observed_at: datetime,
    progress: Progress,
) -> None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    ws = catalog.workspace.pk
    # Taken before the inserts give the new records their ids.
    dirty_suppliers = catalog.dirty(catalog.suppliers.values())
    dirty_offers = catalog.dirty(catalog.offers.values())
    rows = [_supplier_row(r, ws, now) for r in catalog.new_suppliers]
    bulk.insert(Supplier, rows, stage="suppliers", progress=progress)
    ids = dict(Supplier.objects.filter(workspace_id=ws).values_list("external_id", "pk"))
    for record in catalog.new_suppliers:
        record.pk = ids[record.external_id]
    rows = [_offer_row(r, ws, now) for r in catalog.new_offers]
    bulk.insert(Offer, rows, stage="offers", progress=progress)
    if catalog.new_offers:
        offer_ids = {
            (s, e): pk
            for pk, s, e in Offer.objects.filter(workspace_id=ws).values_list(
                "pk", "supplier_id", "external_id"
            )
        }
        for record in catalog.new_offers:
            supplier_pk = owner(record).pk
            assert supplier_pk is not None  # the suppliers were inserted first
            record.pk = offer_ids[(supplier_pk, record.external_id)]
    pk_field = Observation._meta.pk
    seen_at = connection.ops.adapt_datetimefield_value(observed_at)
    rows = [
        {
            "id": pk_field.get_db_prep_value(obs_id, connection),
            "workspace_id": ws,
            "supplier_id": supplier.pk,
            "offer_id": offer.pk,
            "batch_id": batch.pk,
            "kind": Observation.Kind.FILE,
            "detail": detail[:500],
            "observed_at": seen_at,
            "recorded_at": now,
            "values": _dump(values),
            "raw": "{}",
        }
        for obs_id, supplier, offer, values, detail in observations
    ]
    bulk.insert(Observation, rows, stage="observations", progress=progress)
    _update(dirty_suppliers, dirty_offers, now, progress)


def _update(suppliers: list[Record], offers: list[Record], now: Any, progress: Progress) -> None:
    tables: tuple[tuple[type[Supplier] | type[Offer], list[Record], RowOf], ...] = (
        (Supplier, suppliers, _supplier_row),
        (Offer, offers, _offer_row),
    )
    for model, records, row_of in tables:
        rows = [row_of(r, 0, now) for r in records]
        names = list(rows[0]) if rows else []
        bulk.executemany(
            bulk.update_sql(model, names),
            [(*row.values(), r.pk) for row, r in zip(rows, records, strict=True)],
            stage=f"{model._meta.model_name}s",
            progress=progress,
        )


def would_be_offers(catalog: Catalog) -> list[Record]:
    """The offers whose screening input this import changes: its own, and every
    offer of a supplier it changes (supplier values are merged into each offer)."""
    touched = {id(s) for s in catalog.suppliers.values() if s.pk is None or s.dirty}
    return [
        o for o in catalog.offers.values() if o.pk is None or o.dirty or id(o.supplier) in touched
    ]


def merged_facts(offer: Record) -> dict[str, Any]:
    """An offer's row as the screening will read it after the import."""
    supplier = owner(offer)
    row = {**supplier.facts, **offer.facts}
    row["supplier_id"] = supplier.external_id
    row["offer_id"] = offer.external_id or None
    return row


def count_updates(catalog: Catalog) -> tuple[int, int]:
    return len(catalog.dirty(catalog.suppliers.values())), len(
        catalog.dirty(catalog.offers.values())
    )
