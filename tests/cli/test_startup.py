"""`daifa COMMAND` registers (and imports) only that command; `daifa screen` keeps
Polars' freed pages a while unless the user configured the allocator."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from daifa.cli import build_parser, main

PROBE = """
import os, sys
from daifa.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("MODULES", " ".join(sorted(m for m in sys.modules if m.startswith(("daifa.cli.", "httpx")))))
print("ALLOC", os.environ.get("_RJEM_MALLOC_CONF"))
"""


def _probe(*args: str, env: dict[str, str] | None = None) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**environ, **(env or {})},
    )
    return dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)


def test_one_command_imports_only_its_own_module() -> None:
    seen = _probe("screen", "--help")
    assert seen["MODULES"].split() == ["daifa.cli.screen"]
    assert "dirty_decay_ms:20000" in seen["ALLOC"]
    rates = _probe("rates", "--help")
    assert "daifa.cli.open1688" not in rates["MODULES"]
    assert "20000" not in rates["ALLOC"]  # None, or Polars' own default
    order = _probe("order", "--help")  # a command whose module has another name
    assert "daifa.cli.buy" in order["MODULES"].split()


def test_the_users_allocator_settings_are_kept() -> None:
    seen = _probe("screen", "--help", env={"_RJEM_MALLOC_CONF": "narenas:1"})
    assert seen["ALLOC"].endswith("narenas:1") and "20000" not in seen["ALLOC"]


def test_every_command_is_still_offered(capsys: pytest.CaptureFixture[str]) -> None:
    offered = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert {"screen", "serve", "export", "import", "user", "order", "1688"} <= offered
    assert set(build_parser("buy")._subparsers._group_actions[0].choices) == offered  # type: ignore[union-attr]
    with pytest.raises(SystemExit) as exited:
        main(["no-such-command"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err and "'screen'" in err and "'serve'" in err
