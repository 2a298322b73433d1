"""Reads for quick capture: which supplier a pasted page is about, and the choices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer, Supplier
from daifa.sources.capture import Capture
from daifa.sources.capture.identity import Known, match_supplier, suggest_supplier_id


@dataclass(frozen=True)
class Target:
    """The supplier a paste goes to (None: a new one), why, and the id to suggest."""

    supplier: Supplier | None
    how: str  # "", "chosen", "offer", "id", "shop_url", "name", "core", "fuzzy"
    said: str  # what on the page matched
    suggested_id: str
    suggested_from: str  # "", "shop_url", "member_id", "name"


def capture_target(workspace: Workspace, capture: Capture, chosen: Supplier | None) -> Target:
    suggestion = suggest_supplier_id(capture.values, capture.extra)
    suggested = (suggestion.supplier_id, suggestion.basis) if suggestion else ("", "")
    if chosen is not None:
        return Target(chosen, "chosen", "", *suggested)
    owner = _owner_of_offer(workspace, capture)
    if owner is not None:
        return Target(owner, "offer", capture.values["offer_id"], *suggested)
    match = match_supplier(capture.values, capture.extra, _known(workspace))
    if match is None:
        return Target(None, "", "", *suggested)
    supplier = Supplier.objects.get(pk=match.key)
    return Target(supplier, match.how, match.said, *suggested)


def _owner_of_offer(workspace: Workspace, capture: Capture) -> Supplier | None:
    """A pasted offer already in the workspace goes to the supplier that has it."""
    offer_id = capture.values.get("offer_id")
    if not offer_id:
        return None
    offer = Offer.objects.filter(workspace=workspace, external_id=offer_id).first()
    return offer.supplier if offer else None


def _known(workspace: Workspace) -> list[Known]:
    rows = Supplier.objects.filter(workspace=workspace).values_list(
        "pk", "external_id", "name", "facts__shop_url"
    )
    return [
        Known(pk, ext, name or "", url if isinstance(url, str) else "")
        for pk, ext, name, url in rows
    ]


def supplier_options(workspace: Workspace) -> list[dict[str, Any]]:
    """Every supplier as a datalist option, sorted by name then id (typing filters them)."""
    rows = Supplier.objects.filter(workspace=workspace).values_list("external_id", "name")
    return [
        {"id": ext, "name": name}
        for ext, name in sorted(rows, key=lambda r: ((r[1] or r[0]).casefold(), r[0]))
    ]
