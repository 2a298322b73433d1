"""A fake 1688 gateway on 127.0.0.1 for fault-injection tests.

It checks the ``_aop_signature`` of every request with its own HMAC code (not
the client's), keeps created orders in memory, and on command misbehaves
around ``createCrossOrder`` and the other APIs: times out before or after doing
the work, answers 5xx, drops the connection after creating the order, reports
quota exhaustion, ACL refusal or a rate limit.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "1688"
APP_KEY = "1000000"
APP_SECRET = "test-secret-do-not-print"
ACCESS_TOKEN = "f14da3b8-b0b1-4f73-a5de-9bed637e0188"
BEIJING = timezone(timedelta(hours=8))

FAULTS = (
    "timeout_before",  # sleeps past the client timeout, then hangs up; nothing done
    "timeout_after",  # does the work, then sleeps past the client timeout
    "5xx_before",  # 503, nothing done
    "5xx_after",  # does the work, then 502
    "drop_after",  # does the work, then closes the socket without an answer
    "quota",  # HTTP 400 gw.NoUsageLeftError (fixture body)
    "acl",  # HTTP 400 gw.APIACLDecline (fixture body)
    "rate_limit",  # HTTP 429 with Retry-After: 0
)


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeGateway:
    """``list_lag``: seconds before a new order shows in ``getBuyerOrderList`` (1688's
    list can lag); measured on ``clock``, which a test may replace with a fake one
    that its injected ``sleep`` advances."""

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        access_token: str,
        *,
        stall: float = 0.5,
        list_lag: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.app_key = app_key
        self.app_secret = app_secret
        self.access_token = access_token
        self.stall = stall
        self.list_lag = list_lag
        self.clock = clock
        self.orders: list[dict[str, Any]] = []
        self.answers: dict[str, Any] = {}
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.bad_signatures = 0
        self._faults: dict[str, list[str]] = defaultdict(list)
        self._ids = itertools.count(900000000000000001)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeGateway:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def inject(self, api_name: str, *faults: str) -> None:
        """Misbehave on the next calls of ``api_name`` (one fault per call)."""
        for fault in faults:
            assert fault in FAULTS, fault
        with self._lock:
            self._faults[api_name].extend(faults)

    def orders_for(self, reference: str) -> list[dict[str, Any]]:
        return [o for o in self.orders if o["outOrderId"] == reference]

    def call_count(self, api_name: str) -> int:
        return sum(1 for name, _ in self.calls if name == api_name)

    # -- request handling ----------------------------------------------------
    def handle(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?", 1)[0]
        length = int(request.headers.get("Content-Length", 0))
        form = dict(parse_qsl(request.rfile.read(length).decode("utf-8"), keep_blank_values=True))
        url_path = path.removeprefix("/openapi/")
        api_name = url_path.split("/")[3] if url_path.count("/") >= 4 else ""
        with self._lock:
            self.calls.append((api_name, form))
            fault = self._faults[api_name].pop(0) if self._faults[api_name] else None
        refusal = self._check(url_path, form)
        if refusal is not None:
            _send(request, *refusal)
            return
        self._serve(request, api_name, form, fault)

    def _check(self, url_path: str, form: dict[str, str]) -> tuple[int, Any] | None:
        if not url_path.endswith("/" + self.app_key):
            return 400, {"error_code": "gw.AppKeyNotFound", "error_message": "appkey"}
        pairs = sorted(k + v for k, v in form.items() if k != "_aop_signature")
        digest = (
            hmac.new(self.app_secret.encode(), (url_path + "".join(pairs)).encode(), hashlib.sha1)
            .hexdigest()
            .upper()
        )
        if form.get("_aop_signature") != digest:
            self.bad_signatures += 1
            return 400, {"error_code": "gw.SignatureInvalid", "error_message": "signature invalid"}
        if form.get("access_token") != self.access_token:
            return 401, {"error_code": "gw.InvalidAccessToken", "error_message": "token"}
        return None

    def _serve(self, request: Any, api_name: str, form: dict[str, str], fault: str | None) -> None:
        request_id = f"fake-{next(self._ids)}"
        if fault == "timeout_before":
            time.sleep(self.stall)
            _drop(request)
            return
        if fault in ("5xx_before", "quota", "acl", "rate_limit"):
            _send(request, *_early_refusal(fault, request_id))
            return
        status, body = self._work(api_name, form)
        if fault == "timeout_after":
            time.sleep(self.stall)
        elif fault == "5xx_after":
            status, body = 502, "<html>502 Bad Gateway</html>"
        elif fault == "drop_after":
            _drop(request)
            return
        _send(request, status, body, {"x-request-id": request_id})

    def _work(self, api_name: str, form: dict[str, str]) -> tuple[int, Any]:
        if api_name == "alibaba.trade.createCrossOrder":
            return 200, self._create_order(form)
        if api_name == "alibaba.trade.getBuyerOrderList":
            return 200, self._order_list(form)
        if api_name in self.answers:
            return 200, self.answers[api_name]
        return 400, {"error_code": "gw.ApiNotFound", "error_message": api_name}

    def _create_order(self, form: dict[str, str]) -> dict[str, Any]:
        cargo = json.loads(form["cargoParamList"])
        json.loads(form["addressParam"])  # must be a JSON string, like the real gateway
        order = {
            "id": str(next(self._ids)),
            "outOrderId": form.get("outOrderId"),
            "message": form.get("message", ""),
            "created": datetime.now(BEIJING),
            "listed_from": self.clock() + self.list_lag,
            "fen": 1800 * sum(int(line["quantity"]) for line in cargo),
        }
        with self._lock:
            self.orders.append(order)
        inner = {"success": True, "orderId": order["id"], "totalSuccessAmount": order["fen"]}
        return {"result": inner, "success": True}

    def _order_list(self, form: dict[str, str]) -> dict[str, Any]:
        now = self.clock()
        orders = [o for o in self.orders if o.get("listed_from", now) <= now]
        if form.get("outOrderId"):
            orders = [o for o in orders if o["outOrderId"] == form["outOrderId"]]
        if form.get("createStartTime"):
            since = datetime.strptime(form["createStartTime"][:14], "%Y%m%d%H%M%S")
            orders = [o for o in orders if o["created"].replace(tzinfo=None) >= since]
        page, size = int(form.get("page", 1)), int(form.get("pageSize", 20))
        chunk = orders[(page - 1) * size : page * size]
        return {"result": [_trade_info(o) for o in chunk], "totalRecord": len(orders)}


def _trade_info(order: dict[str, Any]) -> dict[str, Any]:
    stamp = order["created"].strftime("%Y%m%d%H%M%S000+0800")
    return {
        "baseInfo": {
            "id": int(order["id"]),
            "idOfStr": order["id"],
            "status": "waitbuyerpay",
            "createTime": stamp,
            "totalAmount": order["fen"] / 100,
            "buyerFeedback": order["message"],
        }
    }


def _early_refusal(fault: str, request_id: str) -> tuple[int, Any, dict[str, str]]:
    if fault == "quota":
        body = fixture("error.gateway.NoUsageLeftError.json") | {"request_id": request_id}
        return 400, body, {}
    if fault == "acl":
        body = fixture("error.gateway.APIACLDecline.json") | {"request_id": request_id}
        return 400, body, {}
    if fault == "rate_limit":
        body = {"error_code": "gw.QpsOverrun", "error_message": "qps", "request_id": request_id}
        return 429, body, {"Retry-After": "0"}
    return 503, "Service Unavailable", {}


def _send(
    request: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None
) -> None:
    data = (body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)).encode()
    try:
        request.send_response(status)
        request.send_header("Content-Type", "application/json;charset=UTF-8")
        request.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up (a timeout fault): exactly what was asked for


def _drop(request: BaseHTTPRequestHandler) -> None:
    request.close_connection = True
    try:
        request.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _handler_for(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            gateway.handle(self)

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            return

    return Handler
