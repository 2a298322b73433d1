"""Reads of a supplier's lifecycle stage and of the verdict approval depends on."""

from __future__ import annotations

from django.db.models import QuerySet

from daifa.accounts.models import Workspace
from daifa.catalog.models import Supplier
from daifa.lifecycle.models import Stage, StageChange, SupplierStage


def supplier_stage(supplier: Supplier) -> Stage:
    """The supplier's current stage; candidate when it was never set."""
    stage = SupplierStage.objects.filter(supplier=supplier).values_list("stage", flat=True).first()
    return Stage(stage) if stage else Stage.CANDIDATE


def supplier_orderable(supplier: Supplier) -> bool:
    """Whether purchase orders may be placed with the supplier (not when blocked)."""
    return supplier_stage(supplier) != Stage.BLOCKED


def stage_timeline(supplier: Supplier) -> QuerySet[StageChange]:
    """Every stage change of the supplier, newest first, with who made it."""
    return StageChange.objects.filter(supplier=supplier).select_related("by").order_by("-at", "-id")


def current_change(supplier: Supplier) -> StageChange | None:
    """The change that set the current stage (its reason and override are shown)."""
    return stage_timeline(supplier).first()


def open_gates(supplier: Supplier) -> list[str] | None:
    """The gates the latest stored screening did not pass for the supplier (failed
    first, then unknown), or None when the supplier was never screened. Read from
    the stored verdict of the offer that stands for the supplier (its best row)."""
    from daifa.screening.models import ScreenRow

    row = (
        ScreenRow.objects.filter(supplier=supplier, is_best__in=[True])
        .values_list("blocking", "to_verify")
        .first()
    )
    if row is None:
        return None
    blocking, to_verify = row
    return [*blocking, *(g for g in to_verify if g not in blocking)]


def stages_of(workspace: Workspace) -> dict[int, str]:
    """Supplier pk → stage for the workspace's suppliers that have one set."""
    return dict(
        SupplierStage.objects.filter(workspace=workspace).values_list("supplier_id", "stage")
    )
