"""The workbench under load: 10,000 suppliers, 20 concurrent clients on loopback.

Builds a workspace of 10,000 suppliers (40,000 offers) with the demo generator,
starts the production server (`daifa serve`: gunicorn, 2 workers x 4 threads)
on 127.0.0.1, and has 20 client threads request the supplier list (unfiltered
and filtered) and supplier pages. Prints p50/p95 latency and errors per page,
and as the baseline measured in the same run, a static file from the same
server. Target: p95 <= 150 ms, 0 errors, on first views too.

Each page is measured twice, on disjoint sets of paths: first views (pages the
run has never requested, each once, 20 at a time, after the HTML cache was
emptied), then repeated views of pages already seen. Reusing a workspace
(`--reuse DIR`, built by an earlier run into DIR) skips the ~5 min build.

The load generator is wrk when installed (first views too: see
``run_wrk_first_views``), else httpx threads, which compete with the server for
the CPU (`--httpx-only` forces them); each row names its generator. Each row
also gives the CPU the server's workers spent per request (from /proc), which
the machine's other load does not change as much as it changes latency.
`--workers` and `--threads` are passed to `daifa serve`.

    .venv/bin/python bench/web.py [--suppliers 10000] [--requests 600]
    .venv/bin/python bench/web.py --into DIR --build-only   # build once, keep it
    .venv/bin/python bench/web.py --reuse DIR               # measure on it
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(data_dir: Path, suppliers: int) -> tuple[int, list[int], list[str]]:
    os.environ["DAIFA_DATA_DIR"] = str(data_dir)
    from daifa.cli import _django

    _django.setup()
    import polars as pl

    from daifa.accounts.services import local_user, workspace_create
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
    screened = time.perf_counter()
    screening_refresh(workspace=workspace)  # with the supplier pages' explanations
    now = time.perf_counter()
    print(f"built {suppliers:,} suppliers in {now - start:.0f} s", flush=True)
    print(f"screening_refresh (whole workspace) {now - screened:.1f} s", flush=True)
    return contents(workspace)


def reuse(data_dir: Path) -> tuple[int, list[int], list[str]]:
    shutil.rmtree(data_dir / "cache", ignore_errors=True)  # first views must be first
    os.environ["DAIFA_DATA_DIR"] = str(data_dir)
    from daifa.cli import _django

    _django.setup()
    from daifa.accounts.models import Workspace

    return contents(Workspace.objects.get(name="bench"))


def contents(workspace) -> tuple[int, list[int], list[str]]:
    """The workspace's id, its supplier ids and its categories."""
    from daifa.catalog.models import Offer, Supplier

    pks = list(Supplier.objects.filter(workspace=workspace).values_list("pk", flat=True))
    # Straight from the table: the app's own cached lookup would warm the cache.
    found = Offer.objects.filter(workspace=workspace).exclude(category="")
    return workspace.pk, pks, sorted(set(found.values_list("category", flat=True)))


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
        try:
            ok = local.client.get(path).status_code == 200
        except httpx.HTTPError:  # a time-out is an error to count, not the end of the run
            local.client = httpx.Client(base_url=base, timeout=30)
            ok = False
        return time.perf_counter() - start, ok

    with ThreadPoolExecutor(clients) as pool:
        for elapsed, ok in pool.map(one, range(requests)):
            latencies.append(elapsed * 1000)
            errors += not ok
    return latencies, errors


TARGET_MS = 150.0

Result = tuple[int, int, float, float]  # requests, errors, p50 ms, p95 ms

