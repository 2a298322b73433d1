"""The page cache: rendered HTML kept until the workspace's data or screening changes.

Views call :func:`cached_html` in one line; this module owns the keys, their
versions and the ``mark_safe``. Every key carries the workspace's
``data_version`` and ``screened_version`` (``daifa.accounts.versions``): a
write expires every page of its workspace, and so does a screening landing
(the page then shows the new verdict), with nothing to invalidate by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace

# The shape of what is cached: a new shape must not meet an old entry.
SHAPE = "v5"
TIMEOUT = 3600


def workspace_key(workspace: Workspace) -> str:
    """The part of every key that expires with the workspace's data and screening.

    The creation time tells apart two workspaces that had the same id (a database
    rebuilt, or tests rolled back) while the cache kept the first one's pages."""
    created = workspace.created.timestamp() if workspace.created else 0
    return f"{workspace.pk}:{created}:{workspace.data_version}:{workspace.screened_version}"


def _key(workspace: Workspace, parts: tuple[object, ...]) -> str:
    return ":".join((SHAPE, workspace_key(workspace), *(str(p) for p in parts)))


def cached(workspace: Workspace, parts: tuple[object, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``'s value, kept under ``parts`` until the workspace changes."""
    key = _key(workspace, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def cached_page(
    workspace: Workspace, parts: tuple[object, ...], compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """A cached dict whose ``*_html`` values are our own rendered HTML (marked safe here)."""
    value = cached(workspace, ("page", *parts), compute)
    return {k: mark_safe(v) if k.endswith("_html") else v for k, v in value.items()}


def cached_html(
    workspace: Workspace, parts: tuple[object, ...], render: Callable[[], str]
) -> SafeString:
    """HTML rendered by ``render()`` (a Django template: escaped there), kept under
    ``parts`` until the workspace changes. Only our own templates' output goes in."""
    html: str = cached(workspace, ("html", *parts), render)
    return mark_safe(html)
