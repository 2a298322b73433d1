"""The host rule lives in the settings: only 127.0.0.1, ::1 and localhost run without login.

Each case imports the real settings in a fresh interpreter with a controlled
environment, the way `gunicorn daifa.web.wsgi` or `daifa serve` would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import override_settings

from daifa.cli import UsageError
from daifa.cli.serve import is_loopback, prepare_environment
from daifa.web.hosts import DEFAULT_SECRET_KEY, secret_key_problem

GOOD_KEY = "k3Y-for-tests-only-9f8e7d6c5b4a3210-ZyXwVuT"
PROBE = (
    "import json, django\n"
    "from django.conf import settings\n"
    "django.setup()\n"
    "print(json.dumps({'local': settings.LOCAL_MODE, 'hosts': settings.ALLOWED_HOSTS}))\n"
)


def load_settings(tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DAIFA_LOCAL_MODE", "DAIFA_HOST", "ALLOWED_HOSTS"}
    }
    clean.update(DJANGO_SETTINGS_MODULE="daifa.web.settings", DAIFA_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, timeout=60
    )


def test_bare_gunicorn_without_a_key_is_refused(tmp_path):
    # `gunicorn daifa.web.wsgi -b 0.0.0.0:80` declares nothing: login mode, so a key is needed.
    run = load_settings(tmp_path)
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr
    assert "SECRET_KEY" in run.stderr and "至少 32" in run.stderr


def test_a_default_key_is_refused_off_loopback(tmp_path):
    run = load_settings(tmp_path, SECRET_KEY=DEFAULT_SECRET_KEY)
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr


@pytest.mark.parametrize(
    "key", ["", "short", DEFAULT_SECRET_KEY, "a" * 40, "django-insecure-" + "x1y2z3" * 8]
)
def test_weak_keys_have_a_problem(key):
    assert secret_key_problem(key)


def test_a_real_key_starts_in_login_mode(tmp_path):
    run = load_settings(tmp_path, SECRET_KEY=GOOD_KEY)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["local"] is False


@pytest.mark.parametrize("host", ["127.0.0.2", "0.0.0.0"])
def test_local_mode_refused_on_any_other_address(tmp_path, host):
    # Even when someone sets DAIFA_LOCAL_MODE by hand for a non-local address.
    run = load_settings(tmp_path, DAIFA_LOCAL_MODE="true", DAIFA_HOST=host)
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr and host in run.stderr


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_local_mode_on_loopback_needs_no_key(tmp_path, host):
    run = load_settings(tmp_path, DAIFA_LOCAL_MODE="true", DAIFA_HOST=host)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["local"] is True


@pytest.mark.parametrize(
    ("host", "header"), [("127.0.0.2", "127.0.0.2"), ("::1", "[::1]"), ("0.0.0.0", "0.0.0.0")]
)
def test_allowed_hosts_follow_the_served_address(tmp_path, host, header):
    extra = {"DAIFA_LOCAL_MODE": "true"} if host == "::1" else {"SECRET_KEY": GOOD_KEY}
    run = load_settings(tmp_path, DAIFA_HOST=host, **extra)
    assert run.returncode == 0, run.stderr
    assert header in json.loads(run.stdout)["hosts"]


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("127.0.0.2", False),
        ("127.1", False),
        ("::ffff:127.0.0.1", False),
        ("0.0.0.0", False),
        ("::", False),
        ("localhost.", False),
    ],
)
def test_only_three_names_are_loopback(host, local):
    assert is_loopback(host) is local


@pytest.fixture
def serve_env(monkeypatch):
    # setenv first, so that what prepare_environment sets is undone after the test.
    for name in ("SECRET_KEY", "DAIFA_LOCAL_MODE", "DAIFA_HOST"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    return monkeypatch


def test_serve_on_127_0_0_2_needs_a_key(serve_env):
    monkeypatch = serve_env
    with pytest.raises(UsageError) as refused:
        prepare_environment("127.0.0.2")
    assert "127.0.0.2" in str(refused.value) and "SECRET_KEY" in str(refused.value)
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    prepare_environment("127.0.0.2")
    assert os.environ["DAIFA_LOCAL_MODE"] == "false"
    assert os.environ["DAIFA_HOST"] == "127.0.0.2"


def test_serve_on_loopback_is_local(serve_env):
    prepare_environment("127.0.0.1")
    assert os.environ["DAIFA_LOCAL_MODE"] == "true"


def test_secret_key_problem_names_the_reason_in_both_languages():
    assert secret_key_problem(GOOD_KEY) is None
    problem = secret_key_problem("short")
    assert "32" in problem and "至少" in problem


@override_settings(LOCAL_MODE=True)
def test_local_mode_signs_in_only_loopback_clients(client, db):
    assert client.get("/", REMOTE_ADDR="127.0.0.1").status_code in {200, 302}
    assert "/accounts/login/" not in client.get("/", REMOTE_ADDR="127.0.0.1").get("Location", "")
    elsewhere = client.get("/", REMOTE_ADDR="192.168.1.20")
    assert elsewhere.status_code == 302
    assert elsewhere["Location"].startswith("/accounts/login/")


def test_settings_have_no_dead_local_secret_key_flag(settings):
    assert not hasattr(settings, "LOCAL_SECRET_KEY")
