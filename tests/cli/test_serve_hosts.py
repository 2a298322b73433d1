"""`daifa serve --host 127.0.0.2`: login mode, and its printed address answers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

GOOD_KEY = "k3Y-for-tests-only-9f8e7d6c5b4a3210-ZyXwVuT"


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def serve(tmp_path, host: str, **env: str) -> subprocess.Popen:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DAIFA_LOCAL_MODE", "DAIFA_HOST", "ALLOWED_HOSTS"}
        and not k.startswith("DJANGO_")
        # A fresh server on its own SQLite file, also when the suite runs on PostgreSQL.
        and k != "DB"
        and not k.startswith("DB_")
    }
    # Its own HOME keeps gunicorn's control socket away from other servers.
    clean.update(DAIFA_DATA_DIR=str(tmp_path / "data"), HOME=str(tmp_path), **env)
    command = [sys.executable, "-m", "daifa.cli", "serve", "--host", host]
    command += ["--port", str(free_port(host)), "--workers", "1"]
    return subprocess.Popen(
        command,
        env=clean,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def printed_url(process: subprocess.Popen, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if "workbench at" in line:
            return line.split("workbench at", 1)[1].strip()
        if process.poll() is not None:
            break
    pytest.fail(f"daifa serve did not start: {process.stderr.read()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_127_0_0_2_without_a_key_is_refused(tmp_path):
    process = serve(tmp_path, "127.0.0.2")
    try:
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            stop(process)
    assert process.returncode == 2
    assert "SECRET_KEY" in err and "127.0.0.2" in err


def test_127_0_0_2_with_a_key_asks_for_login_at_its_printed_address(tmp_path):
    process = serve(tmp_path, "127.0.0.2", SECRET_KEY=GOOD_KEY)
    try:
        url = printed_url(process)
        assert url.startswith("http://127.0.0.2:")
        home = httpx.get(url, timeout=30)
        assert home.status_code == 302  # not 400: ALLOWED_HOSTS follows --host
        assert home.headers["location"].startswith("/accounts/login/")
        assert httpx.get(url + "accounts/login/", timeout=30).status_code == 200
    finally:
        stop(process)
