"""The landed-cost calculator and the workspace's cost settings.

Engine and loader errors carry zh and en text; the page shows the one that matches
the reader's language, next to the field it names when the form has that field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user
from daifa.costs import services
from daifa.costs.adapters import CARD_KINDS
from daifa.costs.calculator import Calculation, calculate
from daifa.costs.files import FILE_NAMES, ZIP_NAMES, file_bytes, file_text, folder_zip
from daifa.costs.forms import (
    CalculatorForm,
    CardForm,
    DefaultsForm,
    RatesForm,
    UploadForm,
    calculator_initial,
    defaults_initial,
    rates_initial,
)
from daifa.costs.selectors import (
    CostOverview,
    cost_overview_for,
    get_offer_for_user,
    offer_prefill,
)
from daifa.engine.costing import CostSettings
from daifa.engine.errors import InputError
from daifa.web.i18n import lang_of
from daifa.web.requests import AuthedHttpRequest
from daifa.workbench.actions import workspace_changed

PART_LABELS = {
    "lines": gettext_lazy("parcel lines"),
    "bulk": gettext_lazy("bulk sea and air freight"),
    "platforms": gettext_lazy("platforms"),
    "duties": gettext_lazy("duties"),
    "currency": gettext_lazy("currency rates"),
    "settings": gettext_lazy("cost settings"),
}


_lang = lang_of  # one language rule for every page (daifa.web.i18n)


def _overview(workspace: Workspace) -> CostOverview:
    return cost_overview_for(workspace, today=timezone.localdate())


def _page_context(
    request: HttpRequest, workspace: Workspace, overview: CostOverview
) -> dict[str, Any]:
    stale = overview.stale
    return {
        "workspace": workspace,
        "overview": overview,
        "example_labels": [PART_LABELS[p] for p in overview.example_parts],
        "stale_warning": None if stale is None else stale.get(_lang(request)),
        "card_warnings": [w.get(_lang(request)) for w in overview.card_warnings],
    }


def _show_error(form: forms.Form, exc: InputError, lang: str, fallback: str | None) -> None:
    field = exc.field if exc.field in form.fields else fallback
    form.add_error(field, exc.message(lang))


# -- calculator -----------------------------------------------------------------------


@login_required
@require_GET
def calculator(request: AuthedHttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    overview = _overview(workspace)
    settings, lang = overview.settings, _lang(request)
    data, offer = _calculator_data(request, workspace, settings)
    form = CalculatorForm(data, initial=calculator_initial(settings), settings=settings, lang=lang)
    result = _calculate(form, settings, lang) if data is not None else None
    ctx = {**_page_context(request, workspace, overview), "form": form, "offer": offer}
    ctx |= {"result": result, "lang": lang, "submitted": data is not None}
    if request.htmx:
        return render(request, "costs/calculator.html#result", ctx)
    return render(request, "costs/calculator.html", ctx)


def _calculator_data(
    request: HttpRequest, workspace: Workspace, settings: CostSettings
) -> tuple[Any, Any]:
    """The data to calculate with: the submitted form, an offer's facts, or nothing yet."""
    offer = None
    if request.GET.get("offer"):
        try:
            offer = get_offer_for_user(workspace, int(request.GET["offer"]))
        except ValueError:
            raise Http404("no such offer") from None
    if "quantity" in request.GET:
        return request.GET, offer
    if offer is not None:
        return {**calculator_initial(settings), **offer_prefill(offer)}, offer
    return None, None


def _calculate(form: CalculatorForm, settings: CostSettings, lang: str) -> Calculation | None:
    if not form.is_valid():
        return None
    try:
        return calculate(
            settings,
            form.offer(),
            form.setting_values(),
            units=form.cleaned_data["units"],
            deadline_days=form.cleaned_data["deadline_days"],
            lang=lang,
        )
    except InputError as exc:
        _show_error(form, exc, lang, None)
        return None


# -- settings -------------------------------------------------------------------------


def _rate_codes(settings: CostSettings) -> list[str]:
    """The currencies with a rate, then those the cards use but have none yet."""
    have = [code for code, _rate in settings.rates.cny_per_unit]
    used = {p.currency for p in settings.cards.platforms}
    used |= {d.currency for d in settings.cards.duties}
    return have + sorted(used - set(have) - {"CNY"})


