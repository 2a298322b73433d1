"""The one place a finished check asks for a new verdict.

Re-screens the supplier (with its product groups) now, through the workbench's
single "data changed → re-screen" path, so the page the seller is sent to after
a check shows the new verdict (a queued screening would show the old one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from daifa.catalog.models import Supplier


def check_recorded(supplier: Supplier) -> None:
    from daifa.workbench.actions import suppliers_changed

    suppliers_changed(workspace=supplier.workspace, supplier_ids=[supplier.pk])
