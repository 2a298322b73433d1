from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from daifa.accounts.models import Workspace
from daifa.catalog.models import Observation, Offer, Supplier
from daifa.modelrows import fetch, json_value, model_rows, moment


def get_supplier_for_user(user: Any, workspace: Workspace, supplier_id: int) -> Supplier:
    # A plain statement (daifa.modelrows): every supplier page reads it, and
    # the ORM's query building cost more than the read.
    found = model_rows(Supplier, "t.id = %s AND t.workspace_id = %s", [supplier_id, workspace.pk])
    if not found:
        raise Http404("no such supplier")
    return found[0]


def judged_offer_id(supplier: Supplier) -> int | None:
    """The pk of the offer the supplier's verdict is about: its best screened row
    (read through the screening rows' link to the offer, ``Offer.screen``, so
    the catalog needs no import of the screening app above it)."""
    return supplier.offers.filter(screen__is_best__in=[True]).values_list("pk", flat=True).first()


def fact_history(supplier: Supplier) -> list[dict[str, Any]]:
    """Every observation of the supplier and its offers, newest first, one row per value."""
    rows = []
    # The columns the rows show, not the models (an observation's ``raw`` is a
    # whole pasted page), in one plain statement (see daifa.modelrows).
    observations = fetch(
        'SELECT ob.id, ob.kind, ob.detail, ob.observed_at, ob."values", ob.offer_id,'
        f" o.external_id, o.fact_sources FROM {Observation._meta.db_table} ob"
        f" LEFT JOIN {Offer._meta.db_table} o ON o.id = ob.offer_id"
        " WHERE ob.supplier_id = %s ORDER BY ob.observed_at DESC, ob.recorded_at DESC",
        [supplier.pk],
    )
    current = {**supplier.fact_sources}
    # get_kind_display() builds the choices' dict again for every row.
    kinds = dict(Observation.Kind.choices)
    # An offer's sources come with each of its observations: decoded once.
    offer_sources: dict[Any, dict[str, Any]] = {}
    for pk, kind, detail, observed_at, values, offer_id, offer_ext, sources in observations:
        hex_pk = pk.hex if isinstance(pk, UUID) else UUID(str(pk)).hex
        kind_text, observed = str(kinds.get(kind, kind)), moment(observed_at)
        of_offer: dict[str, Any] = {}
        if offer_id is not None:
            if offer_id not in offer_sources:
                offer_sources[offer_id] = json_value(sources)
            of_offer = offer_sources[offer_id]
        offer = offer_ext if offer_id is not None else ""
        for field, value in sorted(json_value(values).items()):
            is_current = current.get(field) == hex_pk or (
                offer_id is not None and of_offer.get(field) == hex_pk
            )
            rows.append(
                {
                    "field": field,
                    "value": value,
                    "offer": offer,
                    "kind": kind_text,
                    "detail": detail,
                    "observed_at": observed,
                    "current": is_current,
                }
            )
    return rows
