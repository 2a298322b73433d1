"""Offer watch: active offers (ordered from, or marked watched) re-checked on a schedule.

A check reads the offer's price tiers and stock per SKU: through the 1688 API when
the workspace is connected (``client_for``, whose transport tests replace), else
from the offer's stored facts, which re-captured pages and imported files update.
Each check keeps one observation per SKU, recomputes landed cost and margin at the
seller's quantity, and raises the price / stock / SKU alerts.

Several workers can run checks at once (the task worker, on PostgreSQL): a worker
claims a due watch with a conditional UPDATE on its claim (and
``select_for_update(skip_locked=True)`` where the database has it), so a watch is
checked by one worker at a time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer
from daifa.monitoring.models import Alert, OfferObservation, OfferWatch
from daifa.monitoring.selectors import settings_of

if TYPE_CHECKING:
    from daifa.sources.open1688 import Open1688Client

CHECK_EVERY = timedelta(hours=6)
LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class Seen:
    sku: str
    price_cny: Decimal | None  # at the seller's quantity
    stock: int | None
    tiers: list[dict[str, Any]] = field(default_factory=list)


Fetch = Callable[[Offer, int], tuple[str, list[Seen]]]


def price_at(tiers: list[dict[str, Any]], quantity: int) -> Decimal | None:
    best = None
    for t in sorted(tiers, key=lambda t: t["min_qty"]):
        if quantity >= t["min_qty"]:
            best = Decimal(str(t["price_cny"]))
    if best is None and tiers:
        best = Decimal(str(min(tiers, key=lambda t: t["min_qty"])["price_cny"]))
    return best


def from_facts(offer: Offer, quantity: int) -> tuple[str, list[Seen]]:
    """The offer as the last capture or import left it."""
    facts = offer.facts or {}
    tiers = [
        {"min_qty": int(t.get("min_qty") or 1), "price_cny": float(t["price_cny"])}
        for t in (facts.get("price_tiers") or [])
        if isinstance(t, dict) and t.get("price_cny") is not None
    ]
    price = price_at(tiers, quantity)
    if price is None and facts.get("unit_price_cny") is not None:
        price = Decimal(str(facts["unit_price_cny"]))
    stock = facts.get("stock")
    return "import", [Seen("", price, int(stock) if stock is not None else None, tiers)]


def from_api(client: Open1688Client) -> Fetch:
    def fetch(offer: Offer, quantity: int) -> tuple[str, list[Seen]]:
        detail = client.product_detail(offer.external_id)
        tiers = [
            {"min_qty": t.min_qty, "max_qty": t.max_qty, "price_cny": float(t.price_cny)}
            for t in detail.price_tiers
        ]
        tier_price = price_at(tiers, quantity)
        seen = [
            Seen(sku.spec_id or sku.sku_id or "", tier_price or sku.price_cny, sku.stock, tiers)
            for sku in detail.skus
        ]
        return "api", seen or [Seen("", tier_price, detail.stock, tiers)]

    return fetch


def offer_watch_set(*, workspace: Workspace, offer: Offer, watched: bool) -> OfferWatch:
    watch, _ = OfferWatch.objects.update_or_create(
        offer=offer,
        defaults={"workspace": workspace, "watched": watched, "next_check_at": timezone.now()},
    )
    return watch


def watches_ensure(*, workspace: Workspace, offer_ids: set[str]) -> int:
    """Offers ordered from are watched (once; the seller may unwatch them)."""
    offers = Offer.objects.filter(workspace=workspace, external_id__in=offer_ids).exclude(
        watch__isnull=False
    )
    now = timezone.now()
    made = [OfferWatch(workspace=workspace, offer=o, next_check_at=now) for o in offers]
    OfferWatch.objects.bulk_create(made, ignore_conflicts=True)
    return len(made)


def _claim(workspace: Workspace, worker: str, now: datetime, limit: int) -> list[OfferWatch]:
    due = OfferWatch.objects.filter(
        workspace=workspace, watched=True, next_check_at__lte=now
    ).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        candidates = list(due.order_by("next_check_at", "id")[:limit])
        won = []
        for w in candidates:
            # Compare-and-set on the claim: of two workers one wins, on any database.
            if OfferWatch.objects.filter(pk=w.pk, claimed_until=w.claimed_until).update(
                claimed_by=worker, claimed_until=now + LEASE
            ):
                won.append(w)
    return won


def _landed(
    workspace: Workspace, offer: Offer, price: Decimal | None, quantity: int
) -> tuple[float | None, float | None]:
    """Landed cost and margin at the seller's quantity with the observed price."""
    if price is None:
        return None, None
    try:
        import polars as pl

        from daifa.catalog.adapters import workspace_offer_frame
        from daifa.screening.inputs import with_costs

        frame = workspace_offer_frame(workspace, supplier_ids=[offer.supplier.external_id])
        frame = frame.filter(pl.col("offer_pk") == offer.pk)
        if frame.height == 0:
            return None, None
        frame = frame.with_columns(
            pl.lit(float(price)).alias("unit_price_cny"),
            pl.lit(None, dtype=frame.schema.get("price_tiers", pl.Null)).alias("price_tiers"),
        )
        costed, _ = with_costs(workspace, frame, quantity=quantity)
        row = costed.row(0, named=True)
        return row.get("landed_unit_cost_cny"), row.get("margin_pct")
    except Exception:  # costing is a bonus of the check; its failure must not lose it
        return None, None


