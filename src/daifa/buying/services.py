"""Writes of the buying app: agreements, orders and their timeline, claims, backups.

Every refusal is a :class:`BuyingRefused` in both languages naming the field and the
value, raised before anything is stored. Time comes from :mod:`daifa.buying.clock`
(or the ``now`` argument), never from the wall clock directly.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from daifa.accounts.models import Workspace
from daifa.buying import clock
from daifa.buying.compensation import CLAIM_TYPES, ClaimFacts, Computed, compute
from daifa.buying.errors import BuyingRefused
from daifa.buying.models import Agreement, Claim, Product, SupplyLink, SupplySwitch
from daifa.buying.pricing import moq_of, price_at, tiers_of
from daifa.buying.states import pickup_due, pickup_hours
from daifa.buying.terms import PAYMENT_METHODS, TermsError, clean_terms, default_terms
from daifa.catalog.models import Offer, Supplier
from daifa.engine.costing.tiers import Tier
from daifa.evidence.models import EvidenceFile
from daifa.lifecycle.selectors import supplier_orderable
from daifa.sourcing.models import PurchaseOrder

if TYPE_CHECKING:
    import httpx

    from daifa.sources.open1688 import (
        Address,
        Open1688Client,
        OrderDraft,
        PlacedOrder,
        RefundReason,
    )
    from daifa.sources.open1688.trade import OrderPreview
    from daifa.verification.models import Quote

# -- agreements -----------------------------------------------------------------------


def agreement_defaults(*, supplier: Supplier, offers: list[Offer] | None = None) -> dict[str, Any]:
    """The seed guide's terms, with the supplier and its offers (tiers, MOQ) filled in."""
    offers = offers if offers is not None else list(supplier.offers.all()[:5])
    products = []
    for offer in offers:
        tiers = tiers_of(offer.facts.get("price_tiers"))
        moq = moq_of(offer.facts, tiers)
        quote = _latest_quote(offer)
        if quote is not None:
            # The negotiated price holds from the quoted quantity up; the listing's
            # tiers below it stay as they are.
            tiers = [t for t in tiers if t["min_qty"] < quote.quantity]
            if tiers:
                top = tiers[-1]["max_qty"]
                top = quote.quantity - 1 if top is None else min(top, quote.quantity - 1)
                tiers[-1] = {**tiers[-1], "max_qty": top}
            tiers.append(
                {
                    "min_qty": quote.quantity,
                    "max_qty": None,
                    "price_cny": float(quote.unit_price_cny),
                }
            )
            moq = quote.moq or moq
        products.append(
            {
                "offer_id": offer.external_id,
                "title": offer.title,
                "spec": "",
                "tiers": ";".join(
                    f"{t['min_qty']}{'+' if t['max_qty'] is None else '-' + str(t['max_qty'])}"
                    f":{t['price_cny']:g}"
                    for t in tiers
                ),
                "moq": moq,
            }
        )
    return default_terms(
        seller={
            "name": supplier.name,
            "contact": "",
            "uscc": str(supplier.facts.get("uscc") or ""),
            "member_id": supplier.external_id,
        },
        products=products,
    )


def _latest_quote(offer: Offer) -> Quote | None:
    """The newest still-valid quote for ``offer`` (the verification app's quote log)."""
    from daifa.verification.models import Quote  # buying sits above verification

    today = clock.now().date()
    return (
        Quote.objects.filter(offer=offer)
        .exclude(valid_until__lt=today)
        .order_by("-quoted_at", "-id")
        .first()
    )


def _checked_terms(terms: dict[str, Any]) -> dict[str, Any]:
    try:
        cleaned = clean_terms(terms)
    except TermsError as exc:
        raise BuyingRefused(exc.en, exc.zh, field=exc.field, value=exc.value) from exc
    for i, product in enumerate(cleaned["products"], start=1):
        try:
            tiers_of(product.get("tiers"))
        except Exception as exc:  # InputError: the tier text is unreadable
            raise BuyingRefused(
                f"product {i}, price tiers: {product.get('tiers')!r} cannot be read; "
                "write 1-49:12.5;50+:11.8",
                f"第 {i} 个产品的阶梯价 {product.get('tiers')!r} 无法识别；"
                "请写成 1-49:12.5;50+:11.8",
                field="tiers",
                value=product.get("tiers"),
            ) from exc
    return cleaned


