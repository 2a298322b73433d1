"""Reads for the monitoring pages, the CLI and the supplier page's panel (no writes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.catalog.models import Supplier
from daifa.engine.profile import Profile
from daifa.monitoring import stats
from daifa.monitoring.models import Alert, MonitorSettings, Probation
from daifa.monitoring.orders import orders_frame

KPI_LABELS: dict[str, tuple[str, str]] = {
    "kpi_return_rate": ("退货率", "Return rate"),
    "kpi_on_time_ship_rate": ("按时揽收率", "On-time pickup rate"),
    "kpi_oversell_rate": ("缺货取消率", "Cancelled for no stock"),
    "kpi_dispute_rate": ("订单纠纷率", "Order dispute rate"),
    "kpi_after_sales_days": ("售后处理天数", "Days to settle after-sales"),
}


# 1688's own 30-day rates that stand for a KPI (as the 1688 sync stores them in an
# observation's ``raw``, in %), the closest first. Nothing 1688 states matches the
# oversell or dispute KPIs; those keep the workspace prior.
PLATFORM_RATES: dict[str, tuple[str, ...]] = {
    "kpi_return_rate": ("quality_return_30d_pct", "quality_refund_30d_pct"),  # 品质退货/退款率
    "kpi_on_time_ship_rate": ("pickup_within_24h_30d_pct", "collect_within_48h_30d_pct"),
}


def platform_rates(workspace: Workspace) -> dict[str, dict[str, float]]:
    """Per supplier (external id), 1688's own 30-day rate (a fraction) for the KPIs it
    states, from the newest 1688 observation that has it."""
    from daifa.catalog.models import Observation

    wanted = {name for names in PLATFORM_RATES.values() for name in names}
    found: dict[str, dict[str, float]] = {}
    seen: set[tuple[str, str]] = set()
    rows = (
        Observation.objects.filter(workspace=workspace, kind=Observation.Kind.API)
        .exclude(raw={})
        .order_by("-observed_at", "-recorded_at")
        .values_list("supplier__external_id", "raw")
    )
    for supplier, raw in rows.iterator():
        if not isinstance(raw, dict) or not wanted & raw.keys():
            continue
        for kpi, names in PLATFORM_RATES.items():
            if (supplier, kpi) in seen:
                continue
            value = next((raw[n] for n in names if isinstance(raw.get(n), int | float)), None)
            if value is not None and 0 <= value <= 100:
                found.setdefault(supplier, {})[kpi] = float(value) / 100.0
                seen.add((supplier, kpi))
    return found


def settings_of(workspace: Workspace) -> MonitorSettings:
    """The workspace's settings; the defaults (unsaved) when none are stored."""
    found = MonitorSettings.objects.filter(workspace=workspace).first()
    return found or MonitorSettings(workspace=workspace)


