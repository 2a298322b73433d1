"""bench/web.py's first views through wrk: every path requested exactly once (issue #19)."""

from __future__ import annotations

import importlib.util
import shutil
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk")


def _bench():
    path = Path(__file__).resolve().parents[2] / "bench" / "web.py"
    spec = importlib.util.spec_from_file_location("bench_web", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_first_view_is_requested_once_and_timed():
    seen: Counter[str] = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's gthread worker

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            with lock:
                seen[self.path] += 1
            status = 404 if "missing" in self.path else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    bench = _bench()
    paths = [f"/w/1/suppliers/?page={p}" for p in range(23)] + ["/w/1/suppliers/?q=深圳"]
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        n, errors, p50, p95 = bench.run_wrk_first_views(base, paths, clients=20, limit=60)
        assert (n, errors) == (24, 0) and 0 < p50 <= p95
        assert sorted(seen) == sorted(bench.quote(p, safe="/?=&") for p in paths)
        assert set(seen.values()) == {1}  # once each, and nothing else

        seen.clear()
        n, errors, _, _ = bench.run_wrk_first_views(base, ["/a", "/missing"], clients=20, limit=60)
        assert (n, errors) == (2, 1)  # a page that is not 200 is an error
    finally:
        server.shutdown()
