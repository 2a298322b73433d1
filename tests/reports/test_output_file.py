"""A report file is complete or absent: a failed write leaves no half of one."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from daifa.reports import csv_text
from daifa.reports.csv_text import write_frame
from daifa.reports.output_file import writing


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old report\n")
    with pytest.raises(OSError, match="disk full"), writing(target) as (handle, _):
        handle.write(b"half of a new rep")
        raise OSError("disk full")
    assert not target.exists()


def test_an_interrupted_write_too(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(KeyboardInterrupt), writing(target) as (handle, _):
        handle.write(b"half")
        raise KeyboardInterrupt
    assert not target.exists()


def test_a_complete_write_keeps_the_files_permissions_and_goes_through_a_symlink(
    tmp_path: Path,
) -> None:
    real = tmp_path / "reports" / "out.csv"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    with writing(link) as (handle, _):
        handle.write(b"new\n")
    assert link.is_symlink() and real.read_bytes() == b"new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


@pytest.mark.parametrize("rows", [3, 30_000])  # Polars' own writer, and the word tables
def test_write_frame_leaves_a_whole_file_or_none(
    tmp_path: Path, rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    frame = pl.DataFrame(
        {
            "id": [str(i) for i in range(rows)],
            "status": pl.Series(["pass"] * rows, dtype=pl.Enum(["pass", "fail"])),
            "points": pl.Series([0.5] * rows, dtype=pl.Float32),
        }
    )
    target.write_bytes(b"a longer old report\n" * 100_000)
    write_frame(frame, target, include_bom=True)
    assert target.read_bytes() == b"\xef\xbb\xbf" + frame.write_csv().encode()

    class Broken(Exception):
        pass

    def written_then_broken(original: Any) -> Any:
        def write(*args: Any, **kwargs: Any) -> None:
            original(*args, **kwargs)  # every byte written, then the disk fails
            raise Broken

        return write

    for writer in ("_write_plain", "_write_words"):
        monkeypatch.setattr(csv_text, writer, written_then_broken(getattr(csv_text, writer)))
    with pytest.raises(Broken):
        write_frame(pl.concat([frame, frame]), target, include_bom=True)
    assert not target.exists()


def test_a_shorter_report_over_a_longer_one_ends_where_it_ends(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"a much longer old report\n" * 1000)
    with writing(target) as (handle, _):
        handle.write(b"new\n")
    assert target.read_bytes() == b"new\n"


def test_a_device_given_as_the_output_is_written_and_never_removed(tmp_path: Path) -> None:
    with writing("/dev/null") as (handle, _):
        handle.write(b"x" * 100)
    with pytest.raises(OSError, match="disk full"), writing("/dev/null") as (handle, _):
        raise OSError("disk full")
    assert Path("/dev/null").exists()
