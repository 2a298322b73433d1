"""An output file that is complete or absent, never half-written.

A report is written under its own name, and removed again if the write fails (a
full disk, an interrupted command): no half of a report is left for the seller to
open as if it were whole. The previous file of that name is overwritten, as the
seller asked; it is not kept until the new one is complete, because that costs a
second copy of the report in memory and, for a half-gigabyte CSV, 0.5-1 s more of
system time to write it (measured against overwriting in place, alternated runs).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def writing(target: str | Path) -> Iterator[tuple[IO[bytes], Path]]:
    """``(handle, path)`` of ``target`` opened for writing (through a symlink, keeping
    an existing file's permissions); on an error the partial file is removed."""
    path = Path(target)
    handle = path.open("wb")
    try:
        with handle:
            yield handle, path
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