def agreement_create(
    *,
    workspace: Workspace,
    supplier: Supplier,
    terms: dict[str, Any],
    by: User | None = None,
    now: datetime | None = None,
) -> Agreement:
    """Version 1 of a new agreement with ``supplier``."""
    if supplier.workspace_id != workspace.pk:
        raise BuyingRefused("unknown supplier", "未知的供应商", field="supplier", value=supplier.pk)
    cleaned = _checked_terms(terms)
    at = now or clock.now()
    count = Agreement.objects.filter(workspace=workspace, version=1).count()
    reference = f"PA-{at:%Y%m%d}-{count + 1:03d}"
    return Agreement.objects.create(
        workspace=workspace,
        supplier=supplier,
        reference=reference,
        version=1,
        terms=cleaned,
        created_by=by,
        created_at=at,
    )


def agreement_revise(
    *,
    agreement: Agreement,
    terms: dict[str, Any],
    by: User | None = None,
    now: datetime | None = None,
) -> Agreement:
    """A new version with the edited terms; earlier versions (and orders under them) stay."""
    cleaned = _checked_terms(terms)
    latest = (
        Agreement.objects.filter(workspace=agreement.workspace, reference=agreement.reference)
        .order_by("-version")
        .first()
    )
    assert latest is not None  # ``agreement`` itself is one of them
    return Agreement.objects.create(
        workspace=agreement.workspace,
        supplier=agreement.supplier,
        reference=agreement.reference,
        version=latest.version + 1,
        terms=cleaned,
        created_by=by,
        created_at=now or clock.now(),
    )


# -- orders ---------------------------------------------------------------------------


def _refuse_blocked(supplier: Supplier) -> None:
    if not supplier_orderable(supplier):
        raise BuyingRefused(
            f"{supplier} is blocked: no orders can be placed with this supplier",
            f"{supplier} 已被拉黑：不能向该供应商下单",
            field="supplier",
            value=supplier.external_id,
        )


def offer_terms(offer: Offer, agreement: Agreement | None) -> tuple[list[Tier], int | None]:
    """(tiers, MOQ) for ``offer``: the agreement's when it lists the offer, else the offer's."""
    if agreement is not None:
        for product in agreement.terms.get("products", []):
            if str(product.get("offer_id") or "") == offer.external_id and product.get("tiers"):
                tiers = tiers_of(product["tiers"])
                moq = product.get("moq")
                return tiers, int(moq) if moq else moq_of({}, tiers)
    tiers = tiers_of(offer.facts.get("price_tiers"))
    return tiers, moq_of(offer.facts, tiers)


def _decimal(value: Any, field: str, en: str, zh: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().lstrip("¥￥").rstrip("元"))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise BuyingRefused(
            f"{en}: {value!r} is not an amount of zero or more",
            f"{zh}：{value!r} 不是大于等于 0 的金额",
            field=field,
            value=value,
        )
    return number


