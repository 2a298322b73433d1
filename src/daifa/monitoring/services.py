"""Writes of monitoring: settings, alerts (with their outbox row), probation and
the screening snapshot at approval. Keyword-only, ``<entity>_<action>``."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, overload

import polars as pl
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer, Supplier
from daifa.engine.profile import Profile
from daifa.lifecycle.models import Stage
from daifa.lifecycle.selectors import supplier_stage
from daifa.lifecycle.services import supplier_stage_change
from daifa.monitoring import stats
from daifa.monitoring.models import (
    Alert,
    ApprovalSnapshot,
    Delivery,
    MonitorSettings,
    Probation,
)
from daifa.monitoring.orders import orders_frame
from daifa.monitoring.selectors import (
    KPI_LABELS,
    platform_rates,
    settings_of,
    window_of,
    workspace_profile,
)
from daifa.text import Text

if TYPE_CHECKING:
    from daifa.monitoring.sheet import Problem

log = logging.getLogger(__name__)


def settings_save(*, workspace: Workspace, **fields: Any) -> MonitorSettings:
    stored, _ = MonitorSettings.objects.get_or_create(workspace=workspace)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.save()
    return stored


# -- alerts -----------------------------------------------------------------------------


def alert_raise(
    *,
    workspace: Workspace,
    event_key: str,
    rule: str,
    title: tuple[str, str],
    evidence: tuple[str, str],
    action: tuple[str, str],
    link: str = "",
    supplier: Supplier | None = None,
    offer: Offer | None = None,
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Alert | None:
    """The alert of one event with its outbox row, or None when that event has one.

    The unique (workspace, event_key) makes this safe to call again and again,
    from several workers: one event, one alert, one delivery.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                workspace=workspace, event_key=event_key[:200], rule=rule,
                supplier=supplier, offer=offer,
                title_zh=title[0][:300], title_en=title[1][:300],
                evidence_zh=evidence[0], evidence_en=evidence[1],
                action_zh=action[0][:300], action_en=action[1][:300],
                link=link, evidence=data or {}, created_at=now,
            )  # fmt: skip
            Delivery.objects.create(alert=alert, next_try_at=now)
    except IntegrityError:
        return None
    return alert


def alert_set_state(*, alert: Alert, state: str) -> Alert:
    alert.state = state
    alert.changed_at = timezone.now()
    alert.save(update_fields=["state", "changed_at"])
    return alert


def _pct(value: float | None) -> str:
    return "?" if value is None else f"{value * 100:.1f}%"


def _kpi_alert(
    workspace: Workspace, supplier: Supplier, k: stats.Kpi, now: datetime
) -> Alert | None:
    zh, en = KPI_LABELS[k.kpi]
    op_en = "above" if k.kpi != "kpi_on_time_ship_rate" else "below"
    op_zh = "高于" if k.kpi != "kpi_on_time_ship_rate" else "低于"
    bound = k.lower if op_en == "above" else k.upper
    threshold = f"{k.threshold:g}%"
    # A new breach after the last one was resolved is a new event.
    episode = Alert.objects.filter(
        workspace=workspace, event_key__startswith=f"kpi_breach:{supplier.pk}:{k.kpi}:",
        state=Alert.State.RESOLVED,
    ).count()  # fmt: skip
    link = reverse("supplier_detail", args=[workspace.pk, supplier.pk])
    return alert_raise(
        workspace=workspace,
        event_key=f"kpi_breach:{supplier.pk}:{k.kpi}:{episode}",
        rule="kpi_breach",
        supplier=supplier,
        title=(
            f"{supplier.name or supplier.external_id}：{zh}超出阈值",
            f"{supplier.name or supplier.external_id}: {en.lower()} breaches its threshold",
        ),
        evidence=(
            f"{k.events} / {k.n} 单（有效 {k.n_eff:.1f} 单，按时间衰减），比率 {_pct(k.rate)}，"
            f"95% 区间 {_pct(k.lower)}–{_pct(k.upper)}（Clopper–Pearson）；"
            f"保守界 {_pct(bound)} {op_zh}阈值 {threshold}",
            f"{k.events} of {k.n} orders (effective {k.n_eff:.1f}, decayed), rate {_pct(k.rate)}, "
            f"95% interval {_pct(k.lower)}–{_pct(k.upper)} (Clopper–Pearson); even the "
            f"conservative bound {_pct(bound)} is {op_en} the threshold {threshold}",
        ),
        action=(
            "已转为观察期；与供应商复盘，必要时索赔或切换到备选供应商",
            "Moved to probation; review with the supplier, claim, or switch to the backup",
        ),
        link=link,
        data=k.as_dict(),
        now=now,
    )


