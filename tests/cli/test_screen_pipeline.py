"""`daifa screen` as a whole process: its timing hook and its batch memory settings."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_batch_memory_turns_numpys_huge_pages_off(monkeypatch) -> None:
    from numpy._core.multiarray import _set_madvise_hugepage

    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    before = _set_madvise_hugepage(True)
    try:
        _batch_memory()
        assert _set_madvise_hugepage(True) is False
    finally:
        _set_madvise_hugepage(before)


def test_batch_memory_leaves_the_users_numpy_setting(monkeypatch) -> None:
    from numpy._core.multiarray import _set_madvise_hugepage

    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    before = _set_madvise_hugepage(True)
    try:
        _batch_memory()
        assert _set_madvise_hugepage(True) is True
    finally:
        _set_madvise_hugepage(before)


def test_timings_level_two_adds_threads(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DAIFA_TIMINGS", "2")
    source = _suppliers(tmp_path / "in.csv")
    assert main(["screen", str(source), "--format", "csv", "--out", str(tmp_path / "o.csv")]) == 0
    assert "daifa timings: threads (cpu s):" in capsys.readouterr().err