def order_create(
    *,
    workspace: Workspace,
    offer: Offer,
    quantity: int,
    sku: str = "",
    ship_to: str = "",
    payment_method: str = "alipay",
    remark: str = "",
    agreement: Agreement | None = None,
    order_id: str = "",
    unit_price: Any = None,
    shipping_fee: Any = None,
    by: User | None = None,
    now: datetime | None = None,
) -> PurchaseOrder:
    """An order recorded by hand (or about to be placed on 1688): MOQ, tier price, terms.

    Refused for a blocked supplier, below the MOQ, or with an agreement of another supplier.
    """
    if offer.workspace_id != workspace.pk:
        raise BuyingRefused("unknown offer", "未知的商品", field="offer", value=offer.pk)
    supplier = offer.supplier
    _refuse_blocked(supplier)
    if agreement is not None and (
        agreement.workspace_id != workspace.pk or agreement.supplier_id != supplier.pk
    ):
        raise BuyingRefused(
            f"agreement {agreement} is with another supplier",
            f"协议 {agreement} 属于其他供应商",
            field="agreement",
            value=str(agreement),
        )
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise BuyingRefused(
            f"quantity: {quantity!r} is not a whole number of at least 1",
            f"数量：{quantity!r} 不是大于等于 1 的整数",
            field="quantity",
            value=quantity,
        )
    tiers, moq = offer_terms(offer, agreement)
    if moq is not None and quantity < moq:
        raise BuyingRefused(
            f"quantity {quantity} is below the minimum order quantity {moq}",
            f"数量 {quantity} 低于起订量 {moq}",
            field="quantity",
            value=quantity,
        )
    if payment_method not in PAYMENT_METHODS:
        raise BuyingRefused(
            f"payment method {payment_method!r} is not one of {', '.join(PAYMENT_METHODS)}",
            f"付款方式 {payment_method!r} 不在可选值 {'、'.join(PAYMENT_METHODS)} 中",
            field="payment_method",
            value=payment_method,
        )
    price = price_at(tiers, quantity)
    if price is None:
        price = _decimal(unit_price, "unit_price_cny", "unit price", "单价")
    at = now or clock.now()
    hours = int(agreement.terms["pickup_hours"]) if agreement is not None else 24
    order_id = (order_id or "").strip() or f"DF{at:%Y%m%d%H%M%S}{secrets.token_hex(2).upper()}"
    goods = (price * quantity).quantize(Decimal("0.01")) if price is not None else None
    freight = _decimal(shipping_fee, "shipping_fee_cny", "freight", "运费")
    total = None if goods is None else goods + (freight or Decimal(0))
    try:
        with transaction.atomic():
            return PurchaseOrder.objects.create(
                workspace=workspace,
                order_id=order_id,
                supplier=supplier,
                seller_login_id=supplier.external_id,
                source=PurchaseOrder.Source.MANUAL,
                offer=offer,
                title=offer.title,
                sku=sku.strip(),
                quantity=quantity,
                unit_price_cny=price,
                goods_cny=goods,
                shipping_fee_cny=freight,
                total_cny=total,
                ship_to=ship_to.strip(),
                payment_method=payment_method,
                remark=remark.strip()
                or f"付款后{hours}小时内揽收 / pickup within {hours} h of payment",
                agreement=agreement,
                status="created",
                created_at=at,
                synced_at=at,
            )
    except IntegrityError as exc:
        raise BuyingRefused(
            f"order number {order_id!r} is already recorded",
            f"订单号 {order_id!r} 已存在",
            field="order_id",
            value=order_id,
        ) from exc


STEP_FIELDS = {
    "paid": "paid_at",
    "picked_up": "picked_up_at",
    "shipped": "shipped_at",
    "delivered": "delivered_at",
    "received": "received_at",
    "cancelled": "cancelled_at",
    "returned": "returned_at",
}


