"""`daifa screen` as a whole process: its timing hook, batch memory settings and exit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import daifa
from daifa.cli import main
from daifa.cli.screen import _batch_memory

HEADER = "supplier_id,offer_id,product_group,unit_price_cny,repeat_rate_pct\n"


def _suppliers(path: Path, rows: int = 40) -> Path:
    lines = [f"S{i},O{i},G{i % 7},{10 + i % 5},{20 + i % 30}\n" for i in range(rows)]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def test_timings_print_every_phase_when_asked(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DAIFA_TIMINGS", "1")
    source = _suppliers(tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    assert main(["screen", str(source), "--format", "csv", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    phases = re.findall(r"^daifa timings: (\w+)\s+wall\s+[\d.]+ s\s+cpu\s+[\d.]+ s", err, re.M)
    assert phases == ["start", "read", "cost", "screen", "write", "total"]


def test_no_timings_by_default(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("DAIFA_TIMINGS", raising=False)
    source = _suppliers(tmp_path / "in.csv")
    assert main(["screen", str(source), "--format", "csv", "--out", str(tmp_path / "o.csv")]) == 0
    assert "daifa timings" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("users_setting", "huge_pages_after"),
    [(None, False), ("1", True)],  # turned off, unless the user set NumPy's own switch
)
def test_batch_memory_turns_numpys_huge_pages_off_unless_the_user_chose(
    monkeypatch, users_setting: str | None, huge_pages_after: bool
) -> None:
    from numpy._core.multiarray import _set_madvise_hugepage

    if users_setting is None:
        monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    else:
        monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", users_setting)
    before = _set_madvise_hugepage(True)
    try:
        _batch_memory()
        assert _set_madvise_hugepage(True) is huge_pages_after
    finally:
        _set_madvise_hugepage(before)


def test_timings_level_two_adds_threads(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DAIFA_TIMINGS", "2")
    source = _suppliers(tmp_path / "in.csv")
    assert main(["screen", str(source), "--format", "csv", "--out", str(tmp_path / "o.csv")]) == 0
    assert "daifa timings: threads (cpu s):" in capsys.readouterr().err


def _command(*args: str) -> subprocess.CompletedProcess[bytes]:
    """``daifa ARGS`` as its own process, as a user runs it (this checkout's code)."""
    src = str(Path(daifa.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, *(args if args[0] == "-c" else ("-m", "daifa.cli", *args))],
        capture_output=True,
        env=env,
        timeout=300,
    )


def test_the_command_ends_without_teardown_but_flushes_its_output(tmp_path: Path, capsys) -> None:
    # Thousands of rows to stdout: everything must be flushed before the process ends.
    source = _suppliers(tmp_path / "in.csv", rows=3000)
    assert main(["screen", str(source), "--format", "csv"]) == 0
    in_process = capsys.readouterr().out.encode("utf-8")
    done = _command("screen", str(source), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == in_process
    assert len(done.stdout) > 100_000


def test_the_command_keeps_its_exit_status_and_messages(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "S1,O1,G1,-5,abc\n", encoding="utf-8")
    assert main(["screen", str(bad), "--format", "csv", "--lang", "en"]) == 1
    said = capsys.readouterr().err
    done = _command("screen", str(bad), "--format", "csv", "--lang", "en")
    assert done.returncode == 1
    assert done.stderr.decode("utf-8") == said


def test_the_command_skips_pythons_teardown(tmp_path: Path) -> None:
    source = _suppliers(tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('teardown ran', file=sys.stderr))\n"
        f"sys.argv = ['daifa', 'screen', {str(source)!r}, '--format', 'csv', "
        f"'--out', {str(out)!r}]\n"
        "from daifa.cli import main\n"
        "sys.exit(main())\n"
    )
    done = _command("-c", script)
    assert done.returncode == 0, done.stderr
    assert b"teardown ran" not in done.stderr
    assert main(["screen", str(source), "--format", "csv", "--out", str(tmp_path / "o.csv")]) == 0
    assert out.read_bytes() == (tmp_path / "o.csv").read_bytes()


def test_threads_hand_the_interpreter_over_quickly_during_the_command_only(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from daifa.cli import screen as command

    seen: list[float] = []
    real = command._screen

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(sys.getswitchinterval())
        return real(*args, **kwargs)

    monkeypatch.setattr(command, "_screen", spy)
    before = sys.getswitchinterval()
    source = tmp_path / "in.csv"
    source.write_text("supplier_id,unit_price_cny\ns1,12\ns2,9\n", encoding="utf-8")
    assert main(["screen", str(source), "--format", "csv", "--out", str(tmp_path / "o.csv")]) == 0
    assert seen == [command._SWITCH_INTERVAL] and command._SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before  # an in-process caller gets its own back
