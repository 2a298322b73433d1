"""Bytes read ahead are used only when they are still the file's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from daifa.sources import read_ahead
from daifa.sources.read_ahead import file_bytes, forget


@pytest.fixture(autouse=True)
def _nothing_ahead() -> None:
    read_ahead._ahead.clear()


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record each read of a file made through Path.read_bytes."""
    seen: list[Path] = []
    real = Path.read_bytes

    def counted(self: Path) -> bytes:
        seen.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    return seen


def test_the_bytes_read_ahead_are_taken_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.csv"
    path.write_bytes(b"supplier_id\n1\n")
    seen = _reads(monkeypatch)
    read_ahead.read_ahead(path)
    assert file_bytes(path) == b"supplier_id\n1\n"
    assert len(seen) == 1  # the read ahead only
    assert file_bytes(path) == b"supplier_id\n1\n"  # a second reader reads the file
    assert len(seen) == 2


def test_a_file_changed_since_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"old\n")
    read_ahead.read_ahead(path)
    path.write_bytes(b"newer and longer\n")
    os.utime(path, ns=(1, 1))
    assert file_bytes(path) == b"newer and longer\n"


def test_errors_are_the_plain_reads_errors(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    read_ahead.read_ahead(missing)  # nothing to read: nothing started
    with pytest.raises(FileNotFoundError):
        file_bytes(missing)
    path = tmp_path / "gone.csv"
    path.write_bytes(b"x\n")
    read_ahead.read_ahead(path)
    path.unlink()
    with pytest.raises(FileNotFoundError):
        file_bytes(path)


def test_bytes_nobody_took_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"x\n")
    read_ahead.read_ahead(path)
    forget(path)
    assert read_ahead._ahead == {}


def test_read_tables_uses_and_then_drops_them(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from daifa.sources.spreadsheet import read_tables

    path = tmp_path / "in.csv"
    path.write_text("supplier_id,unit_price_cny\ns1,12.5\ns2,3\n", encoding="utf-8")
    seen = _reads(monkeypatch)
    read_ahead.read_ahead(path)
    tables = read_tables(path)
    assert tables.suppliers is not None and tables.suppliers.height == 2
    assert len(seen) == 1 and read_ahead._ahead == {}