def order_mark(
    *,
    order: PurchaseOrder,
    step: str,
    at: datetime | None = None,
    reason: str = "",
    carrier: str = "",
    tracking_no: str = "",
) -> PurchaseOrder:
    """Record that ``order`` reached ``step`` at ``at``; payment starts the pickup clock."""
    if step not in STEP_FIELDS:
        raise BuyingRefused(
            f"step {step!r} is not one of {', '.join(STEP_FIELDS)}",
            f"步骤 {step!r} 不在可选值 {'、'.join(STEP_FIELDS)} 中",
            field="step",
            value=step,
        )
    when = at or clock.now()
    if order.created_at is not None and when < order.created_at:
        raise BuyingRefused(
            f"{step}: {when:%Y-%m-%d %H:%M} is before the order was created",
            f"{step}：{when:%Y-%m-%d %H:%M} 早于下单时间",
            field=STEP_FIELDS[step],
            value=when.isoformat(),
        )
    if step == "cancelled":
        reasons = PurchaseOrder.CancelReason.values
        if reason not in reasons:
            raise BuyingRefused(
                f"cancel reason {reason!r} is not one of {', '.join(reasons)}",
                f"取消原因 {reason!r} 不在可选值 {'、'.join(reasons)} 中",
                field="cancel_reason",
                value=reason,
            )
        order.cancel_reason = reason
    setattr(order, STEP_FIELDS[step], when)
    if step == "paid":
        order.pickup_due_at = when + timedelta(hours=pickup_hours(order))
    if carrier:
        order.carrier = carrier.strip()
    if tracking_no:
        order.tracking_no = tracking_no.strip()
    if order.source in (PurchaseOrder.Source.MANUAL, PurchaseOrder.Source.SHEET):
        order.status = step
    order.save()
    return order


# -- claims ---------------------------------------------------------------------------

CLAIM_FLOW = {
    "open": ("sent",),
    "sent": ("replied", "agreed", "rejected"),
    "replied": ("agreed", "rejected"),
    "agreed": ("settled",),
    "rejected": ("settled",),
    "settled": (),
}


def order_value(order: PurchaseOrder) -> Decimal:
    """What the buyer paid for the order (实付款), the base of the percentage terms."""
    if order.total_cny is not None:
        return order.total_cny
    goods = order.goods_cny
    if goods is None and order.unit_price_cny is not None and order.quantity:
        goods = order.unit_price_cny * order.quantity
    return (goods or Decimal(0)) + (order.shipping_fee_cny or Decimal(0))


def terms_of(order: PurchaseOrder) -> dict[str, Any]:
    """The order's agreed terms; the seed guide's defaults when no agreement was signed."""
    return order.agreement.terms if order.agreement is not None else default_terms()


def claim_facts(claim: Claim) -> ClaimFacts:
    order = claim.order
    value = order_value(order)
    unit = order.unit_price_cny
    if claim.affected_quantity and unit is not None:
        refund = unit * claim.affected_quantity
    else:
        refund = (
            order.goods_cny
            if order.goods_cny is not None
            else value - (order.shipping_fee_cny or Decimal(0))
        )
    return ClaimFacts(
        order_value=value,
        paid_at=order.paid_at,
        pickup_due_at=pickup_due(order),
        picked_up_at=order.picked_up_at or order.shipped_at,
        reported_at=claim.reported_at,
        reshipped_at=claim.reshipped_at,
        outbound_freight=order.shipping_fee_cny or Decimal(0),
        return_freight=claim.return_freight_cny or Decimal(0),
        refund_goods=refund,
        remedy=claim.remedy,
    )


def claim_compute(claim: Claim, now: datetime | None = None) -> Computed:
    return compute(claim.kind, terms_of(claim.order), claim_facts(claim), now or clock.now())


def _apply(claim: Claim, computed: Computed) -> None:
    claim.amount_cny = computed.amount
    claim.formula_en = computed.formula_en
    claim.formula_zh = computed.formula_zh


