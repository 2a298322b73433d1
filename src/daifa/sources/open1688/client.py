"""A synchronous client for the 1688 Open Platform gateway (``gw.open.1688.com``).

Every call is a form POST to ``/openapi/param2/<version>/<namespace>/<name>/<appKey>``
carrying ``access_token``, ``_aop_timestamp`` and ``_aop_signature``; structured
parameters travel as compact JSON strings. The HTTP layer is an ``httpx.Client``
whose ``transport`` can be replaced (tests use ``httpx.MockTransport`` or a fake
gateway on 127.0.0.1), so nothing here needs the network to be tested.

Reads are retried with exponential backoff and jitter on transient failures
(timeouts, dropped connections, 5xx, rate limits). Writes (order and refund
creation) are sent once: :mod:`daifa.sources.open1688.orders` decides, after
looking the order up, whether another attempt is safe.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

import httpx

from daifa.sources.open1688 import errors, models, trade
from daifa.sources.open1688._fields import BEIJING, yuan_to_fen
from daifa.sources.open1688.ids import parse_offer_id
from daifa.sources.open1688.responses import decode_response, transport_error
from daifa.sources.open1688.signature import (
    SIGNATURE_PARAM,
    encode_params,
    encode_value,
    sign,
    timestamp_ms,
)

GATEWAY_URL = "https://gw.open.1688.com"


@dataclass(frozen=True)
class Api:
    """One gateway API: ``namespace:name:version``, and whether it is safe to repeat."""

    namespace: str
    name: str
    version: int = 1
    idempotent: bool = True

    @property
    def label(self) -> str:
        return f"{self.namespace}:{self.name}:{self.version}"

    def url_path(self, app_key: str) -> str:
        """The path that is both requested (under ``/openapi/``) and signed."""
        return f"param2/{self.version}/{self.namespace}/{self.name}/{app_key}"


_CB = "com.alibaba.fenxiao.crossborder"
_TRADE = "com.alibaba.trade"
KEYWORD_SEARCH = Api(_CB, "product.search.keywordQuery")
IMAGE_SEARCH = Api(_CB, "product.search.imageQuery")
SELLER_OFFERS = Api(_CB, "product.search.querySellerOfferList")
PRODUCT_DETAIL = Api(_CB, "product.search.queryProductDetail")
FREIGHT_ESTIMATE = Api(_CB, "product.freight.estimate")
CATEGORY_TRANSLATION = Api(_CB, "category.translation.getById")
SUPPLIER_BASIC = Api("com.alibaba.account", "alibaba.account.agent.crossBasic")
ORDER_PREVIEW = Api(_TRADE, "alibaba.createOrder.preview")
CREATE_CROSS_ORDER = Api(_TRADE, "alibaba.trade.createCrossOrder", idempotent=False)
BUYER_ORDER_LIST = Api(_TRADE, "alibaba.trade.getBuyerOrderList")
ORDER_DETAIL = Api(_TRADE, "alibaba.trade.get.buyerView")
CREATE_REFUND = Api(_TRADE, "alibaba.trade.createRefund", idempotent=False)
REFUND_LIST = Api(_TRADE, "alibaba.trade.refund.buyer.queryOrderRefundList")
REFUND_REASONS = Api(_TRADE, "alibaba.trade.getRefundReasonList")


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, for transient failures of reads only.

    ``seed`` makes the jitter reproducible; a ``Retry-After`` from the gateway
    wins over the computed delay (capped at ``max_delay``).
    """

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 20.0
    seed: int | None = None

    def delays(self) -> Callable[[int, float | None], float]:
        rng = random.Random(self.seed)

        def delay(attempt: int, retry_after: float | None) -> float:
            if retry_after is not None:
                return min(retry_after, self.max_delay)
            ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
            return rng.uniform(0, ceiling)

        return delay


TokenSource = str | Callable[[], str] | None


