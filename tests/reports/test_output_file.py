"""A report file is replaced whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from daifa.reports import csv_text
from daifa.reports.csv_text import write_frame
from daifa.reports.output_file import replacing


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_new_file_appears_only_once_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with replacing(target) as (handle, path):
        handle.write(b"a,b\n")
        assert not target.exists()  # nothing under the target's name while writing
        assert path.parent == tmp_path
    assert target.read_bytes() == b"a,b\n"
    assert _leftovers(tmp_path) == []
    # A new file gets the permissions any new file gets (the umask), not mkstemp's 0600.
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_a_failed_write_leaves_the_old_output_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old report\n")
    with pytest.raises(OSError, match="disk full"), replacing(target) as (handle, _):
        handle.write(b"half of a new rep")
        raise OSError("disk full")
    assert target.read_bytes() == b"old report\n"
    assert _leftovers(tmp_path) == []


def test_an_interrupted_write_too(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old report\n")
    with pytest.raises(KeyboardInterrupt), replacing(target) as (handle, _):
        handle.write(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old report\n"
    assert _leftovers(tmp_path) == []


def test_the_old_files_permissions_stay_and_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "out.csv"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    with replacing(link) as (handle, _):
        handle.write(b"new\n")
    assert link.is_symlink() and real.read_bytes() == b"new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert _leftovers(real.parent) == []


@pytest.mark.parametrize("rows", [3, 30_000])  # Polars' own writer, and the word tables
def test_write_frame_replaces_a_path_whole(
    tmp_path: Path, rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old report\n")
    frame = pl.DataFrame(
        {
            "id": [str(i) for i in range(rows)],
            "status": pl.Series(["pass"] * rows, dtype=pl.Enum(["pass", "fail"])),
            "points": pl.Series([0.5] * rows, dtype=pl.Float32),
        }
    )
    write_frame(frame, target, include_bom=True)
    assert target.read_bytes() == b"\xef\xbb\xbf" + frame.write_csv().encode()
    assert _leftovers(tmp_path) == []

    class Broken(Exception):
        pass

    original = csv_text._write

    def written_then_broken(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)  # every byte written, then the disk fails
        raise Broken

    monkeypatch.setattr(csv_text, "_write", written_then_broken)
    with pytest.raises(Broken):
        write_frame(pl.concat([frame, frame]), target, include_bom=True)
    assert target.read_bytes() == b"\xef\xbb\xbf" + frame.write_csv().encode()
    assert _leftovers(tmp_path) == []
