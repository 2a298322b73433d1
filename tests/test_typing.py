"""mypy, with django-stubs' plugin, finds no error in ``src/daifa`` (issue #12).

Runs the venv's mypy from the repository root, so it reads ``[tool.mypy]`` in
pyproject.toml and keeps its incremental cache in the root's ``.mypy_cache``
(a cold run, as in a fresh clone, costs about 17 s of CPU; a warm one about 3 s).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_mypy_finds_no_errors() -> None:
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists():
        pytest.skip("mypy is not installed")
    done = subprocess.run([str(mypy)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
