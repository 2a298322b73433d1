"""Reads of the buying app; every get is scoped to the workspace (404 otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from daifa.accounts.models import Workspace
from daifa.buying.models import Agreement, Claim, Product, SupplyLink
from daifa.buying.pricing import moq_of, price_at, tiers_of
from daifa.buying.states import is_overdue
from daifa.lifecycle.models import Stage
from daifa.lifecycle.selectors import supplier_stage
from daifa.sourcing.models import PurchaseOrder

if TYPE_CHECKING:
    from daifa.catalog.models import Offer
    from daifa.sourcing.models import Refund


def agreements_of(workspace: Workspace) -> QuerySet[Agreement]:
    return Agreement.objects.filter(workspace=workspace).select_related("supplier")


def latest_agreements(workspace: Workspace) -> list[Agreement]:
    """The newest version of each agreement."""
    latest: dict[str, Agreement] = {}
    for agreement in agreements_of(workspace).order_by("reference", "-version"):
        latest.setdefault(agreement.reference, agreement)
    return list(latest.values())


def get_agreement(workspace: Workspace, pk: int) -> Agreement:
    return get_object_or_404(agreements_of(workspace), pk=pk)


def versions_of(agreement: Agreement) -> QuerySet[Agreement]:
    return agreements_of(agreement.workspace).filter(reference=agreement.reference)


def orders_of(workspace: Workspace) -> QuerySet[PurchaseOrder]:
    return PurchaseOrder.objects.filter(workspace=workspace).select_related(
        "supplier", "offer", "agreement"
    )


def get_order(workspace: Workspace, pk: int) -> PurchaseOrder:
    return get_object_or_404(orders_of(workspace), pk=pk)


def overdue_orders(workspace: Workspace, now: datetime) -> list[PurchaseOrder]:
    """Paid, not picked up or shipped, not cancelled, and past the pickup time."""
    # A generous database filter (no agreement allows less than an hour), then the exact rule.
    candidates = (
        orders_of(workspace)
        .filter(
            paid_at__isnull=False,
            picked_up_at__isnull=True,
            shipped_at__isnull=True,
            cancelled_at__isnull=True,
            returned_at__isnull=True,
        )
        .filter(
            Q(pickup_due_at__lt=now)
            | Q(pickup_due_at__isnull=True, paid_at__lt=now - timedelta(hours=1))
        )
    )
    return [order for order in candidates if is_overdue(order, now)]


def claims_of(workspace: Workspace) -> QuerySet[Claim]:
    return Claim.objects.filter(workspace=workspace).select_related(
        "order", "order__supplier", "order__agreement"
    )


def get_claim(workspace: Workspace, pk: int) -> Claim:
    return get_object_or_404(claims_of(workspace), pk=pk)


def products_of(workspace: Workspace) -> QuerySet[Product]:
    return Product.objects.filter(workspace=workspace).prefetch_related(
        "links__offer__supplier", "switches"
    )


def get_product(workspace: Workspace, pk: int) -> Product:
    return get_object_or_404(products_of(workspace), pk=pk)


def offers_for_order(workspace: Workspace) -> QuerySet[Offer]:
    from daifa.catalog.models import Offer

    return Offer.objects.filter(workspace=workspace).select_related("supplier")


@dataclass(frozen=True)
class Readiness:
    """Can this backup take over now? Each check is True, False or None (unknown)."""

    link: SupplyLink
    stage: str
    approved: bool
    in_stock: bool | None
    price: Decimal | None
    primary_price: Decimal | None
    price_ok: bool | None

    @property
    def ready(self) -> bool:
        return self.approved and self.in_stock is True and self.price_ok is True


def unit_price(offer: Offer) -> Decimal | None:
    """The offer's price at its own MOQ (what a first order pays)."""
    tiers = tiers_of(offer.facts.get("price_tiers"))
    moq = moq_of(offer.facts, tiers) or 1
    return price_at(tiers, max(moq, tiers[0]["min_qty"] if tiers else 1))


def readiness(product: Product) -> list[Readiness]:
    links = list(product.links.all())
    if not links:
        return []
    primary_price = unit_price(links[0].offer)
    band = Decimal(product.price_band_pct) / 100
    found = []
    for link in links:
        stage = supplier_stage(link.offer.supplier)
        price = unit_price(link.offer)
        price_ok = None
        if price is not None and primary_price is not None:
            price_ok = price <= primary_price * (1 + band)
        found.append(
            Readiness(
                link=link,
                stage=str(stage.label),
                approved=stage == Stage.APPROVED,
                in_stock=link.in_stock,
                price=price,
                primary_price=primary_price,
                price_ok=price_ok,
            )
        )
    return found


def claim_refund(claim: Claim) -> Refund | None:
    """The synced 1688 refund filed for ``claim`` (None until the refund sync brings it)."""
    from daifa.sourcing.models import Refund

    if not claim.refund_id:
        return None
    return Refund.objects.filter(workspace=claim.workspace, refund_id=claim.refund_id).first()
