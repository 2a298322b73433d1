"""One error shape for the whole API, in both languages, never an HTML page.

``{"error": {"code", "message_zh", "message_en", "field"?}}`` with the status
that fits: 400 bad input (naming the field), 401 no or wrong token, 404 not
found (also other people's workspaces: no hint that they exist), 405, 413 too
large, 429 throttled, and 500 (logged) for our own bugs.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

log = logging.getLogger(__name__)


class ErrorBody(Schema):
    code: str
    message_zh: str
    message_en: str
    field: str | None = None


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    """A refusal the client can act on; raised anywhere below a resource."""

    def __init__(
        self,
        status: int,
        code: str,
        message_en: str,
        message_zh: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message_en)
        self.status, self.code = status, code
        self.message_en, self.message_zh = message_en, message_zh
        self.field = field
        self.headers = headers or {}


def error_body(code: str, en: str, zh: str, field: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message_zh": zh, "message_en": en}
    if field:
        body["field"] = field
    return {"error": body}


def json_error(
    status: int,
    code: str,
    en: str,
    zh: str,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(error_body(code, en, zh, field), ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# The standard answers, by status (code, English, 中文).
STANDARD = {
    400: ("bad_request", "The request could not be read.", "无法读取这个请求。"),
    401: (
        "unauthorized",
        "A valid token is needed: send the header Authorization: Bearer <token> "
        "(create one with `daifa token create USERNAME` or on the account page).",
        "需要有效的令牌：请发送请求头 Authorization: Bearer <令牌>"
        "（用 `daifa token create 用户名` 或在账户页面创建）。",
    ),
    403: ("forbidden", "This request is not allowed.", "不允许这个请求。"),
    404: (
        "not_found",
        "Not found: no such address or object in your workspaces.",
        "找不到：你的工作区中没有这个地址或对象。",
    ),
    405: ("method_not_allowed", "This method is not allowed here.", "这个地址不接受该请求方法。"),
    413: (
        "payload_too_large",
        "The request is too large.",
        "请求内容太大。",
    ),
    429: ("throttled", "Too many requests; wait and try again.", "请求太多，请稍后再试。"),
    500: (
        "server_error",
        "An unexpected error on our side (logged); nothing was half-written. Try again.",
        "服务器意外出错（已记录日志）；没有写入一半的数据。请重试。",
    ),
}


def standard_error(status: int, headers: dict[str, str] | None = None) -> HttpResponse:
    code, en, zh = STANDARD.get(status, STANDARD[400 if status < 500 else 500])
    return json_error(status, code, en, zh, headers=headers)


def responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The documented error answers of an operation (401 and 429 on every one)."""
    return {status: ErrorOut for status in sorted({401, 429, *statuses})}


# --- exception handlers (installed on the NinjaAPI in daifa.api.main) ------------


def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return json_error(exc.status, exc.code, exc.message_en, exc.message_zh, exc.field, exc.headers)


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return standard_error(404)


def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return standard_error(401, {"WWW-Authenticate": 'Bearer realm="daifa"'})


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 429:
        wait = getattr(exc, "wait", None)
        return standard_error(429, {"Retry-After": str(int(wait))} if wait else None)
    if exc.status_code == 400 and "parse request body" in str(exc):
        return json_error(
            400, "invalid_json", "The body is not valid JSON.", "请求体不是有效的 JSON。"
        )
    return standard_error(exc.status_code)


def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return standard_error(413)


def on_suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    return standard_error(400)


def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path)
    return standard_error(500)


def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """The first invalid value, named: the field, what was given and what was expected."""
    problem = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in problem.get("loc", ())]
    where = location[0] if location else ""
    # An id in the address that is not a number names nothing: 404, as for a
    # number that names nothing.
    if where == "path":
        return standard_error(404)
    field = _field_name(location)
    if problem.get("type") == "json_invalid" or where == "body" and not field:
        return json_error(
            400,
            "invalid_json",
            "The body is not a JSON object.",
            "请求体不是 JSON 对象。",
        )
    given = problem.get("input")
    if where == "query" and field in request.GET:
        values = request.GET.getlist(field)
        given = values[0] if len(values) == 1 else ", ".join(values)
    shown = "" if isinstance(given, dict | list) or given is None else f" ({str(given)[:80]!r})"
    reason = problem.get("msg", "invalid value")
    return json_error(
        400,
        "invalid",
        f"{field or 'request'}: invalid value{shown}: {reason}.",
        f"{field or '请求'}：值无效{shown}：{_reason_zh(problem)}。",
        field or None,
    )


def _field_name(location: list[str]) -> str:
    # ("query", "grade", "0") -> "grade"; ("body", "payload", "text") -> "text";
    # ninja names a whole form "form".
    parts = [p for p in location[1:] if not p.isdigit() and p not in {"payload", "form"}]
    return parts[-1] if parts else ""


_REASONS_ZH = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "string_too_long": "太长",
    "string_too_short": "太短",
    "greater_than_equal": "太小",
    "less_than_equal": "太大",
    "literal_error": "不是允许的取值",
    "enum": "不是允许的取值",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_attributes_type": "应为对象",
}


def _reason_zh(problem: dict[str, Any]) -> str:
    return _REASONS_ZH.get(problem.get("type", ""), "不符合要求")


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (``{"detail": ...}``, HTML 500s)."""
    # Registered through the decorator: add_exception_handler's hint wants a handler
    # of "the exception or its class", but ninja always passes the instance.
    api.exception_handler(ApiError)(on_api_error)
    api.exception_handler(Http404)(on_not_found)
    api.exception_handler(AuthenticationError)(on_authentication)
    api.exception_handler(HttpError)(on_http_error)
    api.exception_handler(ValidationError)(on_validation)
    api.exception_handler(RequestDataTooBig)(on_too_big)
    api.exception_handler(SuspiciousOperation)(on_suspicious)
    api.exception_handler(Exception)(on_unexpected)
