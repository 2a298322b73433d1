from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import parse_qsl

import httpx
import pytest
from tests.sources.open1688.open1688_fake_gateway import (
    ACCESS_TOKEN,
    APP_KEY,
    APP_SECRET,
    fixture,
)

from daifa.sources.open1688 import (
    AccessDeniedError,
    AuthenticationError,
    BusinessError,
    ConfigurationError,
    InvalidRequestError,
    NetworkError,
    Open1688Client,
    QuotaExhaustedError,
    RetryPolicy,
    ServerError,
    TimeoutError,
    sign,
)
from daifa.sources.open1688.client import CREATE_CROSS_ORDER, KEYWORD_SEARCH, aop_time

KEYWORD_FIXTURE = "crossborder.product.search.keywordQuery.response.doc-example.json"


class Recorder:
    """An httpx handler that answers from a script and keeps every request."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def form(self, index: int = -1) -> dict[str, str]:
        return dict(parse_qsl(self.requests[index].content.decode()))


def make(handler, sleeps=None, **kwargs) -> Open1688Client:
    return Open1688Client(
        APP_KEY,
        APP_SECRET,
        access_token=kwargs.pop("access_token", ACCESS_TOKEN),
        transport=httpx.MockTransport(handler),
        retry=RetryPolicy(attempts=3, base_delay=1.0, seed=3),
        sleep=(sleeps if sleeps is not None else []).append,
        clock=lambda: 1_700_000_000.0,
        **kwargs,
    )


def ok(body) -> httpx.Response:
    return httpx.Response(200, json=body)


def test_a_search_is_a_signed_form_post_with_json_string_parameters() -> None:
    handler = Recorder(ok(fixture(KEYWORD_FIXTURE)))
    page = make(handler).search_keyword("饼干", page_size=20)
    request = handler.requests[0]
    assert request.method == "POST"
    api = "com.alibaba.fenxiao.crossborder/product.search.keywordQuery"
    assert request.url.path == f"/openapi/param2/1/{api}/{APP_KEY}"
    form = handler.form()
    assert json.loads(form["offerQueryParam"]) == {
        "beginPage": 1,
        "pageSize": 20,
        "country": "en",
        "keyword": "饼干",
    }
    assert form["_aop_timestamp"] == "1700000000000"
    assert form["access_token"] == ACCESS_TOKEN
    url_path = request.url.path.removeprefix("/openapi/")
    assert form["_aop_signature"] == sign(url_path, form, APP_SECRET)
    assert page.offers[0].offer_id == "2" and page.fetched_at is not None


def test_the_product_detail_takes_an_offer_address() -> None:
    body = fixture("crossborder.product.search.queryProductDetail.response.doc-example.json")
    body["result"]["result"]["productSkuInfos"][0].update(price="12.5", jxhyPrice="12")
    handler = Recorder(ok(body))
    detail = make(handler).product_detail("https://detail.1688.com/offer/34513534353434.html")
    assert json.loads(handler.form()["offerDetailParam"]) == {
        "offerId": 34513534353434,
        "country": "en",
    }
    assert detail.skus[0].price_cny == Decimal("12.5")


def test_a_gateway_refusal_becomes_a_named_error_with_the_request_id() -> None:
    body = fixture("error.gateway.APIACLDecline.json")
    handler = Recorder(httpx.Response(400, json=body, headers={"x-request-id": "req-42"}))
    with pytest.raises(AccessDeniedError) as caught:
        make(handler).search_keyword("cup")
    error = caught.value
    assert error.error_code == "gw.APIACLDecline" and error.request_id == "req-42"
    assert "AppKey is not allowed(acl)" in error.message("en")
    assert "开放平台" in error.message("zh") and "req-42" in error.bilingual()
    assert len(handler.requests) == 1  # not transient: no retry


def test_quota_exhaustion_says_when_to_try_again() -> None:
    handler = Recorder(httpx.Response(400, json=fixture("error.gateway.NoUsageLeftError.json")))
    with pytest.raises(QuotaExhaustedError) as caught:
        make(handler).search_keyword("cup")
    assert "00:00 Beijing time" in caught.value.message("en")
    assert "北京时间 00:00" in caught.value.message("zh")


def test_reads_are_retried_with_backoff_on_5xx_and_timeouts() -> None:
    sleeps: list[float] = []
    handler = Recorder(
        httpx.Response(503, text="busy"),
        httpx.ReadTimeout("slow"),
        ok(fixture(KEYWORD_FIXTURE)),
    )
    page = make(handler, sleeps).search_keyword("cup")
    assert page.total_records == 123
    assert len(handler.requests) == 3
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 1.0 and 0 <= sleeps[1] <= 2.0


def test_the_jitter_is_reproducible_with_a_seed() -> None:
    first = RetryPolicy(seed=9).delays()
    second = RetryPolicy(seed=9).delays()
    assert [first(n, None) for n in (1, 2, 3)] == [second(n, None) for n in (1, 2, 3)]
    assert RetryPolicy(max_delay=5).delays()(1, 60.0) == 5


def test_a_rate_limit_honours_retry_after() -> None:
    sleeps: list[float] = []
    handler = Recorder(
        httpx.Response(429, json={"error_code": "gw.QpsOverrun"}, headers={"Retry-After": "2"}),
        ok(fixture(KEYWORD_FIXTURE)),
    )
    make(handler, sleeps).search_keyword("cup")
    assert sleeps == [2.0]


def test_retries_stop_after_the_policy_and_raise_the_last_error() -> None:
    handler = Recorder(*(httpx.Response(502, text="bad") for _ in range(3)))
    with pytest.raises(ServerError):
        make(handler).search_keyword("cup")
    assert len(handler.requests) == 3


def test_order_creation_is_never_retried_by_the_client() -> None:
    handler = Recorder(httpx.Response(503, text="busy"), ok({}))
    with pytest.raises(ServerError):
        make(handler).call(CREATE_CROSS_ORDER, {"flow": "general"})
    assert len(handler.requests) == 1


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (httpx.ConnectTimeout("t"), TimeoutError),
        (httpx.ConnectError("refused"), NetworkError),
        (httpx.RemoteProtocolError("dropped"), NetworkError),
    ],
)
def test_transport_failures_are_named(failure, error) -> None:
    handler = Recorder(failure)
    with pytest.raises(error) as caught:
        make(handler).call(CREATE_CROSS_ORDER, {})
    assert caught.value.transient
    assert "网络" in caught.value.message("zh")


def test_a_business_failure_inside_http_200_is_an_error() -> None:
    body = {"result": {"success": False, "code": "500_1", "message": "offer not found"}}
    with pytest.raises(BusinessError) as caught:
        make(Recorder(ok(body))).search_keyword("cup")
    assert caught.value.error_code == "500_1" and "offer not found" in caught.value.message("en")


def test_an_expired_token_is_an_authentication_error() -> None:
    body = {"error_code": "gw.AccessTokenExpired", "error_message": "token expired"}
    with pytest.raises(AuthenticationError) as caught:
        make(Recorder(httpx.Response(401, json=body))).search_keyword("cup")
    assert "重新授权" in caught.value.message("zh")


def test_a_missing_configuration_is_reported_before_sending() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Open1688Client("", "")
    assert "DAIFA_1688_APP_KEY" in caught.value.message("en")
    handler = Recorder()
    with pytest.raises(ConfigurationError):
        make(handler, access_token=None).search_keyword("cup")
    assert handler.requests == []


def test_the_access_token_may_come_from_a_callable() -> None:
    handler = Recorder(ok(fixture(KEYWORD_FIXTURE)))
    make(handler, access_token=lambda: "fresh-token").search_keyword("cup")
    assert handler.form()["access_token"] == "fresh-token"


def test_repr_never_shows_the_secret_or_token() -> None:
    text = repr(make(Recorder()))
    assert APP_SECRET not in text and ACCESS_TOKEN not in text and APP_KEY in text


def test_refund_amounts_are_sent_in_fen() -> None:
    body = fixture("trade.alibaba.trade.createRefund.response.doc-example.json")
    handler = Recorder(ok(body))
    refund_id = make(handler).create_refund(
        order_id="506683458994743225",
        order_entry_ids=["506683458996743225"],
        kind="returnRefund",
        amount_cny=Decimal("12.34"),
        carriage_cny=Decimal("0"),
        reason_id=20028,
        description="克重不对",
        goods_status="refundBuyerReceived",
    )
    form = handler.form()
    assert refund_id == "TQ34931008034741532"
    assert form["applyPayment"] == "1234" and form["applyCarriage"] == "0"
    assert form["orderEntryIds"] == "[506683458996743225]"


def test_a_refused_refund_is_a_business_error_in_both_languages() -> None:
    from daifa.sources.open1688.errors import BusinessError

    handler = Recorder(ok(fixture("trade.alibaba.trade.createRefund.response.error.written.json")))
    with pytest.raises(BusinessError) as caught:
        make(handler).create_refund(
            order_id="506683458994743225",
            order_entry_ids=["506683458996743225"],
            kind="refund",
            amount_cny=Decimal("99999"),
            carriage_cny=Decimal("0"),
            reason_id=20028,
            description="未按时揽收",
            goods_status="refundWaitSellerSend",
        )
    assert caught.value.error_code == "5005" and len(handler.requests) == 1
    assert "5005" in caught.value.message("en") and "退款金额" in caught.value.message("zh")


def test_refund_amounts_finer_than_a_fen_are_refused() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        make(Recorder()).create_refund(
            order_id="1",
            order_entry_ids=["2"],
            kind="refund",
            amount_cny=Decimal("1.001"),
            carriage_cny=Decimal("0"),
            reason_id=1,
            description="太慢了",
            goods_status="x",
        )
    assert "amount_cny" in str(caught.value)


def test_trade_dates_are_sent_in_beijing_time() -> None:
    from datetime import UTC, datetime

    assert aop_time(datetime(2024, 6, 25, 3, 55, 5, tzinfo=UTC)) == "20240625115505000+0800"
    with pytest.raises(InvalidRequestError):
        aop_time(datetime(2024, 6, 25))


def test_the_order_list_asks_for_buyer_messages() -> None:
    body = fixture("trade.alibaba.trade.getBuyerOrderList.response.doc-example.json")
    handler = Recorder(ok(body))
    page = make(handler).buyer_orders(out_order_id="SO-1", page_size=50)
    form = handler.form()
    assert form["outOrderId"] == "SO-1" and form["needMemoInfo"] == "true"
    assert page.orders[0].order_id == "196965465451498520"


def test_bad_page_numbers_are_refused() -> None:
    with pytest.raises(InvalidRequestError):
        make(Recorder()).search_keyword("cup", page=0)
    with pytest.raises(InvalidRequestError):
        make(Recorder()).search_keyword("   ")


def test_a_non_json_answer_is_a_format_error() -> None:
    from daifa.sources.open1688 import ResponseFormatError

    with pytest.raises(ResponseFormatError):
        make(Recorder(httpx.Response(200, text="<html>"))).call(KEYWORD_SEARCH, {})


REASONS_FIXTURE = "trade.alibaba.trade.getRefundReasonList.response.written.json"


def test_refund_reasons_are_read_with_their_ids_for_create_refund() -> None:
    handler = Recorder(ok(fixture(REASONS_FIXTURE)))
    reasons = make(handler).refund_reasons(
        order_id="506683458994743225",
        order_entry_ids=["506683458996743225"],
        goods_status="refundWaitSellerSend",
    )
    form = handler.form()
    assert "alibaba.trade.getRefundReasonList" in str(handler.requests[0].url)
    assert form["orderId"] == "506683458994743225"
    assert form["orderEntryIds"] == "[506683458996743225]"
    assert form["goodsStatus"] == "refundWaitSellerSend"
    assert [(r.reason_id, r.name) for r in reasons] == [
        (20028, "未按约定时间发货"),
        (20033, "商品破损/少件"),
        (20041, "多拍/拍错/不想要"),
    ]
    assert reasons[1].needs_voucher and not reasons[0].needs_voucher
    assert reasons[2].refunds_carriage is False and reasons[2].tip is None


def test_refused_refund_reasons_are_a_business_error() -> None:
    from daifa.sources.open1688.errors import BusinessError

    body = {"result": {"success": False, "code": "5001", "message": "订单状态不支持退款"}}
    with pytest.raises(BusinessError) as caught:
        make(Recorder(ok(body))).refund_reasons(
            order_id="1", order_entry_ids=["2"], goods_status="refundWaitSellerSend"
        )
    assert caught.value.error_code == "5001" and "订单状态" in caught.value.message("zh")


def test_a_reason_without_an_id_is_a_format_error_naming_the_field() -> None:
    from daifa.sources.open1688.errors import ResponseFormatError

    body = {"result": {"success": True, "result": {"reasons": [{"name": "其他"}]}}}
    with pytest.raises(ResponseFormatError) as caught:
        make(Recorder(ok(body))).refund_reasons(
            order_id="1", order_entry_ids=["2"], goods_status="refundWaitSellerSend"
        )
    assert "id" in str(caught.value)
