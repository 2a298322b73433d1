"""Monitoring pages: alerts inbox, settings, KPI table, calibration, offer watch, orders import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daifa.accounts.selectors import get_workspace_for_user
from daifa.catalog.models import Offer
from daifa.monitoring import selectors, services
from daifa.monitoring.calibration_view import calibration_context
from daifa.monitoring.delivery import deliveries_requeue_skipped
from daifa.monitoring.forms import AlertActionForm, OrdersUploadForm, SettingsForm, WatchForm
from daifa.monitoring.models import Alert, MonitorSettings, OfferObservation, OfferWatch
from daifa.monitoring.watch import offer_watch_set
from daifa.screening.selectors import lang_of

SORTABLE = {"supplier", "kpi", "n", "events", "rate", "lower", "upper", "shrunk", "status"}


@login_required
def inbox(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    state = request.GET.get("state") or "unread"
    if state not in Alert.State.values and state != "all":
        state = "unread"
    alerts = selectors.alerts_of(workspace, None if state == "all" else state)[:200]
    ctx = {
        "workspace": workspace,
        "alerts": alerts,
        "state": state,
        "states": Alert.State.choices,
        "counts": selectors.alert_counts(workspace),
        "lang": lang_of(request),
    }
    return render(request, "monitoring/inbox.html", ctx)


@login_required
@require_POST
def alert_act(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = AlertActionForm(request.POST)
    if not form.is_valid():
        raise Http404("no such alert")
    alert = Alert.objects.filter(workspace=workspace, pk=form.cleaned_data["alert"]).first()
    if alert is None:
        raise Http404("no such alert")
    services.alert_set_state(alert=alert, state=form.cleaned_data["to"])
    back = request.POST.get("back")
    back = back if back in Alert.State.values or back == "all" else "unread"
    return redirect(reverse("monitoring:inbox", args=[workspace.pk]) + f"?state={back}")


def _initial(settings: MonitorSettings) -> dict[str, Any]:
    return {
        "window_days": settings.window_days,
        "half_life_days": settings.half_life_days,
        "clean_orders_to_exit": settings.clean_orders_to_exit,
        "quantity": settings.quantity,
        "kpi_breach": settings.rule("kpi_breach")["enabled"],
        "overdue_pickup": settings.rule("overdue_pickup")["enabled"],
        "price_rise": settings.rule("price_rise")["enabled"],
        "price_rise_pct": settings.rule("price_rise")["pct"],
        "low_stock": settings.rule("low_stock")["enabled"],
        "low_stock_units": settings.rule("low_stock")["units"],
        "sku_gone": settings.rule("sku_gone")["enabled"],
        "claim_deadline": settings.rule("claim_deadline")["enabled"],
        "certificate_expiry": settings.rule("certificate_expiry")["enabled"],
        "certificate_days": settings.rule("certificate_expiry")["days"],
        "backup_not_ready": settings.rule("backup_not_ready")["enabled"],
    }


@login_required
def settings_page(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    current = selectors.settings_of(workspace)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            rules = dict(current.rules or {})
            rules["kpi_breach"] = {"enabled": d["kpi_breach"]}
            rules["overdue_pickup"] = {"enabled": d["overdue_pickup"]}
            rules["price_rise"] = {"enabled": d["price_rise"], "pct": d["price_rise_pct"] or 10.0}
            rules["low_stock"] = {"enabled": d["low_stock"], "units": d["low_stock_units"] or 0}
            rules["sku_gone"] = {"enabled": d["sku_gone"]}
            rules["claim_deadline"] = {"enabled": d["claim_deadline"]}
            rules["certificate_expiry"] = {
                "enabled": d["certificate_expiry"],
                "days": d["certificate_days"] or 30,
            }
            rules["backup_not_ready"] = {"enabled": d["backup_not_ready"]}
            fields = {
                "window_days": d["window_days"],
                "half_life_days": d["half_life_days"],
                "clean_orders_to_exit": d["clean_orders_to_exit"],
                "quantity": d["quantity"],
                "rules": rules,
            }
            if d["clear_notify_url"]:
                fields["notify_url"] = ""
            elif d["notify_url"]:
                fields["notify_url"] = d["notify_url"]
            services.settings_save(workspace=workspace, **fields)
            if d["notify_url"]:
                deliveries_requeue_skipped(workspace=workspace)
            messages.success(request, _("Monitoring settings saved."))
            return redirect("monitoring:settings", workspace.pk)
        status = 400
    else:
        form = SettingsForm(initial=_initial(current))
        status = 200
    ctx = {"workspace": workspace, "form": form, "has_url": current.has_notify_url}
    return render(request, "monitoring/settings.html", ctx, status=status)


@login_required
def kpi_table(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    lang = lang_of(request)
    rows = selectors.kpi_rows(workspace, lang=lang)
    sort = request.GET.get("sort") or "supplier"
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTABLE:
        key, descending = "supplier", False
    rows.sort(
        key=lambda r: (r[key] is None, r[key] if r[key] is not None else 0), reverse=descending
    )
    ctx = {"workspace": workspace, "rows": rows, "sort": key, "descending": descending}
    return render(request, "monitoring/kpis.html", ctx)


@login_required
def calibration(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    outcome = request.GET.get("outcome") or "returned"
    ctx = {
        "workspace": workspace,
        "lang": lang_of(request),
        **calibration_context(workspace, outcome),
    }
    return render(request, "monitoring/calibration.html", ctx)


@login_required
def watch_page(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    watches = OfferWatch.objects.filter(workspace=workspace).select_related("offer__supplier")
    history: dict[int, list[OfferObservation]] = {}
    for o in OfferObservation.objects.filter(workspace=workspace).order_by("-at")[:500]:
        history.setdefault(o.offer_id, []).append(o)
    rows = [{"watch": w, "history": history.get(w.offer_id, [])[:10]} for w in watches]
    return render(request, "monitoring/watch.html", {"workspace": workspace, "rows": rows})


@login_required
@require_POST
def watch_set(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = WatchForm(request.POST)
    if not form.is_valid():
        raise Http404("no such offer")
    offer = Offer.objects.filter(workspace=workspace, pk=form.cleaned_data["offer"]).first()
    if offer is None:
        raise Http404("no such offer")
    offer_watch_set(workspace=workspace, offer=offer, watched=form.cleaned_data["watched"])
    from daifa.monitoring.tasks import check_offers

    check_offers.enqueue(workspace.pk)
    return redirect("monitoring:watch", workspace.pk)


@login_required
def orders_upload(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    lang = lang_of(request)
    problems: list[str] = []
    if request.method == "POST":
        form = OrdersUploadForm(request.POST, request.FILES)
        if form.is_valid():
            from daifa.monitoring.sheet import read_orders
            from daifa.monitoring.tasks import orders_changed

            upload = form.cleaned_data["file"]
            sheet = read_orders(upload.read(), upload.name)
            found = sheet.problems
            if not found:
                created, updated, found = services.orders_store(
                    workspace=workspace, rows=sheet.rows
                )
            if not found:
                orders_changed(workspace)
                messages.success(
                    request,
                    _(
                        "%(created)d orders added, %(updated)d updated; "
                        "KPIs and alerts are being updated."
                    )
                    % {"created": created, "updated": updated},
                )
                return redirect("monitoring:inbox", workspace.pk)
            problems = [p.message(lang) for p in found[:50]]
            if len(found) > 50:
                problems.append(_("… and %(n)d more problems") % {"n": len(found) - 50})
        status = 400
    else:
        form = OrdersUploadForm()
        status = 200
    ctx = {"workspace": workspace, "form": form, "problems": problems}
    return render(request, "monitoring/orders_upload.html", ctx, status=status)
