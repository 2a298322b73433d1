"""Typed answers of the trade APIs: order preview, order creation, orders, refunds.

Units differ between these APIs and sometimes inside one answer, so each field
below names the unit it was read in; every amount is returned in 元 (yuan):

==========================================  =====================================
API / field                                 unit on the wire
==========================================  =====================================
createOrder.preview ``sum*``                分 fen (integers)
createOrder.preview ``cargoList.amount``    元 yuan (``amount`` = qty × price)
createCrossOrder ``totalSuccessAmount``,    分 fen
``postFee``, ``orderList.orderAmmount``
order ``totalAmount``, ``shippingFee``,     元 yuan (BigDecimal)
``sumProductPayment``, ``refund``, items
order ``discount``, ``entryDiscount``       分 fen
refund list ``applyPayment`` etc.           分 fen
createRefund ``applyPayment`` (request)     分 fen
==========================================  =====================================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from daifa.sources.open1688._fields import Node
from daifa.sources.open1688.errors import InvalidRequestError
from daifa.sources.open1688.models import business_error

# ---------------------------------------------------------------------------
# preview


@dataclass(frozen=True)
class PreviewCargo:
    offer_id: str | None
    spec_id: str | None
    sku_id: str | None
    amount_cny: Decimal | None
    final_unit_price_cny: Decimal | None


@dataclass(frozen=True)
class OrderPreview:
    """One order 1688 would create (it may split a cart into several)."""

    sum_payment_cny: Decimal | None
    sum_carriage_cny: Decimal | None
    sum_goods_cny: Decimal | None
    trade_modes: tuple[str, ...]
    flow: str | None
    orderable: bool | None
    cargos: tuple[PreviewCargo, ...]
    message: str | None = None


def parse_preview(body: Any, api: str) -> tuple[OrderPreview, ...]:
    root = Node.root(body, api=api)
    if root.flag("success") is False:
        raise business_error(api, root.text("errorCode"), root.text("errorMsg"))
    # "orderPreviewResuslt" is 1688's own spelling.
    return tuple(_preview(node) for node in root.children("orderPreviewResuslt"))


def _preview(node: Node) -> OrderPreview:
    return OrderPreview(
        sum_payment_cny=node.fen("sumPayment"),
        sum_carriage_cny=node.fen("sumCarriage"),
        sum_goods_cny=node.fen("sumPaymentNoCarriage"),
        trade_modes=tuple(node.texts("tradeModeNameList")),
        flow=node.text("flowFlag"),
        orderable=node.flag("status"),
        cargos=tuple(
            PreviewCargo(
                offer_id=c.ident("offerId"),
                spec_id=c.text("specId"),
                sku_id=c.ident("skuId"),
                amount_cny=c.yuan("amount"),
                final_unit_price_cny=c.yuan("finalUnitPrice"),
            )
            for c in node.children("cargoList")
        ),
        message=node.text("message"),
    )


# ---------------------------------------------------------------------------
# order creation


@dataclass(frozen=True)
class CreatedOrder:
    order_id: str
    total_cny: Decimal | None
    post_fee_cny: Decimal | None


@dataclass(frozen=True)
class CreateOrderResult:
    """What ``createCrossOrder`` said. ``success`` is kept as sent: the doc
    example shows ``success: false`` beside a real order id, so an order id
    always counts as an order that exists."""

    orders: tuple[CreatedOrder, ...]
    success: bool | None
    code: str | None = None
    message: str | None = None

    @property
    def order_ids(self) -> tuple[str, ...]:
        return tuple(order.order_id for order in self.orders)


def parse_create_order(body: Any, api: str) -> CreateOrderResult:
    root = Node.root(body, api=api)
    # Envelope {"result": {...}, "success": …}; the doc's single-order examples
    # show the inner result object bare.
    inner = root.child("result") or root
    orders = [_created_single(inner)] if inner.ident("orderId") else []
    orders += [_created_listed(node) for node in inner.children("orderList")]
    success = inner.flag("success")
    code = inner.text("code") or root.text("code")
    message = inner.text("message") or root.text("message")
    if not orders and (success is False or root.flag("success") is False):
        raise business_error(api, code, message)
    if not orders:
        inner.fail("orderId", "a present value")
    return CreateOrderResult(tuple(orders), success, code, message)


def _created_single(node: Node) -> CreatedOrder:
    total = node.fen("totalSuccessAmount")
    return CreatedOrder(node.req_ident("orderId"), total, node.fen("postFee"))


def _created_listed(node: Node) -> CreatedOrder:
    return CreatedOrder(node.req_ident("orderId"), node.fen("orderAmmount"), node.fen("postFee"))


# ---------------------------------------------------------------------------
# orders (getBuyerOrderList, get.buyerView)


@dataclass(frozen=True)
class OrderItem:
    product_id: str | None
    sku_id: str | None
    spec_id: str | None
    name: str | None
    quantity: Decimal | None
    price_cny: Decimal | None
    amount_cny: Decimal | None
    discount_cny: Decimal | None
    status: str | None
    sub_item_id: str | None
    refund_id: str | None


@dataclass(frozen=True)
class Shipment:
    company: str | None
    bill_no: str | None
    status: str | None
    delivered_at: datetime | None


@dataclass(frozen=True)
class TradeOrder:
    order_id: str
    status: str | None
    created_at: datetime | None
    paid_at: datetime | None
    modified_at: datetime | None
    total_cny: Decimal | None
    goods_cny: Decimal | None
    shipping_fee_cny: Decimal | None
    discount_cny: Decimal | None
    refund_cny: Decimal | None
    refund_status: str | None
    seller_id: str | None
    seller_login_id: str | None
    buyer_feedback: str | None
    remark: str | None
    out_order_id: str | None
    items: tuple[OrderItem, ...]
    shipments: tuple[Shipment, ...]

    def mentions(self, marker: str) -> bool:
        """True when the buyer message or remark carries ``marker``."""
        return any(marker in text for text in (self.buyer_feedback, self.remark) if text)


@dataclass(frozen=True)
class OrderPage:
    total: int | None
    orders: tuple[TradeOrder, ...]


def parse_order_page(body: Any, api: str) -> OrderPage:
    root = Node.root(body, api=api)
    if root.text("errorCode") and not root.children("result"):
        raise business_error(api, root.text("errorCode"), root.text("errorMessage"))
    return OrderPage(
        total=root.integer("totalRecord"),
        orders=tuple(parse_trade_order(node) for node in root.children("result")),
    )


def parse_order_detail(body: Any, api: str) -> TradeOrder:
    root = Node.root(body, api=api)
    if root.flag("success") is False:
        raise business_error(api, root.text("errorCode"), root.text("errorMessage"))
    return parse_trade_order(root.req_child("result"))


def parse_trade_order(node: Node) -> TradeOrder:
    """One ``TradeInfo`` object (an element of the list, or the detail's result)."""
    base = node.req_child("baseInfo")
    logistics = node.child("nativeLogistics")
    return TradeOrder(
        order_id=base.ident("idOfStr") or base.req_ident("id"),
        status=base.text("status"),
        created_at=base.when("createTime"),
        paid_at=base.when("payTime"),
        modified_at=base.when("modifyTime"),
        total_cny=base.yuan("totalAmount"),
        goods_cny=base.yuan("sumProductPayment"),
        shipping_fee_cny=base.yuan("shippingFee"),
        discount_cny=base.fen("discount"),
        refund_cny=base.yuan("refund"),
        refund_status=base.text("refundStatus"),
        seller_id=base.text("sellerID"),
        seller_login_id=base.text("sellerLoginId"),
        buyer_feedback=base.text("buyerFeedback"),
        remark=base.text("remark"),
        out_order_id=_ext_attribute(node, "outOrderId"),
        items=tuple(_order_item(item) for item in node.children("productItems")),
        shipments=_shipments(logistics),
    )


def _ext_attribute(node: Node, key: str) -> str | None:
    for pair in node.children("extAttributes"):
        if pair.text("key") == key:
            return pair.text("value")
    return None


def _order_item(node: Node) -> OrderItem:
    return OrderItem(
        product_id=node.ident("productID"),
        sku_id=node.ident("skuID"),
        spec_id=node.text("specId"),
        name=node.text("name"),
        quantity=node.number("quantity"),
        price_cny=node.yuan("price"),
        amount_cny=node.yuan("itemAmount"),
        discount_cny=node.fen("entryDiscount"),
        status=node.text("status"),
        sub_item_id=node.ident("subItemIDString") or node.ident("subItemID"),
        refund_id=node.text("refundId"),
    )


def _shipments(logistics: Node | None) -> tuple[Shipment, ...]:
    if logistics is None:
        return ()
    return tuple(_shipment(node) for node in logistics.children("logisticsItems"))


def _shipment(node: Node) -> Shipment:
    return Shipment(
        company=node.text("logisticsCompanyName"),
        bill_no=node.text("logisticsBillNo"),
        status=node.text("status"),
        delivered_at=node.when("deliveredTime"),
    )


# ---------------------------------------------------------------------------
# refunds


@dataclass(frozen=True)
class Refund:
    refund_id: str
    order_id: str | None
    status: str | None
    reason: str | None
    product_name: str | None
    apply_payment_cny: Decimal | None
    apply_carriage_cny: Decimal | None
    refund_payment_cny: Decimal | None
    refund_carriage_cny: Decimal | None
    applied_at: datetime | None
    completed_at: datetime | None
    modified_at: datetime | None


@dataclass(frozen=True)
class RefundPage:
    total: int | None
    page: int | None
    refunds: tuple[Refund, ...]


def parse_refund_page(body: Any, api: str) -> RefundPage:
    root = Node.root(body, api=api)
    if root.flag("success") is False:
        raise business_error(api, root.text("errorCode"), root.text("errorMsg"))
    result = root.req_child("result")
    return RefundPage(
        total=result.integer("totalCount"),
        page=result.integer("currentPageNum"),
        refunds=tuple(_refund(node) for node in result.children("opOrderRefundModels")),
    )


def _refund(node: Node) -> Refund:
    return Refund(
        refund_id=node.req_text("refundId"),
        order_id=node.ident("orderId"),
        status=node.text("status"),
        reason=node.text("applyReason"),
        product_name=node.text("productName"),
        apply_payment_cny=node.fen("applyPayment"),
        apply_carriage_cny=node.fen("applyCarriage"),
        refund_payment_cny=node.fen("refundPayment"),
        refund_carriage_cny=node.fen("refundCarriage"),
        applied_at=node.when("gmtApply"),
        completed_at=node.when("gmtCompleted"),
        modified_at=node.when("gmtModified"),
    )


@dataclass(frozen=True)
class RefundReason:
    """One reason 1688 offers for a refund (``getRefundReasonList``); ``reason_id`` is
    what ``createRefund`` takes as ``applyReasonId``."""

    reason_id: int
    name: str
    needs_voucher: bool
    refunds_carriage: bool | None
    tip: str | None


def parse_refund_reasons(body: Any, api: str) -> tuple[RefundReason, ...]:
    """``{"result": {"success", "code", "message", "result": {"reasons": [...]}}}``."""
    outer = Node.root(body, api=api).req_child("result")
    if outer.flag("success") is False or (outer.text("code") and outer.child("result") is None):
        raise business_error(api, outer.text("code"), outer.text("message"))
    inner = outer.child("result")
    nodes = inner.children("reasons") if inner is not None else []
    return tuple(_refund_reason(node) for node in nodes)


def _refund_reason(node: Node) -> RefundReason:
    no_carriage = node.flag("noRefundCarriage")
    return RefundReason(
        reason_id=node.req_integer("id"),
        name=node.req_text("name"),
        needs_voucher=bool(node.flag("needVoucher")),
        refunds_carriage=None if no_carriage is None else not no_carriage,
        tip=node.text("tip"),
    )


def parse_create_refund(body: Any, api: str) -> str:
    """The new refund id (``TQ…``)."""
    outer = Node.root(body, api=api).req_child("result")
    if outer.flag("success") is False:
        raise business_error(api, outer.text("code"), outer.text("message"))
    return outer.req_child("result").req_text("refundId")


# ---------------------------------------------------------------------------
# what the seller sends: order drafts


@dataclass(frozen=True)
class Address:
    """A mainland China delivery address (``alibaba.trade.fast.address``)."""

    full_name: str
    mobile: str
    province: str
    city: str
    area: str
    address: str
    town: str = ""
    phone: str = ""
    post_code: str = ""
    district_code: str | None = None
    address_id: str | None = None

    def as_param(self) -> dict[str, Any]:
        param: dict[str, Any] = {
            "fullName": self.full_name,
            "mobile": self.mobile,
            "phone": self.phone,
            "postCode": self.post_code,
            "provinceText": self.province,
            "cityText": self.city,
            "areaText": self.area,
            "townText": self.town,
            "address": self.address,
        }
        if self.district_code:
            param["districtCode"] = self.district_code
        if self.address_id:
            param["addressId"] = int(self.address_id)
        return param


@dataclass(frozen=True)
class CargoLine:
    offer_id: str
    quantity: int
    spec_id: str | None = None

    def as_param(self) -> dict[str, Any]:
        param: dict[str, Any] = {"offerId": int(self.offer_id), "quantity": self.quantity}
        if self.spec_id:
            param["specId"] = self.spec_id
        return param


MAX_LINES_PER_ORDER = 50  # createCrossOrder: at most 50 SKUs, one supplier


@dataclass(frozen=True)
class OrderDraft:
    """One cross-border order to one supplier, before it is placed."""

    address: Address
    lines: tuple[CargoLine, ...]
    flow: str = "general"
    message: str = ""
    trade_type: str | None = None

    def __post_init__(self) -> None:
        _check_lines(self.lines)

    def canonical(self) -> dict[str, Any]:
        """The order's content, for hashing: same content, same hash."""
        return {
            "address": self.address.as_param(),
            "lines": [line.as_param() for line in self.lines],
            "flow": self.flow,
            "message": self.message,
            "tradeType": self.trade_type,
        }


def _check_lines(lines: tuple[CargoLine, ...]) -> None:
    def refuse(field_: str, value: Any, en: str, zh: str) -> InvalidRequestError:
        return InvalidRequestError(
            f"Order {field_} = {value!r}: {en}", f"订单 {field_} = {value!r}：{zh}", api=None
        )

    if not lines:
        raise refuse("lines", [], "add at least one product line.", "至少需要一个商品。")
    if len(lines) > MAX_LINES_PER_ORDER:
        raise refuse(
            "lines",
            len(lines),
            "1688 takes at most 50 SKUs per order; split it.",
            "1688 每单最多 50 个 SKU，请拆单。",
        )
    for index, line in enumerate(lines):
        if not line.offer_id.isdigit():
            raise refuse(
                f"lines[{index}].offer_id",
                line.offer_id,
                "must be a 1688 offer number.",
                "必须是 1688 商品ID（数字）。",
            )
        if line.quantity <= 0:
            raise refuse(f"lines[{index}].quantity", line.quantity, "must be >= 1.", "至少为 1。")
