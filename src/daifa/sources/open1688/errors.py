"""One exception tree for the 1688 Open Platform client.

    Open1688Error                   anything the client refuses or the gateway reports
    ├── ConfigurationError          no app key, secret or access token; nothing was sent
    ├── InvalidRequestError         a value the client refuses before sending it
    ├── TransportError              no usable HTTP answer arrived
    │   ├── TimeoutError            connect/read/write/pool timeout
    │   └── NetworkError            refused, reset or dropped connection
    ├── GatewayError                the gateway answered HTTP 4xx/5xx (``error_code``)
    │   ├── AuthenticationError     bad signature, unknown app key, expired token
    │   ├── AccessDeniedError       gw.APIACLDecline: the app may not call this API
    │   ├── QuotaExhaustedError     gw.NoUsageLeftError: the paid quota is used up
    │   ├── RateLimitedError        too many calls; ``retry_after`` seconds if known
    │   └── ServerError             HTTP 5xx
    ├── BusinessError               HTTP 200 with ``success: false`` (order, refund…)
    ├── ResponseFormatError         a field is missing or has the wrong type
    │   └── PlaceholderValueError   a documentation placeholder ("价格") where a
    │                               number belongs
    ├── JournalError                the local order journal cannot be read
    └── OrderError                  order placement (daifa.sources.open1688.orders)
        ├── OrderNotPlacedError     1688 refused; no order exists for the reference
        ├── OrderOutcomeUnknownError  an order may exist; never retry blindly
        └── ReferenceReusedError    the reference already names a different order

Every error is a :class:`daifa.text.BilingualError` and carries
``message_en``/``message_zh`` (what happened) and
``action_en``/``action_zh`` (what the seller should do next), plus the gateway's
``error_code`` and ``request_id`` when there are any. ``str(error)`` is English.
Transient errors (timeouts, network errors, 5xx, rate limits) set
``transient = True``; only those are ever retried.
"""

from __future__ import annotations

from typing import Any

from daifa.text import BilingualError


class Open1688Error(BilingualError):
    transient = False

    def __init__(
        self,
        message_en: str,
        message_zh: str,
        *,
        action_en: str = "",
        action_zh: str = "",
        api: str | None = None,
        error_code: str | None = None,
        request_id: str | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message_en, message_zh, action_en=action_en, action_zh=action_zh)
        self.api = api
        self.error_code = error_code
        self.request_id = request_id
        self.status_code = status_code

    def message(self, lang: str = "en") -> str:
        """The message and what to do, in one language ("zh" or "en")."""
        return self.in_(lang)

    def bilingual(self) -> str:
        """Both languages, Chinese first, with the request id for support tickets."""
        text = f"{self.message('zh')}\n{self.message('en')}"
        if self.request_id:
            text += f"\n(request id / 请求ID: {self.request_id})"
        return text


class ConfigurationError(Open1688Error):
    """Credentials are missing: nothing was sent."""


class InvalidRequestError(Open1688Error, ValueError):
    """A request value (offer id, quantity, amount…) the client refuses to send."""


class TransportError(Open1688Error):
    transient = True


class TimeoutError(TransportError):  # shadows the builtin on purpose, like httpx.TimeoutException
    """No answer within the timeout."""


class NetworkError(TransportError):
    """The connection was refused, reset or dropped."""


class GatewayError(Open1688Error):
    """The gateway answered with an HTTP error status."""


class AuthenticationError(GatewayError):
    pass


class AccessDeniedError(GatewayError):
    pass


class QuotaExhaustedError(GatewayError):
    pass


class RateLimitedError(GatewayError):
    transient = True

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class ServerError(GatewayError):
    transient = True


class BusinessError(Open1688Error):
    """HTTP 200, but the API says ``success: false``."""


class ResponseFormatError(Open1688Error):
    """A field is missing or has a type the documentation does not promise."""

    def __init__(self, *, api: str, path: str, value: Any, expected: str) -> None:
        shown = _show(value)
        super().__init__(
            f"1688 answer for {api}: field {path} is {shown}, expected {expected}.",
            f"1688 接口 {api} 的返回字段 {path} 的值为 {shown}，应为{_zh(expected)}。",
            action_en="The data was not saved; report this to the daifa maintainers "
            "with the request id.",
            action_zh="请把请求ID发给 daifa 维护者；这次的数据没有保存。",
            api=api,
        )
        self.path = path
        self.value = value
        self.expected = expected


class PlaceholderValueError(ResponseFormatError):
    """A documentation placeholder such as "价格" or "xxx" where a value belongs."""

    def __init__(self, *, api: str, path: str, value: Any, expected: str) -> None:
        super().__init__(api=api, path=path, value=value, expected=expected)
        self.message_en = f"{self.message_en[:-1]} but holds a documentation placeholder."
        self.message_zh = f"{self.message_zh[:-1]}，但这是文档里的占位文字。"
        self.args = (self.message_en,)


class JournalError(Open1688Error):
    """The attempts journal is unreadable (names the file and line)."""


class OrderError(Open1688Error):
    def __init__(self, *args: Any, reference: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reference = reference


class OrderNotPlacedError(OrderError):
    """1688 refused the order; no order exists for this reference."""


class OrderOutcomeUnknownError(OrderError):
    """The order may or may not exist; placing it again could buy twice."""


class ReferenceReusedError(OrderError):
    """The reference already names an order with different contents."""


_EXPECTED_ZH = {
    "a number": "数字",
    "an integer": "整数",
    "true or false": "true 或 false",
    "text": "文本",
    "an object": "对象",
    "a list": "列表",
    "a percentage": "百分比",
    "a date and time": "日期时间",
    "a present value": "非空值",
    "amount in fen (integer)": "以分为单位的整数金额",
}


def _zh(expected: str) -> str:
    return _EXPECTED_ZH.get(expected, expected)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
