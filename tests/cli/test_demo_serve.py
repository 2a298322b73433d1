"""`daifa demo` on a fresh data directory serves a workbench that answers and stops.

Loading the demo used to start Polars' thread pool in the process gunicorn then
forked its workers from; every Polars call in a worker (facts page, export) then
waited forever and SIGTERM could not stop the server. This runs the real command
(the real loader, a smaller demo) in a subprocess on a port of its own.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

PORT = int(os.environ.get("DAIFA_TEST_DEMO_PORT", "8610"))
# Each of 20 pages opened at once answers within this many seconds (the issue's
# figure) on a quiet machine...
PAGE_SECONDS = float(os.environ.get("DAIFA_TEST_PAGE_SECONDS", "2"))
# ...and on a busy one within this many times the baseline measured in the same
# run: the slowest of 20 requests at once for a static file, served by the same
# workers through the same middleware. Under load both slow down alike (at load
# 13-15 on 2 cores: static 0.7-1.7 s, pages 1.2-2.2 s), so a hung page or one ten
# times slower than it should be still fails, and a busy machine alone does not.
SLOWER = 10.0
STATIC = "/static/daifa/app.css"
# SIGTERM stops the server within this many seconds on a quiet machine (gunicorn's
# 5 s grace, then the task worker), within twice the page allowance on a busy one
# (14 s measured at load 17, where the static file took 1-1.7 s): a server that
# ignores SIGTERM still fails.
STOP_SECONDS = 10.0
BASE = f"http://127.0.0.1:{PORT}"
HREF = re.compile(r'href="(/w/[^"#]*)"')


def _wait_for_server(process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"daifa demo exited with {process.returncode}:\n{log.read_text()}")
        if "workbench at" in log.read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"daifa demo did not start within {timeout} s:\n{log.read_text()}")


def _thread_names(pid: int) -> list[str]:
    tasks = Path(f"/proc/{pid}/task")
    return [(t / "comm").read_text().strip() for t in tasks.iterdir()] if tasks.exists() else []


def _links(html: str, page: str) -> list[str]:
    """Internal pages linked from a page (no language switch, no downloads)."""
    found = []
    for href in HREF.findall(html.replace("&amp;", "&")):
        url = urljoin(page, href)
        if "format=" in url or "/download/" in url:
            continue
        found.append(urlsplit(url)._replace(fragment="").geturl())
    return found


def _pages_from_dashboard(client: httpx.Client, dashboard: str, wanted: int) -> list[str]:
    """Breadth-first from the dashboard, until ``wanted`` distinct pages."""
    seen: list[str] = [dashboard]
    queue = [dashboard]
    while queue and len(seen) < wanted:
        html = client.get(queue.pop(0)).text
        for url in _links(html, BASE):
            if url not in seen:
                seen.append(url)
                queue.append(url)
    return seen[:wanted]


def _timed_get(url: str, timeout: float = 5.0) -> tuple[str, int, float]:
    started = time.monotonic()
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True)
    except httpx.TimeoutException:
        return url, 0, time.monotonic() - started
    return url, response.status_code, time.monotonic() - started


def _all_at_once(urls: list[str], timeout: float) -> list[tuple[str, int, float]]:
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        return list(pool.map(lambda url: _timed_get(url, timeout), urls))


def _baseline() -> float:
    """The slowest of 20 simultaneous requests for a static file, in seconds."""
    results = _all_at_once([BASE + STATIC] * 20, timeout=30)
    assert all(status == 200 for _, status, _ in results), results
    return max(t for _, _, t in results)


def page_limit(baseline: float) -> float:
    """The most a page may take: the issue's figure, or more on a machine whose
    static file is slow too."""
    return max(PAGE_SECONDS, SLOWER * baseline)


def stop_limit(baseline: float) -> float:
    return max(STOP_SECONDS, 2 * SLOWER * baseline)


def test_the_limits_follow_the_baseline_only_above_the_issues_figures() -> None:
    assert page_limit(0.05) == PAGE_SECONDS  # quiet: a static file in 50 ms
    assert page_limit(1.2) == pytest.approx(12.0)  # load ~15: 1.2 s for a static file
    assert stop_limit(0.05) == STOP_SECONDS and stop_limit(1.2) == pytest.approx(24.0)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_fresh_demo_answers_every_page_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DAIFA_DATA_DIR": str(tmp_path / "data"),
        "HOME": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The demo is SQLite by definition, also when the suite runs on PostgreSQL.
    for name in [k for k in env if k == "DB" or k.startswith("DB_")]:
        env.pop(name)
    log = tmp_path / "demo.log"
    command = [sys.executable, "-m", "daifa.cli", "demo", "--port", str(PORT)]
    command += ["--suppliers", "40", "--offers", "160", "--workers", "2"]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for_server(process, log, timeout=90)
        # The serving process never ran a Polars query, so it has no thread pool
        # (rayon's "polars-N", tokio's runtime) for its forked workers to inherit.
        names = _thread_names(process.pid)
        assert not [n for n in names if re.fullmatch(r"polars-\d+|tokio.*", n)], names

        with httpx.Client(base_url=BASE, timeout=10, follow_redirects=True) as client:
            dashboard = client.get("/")
            assert dashboard.status_code == 200
            workspace = re.search(r"/w/(\d+)/", str(dashboard.url)).group(1)
            listing = client.get(f"/w/{workspace}/suppliers/").text
            supplier = re.search(rf"/w/{workspace}/suppliers/(\d+)/", listing).group(1)
            # Each of these called Polars in a forked worker and never returned.
            for path in (
                f"/w/{workspace}/suppliers/{supplier}/facts/",
                f"/w/{workspace}/export/?format=csv",
                f"/w/{workspace}/export/?format=xlsx",
                f"/w/{workspace}/suppliers/{supplier}/facts/",
            ):
                started = time.monotonic()
                response = client.get(path)
                assert response.status_code == 200, path
                assert time.monotonic() - started < 10, path
            pages = _pages_from_dashboard(client, f"{BASE}/w/{workspace}/", wanted=20)
        assert len(pages) == 20, pages

        before = _baseline()
        # A page that never answers times out past the limit: status 0.
        limit = page_limit(before)
        results = _all_at_once(pages, timeout=2 * limit + 1.0)
        baseline = max(before, _baseline())  # the load may have risen meanwhile
        limit = page_limit(baseline)
        slow = [
            (url, status, round(t, 2)) for url, status, t in results if status != 200 or t > limit
        ]
        assert not slow, (slow, f"limit {limit:.2f} s")

        # No control socket shared by every server of this HOME ($HOME/.gunicorn;
        # gunicorn opens it once the workers run, so it would be there by now).
        assert not (tmp_path / ".gunicorn").exists()

        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=stop_limit(baseline))
        assert time.monotonic() - started < stop_limit(baseline)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