class Open1688Client:
    """The gateway client. Use as a context manager, or call :meth:`close`.

    ``access_token`` is the buyer account's OAuth token, or a callable that
    returns a fresh one (for example ``TokenKeeper.access_token``, which
    refreshes before the 10-hour expiry).
    """

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        *,
        access_token: TokenSource = None,
        base_url: str = GATEWAY_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float | httpx.Timeout = 10.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not app_key or not app_secret:
            raise _not_configured("app key and app secret", "App Key 和 App Secret")
        self.app_key = app_key
        self._secret = app_secret
        self._token = access_token
        self._retry = retry or RetryPolicy()
        self._delay = self._retry.delays()
        self._sleep = sleep
        self._clock = clock
        self._http = httpx.Client(base_url=base_url, transport=transport, timeout=timeout)

    def __repr__(self) -> str:
        # Never the secret or the token: this may end up in a log or a traceback.
        return f"Open1688Client(app_key={self.app_key!r}, base_url={str(self._http.base_url)!r})"

    def __enter__(self) -> Open1688Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    # -- the one way out --------------------------------------------------
    def call(self, api: Api, params: Mapping[str, Any]) -> Any:
        """Send ``params`` to ``api``; the decoded JSON answer, or a named error."""
        attempts = self._retry.attempts if api.idempotent else 1
        for attempt in range(1, attempts + 1):
            try:
                return self._call_once(api, params)
            except errors.Open1688Error as exc:
                if not exc.transient or attempt == attempts:
                    raise
                self._sleep(self._delay(attempt, getattr(exc, "retry_after", None)))
        raise AssertionError("unreachable: the loop returns or raises")

    def signed_params(self, api: Api, params: Mapping[str, Any]) -> dict[str, str]:
        """The form fields of one request, signature included."""
        fields = encode_params({**params, "access_token": self._access_token()})
        fields["_aop_timestamp"] = timestamp_ms(self._clock)
        fields[SIGNATURE_PARAM] = sign(api.url_path(self.app_key), fields, self._secret)
        return fields

    def _call_once(self, api: Api, params: Mapping[str, Any]) -> Any:
        fields = self.signed_params(api, params)
        try:
            response = self._http.post(f"/openapi/{api.url_path(self.app_key)}", data=fields)
        except httpx.TransportError as exc:
            raise transport_error(api.label, exc) from exc
        return decode_response(api.label, response)

    def _access_token(self) -> str:
        token = self._token() if callable(self._token) else self._token
        if not token:
            raise _not_configured("buyer account access token", "买家账号授权（access token）")
        return token

    # -- products and suppliers -------------------------------------------
    def search_keyword(
        self,
        keyword: str,
        *,
        page: int = 1,
        page_size: int = 20,
        language: str = "en",
        price_min: Decimal | None = None,
        price_max: Decimal | None = None,
        category_id: int | None = None,
        sort: Mapping[str, str] | None = None,
        filters: Sequence[str] = (),
    ) -> models.SearchPage:
        """Multilingual keyword search (``product.search.keywordQuery``)."""
        if not keyword.strip():
            raise _invalid("keyword", keyword, "is empty.", "不能为空。")
        query = _page_query(page, page_size, language) | {
            "keyword": keyword.strip(),
            "priceStart": _text(price_min),
            "priceEnd": _text(price_max),
            "categoryId": category_id,
            "sort": _json_text(sort),
            "filter": ",".join(filters) or None,
        }
        return self._search(KEYWORD_SEARCH, query)

    def search_image(
        self,
        *,
        image_id: str | None = None,
        image_url: str | None = None,
        page: int = 1,
        page_size: int = 20,
        language: str = "en",
        keyword: str | None = None,
    ) -> models.SearchPage:
        """Image search (``product.search.imageQuery``) by uploaded image id or 1688 image URL."""
        if not image_id and not image_url:
            raise _invalid(
                "image", None, "give an image id or an image address.", "请提供图片ID或图片地址。"
            )
        query = _page_query(page, page_size, language) | {
            "imageId": image_id,
            "imageAddress": image_url,
            "keyword": keyword,
        }
        return self._search(IMAGE_SEARCH, query)

    def seller_offers(
        self,
        seller_open_id: str,
        *,
        page: int = 1,
        page_size: int = 20,
        language: str = "en",
        keyword: str | None = None,
    ) -> models.SearchPage:
        """Offers of one supplier (``querySellerOfferList``), by its ``sellerOpenId``."""
        query = _page_query(page, page_size, language) | {
            "sellerOpenId": seller_open_id,
            "keyword": keyword,
        }
        return self._search(SELLER_OFFERS, query)

    def _search(self, api: Api, query: dict[str, Any]) -> models.SearchPage:
        body = self.call(api, {"offerQueryParam": _compact(query)})
        page = models.parse_search_page(body, api.name)
        return replace(page, fetched_at=self.now())

    def product_detail(self, offer: str | int, *, language: str = "en") -> models.ProductDetail:
        """Product detail (``queryProductDetail``); ``offer`` may be an id or an offer address."""
        offer_id = parse_offer_id(str(offer))
        param = {"offerId": int(offer_id), "country": language}
        body = self.call(PRODUCT_DETAIL, {"offerDetailParam": param})
        detail = models.parse_product_detail(body, PRODUCT_DETAIL.name)
        return replace(detail, fetched_at=self.now())

    def supplier_basic(
        self, *, login_id: str | None = None, domain: str | None = None
    ) -> models.SupplierBasic:
        """Basic facts of a supplier by login id or shop domain (``crossBasic``)."""
        if not login_id and not domain:
            raise _invalid(
                "supplier", None, "give a login id or a shop domain.", "请提供登录名或店铺域名。"
            )
        body = self.call(SUPPLIER_BASIC, {"loginId": login_id, "domain": domain})
        basic = models.parse_supplier_basic(body, SUPPLIER_BASIC.name)
        return replace(basic, fetched_at=self.now())

    def category_translation(
        self, category_id: int, *, language: str = "en"
    ) -> models.CategoryTranslation:
        body = self.call(CATEGORY_TRANSLATION, {"categoryId": category_id, "language": language})
        return models.parse_category_translation(body, CATEGORY_TRANSLATION.name)

    def freight_estimate(
        self,
        offer: str | int,
        *,
        province_code: str,
        city_code: str,
        district_code: str,
        quantity: int = 1,
    ) -> models.FreightEstimate:
        """Domestic freight to a China address, by administrative division codes."""
        param = {
            "offerId": int(parse_offer_id(str(offer))),
            "toProvinceCode": province_code,
            "toCityCode": city_code,
            # 1688 calls the district "country" in this parameter.
            "toCountryCode": district_code,
            "totalNum": _positive("quantity", quantity),
        }
        body = self.call(FREIGHT_ESTIMATE, {"productFreightQueryParamsNew": param})
        return models.parse_freight_estimate(body, FREIGHT_ESTIMATE.name)

    # -- orders -----------------------------------------------------------
    def preview_order(self, draft: trade.OrderDraft) -> tuple[trade.OrderPreview, ...]:
        """Prices, freight and usable trade modes of ``draft``, without ordering."""
        params = {
            "addressParam": draft.address.as_param(),
            "cargoParamList": [line.as_param() for line in draft.lines],
            "flow": draft.flow,
            "isvBizType": "cross",
        }
        body = self.call(ORDER_PREVIEW, params)
        return trade.parse_preview(body, ORDER_PREVIEW.name)

    def create_cross_order(
        self,
        draft: trade.OrderDraft,
        *,
        out_order_id: str | None = None,
        message: str | None = None,
    ) -> trade.CreateOrderResult:
        """Place one cross-border order, once. Prefer :func:`orders.place_order`,
        which makes retries safe; this method never retries."""
        params = {
            "flow": draft.flow,
            "message": draft.message if message is None else message,
            "isvBizType": "cross",
            "addressParam": draft.address.as_param(),
            "cargoParamList": [line.as_param() for line in draft.lines],
            "tradeType": draft.trade_type,
            "outOrderId": out_order_id,
        }
        body = self.call(CREATE_CROSS_ORDER, params)
        return trade.parse_create_order(body, CREATE_CROSS_ORDER.name)

    def buyer_orders(
        self,
        *,
        page: int = 1,
        page_size: int = 20,
        created_from: datetime | None = None,
        created_to: datetime | None = None,
        modified_from: datetime | None = None,
        modified_to: datetime | None = None,
        status: str | None = None,
        out_order_id: str | None = None,
        order_ids: Sequence[str] = (),
    ) -> trade.OrderPage:
        """The buyer's orders (``getBuyerOrderList``), newest first, with buyer messages."""
        params = {
            "page": _positive("page", page),
            "pageSize": _positive("page_size", page_size),
            "createStartTime": aop_time(created_from),
            "createEndTime": aop_time(created_to),
            "modifyStartTime": aop_time(modified_from),
            "modifyEndTime": aop_time(modified_to),
            "orderStatus": status,
            "outOrderId": out_order_id,
            "orderIds": [int(i) for i in order_ids] or None,
            "needMemoInfo": True,
        }
        body = self.call(BUYER_ORDER_LIST, params)
        return trade.parse_order_page(body, BUYER_ORDER_LIST.name)

    def order_detail(self, order_id: str) -> trade.TradeOrder:
        """One order with logistics (``get.buyerView``)."""
        params = {
            "webSite": "1688",
            "orderId": int(order_id),
            "includeFields": "GuaranteesTerms,NativeLogistics,RateDetail,OrderInvoice",
        }
        body = self.call(ORDER_DETAIL, params)
        return trade.parse_order_detail(body, ORDER_DETAIL.name)

    # -- refunds ----------------------------------------------------------
    def refund_reasons(
        self, *, order_id: str, order_entry_ids: Sequence[str], goods_status: str
    ) -> tuple[trade.RefundReason, ...]:
        """The reasons 1688 accepts for a refund of these order lines in this goods
        status (``getRefundReasonList``); a reason's id is ``create_refund``'s
        ``reason_id``."""
        params = {
            "orderId": int(order_id),
            "orderEntryIds": [int(i) for i in order_entry_ids],
            "goodsStatus": goods_status,
        }
        body = self.call(REFUND_REASONS, params)
        return trade.parse_refund_reasons(body, REFUND_REASONS.name)

    def create_refund(
        self,
        *,
        order_id: str,
        order_entry_ids: Sequence[str],
        kind: Literal["refund", "returnRefund"],
        amount_cny: Decimal,
        carriage_cny: Decimal,
        reason_id: int,
        description: str,
        goods_status: str,
        vouchers: Sequence[str] = (),
    ) -> str:
        """Open a refund (or return-and-refund) request; the new refund id.

        Amounts are given in yuan and sent in fen, as ``createRefund`` expects.
        """
        if not 2 <= len(description) <= 150:
            raise _invalid(
                "description", description, "must be 2–150 characters.", "退款说明须为 2–150 个字。"
            )
        params = {
            "orderId": int(order_id),
            "orderEntryIds": [int(i) for i in order_entry_ids],
            "disputeRequest": kind,
            "applyPayment": _fen("amount_cny", amount_cny),
            "applyCarriage": _fen("carriage_cny", carriage_cny),
            "applyReasonId": reason_id,
            "description": description,
            "goodsStatus": goods_status,
            "vouchers": list(vouchers) or None,
        }
        body = self.call(CREATE_REFUND, params)
        return trade.parse_create_refund(body, CREATE_REFUND.name)

    def refunds(
        self,
        *,
        order_id: str | None = None,
        applied_from: datetime | None = None,
        applied_to: datetime | None = None,
        modified_from: datetime | None = None,
        statuses: Sequence[str] = (),
        page: int = 0,
        page_size: int = 20,
    ) -> trade.RefundPage:
        """The buyer's refunds (``refund.buyer.queryOrderRefundList``); pages start at 0."""
        params = {
            "orderId": int(order_id) if order_id else None,
            "applyStartTime": aop_time(applied_from),
            "applyEndTime": aop_time(applied_to),
            "modifyStartTime": aop_time(modified_from),
            "refundStatusSet": list(statuses) or None,
            "currentPageNum": page,
            "pageSize": _positive("page_size", page_size),
            "dipsuteType": 0,  # sic: 1688's spelling; 0 = in-sale and after-sale
        }
        body = self.call(REFUND_LIST, params)
        return trade.parse_refund_page(body, REFUND_LIST.name)