# wrk cycles through the paths of a file; prints its request count, errors
# (connection, read, write, time-out and non-2xx/3xx) and p50/p95 in ms.
WRK_SCRIPT = r"""
local paths, counter = {}, 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = math.random(#paths)
end
function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %.3f %.3f\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def run_wrk(base: str, paths: list[str], clients: int, seconds: int) -> Result:
    """(requests, errors, p50 ms, p95 ms) of wrk hitting ``paths`` for ``seconds``."""
    with tempfile.TemporaryDirectory() as folder:
        script, listing = Path(folder) / "paths.lua", Path(folder) / "paths.txt"
        script.write_text(WRK_SCRIPT)
        # wrk sends the path as written: non-ASCII (深圳) must be percent-encoded.
        listing.write_text("\n".join(quote(p, safe="/?=&") for p in paths) + "\n")
        done = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s",
             "-s", str(script), base, "--", str(listing)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    found = next(line for line in done.stdout.splitlines() if line.startswith("WRK "))
    n, errors, p50, p95 = found.split()[1:]
    return int(n), int(errors), float(p50), float(p95)


# First views through wrk: every path requested exactly once, ``clients``
# connections at a time. setup() deals the paths out in order across wrk's
# threads; in each thread delay() (which wrk calls before each request() of a
# connection) reserves the next path of the thread's share and parks a
# connection for good once the share is handed out, so no page is requested
# twice and nothing else loads the server. A thread that has all its answers
# prints DONE and stops; when every thread has, the caller interrupts wrk
# (SIGINT), whose done() prints every request's latency. wrk records one
# latency per request (1 us resolution, pipeline 1), so the k-th smallest of
# n is its percentile 100 (k - 0.5) / n: the exact per-request values.
WRK_FIRST_VIEWS = r"""
local PATHS = {%(paths)s}
local THREADS = %(threads)d

local dealt = 0
function setup(thread)
  dealt = dealt + 1
  local share = {}
  for i = dealt, #PATHS, THREADS do share[#share + 1] = PATHS[i] end
  thread:set("id", dealt)
  thread:set("share", table.concat(share, "\n"))
end