def _overdue_alerts(
    workspace: Workspace, frame: pl.DataFrame, profile: Profile, now_naive: datetime, now: datetime
) -> int:
    out = stats.outcomes(frame, profile, now_naive)
    overdue = out.filter(pl.col("overdue") & pl.col("status").is_null())
    created = 0
    default = float(profile.criterion("pickup_sla_hours").rule.good or 24.0)
    for row in overdue.iter_rows(named=True):
        hours = row["promised_pickup_hours"] or default
        waited = (now_naive - row["ordered_at"]).total_seconds() / 3600.0
        supplier = Supplier.objects.filter(pk=row["supplier_pk"]).first()
        link = (
            reverse("supplier_detail", args=[workspace.pk, supplier.pk])
            if supplier
            else reverse("sourcing:orders", args=[workspace.pk])
        )
        if alert_raise(
            workspace=workspace,
            event_key=f"overdue_pickup:{row['order_id']}",
            rule="overdue_pickup",
            supplier=supplier,
            title=(f"订单 {row['order_id']} 超时未揽收", f"Order {row['order_id']} not picked up"),
            evidence=(
                f"付款后已 {waited:.0f} 小时，约定 {hours:g} 小时内揽收",
                f"{waited:.0f} hours since payment; pickup was agreed within {hours:g} hours",
            ),
            action=(
                "催促发货，按协议申请超时赔付",
                "Chase the supplier; claim the late-pickup compensation",
            ),
            link=link,
            data={"order_id": row["order_id"], "hours": hours, "waited": round(waited, 1)},
            now=now,
        ):
            created += 1
    return created


def alerts_evaluate(*, workspace: Workspace, now: datetime | None = None) -> list[Alert]:
    """Raise the alerts the stored orders call for, and move suppliers in and out
    of probation. Safe to run again: every event has one alert."""
    now = now or timezone.now()
    settings = settings_of(workspace)
    window = window_of(workspace, now)
    profile = workspace_profile(workspace)
    frame = orders_frame(workspace)
    before = set(Alert.objects.filter(workspace=workspace).values_list("pk", flat=True))
    suppliers = {s.external_id: s for s in Supplier.objects.filter(workspace=workspace)}
    if frame.height:
        rates = platform_rates(workspace)
        found = stats.kpis(frame, profile, window, platform_rates=rates)
        breaches = [k for k in found if k.status == "fail"]
        if settings.rule("kpi_breach")["enabled"]:
            for k in breaches:
                if k.key in suppliers:
                    _kpi_alert(workspace, suppliers[k.key], k, now)
                    probation_enter(workspace=workspace, supplier=suppliers[k.key], kpi=k, now=now)
        if settings.rule("overdue_pickup")["enabled"]:
            _overdue_alerts(workspace, frame, profile, window.as_of, now)
        probation_review(workspace=workspace, frame=frame, profile=profile, now=now)
        snapshots_take_missing(workspace=workspace, frame=frame, now=now)
        from daifa.monitoring.watch import watches_ensure

        watches_ensure(workspace=workspace, offer_ids=set(frame["offer_id"].drop_nulls()))
    from daifa.monitoring.other_rules import other_alerts

    other_alerts(workspace=workspace, settings=settings, now=now)
    return list(Alert.objects.filter(workspace=workspace).exclude(pk__in=before))


# -- probation --------------------------------------------------------------------------


def _lifecycle_change(
    supplier: Supplier, stage: str, reason: Text, at: datetime, *, only_from: tuple[str, ...] = ()
) -> None:
    """Move the supplier's lifecycle stage (daifa.lifecycle).

    Entering probation leaves a blocked supplier blocked; leaving it only moves a
    supplier that is still on probation (the seller may have blocked it meanwhile).
    """
    current = supplier_stage(supplier)
    if current == stage or (only_from and current not in only_from):
        return
    try:
        # Leaving probation is earned by clean orders, not by the screening's gates:
        # the override (with the reason) says so on the timeline.
        supplier_stage_change(
            supplier=supplier, to=Stage(stage), by=None, reason=reason, at=at,
            override=stage == Stage.APPROVED,
        )  # fmt: skip
    except Exception:  # a refused move must not lose the alert or the probation record
        log.exception("lifecycle refused %s for supplier %s", stage, supplier.pk)


