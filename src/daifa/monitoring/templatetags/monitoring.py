"""The monitoring panels other pages include: the supplier page's KPIs and the dashboard's."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from daifa.accounts.models import Workspace
from daifa.catalog.models import Supplier

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


@register.inclusion_tag("monitoring/_supplier_panel.html")
def monitoring_supplier_panel(workspace: Workspace, supplier: Supplier) -> dict[str, Any]:
    from daifa.monitoring.selectors import supplier_panel

    lang = _lang()
    panel = supplier_panel(workspace, supplier, lang)
    return {"workspace": workspace, "supplier": supplier, "lang": lang, **panel}


@register.inclusion_tag("monitoring/_dashboard_panel.html")
def monitoring_dashboard_panel(workspace: Workspace) -> dict[str, Any]:
    from daifa.monitoring.models import OfferObservation, Probation
    from daifa.monitoring.selectors import alert_counts, alerts_of, kpi_summary

    return {
        "workspace": workspace,
        "kpis": kpi_summary(workspace),
        "counts": alert_counts(workspace),
        "recent": alerts_of(workspace, "unread")[:5],
        "probations": Probation.objects.filter(
            workspace=workspace, ended_at__isnull=True
        ).select_related("supplier")[:10],
        "changes": OfferObservation.objects.filter(workspace=workspace)
        .select_related("offer")
        .order_by("-at")[:5],
        "lang": _lang(),
    }


@register.simple_tag
def sparkline(values: list[float | None], width: int = 160, height: int = 36) -> SafeString:
    """A small inline SVG line of monthly rates (no script; None = no orders that month)."""
    points = [(i, v) for i, v in enumerate(values or []) if v is not None]
    if not points:
        return format_html("{}", "—")
    top = max(max(v for _, v in points), 1.0)
    step = width / max(len(values) - 1, 1)
    xy = [(round(i * step, 1), round(height - 2 - (v / top) * (height - 4), 1)) for i, v in points]
    path = " ".join(f"{x},{y}" for x, y in xy)
    dots = format_html_join("", '<circle cx="{}" cy="{}" r="2"/>', xy)
    return format_html(
        '<svg class="spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<polyline fill="none" stroke="currentColor" points="{}"/>{}</svg>',
        width, height, width, height, ", ".join(f"{v:.1f}%" for _, v in points), path, dots,
    )  # fmt: skip
