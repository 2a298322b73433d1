"""The monitoring panels other pages include: the supplier page's KPIs and the dashboard's."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from daifa.accounts.models import Workspace
from daifa.catalog.models import Supplier

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


@register.simple_tag(takes_context=True)
def monitoring_supplier_panel(
    context: Context, workspace: Workspace, supplier: Supplier
) -> SafeString:
    """``monitoring/_supplier_panel.html``; for a supplier without orders (most) its
    few lines written here (:func:`no_orders_panel`): the panel is drawn on every
    view of the supplier page."""
    from daifa.monitoring.selectors import supplier_panel

    lang = _lang()
    panel = supplier_panel(workspace, supplier, lang)
    if not panel["has_orders"]:
        return no_orders_panel(workspace.pk)
    # As the inclusion tag this was: the template in a context of its own.
    new = context.new({"workspace": workspace, "supplier": supplier, "lang": lang, **panel})
    csrf_token = context.get("csrf_token")
    if csrf_token is not None:
        new["csrf_token"] = csrf_token
    engine = context.template.engine  # type: ignore[union-attr]  # always inside a template
    return engine.get_template("monitoring/_supplier_panel.html").render(new)


def no_orders_panel(workspace_pk: int) -> SafeString:
    """The panel's HTML for a supplier without orders, as the template writes it."""
    upload = reverse("monitoring:orders_upload", args=(workspace_pk,))
    return format_html(
        '<section class="card monitoring" id="kpis">\n<h2>{}</h2>\n\n'
        '<p class="muted">{} <a href="{}">{}</a></p>\n\n</section>\n',
        _("KPIs from your orders"),
        _("No orders with this supplier yet."),
        upload,
        _("Import orders"),
    )


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
