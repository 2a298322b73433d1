from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.catalog.models import Observation, Offer, Supplier
from daifa.catalog.services import (
    offer_get_or_create,
    supplier_get_or_create,
    supplier_record_facts,
)

PAGE_NAMES = {"shop": "shop profile", "offer": "offer"}


@dataclass(frozen=True)
class CaptureSaved:
    supplier: Supplier
    offer: Offer
    observation: Observation | None  # None when every value was already known
    supplier_created: bool
    offer_created: bool


def capture_detail(page_kind: str, observed_at: datetime) -> str:
    """``pasted from 1688 page (offer) on 2025-06-01``: the observation's provenance."""
    day = timezone.localdate(observed_at).isoformat()
    kind = PAGE_NAMES.get(page_kind)
    return f"pasted from 1688 page ({kind}) on {day}" if kind else f"pasted from 1688 page on {day}"


@transaction.atomic
def supplier_capture(
    *,
    workspace: Workspace,
    values: dict[str, Any],
    page_kind: str,
    supplier: Supplier | None = None,
    supplier_id: str = "",
    supplier_name: str = "",
    offer_id: str = "",
    snippets: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
    observed_at: datetime | None = None,
) -> CaptureSaved:
    """Store the confirmed values of a pasted page as one manual observation.

    The target is ``supplier`` or, when None, the supplier ``supplier_id`` of the
    workspace (created when new). The offer is ``offer_id`` of that supplier
    (created when new); without an id, the supplier's first offer, or a new
    blank one. The snippets and the facts without a canonical column are kept in
    the observation's ``raw`` so every value can say where on the page it was.
    """
    observed_at = observed_at or timezone.now()
    supplier, supplier_created = _supplier(workspace, supplier, supplier_id, supplier_name)
    offer, offer_created = _offer(supplier, offer_id.strip())
    raw = {"page_kind": page_kind, "snippets": snippets or {}, "extra": extra or {}}
    facts = {k: v for k, v in values.items() if k not in ("supplier_id", "offer_id")}
    observation = supplier_record_facts(
        supplier=supplier,
        values=facts,
        kind=Observation.Kind.MANUAL,
        detail=capture_detail(page_kind, observed_at),
        offer=offer,
        observed_at=observed_at,
        raw=raw,
    )
    return CaptureSaved(supplier, offer, observation, supplier_created, offer_created)


def _supplier(
    workspace: Workspace, supplier: Supplier | None, external_id: str, name: str
) -> tuple[Supplier, bool]:
    if supplier is not None:
        if supplier.workspace_id != workspace.pk:
            raise ValueError("the supplier belongs to another workspace")
        return supplier, False
    external_id = external_id.strip()
    if not external_id:
        raise ValueError("a new supplier needs a supplier id")
    return supplier_get_or_create(workspace=workspace, external_id=external_id, name=name.strip())


def _offer(supplier: Supplier, external_id: str) -> tuple[Offer, bool]:
    if not external_id:
        first = supplier.offers.order_by("position", "id").first()
        if first is not None:
            return first, False
    # A shop page leaves the supplier one blank offer to carry its screening; the
    # first real offer takes its place rather than leaving it as an empty row.
    return offer_get_or_create(supplier=supplier, external_id=external_id, take_blank=True)
