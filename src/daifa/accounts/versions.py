"""A workspace's data version: one number that every write of screening input bumps.

The lowest layer owns the number so that every app can bump it inside its own
write transaction without knowing who reacts: the pages key their caches on it
(``daifa.web.pagecache``) and the workbench re-screens what changed
(``daifa.workbench.actions.suppliers_changed``).

* ``data_version``: bumped by every write (:func:`data_version_bump`);
* ``screened_version``: the data version the stored screening reflects
  (advanced by the screening's stores, :func:`screened_version_advance`);
* ``queued_version``: the data version a queued whole-workspace screening was
  asked for (:func:`queued_version_set`).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from daifa.accounts.models import Workspace


def data_version_bump(*, workspace: Workspace) -> int:
    """Add one to the workspace's data version (in the caller's transaction, if
    any) and return the new value; ``workspace`` is updated in place."""
    with transaction.atomic():
        Workspace.objects.filter(pk=workspace.pk).update(data_version=F("data_version") + 1)
        workspace.data_version = (
            Workspace.objects.filter(pk=workspace.pk).values_list("data_version", flat=True).get()
        )
    return workspace.data_version


def versions_of(workspace: Workspace) -> tuple[int, int, int]:
    """(data, screened, queued) versions as stored now (not as ``workspace`` was read)."""
    return (
        Workspace.objects.filter(pk=workspace.pk)
        .values_list("data_version", "screened_version", "queued_version")
        .get()
    )


def screened_version_advance(*, workspace: Workspace, version: int, whole: bool) -> bool:
    """Record that the stored screening reflects the data at ``version``.

    Never moves back (a slower, older screening finishing last). A screening of
    some suppliers (``whole=False``) answers their change only: it may claim
    ``version`` only when no whole-workspace screening is still due.
    """
    rows = Workspace.objects.filter(pk=workspace.pk, screened_version__lt=version)
    if not whole:
        rows = rows.filter(queued_version__lte=F("screened_version"))
    updated = rows.update(screened_version=version)
    if updated:
        workspace.screened_version = version
    return bool(updated)


def queued_version_set(*, workspace: Workspace, version: int) -> None:
    Workspace.objects.filter(pk=workspace.pk, queued_version__lt=version).update(
        queued_version=version
    )
