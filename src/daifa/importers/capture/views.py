from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user
from daifa.importers.capture.forms import ConfirmForm, PasteForm
from daifa.importers.capture.selectors import (
    Target,
    capture_target,
    shown_extra,
    supplier_options,
)
from daifa.sources.capture import Capture, CaptureError, label, parse_pasted
from daifa.web.i18n import lang_of
from daifa.workbench.actions import page_capture

_lang = lang_of  # one language rule for every page (daifa.web.i18n)


@login_required
def paste(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    initial = {"supplier": request.GET.get("supplier")}
    form = PasteForm(request.POST or None, workspace=workspace, initial=initial)
    capture = None
    if request.method == "POST" and form.is_valid():
        try:
            capture = parse_pasted(form.cleaned_data["text"])
        except CaptureError as error:
            form.add_error("text", error.message(_lang(request)))
        if capture is not None and capture.values:
            target = capture_target(workspace, capture, form.cleaned_data["supplier"])
            return _confirm_page(request, workspace, capture, target)
    chosen = form["supplier"].value()
    ctx = {
        "workspace": workspace,
        "form": form,
        "capture": capture,
        "chosen": workspace.suppliers.filter(pk=chosen).first() if _is_pk(chosen) else None,
        **_notes(request, capture),
    }
    return render(request, "capture/paste.html", ctx)


@login_required
@require_POST
def confirm(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    names = request.POST.get("names", "").split(",")
    form = ConfirmForm(request.POST, workspace=workspace, names=names, lang=_lang(request))
    if not form.is_valid():
        ctx = {
            "workspace": workspace,
            "form": form,
            "page_kind": request.POST.get("page_kind"),
            "supplier_options": supplier_options(workspace),
        }
        return render(request, "capture/confirm.html", ctx)
    data = form.cleaned_data
    saved = page_capture(
        by=request.user,
        workspace=workspace,
        values=data["values"],
        page_kind=data["page_kind"],
        supplier=data["supplier"],
        supplier_id=data["supplier_id"],
        supplier_name=data["supplier_name"],
        offer_id=data["offer_id"],
        snippets=form.snippets(),
        extra=data["extra"],
    )
    return redirect("supplier_detail", workspace_id=workspace.pk, supplier_id=saved.supplier.pk)


def _is_pk(value: object) -> bool:
    return isinstance(value, (int, str)) and str(value).isdigit()


def _confirm_page(
    request: HttpRequest, workspace: Workspace, capture: Capture, target: Target
) -> HttpResponse:
    lang = _lang(request)
    names = [f.field for f in capture.found if f.canonical]
    form = ConfirmForm(
        initial=ConfirmForm.initial_for(capture, target.supplier, target.suggested_id, lang=lang),
        workspace=workspace,
        names=names,
        lang=lang,
    )
    extra = [
        {"label": label(f.field, lang), "value": shown_extra(f.value, lang), "snippet": f.snippet}
        for f in capture.found
        if not f.canonical
    ]
    ctx = {
        "workspace": workspace,
        "form": form,
        "page_kind": capture.page_kind,
        "extra": extra,
        "target": target,
        "supplier_options": supplier_options(workspace),
        **_notes(request, capture),
    }
    return render(request, "capture/confirm.html", ctx)


def _notes(request: HttpRequest, capture: Capture | None) -> dict[str, list[str]]:
    lang = _lang(request)
    return {"notes": [n.text(lang) for n in capture.notes] if capture else []}
