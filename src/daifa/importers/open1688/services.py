"""Writes of the 1688 importer: observations read from 1688 (search hits, product
details) become facts of the workspace's suppliers and offers. Network calls happen
outside the transactions that store their answers, so a slow gateway never holds the
database's write lock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer, Supplier
from daifa.catalog.services import (
    offer_get_or_create,
    supplier_get_or_create,
    supplier_record_facts,
)
from daifa.sources.open1688 import (
    OfferIdError,
    Open1688Client,
    observations_from_detail,
    parse_offer_id,
)
from daifa.sources.provenance import Observation

# One refresh click reads at most this many offers (each is a paid API call).
REFRESH_LIMIT = 20


@dataclass
class StoreResult:
    suppliers_created: int = 0
    offers_created: int = 0
    observations: int = 0
    suppliers: list[Supplier] = field(default_factory=list)


@transaction.atomic
def observations_store(*, workspace: Workspace, observations: Iterable[Observation]) -> StoreResult:
    """Record 1688 observations in ``workspace``, creating suppliers and offers when new.

    An offer already in the workspace keeps its supplier: 1688 names a seller by
    company in search answers and by ``sellerOpenId`` in product details, and a
    refresh must not split one supplier in two. The 1688 seller id is kept in
    the observation's ``raw``.
    """
    found = list(observations)
    result = StoreResult()
    places = _places(workspace, found, result)
    for obs in found:
        supplier, offer = places[(obs.supplier_id, obs.offer_id or _pair_offer(obs, found))]
        recorded = supplier_record_facts(
            supplier=supplier,
            offer=offer,
            values=obs.values,
            kind="api",
            detail=obs.provenance.detail,
            observed_at=obs.provenance.observed_at,
            raw={**obs.raw, "seller_id_1688": obs.supplier_id},
        )
        result.observations += recorded is not None
        if supplier not in result.suppliers:
            result.suppliers.append(supplier)
    # The caller re-screens the suppliers (daifa.workbench.actions.observations_1688_store).
    return result


def _pair_offer(obs: Observation, found: list[Observation]) -> str:
    # A supplier-level observation belongs to the offer seen in the same answer.
    for other in found:
        if other.offer_id and other.provenance.detail == obs.provenance.detail:
            return other.offer_id
    raise ValueError(f"supplier observation without an offer: {obs.provenance.detail}")


def _places(
    workspace: Workspace, found: list[Observation], result: StoreResult
) -> dict[tuple[str, str], tuple[Supplier, Offer]]:
    places: dict[tuple[str, str], tuple[Supplier, Offer]] = {}
    # One Python object per supplier row: facts recorded through one copy
    # would otherwise be overwritten when a stale copy is saved.
    same: dict[int, Supplier] = {}
    for obs in found:
        if obs.offer_id and (obs.supplier_id, obs.offer_id) not in places:
            supplier, offer = _place(workspace, obs, result)
            supplier = same.setdefault(supplier.pk, supplier)
            offer.supplier = supplier
            places[(obs.supplier_id, obs.offer_id)] = (supplier, offer)
    return places


def _place(workspace: Workspace, obs: Observation, result: StoreResult) -> tuple[Supplier, Offer]:
    offer_id = str(obs.offer_id)
    offer = (
        Offer.objects.filter(workspace=workspace, external_id=offer_id)
        .select_related("supplier")
        .order_by("id")
        .first()
    )
    if offer is not None:
        return offer.supplier, offer
    supplier, created = supplier_get_or_create(workspace=workspace, external_id=obs.supplier_id)
    result.suppliers_created += created
    offer, created = offer_get_or_create(supplier=supplier, external_id=offer_id)
    result.offers_created += created
    return supplier, offer


def offer_store(*, workspace: Workspace, client: Open1688Client, offer: str) -> StoreResult:
    """Read one offer (id or pasted address) from 1688 and store its facts."""
    detail = client.product_detail(parse_offer_id(offer))
    return observations_store(workspace=workspace, observations=observations_from_detail(detail))


def supplier_refresh(*, supplier: Supplier, client: Open1688Client) -> StoreResult:
    """Read the supplier's 1688 offers again (product detail) and store what changed.

    Offers whose id is not a 1688 offer id (typed by hand, from other shops) are
    skipped. Raises ``OfferIdError`` when the supplier has none.
    """
    offer_ids = _1688_offer_ids(supplier)[:REFRESH_LIMIT]
    if not offer_ids:
        raise OfferIdError(supplier.external_id)
    observations: list[Observation] = []
    for offer_id in offer_ids:
        observations += observations_from_detail(client.product_detail(offer_id))
    return observations_store(workspace=supplier.workspace, observations=observations)


def _1688_offer_ids(supplier: Supplier) -> list[str]:
    ids = []
    for external_id in supplier.offers.values_list("external_id", flat=True):
        try:
            ids.append(parse_offer_id(external_id))
        except OfferIdError:
            continue
    return ids