@login_required
@require_GET
def settings_page(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    return _render_settings(request, workspace)


def _render_settings(
    request: HttpRequest, workspace: Workspace, **bound: forms.Form
) -> HttpResponse:
    """The settings page; a form given in ``bound`` (with its errors) replaces the fresh one."""
    overview = _overview(workspace)
    settings, lang = overview.settings, _lang(request)
    own_rates = "currency" not in overview.example_parts
    cards = {
        kind: bound.get(f"card_{kind}")
        or CardForm(initial={"text": overview.card_text(kind)}, kind=kind, lang=lang)
        for kind in CARD_KINDS
    }
    ctx = {
        **_page_context(request, workspace, overview),
        "rates_form": bound.get("rates_form")
        or RatesForm(initial=rates_initial(settings, own=own_rates), codes=_rate_codes(settings)),
        "defaults_form": bound.get("defaults_form")
        or DefaultsForm(initial=defaults_initial(settings), settings=settings),
        "card_forms": [
            (kind, PART_LABELS[kind], form, kind in overview.example_parts)
            for kind, form in cards.items()
        ],
        "upload_form": bound.get("upload_form") or UploadForm(),
        "file_names": FILE_NAMES,
        "zip_names": list(ZIP_NAMES),
    }
    return render(request, "costs/settings.html", ctx)


def _save(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[], services.SaveResult],
    *,
    fallback: str | None = None,
) -> bool:
    """Run a service for a valid form; its InputError goes onto the form instead."""
    if not form.is_valid():
        return False
    try:
        result = action()
    except InputError as exc:
        _show_error(form, exc, _lang(request), fallback)
        return False
    _report(request, result)
    return True


def _report(request: HttpRequest, result: services.SaveResult) -> None:
    # Landed costs feed markup_room and the compare page: every supplier is due.
    workspace_changed(workspace=result.profile.workspace, by=request.user)
    lang = _lang(request)
    for en, zh in result.notes:
        messages.warning(request, zh if lang == "zh" else en)
    messages.success(request, _("Saved."))


def _back(workspace: Workspace, anchor: str) -> HttpResponse:
    return redirect(reverse("costs:settings", args=[workspace.pk]) + f"#{anchor}")


@login_required
@require_POST
def rates_save(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = RatesForm(request.POST, codes=_rate_codes(_overview(workspace).settings))

    def action() -> services.SaveResult:
        return services.cost_rates_save(
            workspace=workspace,
            user=request.user,
            as_of=form.cleaned_data["as_of"],
            cny_per_unit=form.rates(),
        )

    if _save(request, form, action):
        return _back(workspace, "rates")
    return _render_settings(request, workspace, rates_form=form)


@login_required
@require_POST
def defaults_save(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = DefaultsForm(request.POST, settings=_overview(workspace).settings)

    def action() -> services.SaveResult:
        return services.cost_defaults_save(
            workspace=workspace, user=request.user, values=form.values()
        )

    if _save(request, form, action):
        return _back(workspace, "defaults")
    return _render_settings(request, workspace, defaults_form=form)


def _card_kind(kind: str) -> str:
    if kind not in CARD_KINDS:
        raise Http404("no such card")
    return kind


@login_required
@require_POST
def card_save(request: HttpRequest, workspace_id: int, kind: str) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = CardForm(request.POST, kind=_card_kind(kind), lang=_lang(request))

    def action() -> services.SaveResult:
        return services.cost_card_save(
            workspace=workspace, user=request.user, kind=kind, text=form.cleaned_data["text"]
        )

    if _save(request, form, action, fallback="text"):
        return _back(workspace, f"card-{kind}")
    return _render_settings(request, workspace, **{f"card_{kind}": form})


@login_required
@require_POST
def card_reset(request: HttpRequest, workspace_id: int, kind: str) -> HttpResponse:
    """Go back to the dated example card."""
    workspace = get_workspace_for_user(request.user, workspace_id)
    try:
        result = services.cost_card_save(
            workspace=workspace, user=request.user, kind=_card_kind(kind), text=""
        )
    except InputError as exc:
        messages.error(request, exc.message(_lang(request)))
    else:
        _report(request, result)
    return _back(workspace, f"card-{kind}")


@login_required
@require_POST
def upload(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = UploadForm(request.POST, request.FILES)

    def action() -> services.SaveResult:
        return services.cost_files_import(
            workspace=workspace, user=request.user, files=form.cleaned_data["files"]
        )

    if _save(request, form, action, fallback="file"):
        return _back(workspace, "files")
    return _render_settings(request, workspace, upload_form=form)


@login_required
@require_GET
def download(request: HttpRequest, workspace_id: int, name: str) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    overview = _overview(workspace)
    if name in ZIP_NAMES:
        body, content_type = folder_zip(overview, ZIP_NAMES[name]), "application/zip"
    elif name in FILE_NAMES:
        body = file_bytes(name, file_text(overview, name))
        kind = "text/csv" if name.endswith(".csv") else "application/toml"
        content_type = f"{kind}; charset=utf-8"
    else:
        raise Http404("no such file")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
