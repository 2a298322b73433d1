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
    observations = Observation.objects.filter(supplier=supplier).select_related("offer")
    current = {**supplier.fact_sources}
    # get_kind_display() builds the choices' dict again for every row.
    kinds = dict(Observation.Kind.choices)
    for obs in observations.order_by("-observed_at", "-recorded_at"):
        for field, value in sorted(obs.values.items()):
            is_current = current.get(field) == obs.pk.hex or (
                obs.offer is not None and obs.offer.fact_sources.get(field) == obs.pk.hex
            )
            rows.append(
                {
                    "field": field,
                    "value": value,
                    "offer": obs.offer.external_id if obs.offer else "",
                    "kind": str(kinds.get(obs.kind, obs.kind)),
                    "detail": obs.detail,
                    "observed_at": obs.observed_at,
                    "current": is_current,
                }
            )
    return rows
