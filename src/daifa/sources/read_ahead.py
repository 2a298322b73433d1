"""A file's bytes read on a thread while the command starts.

``daifa screen big.csv`` spends its first few hundred milliseconds importing the
engine (Python, one core); reading a file of hundreds of megabytes is a system call
that needs no interpreter lock. :func:`read_ahead` starts that read at once, and the
reader takes the bytes with :func:`file_bytes` when it gets there. The bytes are
used only if the file is still the one that was read (same size and modification
time); otherwise, or when nothing was read ahead, the file is read then.

Imports nothing of daifa's: the command calls it before its heavy imports.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from pathlib import Path

_Key = tuple[str, int, int]
_ahead: dict[str, tuple[_Key, Future[bytes]]] = {}
_lock = threading.Lock()


def _key(path: Path) -> _Key:
    status = os.stat(path)
    return (os.path.realpath(path), status.st_size, status.st_mtime_ns)


def read_ahead(path: Path) -> None:
    """Start reading ``path`` on a thread (nothing if it cannot be stat'ed)."""
    try:
        key = _key(path)
    except OSError:
        return
    future: Future[bytes] = Future()

    def read() -> None:
        try:
            future.set_result(Path(key[0]).read_bytes())
        except BaseException as exc:  # handed to the reader, who reads again
            future.set_exception(exc)

    with _lock:
        _ahead[key[0]] = (key, future)
    threading.Thread(target=read, name="daifa-read-ahead", daemon=True).start()


def file_bytes(path: Path) -> bytes:
    """``path.read_bytes()``, from the read started ahead when it is the same file."""
    with _lock:
        found = _ahead.pop(os.path.realpath(path), None)
    if found is not None:
        try:
            key = _key(path)
            data = found[1].result() if found[0] == key else None
        except Exception:
            data = None
        if data is not None and _key(path) == key:
            return data
    return path.read_bytes()  # or raises the error the caller expects


def forget(path: Path) -> None:
    """Drop bytes read ahead and not used (the file went another way)."""
    with _lock:
        _ahead.pop(os.path.realpath(path), None)
