from __future__ import annotations

import os
import tempfile

import pytest

pytest_plugins = ["tests.personas", "tests.screened"]

# Keep every test's files (SQLite, static) out of the user's real data directory.
os.environ.setdefault("DAIFA_DATA_DIR", tempfile.mkdtemp(prefix="daifa-test-"))


@pytest.fixture(autouse=True)
def _own_rates_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    # Stored currency rates (daifa rates set, the workbench's rate form) per test, so
    # one test's rates never leak into another's example figures.
    monkeypatch.setenv("DAIFA_RATES_FILE", str(tmp_path_factory.mktemp("rates") / "currency.toml"))
