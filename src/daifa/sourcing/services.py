"""Writes of the 1688 slice. Network calls happen outside the transactions that store
their answers, so a slow gateway never holds the database's write lock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

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
    OrderDraft,
    PlacedOrder,
    Token,
    observations_from_detail,
    parse_offer_id,
    place_order,
)
from daifa.sources.open1688 import Refund as RefundAnswer
from daifa.sources.open1688 import TradeOrder as OrderAnswer
from daifa.sources.open1688.client import BUYER_ORDER_LIST, REFUND_LIST, aop_time
from daifa.sources.open1688.orders import LIST_PAGE_SIZE
from daifa.sources.open1688.trade import parse_order_page, parse_refund_page
from daifa.sources.provenance import Observation
from daifa.sourcing.adapters import order_fields, refund_fields
from daifa.sourcing.journal import DbJournal
from daifa.sourcing.models import BuyerToken, Open1688Account, PurchaseOrder, Refund

# How far back the first sync of a workspace looks, and how much the next one
# overlaps the previous (1688's modify times may lag a little).
FIRST_SYNC = timedelta(days=90)
SYNC_OVERLAP = timedelta(hours=1)
# One refresh click reads at most this many offers (each is a paid API call).
REFRESH_LIMIT = 20

Progress = Callable[[str, int], None]


# -- credentials ---------------------------------------------------------------


@transaction.atomic
def account_save(*, workspace: Workspace, app_key: str, app_secret: str = "") -> Open1688Account:
    """Set the app key, and the secret when one is given (an empty one keeps the old).

    A new app key drops the connected buyer account: its token belongs to the old app.
    """
    account = Open1688Account.objects.filter(workspace=workspace).first()
    if account is None:
        account = Open1688Account(workspace=workspace)
    elif account.app_key != app_key:
        BuyerToken.objects.filter(account=account).delete()
    account.app_key = app_key
    if app_secret:
        account.app_secret = app_secret
    account.save()
    return account


@transaction.atomic
def buyer_token_store(*, account: Open1688Account, token: Token) -> BuyerToken:
    row = BuyerToken.objects.filter(account=account).first() or BuyerToken(account=account)
    row.take(token)
    row.save()
    return row


# -- facts -----------------------------------------------------------------------


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


# -- orders ------------------------------------------------------------------------


@dataclass
class SyncResult:
    since: datetime
    orders_created: int = 0
    orders_updated: int = 0
    refunds_created: int = 0
    refunds_updated: int = 0


def orders_sync(
    *,
    workspace: Workspace,
    client: Open1688Client,
    since: datetime | None = None,
    progress: Progress | None = None,
) -> SyncResult:
    """Store the buyer orders and refunds modified since ``since`` (by default, since
    the last sync, or 90 days back the first time). Each page is stored as it
    arrives, so an interrupted sync keeps what it read."""
    account = Open1688Account.objects.filter(workspace=workspace).first()
    started = client.now()
    result = SyncResult(since=since or _default_since(account, started))
    for page in _order_pages(client, result.since):
        created, updated = orders_store(workspace=workspace, orders=page)
        result.orders_created += created
        result.orders_updated += updated
        if progress:
            progress("orders", result.orders_created + result.orders_updated)
    for refunds in _refund_pages(client, result.since):
        created, updated = refunds_store(workspace=workspace, refunds=refunds)
        result.refunds_created += created
        result.refunds_updated += updated
        if progress:
            progress("refunds", result.refunds_created + result.refunds_updated)
    if account is not None:
        Open1688Account.objects.filter(pk=account.pk).update(orders_synced_at=started)
    return result


def _default_since(account: Open1688Account | None, now: datetime) -> datetime:
    if account is None or account.orders_synced_at is None:
        return now - FIRST_SYNC
    return account.orders_synced_at - SYNC_OVERLAP


def _order_pages(
    client: Open1688Client, since: datetime
) -> Iterator[list[tuple[OrderAnswer, dict[str, Any]]]]:
    # Paged here rather than with iter_buyer_orders: the raw TradeInfo is kept,
    # and it holds the shipped and received times that TradeOrder leaves out.
    number = 1
    while True:
        params = {
            "page": number,
            "pageSize": LIST_PAGE_SIZE,
            "modifyStartTime": aop_time(since),
            "needMemoInfo": True,
        }
        body = client.call(BUYER_ORDER_LIST, params)
        orders = parse_order_page(body, BUYER_ORDER_LIST.name).orders
        yield list(zip(orders, body.get("result") or [], strict=True))
        if len(orders) < LIST_PAGE_SIZE:
            return
        number += 1


def _refund_pages(
    client: Open1688Client, since: datetime
) -> Iterator[list[tuple[RefundAnswer, dict[str, Any]]]]:
    number = 0  # refund pages start at 0
    while True:
        params = {
            "modifyStartTime": aop_time(since),
            "currentPageNum": number,
            "pageSize": LIST_PAGE_SIZE,
            "dipsuteType": 0,  # sic: 1688's spelling; 0 = in-sale and after-sale
        }
        body = client.call(REFUND_LIST, params)
        refunds = parse_refund_page(body, REFUND_LIST.name).refunds
        raws = body["result"].get("opOrderRefundModels") or []
        yield list(zip(refunds, raws, strict=True))
        if len(refunds) < LIST_PAGE_SIZE:
            return
        number += 1


@transaction.atomic
def orders_store(
    *, workspace: Workspace, orders: list[tuple[OrderAnswer, dict[str, Any]]]
) -> tuple[int, int]:
    """Upsert synced orders by 1688 order id; (created, updated)."""
    now = timezone.now()
    suppliers = _suppliers_by_seller(workspace, [order for order, _ in orders])
    created = 0
    for order, raw in orders:
        fields = order_fields(order, raw)
        seller = suppliers.get(order.seller_login_id or "") or suppliers.get(order.seller_id or "")
        _, new = PurchaseOrder.objects.update_or_create(
            workspace=workspace,
            order_id=order.order_id,
            defaults={**fields, "supplier": seller, "synced_at": now},
        )
        created += new
    return created, len(orders) - created


def _suppliers_by_seller(workspace: Workspace, orders: list[OrderAnswer]) -> dict[str, Supplier]:
    keys = {key for o in orders for key in (o.seller_login_id, o.seller_id) if key}
    found = Supplier.objects.filter(workspace=workspace, external_id__in=keys)
    return {supplier.external_id: supplier for supplier in found}


@transaction.atomic
def refunds_store(
    *, workspace: Workspace, refunds: list[tuple[RefundAnswer, dict[str, Any]]]
) -> tuple[int, int]:
    """Upsert synced refunds by refund id, linked to their synced order; (created, updated)."""
    now = timezone.now()
    order_ids = {refund.order_id for refund, _ in refunds if refund.order_id}
    orders = {
        o.order_id: o
        for o in PurchaseOrder.objects.filter(workspace=workspace, order_id__in=order_ids)
    }
    created = 0
    for refund, raw in refunds:
        fields = refund_fields(refund, raw)
        _, new = Refund.objects.update_or_create(
            workspace=workspace,
            refund_id=refund.refund_id,
            defaults={
                **fields,
                "purchase_order": orders.get(refund.order_id or ""),
                "synced_at": now,
            },
        )
        created += new
    return created, len(refunds) - created


def order_place(
    *,
    workspace: Workspace,
    client: Open1688Client,
    draft: OrderDraft,
    reference: str,
    sleep: Callable[[float], None] = time.sleep,
) -> PlacedOrder:
    """Place ``draft`` once for ``reference``, journalled in the database.

    Not atomic on purpose: every journal line must be committed before the
    call it describes, or a crash would forget that an order may exist.
    ``sleep`` waits between the look-ups after an unclear attempt (tests pass a fake).
    """
    journal = DbJournal(workspace)
    try:
        return place_order(client, draft, reference=reference, journal=journal, sleep=sleep)
    finally:
        journal.release(reference)