def now_naive(now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    return now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now


def window_of(workspace: Workspace, now: datetime | None = None) -> stats.Window:
    s = settings_of(workspace)
    return stats.Window(now_naive(now), s.window_days, s.half_life_days)


def workspace_profile(workspace: Workspace) -> Profile:
    from daifa.screening.inputs import workspace_profile as profile

    return profile(workspace)


def workspace_kpis(
    workspace: Workspace,
    *,
    by: str = "supplier_id",
    now: datetime | None = None,
    frame: pl.DataFrame | None = None,
) -> list[stats.Kpi]:
    if frame is None and now is None and by == "supplier_id":
        return _cached_kpis(workspace)
    frame = orders_frame(workspace) if frame is None else frame
    rates = platform_rates(workspace) if by == "supplier_id" else None
    return stats.kpis(
        frame, workspace_profile(workspace), window_of(workspace, now), by=by, platform_rates=rates
    )


def _orders_stamp(workspace: Workspace) -> str:
    """Changes whenever an order, the settings or the profile (re-screening) change."""
    from django.db.models import Count, Max

    from daifa.web.pagecache import workspace_key

    found = workspace.purchase_orders.aggregate(n=Count("id"), at=Max("synced_at"), pk=Max("id"))
    settings = settings_of(workspace)
    updated = settings.updated.timestamp() if settings.updated else 0
    return f"{found['n']}:{found['at']}:{found['pk']}:{updated}:{workspace_key(workspace)}"


def _cached_kpis(workspace: Workspace) -> list[stats.Kpi]:
    """The workspace's supplier KPIs, computed once per change of its orders, settings or
    profile, and at most an hour old (the decay and the overdue clock move with time):
    the dashboard and every supplier page read them."""
    from django.core.cache import cache

    hour = int(timezone.now().timestamp() // 3600)
    import hashlib

    stamp = hashlib.sha256(f"{_orders_stamp(workspace)}:{hour}".encode()).hexdigest()[:32]
    key = f"monitoring:kpis:v2:{workspace.pk}:{stamp}"
    found: list[stats.Kpi] | None = cache.get(key)
    if found is None:
        frame = orders_frame(workspace)
        found = stats.kpis(
            frame,
            workspace_profile(workspace),
            window_of(workspace),
            platform_rates=platform_rates(workspace),
        )
        cache.set(key, found, 3600)
    return found


def supplier_names(workspace: Workspace) -> dict[str, tuple[int, str]]:
    return {
        ext: (pk, name or ext)
        for pk, ext, name in Supplier.objects.filter(workspace=workspace).values_list(
            "pk", "external_id", "name"
        )
    }


def kpi_rows(
    workspace: Workspace, *, supplier_external_id: str | None = None, lang: str = "en"
) -> list[dict[str, Any]]:
    """Per supplier and KPI, the figures the CLI and the pages show (rates in %)."""
    names = supplier_names(workspace)
    rows: list[dict[str, Any]] = []
    for k in workspace_kpis(workspace):
        if supplier_external_id is not None and k.key != supplier_external_id:
            continue
        scale = 100.0 if k.is_rate else 1.0
        pk, name = names.get(k.key, (None, k.key))
        rows.append(
            {
                "supplier_id": k.key,
                "supplier_pk": pk,
                "supplier": name,
                "kpi": k.kpi,
                "label": KPI_LABELS[k.kpi][0 if lang == "zh" else 1],
                "n": k.n,
                "events": k.events,
                "n_eff": round(k.n_eff, 2),
                "rate": _scaled(k.rate, scale),
                "lower": _scaled(k.lower, scale),
                "upper": _scaled(k.upper, scale),
                "shrunk": _scaled(k.shrunk, scale),
                "threshold": k.threshold,
                "status": k.status,
                "more_orders": k.more_orders,
                "prior": k.prior,
                "unit": "%" if k.is_rate else "d",
            }
        )
    return rows


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else round(value * scale, 3)


def supplier_panel(workspace: Workspace, supplier: Supplier, lang: str) -> dict[str, Any]:
    """The supplier page's KPI panel: its KPIs (supplier and per offer), the trend,
    its open probation and alerts."""
    if not _has_orders(supplier):
        return {"has_orders": False}  # most suppliers: no frame to build
    mine = orders_frame(workspace, supplier=supplier)
    if mine.height == 0:
        return {"has_orders": False}
    profile = workspace_profile(workspace)
    window = window_of(workspace)
    kpis = [k for k in _cached_kpis(workspace) if k.key == supplier.external_id]
    offers = stats.kpis(mine.filter(mine["offer_id"].is_not_null()), profile, window, by="offer_id")
    return {
        "has_orders": True,
        "kpis": [_shown(k, lang) for k in kpis],
        "offer_kpis": [_shown(k, lang) for k in offers if k.kpi == "kpi_return_rate"],
        "trend": stats.trend(mine, profile, window.as_of),
        "window": window,
        "probation": Probation.objects.filter(supplier=supplier, ended_at__isnull=True).first(),
        "alerts": Alert.objects.filter(supplier=supplier).exclude(state=Alert.State.RESOLVED)[:5],
    }


def _has_orders(supplier: Supplier) -> bool:
    """``supplier.purchase_orders.exists()`` as one plain statement (every supplier
    page asks, and most suppliers have none)."""
    from daifa.sourcing.models import PurchaseOrder

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {PurchaseOrder._meta.db_table} WHERE supplier_id = %s LIMIT 1",
            [supplier.pk],
        )
        return cursor.fetchone() is not None


def _shown(k: stats.Kpi, lang: str) -> dict[str, Any]:
    scale = 100.0 if k.is_rate else 1.0
    return {
        "kpi": k.kpi,
        "key": k.key,
        "label": KPI_LABELS[k.kpi][0 if lang == "zh" else 1],
        "n": k.n,
        "events": k.events,
        "n_eff": k.n_eff,
        "rate": None if k.rate is None else k.rate * scale,
        "lower": None if k.lower is None else k.lower * scale,
        "upper": None if k.upper is None else k.upper * scale,
        "shrunk": None if k.shrunk is None else k.shrunk * scale,
        "threshold": k.threshold,
        "status": k.status,
        "more_orders": k.more_orders,
        "is_rate": k.is_rate,
        "prior": k.prior,
    }


def alerts_of(workspace: Workspace, state: str | None = None) -> QuerySet[Alert]:
    query = Alert.objects.filter(workspace=workspace).select_related("supplier", "delivery")
    if state in Alert.State.values:
        query = query.filter(state=state)
    return query


def alert_counts(workspace: Workspace) -> dict[str, int]:
    from django.db.models import Count

    counts = dict(
        Alert.objects.filter(workspace=workspace)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {s: counts.get(s, 0) for s in Alert.State.values}


def kpi_summary(workspace: Workspace) -> dict[str, Any]:
    """For the dashboard: suppliers with orders, and how many breach, pass or cannot tell."""
    if not workspace.purchase_orders.filter(supplier__isnull=False).exists():
        return {"suppliers": 0}
    by_supplier: dict[str, set[str]] = {}
    for k in workspace_kpis(workspace):
        by_supplier.setdefault(k.key, set()).add(k.status)
    return {
        "suppliers": len(by_supplier),
        "breach": sum("fail" in s for s in by_supplier.values()),
        "thin": sum("fail" not in s and "warn" in s for s in by_supplier.values()),
        "ok": sum(s <= {"pass", "unknown"} and "pass" in s for s in by_supplier.values()),
    }
