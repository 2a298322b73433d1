"""A client for the 1688 Open Platform (开放平台) gateway.

>>> from daifa.sources.open1688 import Open1688Client, parse_offer_id
>>> parse_offer_id("https://detail.1688.com/offer/710891050473.html")
'710891050473'

See docs/open1688.md for the calls, the error tree, money units and how
orders are kept from happening twice.
"""

from __future__ import annotations

from daifa.sources.open1688._fields import Percent, fen_to_yuan, yuan_to_fen
from daifa.sources.open1688.client import Api, Open1688Client, RetryPolicy, aop_time
from daifa.sources.open1688.errors import (
    AccessDeniedError,
    AuthenticationError,
    BusinessError,
    ConfigurationError,
    GatewayError,
    InvalidRequestError,
    JournalError,
    NetworkError,
    Open1688Error,
    OrderError,
    OrderNotPlacedError,
    OrderOutcomeUnknownError,
    PlaceholderValueError,
    QuotaExhaustedError,
    RateLimitedError,
    ReferenceReusedError,
    ResponseFormatError,
    ServerError,
    TimeoutError,
    TransportError,
)
from daifa.sources.open1688.ids import OfferIdError, offer_url, parse_offer_id
from daifa.sources.open1688.mapping import (
    observations_from_detail,
    observations_from_search,
    observations_from_supplier,
)
from daifa.sources.open1688.models import (
    OfferSummary,
    ProductDetail,
    SearchPage,
    SupplierBasic,
)
from daifa.sources.open1688.oauth import OAuthApp, Token, TokenKeeper
from daifa.sources.open1688.orders import (
    Attempt,
    JsonlJournal,
    MemoryJournal,
    OrderJournal,
    PlacedOrder,
    find_orders,
    iter_buyer_orders,
    iter_refunds,
    place_order,
)
from daifa.sources.open1688.signature import sign, signing_string
from daifa.sources.open1688.trade import (
    Address,
    CargoLine,
    OrderDraft,
    Refund,
    RefundReason,
    TradeOrder,
)

__all__ = [
    "AccessDeniedError",
    "Address",
    "Api",
    "Attempt",
    "AuthenticationError",
    "BusinessError",
    "CargoLine",
    "ConfigurationError",
    "GatewayError",
    "InvalidRequestError",
    "JournalError",
    "JsonlJournal",
    "MemoryJournal",
    "NetworkError",
    "OAuthApp",
    "OfferIdError",
    "OfferSummary",
    "Open1688Client",
    "Open1688Error",
    "OrderDraft",
    "OrderError",
    "OrderJournal",
    "OrderNotPlacedError",
    "OrderOutcomeUnknownError",
    "Percent",
    "PlacedOrder",
    "PlaceholderValueError",
    "ProductDetail",
    "QuotaExhaustedError",
    "RateLimitedError",
    "ReferenceReusedError",
    "Refund",
    "RefundReason",
    "ResponseFormatError",
    "RetryPolicy",
    "SearchPage",
    "ServerError",
    "SupplierBasic",
    "TimeoutError",
    "Token",
    "TokenKeeper",
    "TradeOrder",
    "TransportError",
    "aop_time",
    "fen_to_yuan",
    "find_orders",
    "iter_buyer_orders",
    "iter_refunds",
    "observations_from_detail",
    "observations_from_search",
    "observations_from_supplier",
    "offer_url",
    "parse_offer_id",
    "place_order",
    "sign",
    "signing_string",
    "yuan_to_fen",
]
