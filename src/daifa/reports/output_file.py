"""An output file written whole or not at all.

A report is written to a new file beside its target and moved onto the target's
name only once every byte is in it: a screening that fails half-way (a full disk,
an interrupted command) leaves the last good output as it was, never half of a new
one, and never a stray temporary file.

The old file is removed before the new one takes its name, instead of being renamed
over: on ext4, renaming over an existing file (and truncating one to rewrite it)
makes the kernel allocate the new file's blocks there and then, seconds for a
half-gigabyte report, while a plain rename leaves that to the background writeback.
Between the two steps the name is briefly absent; its content is never partial.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def replacing(target: str | Path) -> Iterator[tuple[IO[bytes], Path]]:
    """``(handle, path)`` of a new file in ``target``'s folder; on leaving without an
    error it becomes ``target`` (with the old file's permissions, through a symlink
    to the file it names); on an error it is removed and ``target`` is untouched."""
    final = Path(os.path.realpath(target))
    fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, temporary
        try:
            mode = final.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(temporary, mode)
        with contextlib.suppress(FileNotFoundError):
            final.unlink()
        temporary.rename(final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def _umask() -> int:
    """The process's umask, read without setting it (os.umask sets it for every
    thread, and another thread may be creating a file at that moment)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022
