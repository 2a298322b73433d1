"""The workbench under load: 10,000 suppliers, 20 concurrent clients on loopback.

Builds a workspace of 10,000 suppliers (40,000 offers) with the demo generator,
starts the production server (`daifa serve`: gunicorn, 2 workers x 4 threads)
on 127.0.0.1, and has 20 client threads request the supplier list (unfiltered
and filtered) and supplier pages. Prints p50/p95 latency and errors per page,
and as the baseline measured in the same run, a static file from the same
server. Target: p95 <= 150 ms, 0 errors.

    .venv/bin/python bench/web.py [--suppliers 10000] [--requests 600]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(data_dir: Path, suppliers: int) -> tuple[int, list[int]]:
    os.environ["DAIFA_DATA_DIR"] = str(data_dir)
    from daifa.cli import _django

    _django.setup()
    import polars as pl

    from daifa.accounts.services import local_user, workspace_create
    from daifa.catalog.models import Supplier
    from daifa.catalog.services import import_tables
    from daifa.demo import generate_demo
    from daifa.screening.services import screening_refresh

    class Report:
        ok = True

    class Tables:
        def __init__(self, data):
            self.suppliers = data.offers.with_columns(
                pl.int_range(2, data.offers.height + 2).alias("_row")
            )
            self.sales, self.reviews, self.report = data.sales, data.reviews, Report()

    start = time.perf_counter()
    data = generate_demo(seed=7, suppliers=suppliers, offers=suppliers * 4)
    workspace = workspace_create(owner=local_user(), name="bench")
    import_tables(workspace=workspace, tables=Tables(data), filename="bench")
    screening_refresh(workspace=workspace)
    print(f"built {suppliers:,} suppliers in {time.perf_counter() - start:.0f} s", flush=True)
    return workspace.pk, list(
        Supplier.objects.filter(workspace=workspace).values_list("pk", flat=True)
    )


def reuse(data_dir: Path) -> tuple[int, list[int]]:
    shutil.rmtree(data_dir / "cache", ignore_errors=True)  # first views must be first
    os.environ["DAIFA_DATA_DIR"] = str(data_dir)
    from daifa.cli import _django

    _django.setup()
    from daifa.accounts.models import Workspace
    from daifa.catalog.models import Supplier

    workspace = Workspace.objects.get(name="bench")
    return workspace.pk, list(
        Supplier.objects.filter(workspace=workspace).values_list("pk", flat=True)
    )


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit(f"server did not start at {url}")


def run(base: str, paths: list[str], requests: int, clients: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0

    local = threading.local()

    def one(i: int) -> tuple[float, bool]:
        # Each client thread keeps its connection and cookies, like a browser tab.
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base, timeout=30)
        path = paths[i % len(paths)]
        start = time.perf_counter()
        response = local.client.get(path)
        return time.perf_counter() - start, response.status_code == 200

    with ThreadPoolExecutor(clients) as pool:
        for elapsed, ok in pool.map(one, range(requests)):
            latencies.append(elapsed * 1000)
            errors += not ok
    return latencies, errors


def report(
    name: str, latencies: list[float], errors: int, baseline_p50: float | None = None
) -> None:
    q = statistics.quantiles(latencies, n=100)
    ratio = f"  p50 = {q[49] / baseline_p50:.1f}x static" if baseline_p50 else ""
    print(
        f"{name:28s} n={len(latencies):4d}  p50 {q[49]:6.1f} ms  p95 {q[94]:6.1f} ms  errors {errors}{ratio}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--reuse", type=Path, help="a data dir an earlier run built (skips the build)"
    )
    args = parser.parse_args()
    data_dir = args.reuse or Path(tempfile.mkdtemp(prefix="daifa-bench-web-"))
    workspace, suppliers = reuse(data_dir) if args.reuse else build(data_dir, args.suppliers)
    port = free_port()
    env = {**os.environ, "DAIFA_DATA_DIR": str(data_dir)}
    server = subprocess.Popen(
        [sys.executable, "-m", "daifa.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(f"{base}/")
        rng = random.Random(1)
        pages = {
            "static file (baseline)": ["/static/daifa/app.css"],
            "supplier list": [f"/w/{workspace}/suppliers/?page={p}" for p in range(1, 20)],
            "supplier list, filtered": [
                f"/w/{workspace}/suppliers/?grade=A&grade=B&approvable=no&sort=-coverage",
                f"/w/{workspace}/suppliers/?category=3C数码&price_max=50&credentials=dropship_supported",
                f"/w/{workspace}/suppliers/?q=深圳&flag=any",
            ],
            "supplier page": [
                f"/w/{workspace}/suppliers/{pk}/" for pk in rng.sample(suppliers, 60)
            ],
        }
        run(base, ["/static/daifa/app.css", f"/w/{workspace}/"], 8, 4)  # start both workers
        baseline = None
        for name, paths in pages.items():
            # First views: every distinct page once, concurrently, before any
            # cache holds it; then repeated views, as sellers go back and forth.
            cold, cold_errors = run(base, paths, len(paths), args.clients)
            latencies, errors = run(base, paths, args.requests, args.clients)
            if len(paths) > 1:
                report(f"{name} (first view)", cold, cold_errors, baseline)
            report(name, latencies, errors, baseline)
            baseline = baseline or statistics.median(latencies)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
