"""Load the buying demo into a workspace: agreements, orders in every state (some
overdue), claims with evidence photos, and products with ranked backups."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from daifa.accounts.models import Workspace
from daifa.buying import clock
from daifa.buying.models import Agreement
from daifa.buying.services import (
    agreement_create,
    agreement_defaults,
    backup_add,
    claim_create,
    order_create,
    order_mark,
    product_create,
    stock_record,
)
from daifa.catalog.models import Offer
from daifa.demo.buying import CLAIMS, order_plans
from daifa.evidence.pngs import solid_png
from daifa.evidence.services import evidence_store
from daifa.lifecycle.selectors import supplier_orderable
from daifa.sourcing.models import PurchaseOrder

STEP_ORDER = ("paid", "picked_up", "shipped", "delivered", "received", "cancelled", "returned")


def _orderable_offers(workspace: Workspace, limit: int) -> list[Offer]:
    found = []
    for offer in (
        Offer.objects.filter(workspace=workspace)
        .exclude(product_group="")
        .select_related("supplier")[: limit * 10]
    ):
        if offer.facts.get("price_tiers") and supplier_orderable(offer.supplier):
            found.append(offer)
        if len(found) >= limit:
            break
    return found


@transaction.atomic
def load_buying_demo(workspace: Workspace, *, seed: int = 1688, owner: User | None = None) -> bool:
    """False when the workspace already has agreements (loaded before)."""
    if Agreement.objects.filter(workspace=workspace).exists():
        return False
    offers = _orderable_offers(workspace, 3)
    if not offers:
        return False
    now = clock.now()
    agreements = []
    for i, offer in enumerate(offers):
        terms = agreement_defaults(supplier=offer.supplier, offers=[offer])
        terms["buyer"] = {"name": "演示卖家 Demo Seller", "contact": "demo@example.com", "uscc": ""}
        if i == 1:  # one agreement with a daily rate and a cap, to show both modes
            terms.update(late_mode="daily", late_daily_pct="2", late_cap_pct="10", pickup_hours=48)
        agreements.append(
            agreement_create(
                workspace=workspace, supplier=offer.supplier, terms=terms, by=owner,
                now=now - timedelta(days=40),
            )
        )  # fmt: skip
    orders_by_state: dict[str, list[PurchaseOrder]] = {}
    for n, plan in enumerate(order_plans(seed)):
        offer, agreement = offers[n % len(offers)], agreements[n % len(offers)]
        moq = int(offer.facts.get("moq") or offer.facts["price_tiers"][0]["min_qty"] or 1)
        created = now - timedelta(hours=plan.age_hours)
        order = order_create(
            workspace=workspace, offer=offer, quantity=max(moq, 1) * plan.quantity_factor,
            agreement=agreement, ship_to="广东省深圳市南山区科技园路1号 王小明 13800000000",
            sku=f"DEMO-{n:03d}", now=created,
        )  # fmt: skip
        order.shipping_fee_cny = Decimal("8.00")
        order.total_cny = (order.goods_cny or Decimal(0)) + order.shipping_fee_cny
        order.save(update_fields=["shipping_fee_cny", "total_cny"])
        for step in STEP_ORDER:
            if step in plan.steps:
                order_mark(
                    order=order, step=step, at=created + timedelta(hours=plan.steps[step]),
                    reason="no_stock" if step == "cancelled" else "",
                    carrier="中通快递" if step == "shipped" else "",
                    tracking_no=f"ZT{7700000000 + n}" if step == "shipped" else "",
                )  # fmt: skip
        orders_by_state.setdefault(plan.state, []).append(order)
    for i, (state, kind, remedy) in enumerate(CLAIMS):
        order = orders_by_state[state][0]
        photo = SimpleUploadedFile(
            f"demo-evidence-{i + 1}.png", solid_png(64, 48, (200, 40 + 40 * i, 40), stripe=4),
            "image/png",
        )  # fmt: skip
        evidence = evidence_store(workspace=workspace, upload=photo, by=owner)
        claim_create(
            order=order, kind=kind, remedy=remedy, affected_quantity=None,
            return_freight="12" if kind == "quality" else None,
            description="演示：收到的货与样品颜色不一致" if kind == "quality" else "",
            evidence=[evidence], by=owner, now=now - timedelta(hours=1),
        )  # fmt: skip
    for i, offer in enumerate(offers[:2]):
        product = product_create(workspace=workspace, sku=f"MY-SKU-{i + 1:02d}", primary=offer,
                                 name=offer.title[:100])  # fmt: skip
        backups = (
            Offer.objects.filter(workspace=workspace, product_group=offer.product_group)
            .exclude(pk=offer.pk)
            .select_related("supplier")[:2]
        )
        for rank, backup in enumerate(backups):
            link = backup_add(product=product, offer=backup)
            stock_record(link=link, in_stock=rank == 0, now=now - timedelta(days=2))
    return True