def claim_create(
    *,
    order: PurchaseOrder,
    kind: str,
    remedy: str = "refund",
    description: str = "",
    affected_quantity: int | None = None,
    return_freight: Any = None,
    reported_at: datetime | None = None,
    evidence: list[EvidenceFile] | None = None,
    by: User | None = None,
    now: datetime | None = None,
) -> Claim:
    if kind not in CLAIM_TYPES:
        raise BuyingRefused(
            f"claim type {kind!r} is not one of {', '.join(CLAIM_TYPES)}",
            f"索赔类型 {kind!r} 不在可选值 {'、'.join(CLAIM_TYPES)} 中",
            field="kind",
            value=kind,
        )
    if remedy not in Claim.Remedy.values:
        raise BuyingRefused(
            f"remedy {remedy!r} is not one of {', '.join(Claim.Remedy.values)}",
            f"处理方式 {remedy!r} 不在可选值 {'、'.join(Claim.Remedy.values)} 中",
            field="remedy",
            value=remedy,
        )
    if affected_quantity is not None and order.quantity and affected_quantity > order.quantity:
        raise BuyingRefused(
            f"pieces affected: {affected_quantity} is more than the {order.quantity} ordered",
            f"涉及件数：{affected_quantity} 多于订购的 {order.quantity} 件",
            field="affected_quantity",
            value=affected_quantity,
        )
    at = now or clock.now()
    freight = _decimal(return_freight, "return_freight_cny", "return freight", "退货运费")
    claim = Claim(
        workspace=order.workspace,
        order=order,
        kind=kind,
        remedy=remedy,
        description=description.strip(),
        affected_quantity=affected_quantity,
        return_freight_cny=freight or Decimal(0),
        reported_at=reported_at or (at if kind != "late_pickup" else None),
        created_by=by,
        created_at=at,
        history=[{"status": "open", "at": at.isoformat(), "note": ""}],
    )
    _apply(claim, claim_compute(claim, at))
    with transaction.atomic():
        claim.save()
        if evidence:
            claim.evidence.add(*evidence)
    return claim


def claim_advance(
    *,
    claim: Claim,
    status: str,
    note: str = "",
    received: Any = None,
    reshipped_at: datetime | None = None,
    now: datetime | None = None,
) -> Claim:
    """Move a claim along open → sent → replied → agreed/rejected → settled."""
    if status not in CLAIM_FLOW.get(claim.status, ()):
        allowed = ", ".join(CLAIM_FLOW.get(claim.status, ())) or "—"
        raise BuyingRefused(
            f"a claim that is {claim.status} cannot become {status!r}; next: {allowed}",
            f"状态为 {claim.get_status_display()} 的索赔不能改为 {status!r}；可选：{allowed}",
            field="status",
            value=status,
        )
    at = now or clock.now()
    if reshipped_at is not None:
        claim.reshipped_at = reshipped_at
    if status == "sent":
        hours = int(terms_of(claim.order)["answer_hours"])
        claim.answer_due_at = at + timedelta(hours=hours)
        claim.reported_at = claim.reported_at or at
    if status == "settled":
        amount = _decimal(received, "received_cny", "amount received", "实收金额")
        claim.received_cny = amount if amount is not None else Decimal(0)
    elif received not in (None, ""):
        claim.received_cny = _decimal(received, "received_cny", "amount received", "实收金额")
    if status != "settled":
        _apply(claim, claim_compute(claim, at))
    claim.status = status
    claim.history = [*claim.history, {"status": status, "at": at.isoformat(), "note": note}]
    claim.save()
    return claim


# -- backups --------------------------------------------------------------------------


def product_create(
    *, workspace: Workspace, sku: str, name: str = "", primary: Offer, price_band_pct: Any = 15
) -> Product:
    sku = (sku or "").strip()
    if not sku:
        raise BuyingRefused("your SKU is empty", "SKU 不能为空", field="sku", value=sku)
    if primary.workspace_id != workspace.pk:
        raise BuyingRefused("unknown offer", "未知的商品", field="offer", value=primary.pk)
    band = _decimal(price_band_pct, "price_band_pct", "price band", "价格区间")
    try:
        with transaction.atomic():
            product = Product.objects.create(
                workspace=workspace, sku=sku, name=name.strip(), price_band_pct=band or 15
            )
            SupplyLink.objects.create(product=product, offer=primary, rank=0)
    except IntegrityError as exc:
        raise BuyingRefused(
            f"SKU {sku!r} already exists", f"SKU {sku!r} 已存在", field="sku", value=sku
        ) from exc
    return product


