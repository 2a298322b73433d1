"""1688 answers <-> database rows and session JSON: the one place that knows both shapes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from daifa.sources.open1688 import Refund, TradeOrder
from daifa.sources.open1688._fields import Node


def order_fields(order: TradeOrder, raw: dict[str, Any]) -> dict[str, Any]:
    """The ``PurchaseOrder`` columns of one synced order; ``raw`` is its ``TradeInfo``."""
    base = Node.root(raw, api="getBuyerOrderList").child("baseInfo")
    delivered = [s.delivered_at for s in order.shipments if s.delivered_at is not None]
    # TradeOrder does not carry the shipped/received times; the raw answer does.
    shipped = base.when("allDeliveredTime") if base else None
    received = base.when("receivingTime") if base else None
    return {
        "status": order.status or "",
        "refund_status": order.refund_status or "",
        "seller_login_id": order.seller_login_id or "",
        "seller_member_id": order.seller_id or "",
        "total_cny": order.total_cny,
        "goods_cny": order.goods_cny,
        "shipping_fee_cny": order.shipping_fee_cny,
        "discount_cny": order.discount_cny,
        "refund_cny": order.refund_cny,
        "out_order_id": order.out_order_id or "",
        "created_at": order.created_at,
        "paid_at": order.paid_at,
        "shipped_at": shipped or (min(delivered) if delivered else None),
        "received_at": received,
        "modified_at": order.modified_at,
        "raw": raw,
    }


def refund_fields(refund: Refund, raw: dict[str, Any]) -> dict[str, Any]:
    """The ``Refund`` columns of one synced refund; ``raw`` is its ``opOrderRefundModel``."""
    return {
        "order_id": refund.order_id or "",
        "status": refund.status or "",
        "reason": (refund.reason or "")[:255],
        "product_name": (refund.product_name or "")[:500],
        "apply_cny": _sum(refund.apply_payment_cny, refund.apply_carriage_cny),
        "refunded_cny": _sum(refund.refund_payment_cny, refund.refund_carriage_cny),
        "applied_at": refund.applied_at,
        "completed_at": refund.completed_at,
        "modified_at": refund.modified_at,
        "raw": raw,
    }


def _sum(goods: Decimal | None, carriage: Decimal | None) -> Decimal | None:
    if goods is None and carriage is None:
        return None
    return (goods or Decimal(0)) + (carriage or Decimal(0))
