"""Reads for quick capture: which supplier a pasted page is about, and the choices."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer, Supplier
from daifa.modelrows import fetch, json_value, moment
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


def captured_extras(supplier: Supplier, lang: str) -> list[dict[str, Any]]:
    """Facts pasted pages showed that no criterion reads (a dispatch promise, 晚发必赔,
    service stars, 90-day sales …): the newest of each, with the text it came from,
    so what the seller captured is not stored out of sight."""
    from daifa.sources.capture import label
    from daifa.sources.capture.labels import EXTRA_LABELS

    seen: dict[tuple[str, str], dict[str, Any]] = {}
    sql, params = _extras_query()
    found = fetch(sql, [supplier.pk if p == _ANY_SUPPLIER else p for p in params])
    for stored_raw, offer_id, offer_external_id, observed_at in found:
        raw = json_value(stored_raw)
        extra, snippets = raw.get("extra") or {}, raw.get("snippets") or {}
        offer = offer_external_id if offer_id is not None else ""
        for field, value in extra.items():
            if field not in EXTRA_LABELS or field in ("tags", "shop_name", "member_id"):
                continue
            seen.setdefault(
                (field, offer),
                {
                    "label": label(field, lang),
                    "value": shown_extra(value, lang),
                    "snippet": snippets.get(field, ""),
                    "offer": offer,
                    "observed_at": moment(observed_at),
                },
            )
    return list(seen.values())


# A stand-in for the supplier's id in the statement built once (no real id is this).
_ANY_SUPPLIER = -918273645


@functools.cache
def _extras_query() -> tuple[str, tuple[Any, ...]]:
    """The observations with a page's extras, newest first: the ORM writes the
    statement once per process (the JSON key test differs between databases),
    each page runs it with its supplier (building it cost more than the read)."""
    from daifa.catalog.models import Observation

    query = (
        Observation.objects.filter(supplier_id=_ANY_SUPPLIER, raw__has_key="extra")
        .order_by("-observed_at", "-recorded_at")
        .values_list("raw", "offer_id", "offer__external_id", "observed_at")
    )
    sql, params = query.query.sql_with_params()
    assert list(params).count(_ANY_SUPPLIER) == 1
    return sql, tuple(params)


def shown_extra(value: Any, lang: str) -> Any:
    """A fact without a column as the seller reads it: no ``True`` or ``48.0``."""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return ("、" if lang == "zh" else ", ").join(map(str, value))
    return value
