"""The page cache: Django's file cache, listing its folder less often.

Supplier pages and list pages are cached until the next screening; a workspace
of 10,000 suppliers in two languages makes 20,000 entries and more. Django's
FileBasedCache lists its whole folder on every ``set`` to decide whether to
cull (about 25 ms at 20,000 files, paid by every page rendered for the first
time), and its default room, 300 entries, evicts pages a seller is still
going back and forth between. This backend checks on one ``set`` in
``CHECK_EVERY`` (option, default 100) per process, so the cache may overshoot
``MAX_ENTRIES`` by that many entries per process before it culls.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


class PageFileCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:  # noqa: A002 (Django's name)
        super().__init__(dir, params)
        self._check_every = max(1, int(params.get("OPTIONS", {}).get("CHECK_EVERY", 100)))
        self._sets = itertools.count()

    def _cull(self) -> None:
        if next(self._sets) % self._check_every == 0:
            super()._cull()
