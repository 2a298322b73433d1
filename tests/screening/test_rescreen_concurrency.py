"""Writes never wait on a re-screen (issue #11, F3): the engine computes outside
any transaction, so an import during a slow whole-workspace re-screen finishes
while the re-screen is still computing, and both succeed.

Separate processes, as `daifa serve`'s worker and a CLI import are: on SQLite a
file database in WAL mode (the tests' in-memory SQLite cannot show locking), on
PostgreSQL the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

SLOW_RESCREEN = """
import sys, time
from pathlib import Path
from daifa.cli import _django
_django.setup()
import daifa.screening.services as services
from daifa.accounts.models import Workspace
real = services.run_screen
def slow(inputs, profile):
    Path(sys.argv[1]).touch()          # computing now
    # An injected delay in the compute phase: until the test says so (the import
    # has finished), at most a few minutes.
    deadline = time.time() + float(sys.argv[3])
    while not Path(sys.argv[2]).exists() and time.time() < deadline:
        time.sleep(0.05)
    return real(inputs, profile)
services.run_screen = slow
services.screening_refresh(workspace=Workspace.objects.get(name="w"))
print("rescreen done", time.time())
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DB_NAME", "DJANGO_SETTINGS_MODULE"}}
    env["DAIFA_DATA_DIR"] = str(tmp_path / "data")
    if connection.vendor == "postgresql":
        env.update(DB="postgres", DB_NAME=connection.settings_dict["NAME"])
    else:
        env["DB"] = "sqlite"
    return env


def _daifa(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "daifa.cli", *args],
        env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def test_an_import_during_a_slow_rescreen_succeeds_without_waiting_for_it(tmp_path):
    env = _env(tmp_path)
    rows = "".join(f"S{i},店{i},{i % 50 + 1}\n" for i in range(300))
    base = tmp_path / "base.csv"
    base.write_text("supplier_id,supplier_name,unit_price_cny\n" + rows, encoding="utf-8")
    assert _daifa(env, "import", str(base), "--workspace", "w").returncode == 0

    marker, release = tmp_path / "computing", tmp_path / "release"
    rescreen = subprocess.Popen(
        [sys.executable, "-c", SLOW_RESCREEN, str(marker), str(release), "300"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.time() + 60
        while not marker.exists():
            assert rescreen.poll() is None, rescreen.communicate()
            assert time.time() < deadline
            time.sleep(0.1)
        more = tmp_path / "more.csv"
        more.write_text("supplier_id,unit_price_cny\nS1,9.5\nNEW1,3\n", encoding="utf-8")
        imported = _daifa(env, "import", str(more), "--workspace", "w", "--lang", "en")
        finished = time.time()
        assert imported.returncode == 0, imported.stderr
        assert "locked" not in imported.stderr and "Traceback" not in imported.stderr
        # The import did not wait for the re-screen's computation to end.
        assert rescreen.poll() is None, "the re-screen ended first: the test proved nothing"
        release.touch()
        out, err = rescreen.communicate(timeout=300)
    finally:
        if rescreen.poll() is None:
            rescreen.kill()
    assert rescreen.returncode == 0, err
    assert float(out.split()[-1]) > finished
