"""Per-process memory of reads the list's first views need, kept until the
workspace changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from daifa.web.pagecache import workspace_key

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace

T = TypeVar("T")
_WRITING = threading.Lock()

# Per-process memory of small reads every first view of the list needs (its
# categories, the profile's flag and gate labels): keyed like the page cache by
# the workspace's data and screening versions, so a write or a screening landing
# makes a new key. Not the page cache: emptying that must not cost these reads
# again on every page (3.5 ms of SQL for the categories of 40,000 offers).
_REMEMBERED: dict[tuple[object, ...], Any] = {}
_REMEMBERED_MAX = 256


def remembered(workspace: Workspace, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``'s value, kept in this process until the workspace changes."""
    key = (workspace_key(workspace), *parts)
    try:
        return cast(T, _REMEMBERED[key])
    except KeyError:
        pass
    value = compute()
    with _WRITING:
        if len(_REMEMBERED) >= _REMEMBERED_MAX:
            _REMEMBERED.clear()  # old versions' entries: simplest to drop them all
        _REMEMBERED[key] = value
    return value


# Whole id lists of the list's queries (up to one per supplier each): fewer of them.
_ID_LISTS: dict[tuple[object, ...], list[int]] = {}
_ID_LISTS_MAX = 16


def remembered_ids(
    workspace: Workspace, parts: tuple[object, ...], compute: Callable[[], list[int]]
) -> list[int]:
    """``compute()``'s ids, kept in this process until the workspace changes (the
    oldest of them dropped first)."""
    key = (workspace_key(workspace), *parts)
    found = _ID_LISTS.get(key)
    if found is None:
        found = compute()
        with _WRITING:  # gunicorn's threads: no other write while one walks the keys
            while len(_ID_LISTS) >= _ID_LISTS_MAX:
                _ID_LISTS.pop(next(iter(_ID_LISTS)), None)
            _ID_LISTS[key] = found
    return found
