"""Every fixture in tests/fixtures/1688 goes through the client's models.

Each one either parses (and its numbers are checked, units included) or fails
with a named error pointing at the placeholder; this table says which.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
from tests.sources.open1688.open1688_fake_gateway import FIXTURES, fixture

from daifa.sources.open1688 import (
    AccessDeniedError,
    BusinessError,
    PlaceholderValueError,
    QuotaExhaustedError,
)
from daifa.sources.open1688._fields import BEIJING, Node
from daifa.sources.open1688.models import (
    parse_category_translation,
    parse_product_detail,
    parse_search_page,
    parse_supplier_basic,
)
from daifa.sources.open1688.oauth import parse_token
from daifa.sources.open1688.responses import decode_response
from daifa.sources.open1688.trade import (
    parse_create_order,
    parse_create_refund,
    parse_order_page,
    parse_preview,
    parse_refund_page,
    parse_refund_reasons,
    parse_trade_order,
)


def _trade_info(body, api):
    return parse_trade_order(Node(body, api=api))


def _token(body, api):
    return parse_token(body, received_at=datetime(2024, 1, 1, tzinfo=UTC))


def _error(body, api):
    return decode_response(api, httpx.Response(400, json=body))


# file → (parser, expected: "parses" or (error class, field path))
TABLE = {
    "account.alibaba.account.agent.crossBasic.response.doc-example.json": (
        parse_supplier_basic,
        "parses",
    ),
    "crossborder.category.translation.getById.response.doc-example.json": (
        parse_category_translation,
        "parses",
    ),
    "crossborder.product.search.imageQuery.response.doc-example.json": (
        parse_search_page,
        (PlaceholderValueError, "result.success"),
    ),
    "crossborder.product.search.keywordQuery.response.doc-example.json": (
        parse_search_page,
        "parses",
    ),
    "crossborder.product.search.queryProductDetail.response.doc-example.json": (
        parse_product_detail,
        (PlaceholderValueError, "result.result.productSkuInfos[0].price"),
    ),
    "crossborder.product.search.querySellerOfferList.response.doc-example.json": (
        parse_search_page,
        "parses",
    ),
    "error.gateway.APIACLDecline.json": (_error, (AccessDeniedError, None)),
    "error.gateway.NoUsageLeftError.json": (_error, (QuotaExhaustedError, None)),
    "oauth.getToken.response.doc-example.json": (_token, "parses"),
    "trade.alibaba.createOrder.preview.response.doc-example.json": (parse_preview, "parses"),
    "trade.alibaba.trade.createCrossOrder.response.account-period.doc-example.json": (
        parse_create_order,
        "parses",
    ),
    "trade.alibaba.trade.createCrossOrder.response.alipay.doc-example.json": (
        parse_create_order,
        "parses",
    ),
    "trade.alibaba.trade.createCrossOrder.response.multi-order.doc-example.json": (
        parse_create_order,
        "parses",
    ),
    "trade.alibaba.trade.createRefund.response.doc-example.json": (parse_create_refund, "parses"),
    "trade.alibaba.trade.createRefund.response.error.written.json": (
        parse_create_refund,
        (BusinessError, None),
    ),
    "trade.alibaba.trade.get.buyerView.result.recorded-redacted.json": (_trade_info, "parses"),
    "trade.alibaba.trade.getBuyerOrderList.response.doc-example.json": (parse_order_page, "parses"),
    "trade.alibaba.trade.getRefundReasonList.response.written.json": (
        parse_refund_reasons,
        "parses",
    ),
    "trade.alibaba.trade.refund.buyer.queryOrderRefundList.response.doc-example.json": (
        parse_refund_page,
        "parses",
    ),
}


def test_the_table_covers_every_response_fixture() -> None:
    on_disk = {p.name for p in FIXTURES.glob("*.json")} - {"signature.test-vectors.json"}
    assert on_disk == set(TABLE)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_fixture_parses_or_fails_with_a_named_error(name: str) -> None:
    parser, expected = TABLE[name]
    body = fixture(name)
    if expected == "parses":
        assert parser(body, name) is not None
        return
    error_class, path = expected
    with pytest.raises(error_class) as caught:
        parser(body, name)
    if path is not None:
        assert caught.value.path == path
    assert caught.value.message("en") and caught.value.message("zh")


def test_preview_sums_are_fen_and_cargo_amounts_are_yuan() -> None:
    (preview,) = parse_preview(
        fixture("trade.alibaba.createOrder.preview.response.doc-example.json"), "p"
    )
    assert preview.sum_payment_cny == Decimal("44.00")  # 4400 fen
    assert preview.sum_carriage_cny == Decimal("8.00")
    assert preview.sum_goods_cny == Decimal("36.00")
    (cargo,) = preview.cargos
    assert cargo.amount_cny == Decimal("36") and cargo.final_unit_price_cny == Decimal("18")
    # The two units agree: goods total (fen) == Σ cargo amounts (yuan).
    assert preview.sum_goods_cny == sum(c.amount_cny for c in preview.cargos)
    assert preview.trade_modes == ("nzassure",)


def test_created_orders_are_read_in_fen() -> None:
    multi = parse_create_order(
        fixture("trade.alibaba.trade.createCrossOrder.response.multi-order.doc-example.json"), "c"
    )
    assert multi.order_ids == ("105581756010628640", "105637283010628640")
    assert [o.total_cny for o in multi.orders] == [Decimal("48480.00"), Decimal("50500.00")]
    assert [o.post_fee_cny for o in multi.orders] == [Decimal("480.00"), Decimal("500.00")]
    alipay = parse_create_order(
        fixture("trade.alibaba.trade.createCrossOrder.response.alipay.doc-example.json"), "c"
    )
    # success: false beside an order id still means an order exists.
    assert alipay.order_ids == ("87407346014789305",) and alipay.success is False
    assert alipay.orders[0].total_cny == Decimal("1568.00")


def test_order_amounts_are_yuan_and_discounts_fen() -> None:
    order = _trade_info(
        fixture("trade.alibaba.trade.get.buyerView.result.recorded-redacted.json"), "o"
    )
    assert order.order_id == "2203918107220135493"
    assert order.total_cny == Decimal("37.45")
    assert order.goods_cny + order.shipping_fee_cny == order.total_cny
    assert order.items[0].price_cny == Decimal("31.45") and order.items[0].refund_id
    assert order.shipments[0].company == "韵达快递"
    page = parse_order_page(
        fixture("trade.alibaba.trade.getBuyerOrderList.response.doc-example.json"), "l"
    )
    assert page.total == 537
    listed = page.orders[0]
    assert listed.discount_cny == Decimal("-39.89")  # -3989 fen
    # price 39.90 yuan + entry discount -39.89 = item amount 0.01 yuan
    item = listed.items[0]
    assert item.price_cny + item.discount_cny == item.amount_cny


def test_refund_amounts_are_fen() -> None:
    page = parse_refund_page(
        fixture("trade.alibaba.trade.refund.buyer.queryOrderRefundList.response.doc-example.json"),
        "r",
    )
    (refund,) = page.refunds
    assert refund.refund_id == "TQ10426553019961198" and refund.order_id == "177681528398969811"
    assert refund.apply_payment_cny == Decimal("0.01") and refund.status == "refundclose"


def test_the_token_example_gives_a_ten_hour_token() -> None:
    token = _token(fixture("oauth.getToken.response.doc-example.json"), "t")
    assert token.expires_at == datetime(2024, 1, 1, 10, tzinfo=UTC)  # expires_in "36000"
    assert token.refresh_expires_at == datetime(2012, 12, 22, 22, 22, 22, tzinfo=BEIJING)
    assert token.access_token == "f14da3b8-b0b1-4f73-a5de-9bed637e0188"
    assert "f14da3b8" not in repr(token)  # tokens are secrets
