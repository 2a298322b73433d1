"""Gateway answers → decoded JSON, or the named error they stand for."""

from __future__ import annotations

from typing import Any, Literal

import httpx

from daifa.sources.open1688 import errors


def decode_response(api: str, response: httpx.Response) -> Any:
    """The JSON body of a gateway answer, or the named error it stands for."""
    request_id = _request_id(response)
    body = _json_or_none(response)
    has_error_code = isinstance(body, dict) and body.get("error_code")
    if response.status_code >= 400 or has_error_code:
        raise gateway_error(api, response.status_code, body, request_id, _retry_after(response))
    if body is None:
        raise errors.ResponseFormatError(
            api=api, path="(answer)", value=response.text[:60], expected="an object"
        )
    return body


def gateway_error(
    api: str, status: int, body: Any, request_id: str | None, retry_after: float | None
) -> errors.GatewayError:
    """The named exception for an HTTP error answer of the gateway."""
    fields = body if isinstance(body, dict) else {}
    code = str(fields.get("error_code") or "") or None
    said = str(fields.get("error_message") or fields.get("exception") or f"HTTP {status}")
    request_id = request_id or fields.get("request_id") or fields.get("requestId")
    kind = _gateway_kind(code or "", status)
    texts = _GATEWAY_TEXTS[kind]
    cls: type[errors.GatewayError] = _GATEWAY_CLASSES[kind]
    kwargs: dict[str, Any] = {"retry_after": retry_after} if kind == "rate" else {}
    return cls(
        f"{texts[0]} ({api}: {code or status}, {said})",
        f"{texts[1]}（{api}：{code or status}，{said}）",
        action_en=texts[2],
        action_zh=texts[3],
        api=api,
        error_code=code,
        request_id=str(request_id) if request_id else None,
        status_code=status,
        **kwargs,
    )


_GatewayKind = Literal["quota", "acl", "auth", "rate", "server", "other"]

# Known codes come from the fixtures (gw.APIACLDecline, gw.NoUsageLeftError);
# others are classified by words in the code, since 1688 publishes no full list.
_KIND_WORDS: tuple[tuple[_GatewayKind, tuple[str, ...]], ...] = (
    ("quota", ("nousageleft", "quota", "usage")),
    ("acl", ("acl", "permission", "forbidden", "notallowed")),
    ("rate", ("flowcontrol", "qps", "frequency", "ratelimit", "limit")),
    ("auth", ("signature", "token", "appkey", "auth", "expired", "login")),
)


def _gateway_kind(code: str, status: int) -> _GatewayKind:
    lowered = code.lower()
    for kind, words in _KIND_WORDS:
        if any(word in lowered for word in words):
            return kind
    if status == 429:
        return "rate"
    if status >= 500:
        return "server"
    if status in (401, 403):
        return "auth"
    return "other"


_GATEWAY_CLASSES: dict[_GatewayKind, type[errors.GatewayError]] = {
    "quota": errors.QuotaExhaustedError,
    "acl": errors.AccessDeniedError,
    "auth": errors.AuthenticationError,
    "rate": errors.RateLimitedError,
    "server": errors.ServerError,
    "other": errors.GatewayError,
}

_GATEWAY_TEXTS: dict[_GatewayKind, tuple[str, str, str, str]] = {
    "quota": (
        "The paid call quota of this 1688 API is used up.",
        "该 1688 接口的付费调用额度已用完。",
        "Try again after 00:00 Beijing time, or raise the quota in the 1688 Open "
        "Platform console (open.1688.com).",
        "请在北京时间 00:00 之后再试，或在 1688 开放平台控制台（open.1688.com）提高额度。",
    ),
    "acl": (
        "This app key is not allowed to call the API.",
        "此 App Key 没有调用该接口的权限。",
        "In the 1688 Open Platform console, subscribe the app to the solution that "
        "contains this API, then try again.",
        "请在 1688 开放平台控制台为应用订购包含该接口的解决方案，然后重试。",
    ),
    "auth": (
        "1688 did not accept the credentials.",
        "1688 不接受当前的凭据。",
        "Check the app key and secret in settings; if the buyer account's "
        "authorisation expired, connect the account again.",
        "请在设置中核对 App Key 和 App Secret；如果买家账号授权已过期，请重新授权。",
    ),
    "rate": (
        "Too many calls to 1688 in a short time.",
        "短时间内调用 1688 接口过于频繁。",
        "Wait a minute and try again; daifa already retried with pauses.",
        "请稍等一分钟再试；daifa 已经间隔重试过。",
    ),
    "server": (
        "The 1688 gateway had an internal problem.",
        "1688 网关内部出错。",
        "Try again in a few minutes.",
        "请几分钟后再试。",
    ),
    "other": (
        "The 1688 gateway refused the request.",
        "1688 网关拒绝了请求。",
        "Check the request against the message; contact 1688 support with the request id "
        "if it persists.",
        "请根据提示检查请求；如果一直出现，请带着请求ID联系 1688 客服。",
    ),
}


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _request_id(response: httpx.Response) -> str | None:
    for header in ("x-request-id", "eagleeye-traceid", "x-ca-request-id"):
        if header in response.headers:
            return response.headers[header]
    return None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def transport_error(api: str, exc: httpx.TransportError) -> errors.TransportError:
    """The named error for an httpx failure that left no answer."""
    if isinstance(exc, httpx.TimeoutException):
        return errors.TimeoutError(
            f"1688 did not answer {api} in time ({type(exc).__name__}).",
            f"1688 接口 {api} 响应超时（{type(exc).__name__}）。",
            action_en="Check the network and try again.",
            action_zh="请检查网络后重试。",
            api=api,
        )
    return errors.NetworkError(
        f"The connection to 1688 failed during {api} ({type(exc).__name__}).",
        f"调用 {api} 时与 1688 的连接中断（{type(exc).__name__}）。",
        action_en="Check the network and try again.",
        action_zh="请检查网络后重试。",
        api=api,
    )