def backup_add(*, product: Product, offer: Offer) -> SupplyLink:
    """Add ``offer`` as the next backup; it must be of the primary's product group."""
    links = list(product.links.select_related("offer"))
    primary = links[0].offer if links else None
    if offer.workspace_id != product.workspace_id:
        raise BuyingRefused("unknown offer", "未知的商品", field="offer", value=offer.pk)
    if any(link.offer_id == offer.pk for link in links):
        raise BuyingRefused(
            f"offer {offer.external_id} is already linked to {product.sku}",
            f"商品 {offer.external_id} 已关联到 {product.sku}",
            field="offer",
            value=offer.external_id,
        )
    if (
        primary is not None
        and primary.product_group
        and offer.product_group != primary.product_group
    ):
        raise BuyingRefused(
            f"offer {offer.external_id} is in product group {offer.product_group!r}, "
            f"not {primary.product_group!r} like the primary",
            f"商品 {offer.external_id} 属于产品组 {offer.product_group!r}，"
            f"与主供商品的 {primary.product_group!r} 不同",
            field="offer",
            value=offer.external_id,
        )
    rank = 1 + max((link.rank for link in links), default=-1)
    return SupplyLink.objects.create(product=product, offer=offer, rank=rank)


def stock_record(*, link: SupplyLink, in_stock: bool, now: datetime | None = None) -> SupplyLink:
    link.in_stock = in_stock
    link.stock_checked_at = now or clock.now()
    link.save(update_fields=["in_stock", "stock_checked_at"])
    return link


@transaction.atomic
def product_switch(
    *,
    product: Product,
    to: SupplyLink,
    reason: str,
    by: User | None = None,
    now: datetime | None = None,
) -> SupplySwitch:
    """Make ``to`` the primary; the old primary becomes the first backup. Kept in history."""
    reason = (reason or "").strip()
    if not reason:
        raise BuyingRefused(
            "say why you switch supplier", "请填写更换供应商的原因", field="reason", value=reason
        )
    links = list(product.links.select_for_update().order_by("rank", "id"))
    if to.product_id != product.pk or to.rank == 0:
        raise BuyingRefused(
            "pick one of the product's backups",
            "请选择该产品的一个备选供应商",
            field="to",
            value=to.pk,
        )
    _refuse_blocked(to.offer.supplier)
    old = links[0]
    ordered = [to, old, *[link for link in links if link.pk not in (to.pk, old.pk)]]
    for rank, link in enumerate(ordered):
        SupplyLink.objects.filter(pk=link.pk).update(rank=rank)
    return SupplySwitch.objects.create(
        product=product,
        from_offer=old.offer,
        to_offer=to.offer,
        reason=reason,
        by=by,
        at=now or clock.now(),
    )


# -- placing on 1688 ------------------------------------------------------------------


def _draft_for(order: PurchaseOrder, address: Address) -> OrderDraft:
    from daifa.sources.open1688 import CargoLine, OrderDraft

    if order.offer is None or not order.offer.external_id.isdigit():
        raise BuyingRefused(
            "this order has no 1688 offer id to order",
            "该订单没有可下单的 1688 商品ID",
            field="offer",
            value=order.offer.external_id if order.offer else None,
        )
    _refuse_blocked(order.offer.supplier)
    tiers, moq = offer_terms(order.offer, order.agreement)
    if moq is not None and (order.quantity or 0) < moq:
        raise BuyingRefused(
            f"quantity {order.quantity} is below the minimum order quantity {moq}",
            f"数量 {order.quantity} 低于起订量 {moq}",
            field="quantity",
            value=order.quantity,
        )
    line = CargoLine(offer_id=order.offer.external_id, quantity=int(order.quantity or 0))
    return OrderDraft(address=address, lines=(line,), message=order.remark[:200])


def order_preview_1688(
    *, order: PurchaseOrder, client: Open1688Client, address: Address
) -> tuple[OrderPreview, ...]:
    """What 1688 would charge for the order (freight, total): the step before placing."""
    return client.preview_order(_draft_for(order, address))


