from __future__ import annotations

from typing import Any

from django.http import Http404

from daifa.accounts.models import Workspace
from daifa.catalog.models import Observation, Supplier


def get_supplier_for_user(user: Any, workspace: Workspace, supplier_id: int) -> Supplier:
    supplier = Supplier.objects.filter(workspace=workspace, pk=supplier_id).first()
    if supplier is None:
        raise Http404("no such supplier")
    return supplier


def judged_offer_id(supplier: Supplier) -> int | None:
    """The pk of the offer the supplier's verdict is about: its best screened row
    (read through the screening rows' link to the offer, ``Offer.screen``, so
    the catalog needs no import of the screening app above it)."""
    return supplier.offers.filter(screen__is_best__in=[True]).values_list("pk", flat=True).first()


def fact_history(supplier: Supplier) -> list[dict[str, Any]]:
    """Every observation of the supplier and its offers, newest first, one row per value."""
    rows = []
    # The columns the rows show, not the models: an observation's ``raw`` (a whole
    # pasted page) and its offer's facts were read for every observation otherwise.
    observations = (
        Observation.objects.filter(supplier=supplier)
        .order_by("-observed_at", "-recorded_at")
        .values_list(
            "pk",
            "kind",
            "detail",
            "observed_at",
            "values",
            "offer_id",
            "offer__external_id",
            "offer__fact_sources",
        )
    )
    current = {**supplier.fact_sources}
    # get_kind_display() builds the choices' dict again for every row.
    kinds = dict(Observation.Kind.choices)
    for (
        pk,
        kind,
        detail,
        observed_at,
        values,
        offer_id,
        offer_external_id,
        offer_sources,
    ) in observations:
        hex_pk = pk.hex
        kind_text = str(kinds.get(kind, kind))
        for field, value in sorted(values.items()):
            is_current = current.get(field) == hex_pk or (
                offer_id is not None and offer_sources.get(field) == hex_pk
            )
            rows.append(
                {
                    "field": field,
                    "value": value,
                    "offer": offer_external_id if offer_id is not None else "",
                    "kind": kind_text,
                    "detail": detail,
                    "observed_at": observed_at,
                    "current": is_current,
                }
            )
    return rows