def probation_enter(
    *, workspace: Workspace, supplier: Supplier, kpi: stats.Kpi, now: datetime
) -> Probation | None:
    if Probation.objects.filter(supplier=supplier, ended_at__isnull=True).exists():
        return None
    zh, en = KPI_LABELS[kpi.kpi]
    try:
        with transaction.atomic():
            probation = Probation.objects.create(
                workspace=workspace, supplier=supplier, kpi=kpi.kpi, started_at=now,
                reason_zh=f"{zh}超出阈值：{kpi.events}/{kpi.n}，"
                f"区间 {_pct(kpi.lower)}–{_pct(kpi.upper)}",
                reason_en=f"{en} breached: {kpi.events}/{kpi.n}, interval "
                f"{_pct(kpi.lower)}–{_pct(kpi.upper)}",
            )  # fmt: skip
    except IntegrityError:
        return None
    _lifecycle_change(
        supplier, "probation", probation.reason, now,
        only_from=("candidate", "verifying", "approved"),
    )  # fmt: skip
    return probation


def clean_orders_since(
    frame: pl.DataFrame, profile: Profile, supplier_pk: int, start: datetime, as_of: datetime
) -> int:
    """Orders after ``start`` that were picked up on time and had no return, no
    stock-out cancellation and no dispute."""
    out = stats.outcomes(frame.filter(pl.col("supplier_pk") == supplier_pk), profile, as_of)
    clean = out.filter(
        (pl.col("ordered_at") > start)
        & (pl.col("y_on_time") == 1.0)
        & (pl.col("y_returned") == 0.0)
        & (pl.col("y_no_stock") == 0.0)
        & (pl.col("y_disputed") == 0.0)
    )
    return clean.height


def probation_review(
    *, workspace: Workspace, frame: pl.DataFrame, profile: Profile, now: datetime
) -> list[Probation]:
    """End the probations whose supplier has had N clean orders since they began."""
    needed = settings_of(workspace).clean_orders_to_exit
    as_of = window_of(workspace, now).as_of
    ended = []
    for probation in Probation.objects.filter(workspace=workspace, ended_at__isnull=True):
        start = (
            probation.started_at.replace(tzinfo=None)
            if probation.started_at.tzinfo
            else probation.started_at
        )
        clean = clean_orders_since(frame, profile, probation.supplier_id, start, as_of)
        if clean >= needed:
            probation.ended_at = now
            probation.end_reason = f"观察期后 {clean} 单无问题"
            probation.end_reason_en = f"{clean} clean orders since probation began"
            probation.save(update_fields=["ended_at", "end_reason", "end_reason_en"])
            _lifecycle_change(
                probation.supplier, "approved", probation.end_text, now, only_from=("probation",)
            )
            ended.append(probation)
    return ended


# -- snapshots for calibration -----------------------------------------------------------


def snapshot_take(*, supplier: Supplier, now: datetime | None = None) -> ApprovalSnapshot | None:
    """Keep the supplier's screening (its best offer's verdict) as it is now."""
    from daifa.screening.verdicts import best_verdict

    verdict = best_verdict(supplier)
    if verdict is None:
        return None
    statuses = {c.id: c.status or "unknown" for c in verdict.criteria}
    snapshot, _ = ApprovalSnapshot.objects.get_or_create(
        supplier=supplier,
        defaults={
            "workspace_id": supplier.workspace_id,
            "taken_at": now or timezone.now(),
            "statuses": statuses,
            "score": verdict.score,
            "grade": str(verdict.grade or "")[:4],
        },
    )
    return snapshot


def snapshots_take_missing(
    *, workspace: Workspace, frame: pl.DataFrame, now: datetime | None = None
) -> int:
    """A supplier the seller orders from was approved. Without a snapshot taken at
    approval (by the lifecycle), one is taken now, dated just before its first
    order: the screening as it stands is the best record left of why it was chosen."""
    from datetime import UTC

    first = (
        frame.filter(pl.col("supplier_pk").is_not_null() & pl.col("ordered_at").is_not_null())
        .group_by("supplier_pk")
        .agg(pl.col("ordered_at").min())
    )
    have = set(
        ApprovalSnapshot.objects.filter(workspace=workspace).values_list("supplier_id", flat=True)
    )
    taken = 0
    for pk, at in first.iter_rows():
        if pk in have:
            continue
        supplier = Supplier.objects.filter(pk=pk).first()
        when = at.replace(tzinfo=UTC) - timedelta(seconds=1)
        taken += supplier is not None and snapshot_take(supplier=supplier, now=when) is not None
    return taken


