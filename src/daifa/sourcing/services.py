"""Writes of the 1688 app: credentials and orders (its facts are the importer's,
daifa.importers.open1688.services). Network calls happen outside the transactions that store
their answers, so a slow gateway never holds the database's write lock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.catalog.models import Supplier
from daifa.sources.open1688 import (
    Open1688Client,
    OrderDraft,
    PlacedOrder,
    Token,
    place_order,
)
from daifa.sources.open1688 import Refund as RefundAnswer
from daifa.sources.open1688 import TradeOrder as OrderAnswer
from daifa.sources.open1688.client import BUYER_ORDER_LIST, REFUND_LIST, aop_time
from daifa.sources.open1688.orders import LIST_PAGE_SIZE
from daifa.sources.open1688.trade import parse_order_page, parse_refund_page
from daifa.sourcing.adapters import order_fields, refund_fields
from daifa.sourcing.journal import DbJournal
from daifa.sourcing.models import BuyerToken, Open1688Account, PurchaseOrder, Refund

# How far back the first sync of a workspace looks, and how much the next one
# overlaps the previous (1688's modify times may lag a little).
FIRST_SYNC = timedelta(days=90)
SYNC_OVERLAP = timedelta(hours=1)

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
