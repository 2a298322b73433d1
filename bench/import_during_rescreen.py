"""Writes during a whole-workspace re-screen (issue #11, F3): 0 failures.

Builds a 10,000-supplier workspace (40,000 offers) with bench/web.py's builder,
starts `daifa serve` on 127.0.0.1 (gunicorn and its task worker), then measures
the same writes twice in one run:

1. baseline: uploads through the web app (POST the file, wait for the preview,
   confirm one of them and wait for the import) and `daifa import` runs;
2. the same while a whole-workspace re-screen runs in another process.

Prints every write's status and latency, failures (must be 0) and whether the
re-screen was still running when each write finished. Before the fix, uploads
during a re-screen returned 500 after ~20 s ("database is locked") and a CLI
import crashed; now the engine computes outside any transaction.

    .venv/bin/python bench/import_during_rescreen.py [--suppliers 10000] [--reuse DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from web import build, free_port, reuse, wait_up  # noqa: E402

RESCREEN = """
import time
from daifa.cli import _django
_django.setup()
from daifa.accounts.models import Workspace
from daifa.screening.services import screening_refresh
start = time.perf_counter()
screening_refresh(workspace=Workspace.objects.get(name="bench"))
print(f"{time.perf_counter() - start:.1f}")
"""
STATUS = re.compile(r'class="status status-(\w+)"')


def upload_file(folder: Path, tag: str, rows: int = 50) -> Path:
    path = folder / f"upload-{tag}.csv"
    lines = [f"BENCH-{tag}-{i},店{i},{1 + i % 40}.5,{1 + i % 9}" for i in range(rows)]
    path.write_text("供应商ID,店铺名称,单价,起批量\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


class Web:
    def __init__(self, base: str, workspace: int) -> None:
        self.client = httpx.Client(base_url=base, timeout=120, follow_redirects=False)
        self.workspace = workspace
        self.client.get(f"/w/{workspace}/import/")  # the CSRF cookie (local mode signs in)

    def _token(self) -> dict[str, str]:
        return {"csrfmiddlewaretoken": self.client.cookies["csrftoken"]}

    def status(self, location: str) -> str:
        try:
            found = STATUS.search(self.client.get(location).text)
        except httpx.TransportError:
            # An idle keep-alive connection the server closed: poll again.
            return "?"
        return found.group(1) if found else "?"

    def wait(self, location: str, done: set[str], timeout: float = 600) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status(location)
            if status in done:
                return status
            time.sleep(0.5)
        return "timeout"

    def upload(self, path: Path, *, confirm: bool) -> tuple[bool, float, float, str]:
        """(ok, POST ms, until previewed/imported s, final status)."""
        start = time.perf_counter()
        self.status(f"/w/{self.workspace}/import/")  # a fresh connection, as a browser's
        start = time.perf_counter()
        try:
            with path.open("rb") as file:
                response = self.client.post(
                    f"/w/{self.workspace}/import/", data=self._token(), files={"file": file}
                )
        except httpx.TransportError as exc:
            return False, (time.perf_counter() - start) * 1000, 0.0, type(exc).__name__
        posted = (time.perf_counter() - start) * 1000
        if response.status_code != 302:
            return False, posted, 0.0, f"HTTP {response.status_code}"
        location = response.headers["location"]
        status = self.wait(location, {"previewed", "rejected", "failed"})
        if confirm and status == "previewed":
            self.status(location)
            self.client.post(f"{location}confirm/", data=self._token())
            status = self.wait(location, {"done", "rejected", "failed"})
        wanted = "done" if confirm else "previewed"
        return status == wanted, posted, time.perf_counter() - start, status


def cli_import(env: dict[str, str], path: Path) -> tuple[bool, float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "daifa.cli", "import", str(path), "--workspace", "bench",
         "--lang", "en"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    trouble = "locked" in done.stderr or "Traceback" in done.stderr
    return done.returncode == 0 and not trouble, elapsed, done.stderr.strip()[-200:]


def writes(web: Web, env, folder: Path, phase: str, uploads: int, rescreen=None) -> list[dict]:
    results = []

    def note(kind, ok, latency, detail, extra=""):
        running = rescreen is not None and rescreen.poll() is None
        results.append({"kind": kind, "ok": ok, "latency": latency, "during": running})
        during = " (re-screen running)" if running else ""
        print(f"  {phase:9s} {kind:15s} {'ok  ' if ok else 'FAIL'} {extra}{detail}{during}",
              flush=True)  # fmt: skip

    for i in range(uploads):
        ok, posted, total, status = web.upload(upload_file(folder, f"{phase}{i}"), confirm=False)
        note("upload", ok, posted, f"POST {posted:6.0f} ms, previewed after {total:5.1f} s", "")
    ok, posted, total, status = web.upload(upload_file(folder, f"{phase}c"), confirm=True)
    note("upload+import", ok, posted, f"POST {posted:6.0f} ms, {status} after {total:5.1f} s")
    ok, elapsed, err = cli_import(env, upload_file(folder, f"{phase}cli"))
    note("daifa import", ok, elapsed * 1000, f"{elapsed:5.1f} s" + ("" if ok else f": {err}"))
    return results


def summary(name: str, results: list[dict]) -> None:
    failures = sum(not r["ok"] for r in results)
    posts = [r["latency"] for r in results if r["kind"] != "daifa import"]
    cli = [r["latency"] / 1000 for r in results if r["kind"] == "daifa import"]
    during = sum(r["during"] for r in results)
    print(
        f"{name:22s} writes {len(results)}  failures {failures}  "
        f"upload POST median {statistics.median(posts):6.0f} ms max {max(posts):6.0f} ms  "
        f"daifa import {', '.join(f'{c:.1f}' for c in cli)} s  "
        f"finished while the re-screen ran: {during}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--uploads", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--reuse", type=Path, help="a data dir bench/web.py built earlier")
    args = parser.parse_args()
    data_dir = args.reuse or Path(tempfile.mkdtemp(prefix="daifa-bench-rescreen-"))
    workspace, _, _ = reuse(data_dir) if args.reuse else build(data_dir, args.suppliers)
    env = {**os.environ, "DAIFA_DATA_DIR": str(data_dir)}
    port = args.port or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "daifa.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="daifa-bench-files-"))
    base = f"http://127.0.0.1:{port}"
    rescreen = None
    try:
        wait_up(f"{base}/")
        web = Web(base, workspace)
        print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
        baseline = writes(web, env, folder, "baseline", args.uploads)
        rescreen = subprocess.Popen(
            [sys.executable, "-c", RESCREEN], env=env, stdout=subprocess.PIPE, text=True
        )
        time.sleep(3)  # Django up and reading
        during = writes(web, env, folder, "rescreen", args.uploads, rescreen)
        took = rescreen.communicate(timeout=900)[0].strip()
        print(f"whole-workspace re-screen: {took} s, exit {rescreen.returncode}")
        print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
        summary("baseline", baseline)
        summary("during a re-screen", during)
        failures = sum(not r["ok"] for r in baseline + during) + (rescreen.returncode != 0)
        print("0 failures:", "MET" if failures == 0 else f"NOT MET ({failures})")
        return 0 if failures == 0 else 1
    finally:
        if rescreen is not None and rescreen.poll() is None:
            rescreen.terminate()
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