def order_place_1688(
    *,
    order: PurchaseOrder,
    client: Open1688Client,
    address: Address,
    sleep: Callable[[float], None] | None = None,
) -> PlacedOrder:
    """Preview, then place the order through the never-twice journal.

    The journal reference is the order's own number (kept in ``out_order_id`` once
    placed), so placing again, from any page or process, finds the first order instead
    of buying twice. The row takes the 1688 order number, so a later sync or export
    updates it rather than adding a second row.
    """
    import time

    from daifa.sourcing.services import order_place

    draft = _draft_for(order, address)
    client.preview_order(draft)  # refuses below-MOQ, no stock, mixed batch before buying
    reference = order.out_order_id or order.order_id
    placed = order_place(
        workspace=order.workspace,
        client=client,
        draft=draft,
        reference=reference,
        sleep=sleep or time.sleep,
    )
    order.out_order_id = reference
    if placed.order_ids and order.order_id == reference:
        clash = PurchaseOrder.objects.filter(
            workspace=order.workspace, order_id=placed.order_ids[0]
        ).exclude(pk=order.pk)
        if not clash.exists():  # a sync may already have brought the order in
            order.order_id = placed.order_ids[0]
    order.raw = {**order.raw, "placed": list(placed.order_ids), "how": placed.how}
    if placed.total_cny is not None:
        order.total_cny = placed.total_cny
    order.status = "placed"
    order.save()
    return placed


# -- filing a refund on 1688 ----------------------------------------------------------

# What the buyer says about the goods (createRefund ``goodsStatus``): a late pickup
# means nothing was sent; the other claims are about goods received.
_GOODS_STATUS = {"late_pickup": "refundWaitSellerSend"}


def refund_reference(claim: Claim) -> str:
    return f"refund-{claim.pk}"


def refund_request(claim: Claim) -> dict[str, Any]:
    """What :func:`claim_file_refund` would send, for the preview and the call."""
    order = claim.order
    # A synced order, or one placed here whose 1688 lines a sync has since filled in.
    synced = order.source == PurchaseOrder.Source.SYNC or bool(order.raw.get("productItems"))
    if not order.order_id.isdigit() or not synced:
        raise BuyingRefused(
            f"order {order.order_id} is not a synced 1688 order; file the refund in 1688",
            f"订单 {order.order_id} 不是从 1688 同步的订单；请在 1688 中申请退款",
            field="order",
            value=order.order_id,
        )
    entries = [
        str(item.get("subItemIDString") or item.get("subItemID"))
        for item in order.raw.get("productItems") or []
        if item.get("subItemIDString") or item.get("subItemID")
    ]
    if not entries:
        raise BuyingRefused(
            f"order {order.order_id} has no 1688 order lines (subItemID); sync orders first",
            f"订单 {order.order_id} 没有 1688 订单明细（subItemID）；请先同步订单",
            field="order",
            value=order.order_id,
        )
    if claim.amount_cny is None or claim.amount_cny <= 0:
        raise BuyingRefused(
            f"claim amount {claim.amount_cny} CNY: nothing to refund",
            f"索赔金额 {claim.amount_cny} 元：没有可退的金额",
            field="amount_cny",
            value=claim.amount_cny,
        )
    description = (claim.description or claim.formula_zh or claim.get_kind_display())[:150]
    if len(description) < 2:
        description = f"{claim.get_kind_display()}：{description}"[:150]
    return {
        "order_id": order.order_id,
        "order_entry_ids": entries,
        "kind": "refund",
        "amount_cny": claim.amount_cny,
        "carriage_cny": Decimal(0),
        "description": description,
        "goods_status": _GOODS_STATUS.get(claim.kind, "refundBuyerReceived"),
    }


def claim_refund_reasons(
    *, claim: Claim, transport: httpx.BaseTransport | None = None
) -> tuple[RefundReason, ...]:
    """The reasons 1688 accepts for the claim's refund (``getRefundReasonList``), for
    the filing page's picker. Raises BuyingRefused (the order cannot be refunded
    from here) or the 1688 client's errors (not connected, refused, no answer)."""
    from daifa.sourcing.client import client_for

    request = refund_request(claim)
    with client_for(claim.workspace, transport=transport) as client:
        return client.refund_reasons(
            order_id=request["order_id"],
            order_entry_ids=request["order_entry_ids"],
            goods_status=request["goods_status"],
        )


