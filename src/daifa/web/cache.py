"""The cache backends: Django's file cache listing its folder less often (pages),
and a per-process cache of objects (engine input frames).

Supplier pages and list pages are cached until the workspace's data or screening
changes (daifa.web.pagecache); a workspace
of 10,000 suppliers in two languages makes 20,000 entries and more. Django's
FileBasedCache lists its whole folder on every ``set`` to decide whether to
cull (about 25 ms at 20,000 files, paid by every page rendered for the first
time), and its default room, 300 entries, evicts pages a seller is still
going back and forth between. This backend checks on one ``set`` in
``CHECK_EVERY`` (option, default 100) per process, so the cache may overshoot
``MAX_ENTRIES`` by that many entries per process before it culls.

It also compresses at zlib's fastest level: the default level cost ~0.4 ms of
a page's first view (a 44 kB supplier page) for a tenth less on disk, and the
entries stay readable by Django's own backend (the same format).
"""

from __future__ import annotations

import itertools
import pickle
import zlib
from collections import OrderedDict
from threading import Lock
from typing import IO, TYPE_CHECKING, Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache


class PageFileCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:  # noqa: A002 (Django's name)
        super().__init__(dir, params)
        self._check_every = max(1, int(params.get("OPTIONS", {}).get("CHECK_EVERY", 100)))
        self._sets = itertools.count()

    def _cull(self) -> None:
        if next(self._sets) % self._check_every == 0:
            super()._cull()  # type: ignore[misc]  # django-stubs omit FileBasedCache._cull

    def _write_content(self, file: IO[bytes], timeout: Any, value: Any) -> None:
        # FileBasedCache._write_content at zlib level 1 (see the module's docstring).
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), 1))


class ObjectCache(LocMemCache):
    """Django's per-process memory cache, keeping the objects themselves.

    For values that are large and never changed in place (the engine's input
    frames): pickling a 40,000-offer frame on every read would cost about as
    much as the screening the cache saves. Bounded by ``MAX_ENTRIES`` like any
    Django cache; a value must not be mutated by whoever reads it.
    """

    if TYPE_CHECKING:  # LocMemCache's private members, which django-stubs leave out
        _cache: OrderedDict[str, Any]
        _lock: Lock

        def _has_expired(self, key: str) -> bool: ...
        def _set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> None: ...
        def _delete(self, key: str) -> bool: ...

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        raise NotImplementedError("ObjectCache keeps objects, not counters")
