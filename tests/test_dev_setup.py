"""What ``./dev`` sets up for a fresh checkout."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

import daifa.cli.screen
import daifa.engine.scorecard


@pytest.mark.skipif(os.environ.get("DAIFA_VIA_DEV") != "1", reason="only under ./dev test")
def test_daifas_modules_load_from_bytecode_written_at_setup() -> None:
    # Where PYTHONDONTWRITEBYTECODE is set Python writes none itself, and every
    # command would compile daifa's modules from source at start (0.1 s).
    for module in (daifa.engine.scorecard, daifa.cli.screen):
        assert module.__file__ is not None
        cached = importlib.util.cache_from_source(module.__file__)
        assert Path(cached).is_file(), cached
