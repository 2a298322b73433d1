"""Changing a supplier's lifecycle stage, with the rules that guard each move."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from daifa.catalog.models import Supplier
from daifa.lifecycle.errors import StageChangeRefused
from daifa.lifecycle.models import Stage, StageChange, SupplierStage
from daifa.lifecycle.selectors import open_gates, supplier_stage
from daifa.text import Text

# Moves that say something is wrong with the supplier: the seller writes why.
NEEDS_REASON = {Stage.PROBATION, Stage.BLOCKED}
# Each stage's name in both languages, for messages built in both at once.
WORDS = {
    Stage.CANDIDATE: ("候选", "candidate"),
    Stage.VERIFYING: ("核实中", "verifying"),
    Stage.APPROVED: ("已批准", "approved"),
    Stage.PROBATION: ("观察期", "on probation"),
    Stage.BLOCKED: ("已停用", "blocked"),
}


def _stage(value: str | Stage) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        allowed = ", ".join(Stage.values)
        raise StageChangeRefused(
            f"Stage: “{value}” is not a stage (allowed: {allowed})",
            f"阶段：“{value}”不是有效阶段（可选：{allowed}）",
            field="to",
        ) from None


@transaction.atomic
def supplier_stage_change(
    *,
    supplier: Supplier,
    to: str | Stage,
    by: User | None,
    reason: str | Text = "",
    override: bool = False,
    at: datetime | None = None,
) -> StageChange:
    """Move ``supplier`` to stage ``to`` and log who, when and why.

    Approving needs every gate passed in the latest stored screening, or
    ``override=True`` with a written reason (kept on the change, with the gates
    that were open). Probation and blocked need a reason. A reason daifa writes
    is a ``Text`` (each page shows its own language); the seller's is a ``str``.
    Raises StageChangeRefused (zh and en) and stores nothing when a rule says no.
    """
    target = _stage(to)
    current = supplier_stage(supplier)
    reason_en = reason.en.strip() if isinstance(reason, Text) else ""
    reason = (reason.zh if isinstance(reason, Text) else reason or "").strip()
    if target == current:
        raise StageChangeRefused(
            f"Stage: the supplier is already “{WORDS[target][1]}”",
            f"阶段：该供应商已经是“{WORDS[target][0]}”",
            field="to",
        )
    gates: list[str] = []
    if target == Stage.APPROVED:
        found = open_gates(supplier)
        gates = ["screening"] if found is None else found
        if gates and not override:
            listed = ", ".join(gates)
            raise StageChangeRefused(
                "Approve: not every gate is passed in the latest screening "
                f"(open: {listed}); verify them first, or override with a written reason",
                f"批准：最近一次筛选中仍有门槛未通过（{listed}）；请先核实，或填写理由后强制批准",
                field="to",
            )
        if gates and not reason:
            raise StageChangeRefused(
                "Reason: an override needs a written reason (it stays visible on the supplier)",
                "理由：强制批准必须填写理由（理由会一直显示在供应商页面上）",
                field="reason",
            )
    if target in NEEDS_REASON and not reason:
        raise StageChangeRefused(
            f"Reason: moving the supplier to “{WORDS[target][1]}” needs a reason",
            f"理由：将供应商改为“{WORDS[target][0]}”必须填写理由",
            field="reason",
        )
    change = StageChange.objects.create(
        workspace=supplier.workspace,
        supplier=supplier,
        from_stage=current,
        to_stage=target,
        by=by,
        at=at or timezone.now(),
        reason=reason[:2000],
        reason_en=reason_en[:2000],
        override=bool(target == Stage.APPROVED and gates),
        open_gates=gates if target == Stage.APPROVED else [],
    )
    SupplierStage.objects.update_or_create(
        supplier=supplier,
        defaults={"workspace": supplier.workspace, "stage": target, "change": change},
    )
    return change


# Probation's exit rule: this many clean orders (on time, no claim) since entering.
PROBATION_CLEAN_ORDERS = 5


def supplier_probation_review(
    *,
    supplier: Supplier,
    breach: str = "",
    clean_orders: int = 0,
    by: User | None = None,
    at: datetime | None = None,
) -> StageChange | None:
    """The probation rule, fed by monitoring. Entry: an approved supplier with a
    ``breach`` (a KPI bound crossed, a claim refused; the text says which) goes on
    probation. Exit: a supplier on probation with ``clean_orders`` clean orders since
    then (at least PROBATION_CLEAN_ORDERS) is approved again, if its gates still pass.
    Returns the change made, or None when the rule moves nothing."""
    stage = supplier_stage(supplier)
    if stage == Stage.APPROVED and breach.strip():
        return supplier_stage_change(
            supplier=supplier, to=Stage.PROBATION, by=by, reason=breach, at=at
        )
    if stage == Stage.PROBATION and not breach.strip() and clean_orders >= PROBATION_CLEAN_ORDERS:
        try:
            return supplier_stage_change(
                supplier=supplier,
                to=Stage.APPROVED,
                by=by,
                reason=Text(
                    f"观察期内 {clean_orders} 单无问题", f"{clean_orders} clean orders on probation"
                ),
                at=at,
            )
        except StageChangeRefused:  # a gate no longer passes: probation goes on
            return None
    return None