def _not_configured(what_en: str, what_zh: str) -> errors.ConfigurationError:
    return errors.ConfigurationError(
        f"The 1688 Open Platform {what_en} are not set.",
        f"尚未设置 1688 开放平台的{what_zh}。",
        action_en="Set DAIFA_1688_APP_KEY, DAIFA_1688_APP_SECRET and DAIFA_1688_ACCESS_TOKEN, "
        "or fill them in on the settings page.",
        action_zh="请设置环境变量 DAIFA_1688_APP_KEY、DAIFA_1688_APP_SECRET、"
        "DAIFA_1688_ACCESS_TOKEN，或在设置页填写。",
    )


def _invalid(field: str, value: Any, en: str, zh: str) -> errors.InvalidRequestError:
    return errors.InvalidRequestError(f"{field} = {value!r}: {en}", f"{field} = {value!r}：{zh}")


def _positive(field: str, value: int) -> int:
    if value < 1:
        raise _invalid(field, value, "must be at least 1.", "至少为 1。")
    return value


def _fen(field: str, yuan: Decimal) -> int:
    try:
        fen = yuan_to_fen(Decimal(yuan))
    except ValueError:
        raise _invalid(field, yuan, "must be whole fen (0.01 yuan).", "金额须精确到分。") from None
    if fen < 0:
        raise _invalid(field, yuan, "must not be negative.", "不能为负数。")
    return fen


def _page_query(page: int, page_size: int, language: str) -> dict[str, Any]:
    return {
        "beginPage": _positive("page", page),
        "pageSize": _positive("page_size", page_size),
        "country": language,
    }


def _compact(query: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in query.items() if value is not None}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _json_text(value: Mapping[str, str] | None) -> str | None:
    return encode_value(dict(value)) if value else None


def aop_time(moment: datetime | None) -> str | None:
    """``20240626145806000+0800``: the date format of the trade APIs, in Beijing time."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise _invalid("time", moment, "needs a time zone.", "需要带时区的时间。")
    local = moment.astimezone(BEIJING)
    return local.strftime("%Y%m%d%H%M%S") + f"{local.microsecond // 1000:03d}+0800"