def claim_file_refund(
    *,
    claim: Claim,
    by: User | None,
    reason_id: int,
    transport: httpx.BaseTransport | None = None,
    now: datetime | None = None,
) -> str:
    """File the claim's refund on 1688 once; the refund id.

    Never twice: the claim keeps the refund id, and the sourcing order journal holds a
    line per claim (reference ``refund-<pk>``) leased before the call, so a second
    submit, from any page or process, returns the first refund id without calling 1688.
    The claim becomes "sent"; the refund sync then brings in ``sourcing.Refund`` with
    the same id, shown on the claim page.
    """
    from daifa.sources.open1688 import Attempt
    from daifa.sources.open1688.errors import ResponseFormatError, ServerError, TransportError
    from daifa.sourcing.client import client_for
    from daifa.sourcing.journal import DbJournal

    if claim.refund_id:
        return claim.refund_id
    request = refund_request(claim)
    journal = DbJournal(claim.workspace)
    reference = refund_reference(claim)
    lines = journal.attempts(reference)
    for line in lines:
        if line.outcome in ("created", "found") and line.order_ids:
            return _refund_filed(claim, line.order_ids[0], by, now)
    unknown = [line for line in lines if line.outcome == "unknown"]
    if unknown:
        return _after_unknown(claim, unknown[0].at, by, now)
    at = now or clock.now()
    digest = secrets.token_hex(8)
    client = client_for(claim.workspace, transport=transport)  # refuses when not connected
    start = Attempt(reference, digest, 1, "started", at)
    journal.record(start)  # a second process gets a JournalError here, before any call
    try:
        with client:
            refund_id = client.create_refund(reason_id=int(reason_id), **request)
    except (ServerError, TransportError, ResponseFormatError) as exc:
        # The request may have reached 1688 and filed the refund: never send it blindly
        # again (see _after_unknown).
        journal.record(Attempt(reference, digest, 1, "unknown", at, detail=str(exc)[:500]))
        journal.release(reference)
        raise
    except Exception as exc:  # refused by 1688 or the gateway, or never sent: nothing filed
        journal.record(Attempt(reference, digest, 1, "refused", at, detail=str(exc)[:500]))
        raise
    journal.record(Attempt(reference, digest, 1, "created", at, order_ids=(refund_id,)))
    journal.release(reference)
    return _refund_filed(claim, refund_id, by, now)


def _after_unknown(claim: Claim, since: datetime, by: User | None, now: datetime | None) -> str:
    """An earlier call may have filed the refund: adopt it once a sync shows it, else stop."""
    from daifa.sourcing.models import Refund

    synced = (
        Refund.objects.filter(workspace=claim.workspace, order_id=claim.order.order_id)
        .exclude(applied_at__lt=since - timedelta(minutes=10))
        .order_by("applied_at")
        .first()
    )
    if synced is not None:
        return _refund_filed(claim, synced.refund_id, by, now)
    raise BuyingRefused(
        f"an earlier attempt ({since:%Y-%m-%d %H:%M} UTC) got no answer from 1688 and may "
        "have filed the refund; nothing was sent. Sync orders (or check 1688 买家中心 → 退款) "
        "before trying again",
        f"之前的一次申请（{since:%Y-%m-%d %H:%M} UTC）未收到 1688 的答复，可能已经提交；"
        "本次没有发送任何请求。请先同步订单（或在 1688 买家中心查看退款）再重试",
        field="refund_id",
        value=None,
    )


def _refund_filed(claim: Claim, refund_id: str, by: User | None, now: datetime | None) -> str:
    claim.refund_id = refund_id
    claim.save(update_fields=["refund_id"])
    if claim.status == "open":
        who = getattr(by, "username", "") or ""
        note = f"1688 refund {refund_id}" + (f" ({who})" if who else "")
        claim_advance(claim=claim, status="sent", note=note, now=now)
    return refund_id