def monitor_refresh(
    *, workspace: Workspace, now: datetime | None = None, screen: bool = True
) -> list[Alert]:
    """After orders changed (import, sync, demo): screen again so the kpi_* criteria
    see them, then raise alerts and deliver them."""
    if screen:
        from daifa.screening.services import screening_refresh

        screening_refresh(workspace=workspace)
    created = alerts_evaluate(workspace=workspace, now=now)
    from daifa.monitoring.selectors import workspace_kpis

    workspace_kpis(workspace)  # warm: the dashboard and supplier pages read them next
    return created


# -- orders from a sheet ------------------------------------------------------------------


@overload
def _aware(value: datetime, zone: tzinfo) -> datetime: ...
@overload
def _aware(value: None, zone: tzinfo) -> None: ...
def _aware(value: datetime | None, zone: tzinfo) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=zone)


def _timeline_fields(
    r: dict[str, Any], supplier: Supplier, ordered: datetime, picked: datetime | None
) -> dict[str, Any]:
    """The order's timeline fields for one sheet row."""
    status = r.get("status")
    settled = picked or ordered
    days = r.get("after_sales_days")
    fields = {
        "source": "sheet",
        "picked_up_at": picked,
        "disputed": bool(r.get("disputed")) or status == "disputed",
        "after_sales_days": days,
        "returned_at": settled + timedelta(days=days or 0)
        if (r.get("returned") or status == "returned")
        else None,
        "cancelled_at": ordered if status == "cancelled_no_stock" else None,
        "cancel_reason": "no_stock" if status == "cancelled_no_stock" else "",
        "delivered_at": settled if status == "delivered" else None,
        "pickup_due_at": ordered + timedelta(hours=r["promised_pickup_hours"])
        if r.get("promised_pickup_hours") is not None
        else None,
    }
    if r.get("offer_id"):
        fields["offer"] = Offer.objects.filter(supplier=supplier, external_id=r["offer_id"]).first()
    return fields


def orders_store(
    *, workspace: Workspace, rows: list[dict[str, Any]], source: str = "sheet"
) -> tuple[int, int, list[Problem]]:
    """Store order rows (from ``sheet.read_orders`` or the demo) as purchase orders.

    Returns (created, updated, problems). Rows naming a supplier the workspace does
    not have are problems; then nothing is stored.
    """
    from daifa.monitoring.sheet import Problem
    from daifa.sourcing.models import PurchaseOrder

    ids = {r["supplier_id"] for r in rows}
    suppliers = {
        s.external_id: s for s in Supplier.objects.filter(workspace=workspace, external_id__in=ids)
    }
    problems = [
        Problem(
            i,
            "supplier_id",
            r["supplier_id"],
            "no such supplier in this workspace; import it first",
            "本工作区没有这个供应商，请先导入",
        )  # fmt: skip
        for i, r in enumerate(rows, start=2)
        if r["supplier_id"] not in suppliers
    ]
    if problems:
        return 0, 0, problems
    zone = workspace.zone
    now = timezone.now()
    created = updated = 0
    from daifa.monitoring.signals import muted

    with transaction.atomic(), muted():
        for r in rows:
            ordered = _aware(r["ordered_at"], zone)
            picked = _aware(r.get("picked_up_at"), zone)
            extra = {
                "source": source,
                "offer": r.get("offer_id"),
                "status": r.get("status"),
                "returned": bool(r.get("returned")),
                "disputed": bool(r.get("disputed")),
                "after_sales_days": r.get("after_sales_days"),
                "promised_pickup_hours": r.get("promised_pickup_hours"),
                "picked_up_at": picked.isoformat() if picked else None,
            }
            defaults = {
                "supplier": suppliers[r["supplier_id"]],
                "created_at": ordered,
                "paid_at": ordered,
                "shipped_at": picked,
                "raw": {"daifa": extra},
                "synced_at": now,
            }
            defaults.update(_timeline_fields(r, suppliers[r["supplier_id"]], ordered, picked))
            _, was_created = PurchaseOrder.objects.update_or_create(
                workspace=workspace, order_id=r["order_id"], defaults=defaults
            )
            created += was_created
            updated += not was_created
    return created, updated, []