def watch_check(*, watch: OfferWatch, fetch: Fetch, now: datetime | None = None) -> list[Alert]:
    """One check of one watched offer: observations stored, alerts raised."""
    from daifa.monitoring.services import alert_raise

    now = now or timezone.now()
    workspace = watch.workspace
    s = settings_of(workspace)
    offer = watch.offer
    source, seen = fetch(offer, s.quantity)
    latest: dict[str, OfferObservation] = {}
    for o in OfferObservation.objects.filter(offer=offer).order_by("at", "id"):
        latest[o.sku] = o
    alerts = []
    link = reverse("supplier_detail", args=[workspace.pk, offer.supplier_id])
    name = offer.title or offer.external_id
    for item in seen:
        landed, margin = _landed(workspace, offer, item.price_cny, s.quantity)
        obs = OfferObservation.objects.create(
            workspace=workspace, offer=offer, sku=item.sku, at=now, source=source,
            price_cny=item.price_cny, stock=item.stock, tiers=item.tiers,
            landed_cost_cny=landed, margin_pct=margin,
        )  # fmt: skip
        prev = latest.get(item.sku)
        rule = s.rule("price_rise")
        if prev and prev.price_cny and item.price_cny and rule["enabled"]:
            rise = float((item.price_cny - prev.price_cny) / prev.price_cny * 100)
            if rise > float(rule["pct"]):
                alerts.append(alert_raise(
                    workspace=workspace, event_key=f"price_rise:{offer.pk}:{item.sku}:{obs.pk}",
                    rule="price_rise", supplier=offer.supplier, offer=offer,
                    title=(f"{name}：价格上涨 {rise:.1f}%", f"{name}: price up {rise:.1f}%"),
                    evidence=(
                        f"按你的数量 {s.quantity} 件：¥{prev.price_cny} → ¥{item.price_cny}"
                        f"（阈值 {rule['pct']:g}%）",
                        f"At your quantity {s.quantity}: ¥{prev.price_cny} → ¥{item.price_cny} "
                        f"(threshold {rule['pct']:g}%)",
                    ),
                    action=(
                        "与供应商确认价格，或比较备选供应商",
                        "Confirm the price with the supplier or compare the backup",
                    ),
                    link=link, data={"before": str(prev.price_cny), "after": str(item.price_cny)},
                    now=now,
                ))  # fmt: skip
        need = s.rule("low_stock")
        units = int(need.get("units") or 0) or s.quantity
        if item.stock is not None and item.stock < units and need["enabled"]:
            alerts.append(alert_raise(
                workspace=workspace, event_key=f"low_stock:{offer.pk}:{item.sku}:{now.date()}",
                rule="low_stock", supplier=offer.supplier, offer=offer,
                title=(f"{name}：库存不足", f"{name}: stock below your need"),
                evidence=(
                    f"库存 {item.stock}，需要 {units}", f"Stock {item.stock}, you need {units}"
                ),
                action=(
                    "先问供应商补货时间，准备备选", "Ask when it restocks; get the backup ready"
                ),
                link=link, data={"stock": item.stock, "need": units}, now=now,
            ))  # fmt: skip
    gone = set(latest) - {item.sku for item in seen} - {""}
    if gone and s.rule("sku_gone")["enabled"]:
        for sku in sorted(gone):
            alerts.append(alert_raise(
                workspace=workspace, event_key=f"sku_gone:{offer.pk}:{sku}",
                rule="sku_gone", supplier=offer.supplier, offer=offer,
                title=(f"{name}：SKU {sku} 已下架", f"{name}: SKU {sku} is gone"),
                evidence=(f"上次检查还在，本次没有（来源：{source}）",
                          f"Present at the last check, missing now (source: {source})"),
                action=("重新对应 SKU，或切换到备选", "Map the SKU again or switch to the backup"),
                link=link, data={"sku": sku}, now=now,
            ))  # fmt: skip
    return [a for a in alerts if a is not None]


def watch_run(
    *,
    workspace: Workspace,
    fetch: Fetch | None = None,
    worker: str | None = None,
    now: datetime | None = None,
    limit: int = 50,
) -> dict[str, int]:
    """Check every due watch of the workspace this worker can claim."""
    worker = worker or uuid.uuid4().hex
    now = now or timezone.now()
    if fetch is None:
        fetch = _default_fetch(workspace)
    done = failed = 0
    for watch in _claim(workspace, worker, now, limit):
        try:
            watch_check(watch=watch, fetch=fetch, now=now)
            error = ""
            done += 1
        except Exception as exc:  # one offer that cannot be read must not stop the rest
            error = f"{type(exc).__name__}: {exc}"[:500]
            failed += 1
        OfferWatch.objects.filter(pk=watch.pk, claimed_by=worker).update(
            claimed_by="", claimed_until=None, last_checked_at=now,
            next_check_at=now + CHECK_EVERY, last_error=error,
        )  # fmt: skip
    return {"checked": done, "failed": failed}


def _default_fetch(workspace: Workspace) -> Fetch:
    from daifa.sourcing.selectors import account_of

    account = account_of(workspace)
    if account is not None and hasattr(account, "buyer_token"):
        from daifa.sourcing.client import client_for

        return from_api(client_for(workspace))
    return from_facts
