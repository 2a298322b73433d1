"""The page cache: rendered HTML kept until the workspace's data or screening changes.

Views call :func:`cached_html` in one line; this module owns the keys, their
versions and the ``mark_safe``. Every key carries the workspace's
``data_version`` and ``screened_version`` (``daifa.accounts.versions``): a
write expires every page of its workspace, and so does a screening landing
(the page then shows the new verdict), with nothing to invalidate by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

# The shape of what is cached: a new shape must not meet an old entry.
SHAPE = "v5"
TIMEOUT = 3600


def workspace_key(workspace: Any) -> str:
    """The part of every key that expires with the workspace's data and screening.

    The creation time tells apart two workspaces that had the same id (a database
    rebuilt, or tests rolled back) while the cache kept the first one's pages."""
    created = workspace.created.timestamp() if workspace.created else 0
    return f"{workspace.pk}:{created}:{workspace.data_version}:{workspace.screened_version}"


def _key(workspace: Any, parts: tuple) -> str:
    return ":".join((SHAPE, workspace_key(workspace), *(str(p) for p in parts)))


def cached(workspace: Any, parts: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``'s value, kept under ``parts`` until the workspace changes."""
    key = _key(workspace, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def cached_page(workspace: Any, parts: tuple, compute: Callable[[], dict]) -> dict:
    """A cached dict whose ``*_html`` values are our own rendered HTML (marked safe here)."""
    value = cached(workspace, ("page", *parts), compute)
    return {k: mark_safe(v) if k.endswith("_html") else v for k, v in value.items()}


def cached_html(workspace: Any, parts: tuple, render: Callable[[], str]) -> SafeString:
    """HTML rendered by ``render()`` (a Django template: escaped there), kept under
    ``parts`` until the workspace changes. Only our own templates' output goes in."""
    return mark_safe(cached(workspace, ("html", *parts), render))