local paths, queue, reserved, answered, failed, resent = {}, {}, 0, 0, 0, 0
function init(args)
  for path in string.gmatch(share, "[^\n]+") do paths[#paths + 1] = path end
end
function delay()
  if reserved < #paths then
    reserved = reserved + 1
    queue[#queue + 1] = reserved
    return 0
  end
  return 3600000 -- this thread's share is handed out: the connection waits idle
end
function request()
  local index = table.remove(queue, 1)
  if index == nil then
    -- wrk's own check of the script (before any delay()), or a connection
    -- that lost its request and reconnected: that one is an error.
    if reserved > 0 then resent = resent + 1 end
    index = math.max(reserved, 1)
  end
  return wrk.format("GET", paths[index])
end
function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then failed = failed + 1 end
  if answered == #paths then
    io.write(string.format("DONE %%d %%d %%d %%d\n", id, answered, failed, resent))
    io.stdout:flush()
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local n, values = summary.requests, {}
  for k = 1, n do values[k] = string.format("%%d", latency:percentile(100 * (k - 0.5) / n)) end
  io.write("LATENCIES " .. table.concat(values, " ") .. "\n")
end
"""


def lua_string(text: str) -> str:
    """``text`` as a Lua string literal (anything but URL characters as \\ddd)."""
    safe = (
        c if c.isascii() and (c.isalnum() or c in "/?=&%-_.,~") else f"\\{ord(c)}" for c in text
    )
    return '"' + "".join(safe) + '"'


def run_wrk_first_views(
    base: str, paths: list[str], clients: int, cookie: str = "", limit: float = 300
) -> Result:
    """Each of ``paths`` requested once by wrk, ``clients`` at a time: like ``run``
    with httpx threads, but from a load generator that costs the server's cores
    little (C, one event loop a thread). Errors: answers other than 200, lost
    requests, a run that does not finish within ``limit`` seconds."""
    threads = max(1, min(2, len(paths), clients))
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "first_views.lua"
        # wrk sends the path as written: non-ASCII (深圳) must be percent-encoded.
        encoded = [quote(p, safe="/?=&") for p in paths]
        script.write_text(
            WRK_FIRST_VIEWS % {"paths": ", ".join(map(lua_string, encoded)), "threads": threads}
        )
        headers = ["-H", f"Cookie: {cookie}"] if cookie else []
        wrk = subprocess.Popen(
            ["wrk", f"-t{threads}", f"-c{max(clients, threads)}", f"-d{int(limit)}s",
             "--timeout", "30s", *headers, "-s", str(script), base],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        assert wrk.stdout is not None
        done: list[list[int]] = []
        output: list[str] = []
        timer = threading.Timer(limit + 30, wrk.kill)  # wrk itself stops after ``limit``
        timer.start()
        try:
            for line in wrk.stdout:
                output.append(line)
                if line.startswith("DONE "):
                    done.append([int(v) for v in line.split()[1:]])
                    if len(done) == threads:
                        time.sleep(0.05)  # let wrk reach its signal handler
                        wrk.send_signal(signal.SIGINT)  # all answered: wrk reports now
            wrk.wait()
        finally:
            timer.cancel()
    found = [line for line in output if line.startswith("LATENCIES")]
    if not found:
        raise SystemExit("wrk gave no latencies:\n" + "".join(output))
    latencies = [int(v) / 1000 for v in found[0].split()[1:]]
    answered = sum(d[1] for d in done)
    errors = sum(d[2] + d[3] for d in done) + max(0, len(paths) - answered)
    return summarise(latencies, errors)


def worker_cpu(server: int) -> float | None:
    """CPU seconds (user + system, all threads) the server's web workers have used:
    the children of ``server`` but the task worker. None where /proc is missing.

    Per request, it is what the server paid whatever the load generator or the
    other processes on the machine did: on a shared machine, steadier than latency."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return None
    for entry in entries:
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == server and b"db_worker" not in command:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def spent(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


def summarise(latencies: list[float], errors: int) -> Result:
    """httpx latencies in the shape wrk reports."""
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return len(latencies), errors, q[49], q[94]


def report(
    name: str,
    result: Result,
    baseline: Result | None = None,
    wrk: bool | None = None,
    cpu: float | None = None,
) -> bool:
    """Print one row; True when p95 meets the target with no error. ``wrk``
    names the load generator that measured the row (None: the name says);
    ``cpu``, the server's CPU seconds for the row's requests."""
    n, errors, p50, p95 = result
    ratio = (
        f"  p50 {p50 / baseline[2]:4.1f}x / p95 {p95 / baseline[3]:4.1f}x static"
        if baseline
        else ""
    )
    met = p95 <= TARGET_MS and errors == 0
    by = "" if wrk is None else f"  [{'wrk' if wrk else 'httpx'}]"
    paid = "" if cpu is None else f"  server CPU {cpu * 1000 / max(n, 1):5.1f} ms/request"
    print(
        f"{name:36s} n={n:4d}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
        f"  errors {errors}{ratio}  {'MET' if met else 'NOT MET'}{by}{paid}",
        flush=True,
    )
    return met


def page_sets(workspace: int, suppliers: list[int], categories: list[str], seed: int = 1):
    """Two disjoint sets of paths per page: one for first views, one for repeats.

    Every page of the first set is requested exactly once, concurrently, in a run
    that has not requested it before (the HTML cache was emptied at the start), so
    it is a true first view; the repeated set is first warmed, then measured.
    """
    rng = random.Random(seed)
    base = f"/w/{workspace}/suppliers/"
    lists = [f"{base}?page={p}" for p in range(1, 41)]
    filters = [
        f"{base}?grade={g}&approvable={a}&sort={s}"
        for g in "ABCD" for a in ("yes", "no") for s in ("-score", "-coverage", "name")
    ] + [
        f"{base}?category={c}&price_max={p}&credentials=dropship_supported"
        for c in categories for p in (20, 50)
    ] + [f"{base}?q={q}&flag=any" for q in ("深圳", "义乌", "广州", "电子", "家居")]  # fmt: skip
    rng.shuffle(filters)
    picked = rng.sample(suppliers, 120)
    half = lambda items: (items[: len(items) // 2], items[len(items) // 2 :])  # noqa: E731
    return {
        "supplier list": half(lists),
        "supplier list, filtered": half(filters),
        "supplier page": half([f"{base}{pk}/" for pk in picked]),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run")
    parser.add_argument(
        "--httpx-only", action="store_true", help="httpx threads for every measure, even with wrk"
    )
    parser.add_argument(
        "--reuse", type=Path, help="a data dir an earlier run built (skips the build)"
    )
    parser.add_argument(
        "--into", type=Path, help="build into this (new, empty) data dir, kept for --reuse"
    )
    parser.add_argument("--build-only", action="store_true", help="build, then stop")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--workers", type=int, default=2, help="daifa serve --workers")
    parser.add_argument("--threads", type=int, help="daifa serve --threads (default: its own)")
    args = parser.parse_args()
    if args.into:
        args.into.mkdir(parents=True, exist_ok=True)
        if any(args.into.iterdir()):
            parser.error(f"--into {args.into}: not empty (use --reuse to reuse it)")
    data_dir = args.reuse or args.into or Path(tempfile.mkdtemp(prefix="daifa-bench-web-"))
    contents = reuse(data_dir) if args.reuse else build(data_dir, args.suppliers)
    print(f"data dir: {data_dir} (reuse it with --reuse)", flush=True)
    if args.build_only:
        return 0
    workspace, suppliers, categories = contents
    port = args.port or free_port()
    env = {**os.environ, "DAIFA_DATA_DIR": str(data_dir)}
    threads = ["--threads", str(args.threads)] if args.threads else []
    server = subprocess.Popen(
        [sys.executable, "-m", "daifa.cli", "serve", "--port", str(port),
         "--workers", str(args.workers), *threads],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(f"{base}/")
        run(base, ["/static/daifa/app.css", f"/w/{workspace}/"], 8, 4)  # start both workers
        # The cookies a browser tab would send (the CSRF token of the pages' forms).
        with httpx.Client(base_url=base) as tab:
            tab.get(f"/w/{workspace}/")
            cookie = "; ".join(f"{k}={v}" for k, v in tab.cookies.items())
        print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
        wrk = shutil.which("wrk") is not None and not args.httpx_only
        print(
            "load generator:",
            "wrk (first and repeated views; httpx fallback row for static)" if wrk else "httpx",
        )
        if wrk:
            baseline_wrk = run_wrk(base, ["/static/daifa/app.css"], args.clients, args.seconds)
            report("static file (baseline, wrk)", baseline_wrk)
        static = summarise(*run(base, ["/static/daifa/app.css"], args.requests, args.clients))
        report("static file (baseline, httpx)", static)
        baseline = baseline_wrk if wrk else static
        met, first_met = [], []
        for name, (first, repeated) in page_sets(workspace, suppliers, categories).items():
            # First views: each page once, 20 at a time, never requested before.
            before = worker_cpu(server.pid)
            if wrk:
                cold = run_wrk_first_views(base, first, args.clients, cookie)
            else:
                cold = summarise(*run(base, first, len(first), args.clients))
            cpu = spent(before, worker_cpu(server.pid))
            first_met.append(report(f"{name}: first views", cold, baseline, wrk, cpu))
            # Repeated views, as sellers go back and forth (after one warm-up pass).
            run(base, repeated, len(repeated), args.clients)
            before = worker_cpu(server.pid)
            if wrk:
                result = run_wrk(base, repeated, args.clients, args.seconds)
            else:
                result = summarise(*run(base, repeated, args.requests, args.clients))
            cpu = spent(before, worker_cpu(server.pid))
            met.append(report(f"{name}: repeated views", result, baseline, wrk, cpu))
        print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
        print("target p95 <= 150 ms, 0 errors, under load:", "MET" if all(met) else "NOT MET")
        print(
            "first views (each page once, 20 at a time, never seen):",
            "MET" if all(first_met) else "NOT MET",
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
