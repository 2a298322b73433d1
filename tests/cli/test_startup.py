"""`daifa COMMAND` registers (and imports) only that command; `daifa screen` keeps
Polars' freed pages a while unless the user configured the allocator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


SCREEN_PROBE = """
import sys
from daifa.cli import main
code = main(sys.argv[1:])
unused = ("rich", "xml.sax", "charset_normalizer", "http.client")
unused += ("daifa.sources.spreadsheet.writer",)
print("CODE", code)
print("LOADED", " ".join(m for m in unused if m in sys.modules) or "-")
"""


def test_screening_to_csv_imports_no_table_xlsx_writer_or_encoding_guesser(tmp_path: Path) -> None:
    # rich (the terminal table), the XLSX writer (xml.sax, urllib, ssl) and
    # charset-normalizer (files neither UTF-8 nor GB18030) cost a process ~70 ms of CPU
    # that a CSV-to-CSV screening of a UTF-8 file never uses.
    source = tmp_path / "offers.csv"
    source.write_text(
        "supplier_id,offer_id,product_group,unit_price_cny,target_retail_price\n"
        "s1,o1,cup,5,40\ns2,o2,cup,6,40\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    # Compiling the kernels (a checkout's first run) imports SciPy, which imports
    # charset-normalizer: compile first, so the probe loads them from the cache.
    subprocess.run([sys.executable, "-m", "daifa.engine._compiled"], check=True)
    done = subprocess.run(
        [sys.executable, "-c", SCREEN_PROBE, "screen", str(source), "--format", "csv"]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    seen = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert seen == {"CODE": "0", "LOADED": "-"}, done.stderr
    assert out.read_text(encoding="utf-8-sig").count("\n") == 3
    # and the writer is still there for those who ask for it
    from daifa.sources.spreadsheet import write_tables

    assert callable(write_tables)
