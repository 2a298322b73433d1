"""The data directory is the seller's alone: folder 0700, database and uploads 0600.

Under the usual umask 022 SQLite and ``open()`` create files any local user can
read (0644), and the database holds the seller's suppliers and 1688 account.
SQLite gives its -wal and -shm files the database file's own mode, so making
the database 0600 before the first connection covers all three.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(DIR_MODE)  # made by an older version, or by hand
    return path


def private_sqlite(database: Path) -> None:
    """Create (or tighten) the database file and its WAL/SHM files as 0600."""
    if str(database) == ":memory:" or str(database).startswith("file:"):
        return
    private_dir(database.parent)
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(FILE_MODE)


def open_private(path: Path) -> BinaryIO:
    """``path`` opened for writing bytes, created 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    return os.fdopen(fd, "wb")
