"""Per-process memory of reads the list's first views need, kept until the
workspace changes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    """``compute()``'s value, kept in this process until the workspace changes.

    Computed once when several threads ask at once: a fresh worker's first views
    arrive together, and each computing the same read (the search texts of 10,000
    suppliers, 80 ms) multiplied a first view's cost by the worker's threads."""
    key = (workspace_key(workspace), *parts)
    try:
        return cast(T, _REMEMBERED[key])
    except KeyError:
        pass
    with _computing(key):
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


# One lock per key being computed: the other threads wait for its value.
_COMPUTING: dict[tuple[object, ...], threading.Lock] = {}


@contextmanager
def _computing(key: tuple[object, ...]) -> Iterator[None]:
    with _WRITING:
        lock = _COMPUTING.setdefault(key, threading.Lock())
    try:
        with lock:
            yield
    finally:
        with _WRITING:
            if _COMPUTING.get(key) is lock and not lock.locked():
                del _COMPUTING[key]


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
    if found is not None:
        return found
    with _computing(key):
        found = _ID_LISTS.get(key)
        if found is None:
            found = compute()
            with _WRITING:  # gunicorn's threads: no other write while one walks the keys
                while len(_ID_LISTS) >= _ID_LISTS_MAX:
                    _ID_LISTS.pop(next(iter(_ID_LISTS)), None)
                _ID_LISTS[key] = found
    return found


def forget_ids(workspace: Workspace, parts: tuple[object, ...]) -> None:
    """Drop the ids :func:`remembered_ids` keeps for ``parts``: they were found stale."""
    with _WRITING:
        _ID_LISTS.pop((workspace_key(workspace), *parts), None)


def forget(workspace: Workspace, *prefixes: tuple[object, ...]) -> None:
    """Drop what :func:`remembered` keeps for the workspace's current versions
    under parts starting with any of ``prefixes`` (found stale)."""
    current = workspace_key(workspace)
    with _WRITING:
        for key in list(_REMEMBERED):
            if key[0] == current and any(key[1 : 1 + len(p)] == p for p in prefixes):
                _REMEMBERED.pop(key, None)


# Drawn widgets of the list's filter form (daifa.screening.views): many small
# entries, apart from the reads above so that they never push those out.
_WIDGETS: dict[tuple[object, ...], str] = {}
_WIDGETS_MAX = 8192  # ~120 a workspace warmed (daifa serve warms 16)


def remembered_widget(
    workspace: Workspace, parts: tuple[object, ...], draw: Callable[[], str]
) -> str:
    """``draw()``'s HTML, kept in this process until the workspace changes (all of
    them dropped at once when there are too many: each is cheap to draw again)."""
    key = (workspace_key(workspace), *parts)
    found = _WIDGETS.get(key)
    if found is None:
        found = draw()
        with _WRITING:
            if len(_WIDGETS) >= _WIDGETS_MAX:
                _WIDGETS.clear()
            _WIDGETS[key] = found
    return found
