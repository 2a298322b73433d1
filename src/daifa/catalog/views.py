from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from daifa.accounts.selectors import get_workspace_for_user, workspaces_for_user
from daifa.catalog.facts import FactsForm
from daifa.catalog.selectors import get_supplier_for_user, judged_offer_id
from daifa.workbench.actions import facts_record


@login_required
def index(request: HttpRequest) -> HttpResponse:
    workspaces = list(workspaces_for_user(request.user))
    if len(workspaces) == 1:
        return redirect("dashboard", workspace_id=workspaces[0].pk)
    return render(request, "catalog/index.html", {"workspaces": workspaces})


@login_required
def supplier_facts(request: HttpRequest, workspace_id: int, supplier_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    supplier = get_supplier_for_user(request.user, workspace, supplier_id)
    offers = list(supplier.offers.order_by("position", "id"))
    # By default the offer the verdict is about: a check recorded on another offer
    # would not change the scorecard (issue 10.3).
    judged = judged_offer_id(supplier)
    wanted = request.GET.get("offer") or str(judged)
    offer = next((o for o in offers if str(o.pk) == wanted), offers[0] if offers else None)
    form = FactsForm(request.POST or None, supplier=supplier, offer=offer)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        observation = facts_record(
            by=request.user,
            supplier=supplier,
            offer=offer,
            values=form.cleaned_data["values"],
            kind=form.cleaned_data["kind"],
            detail=f"{request.user.get_username()}: {note}"
            if note
            else request.user.get_username(),
        )
        if observation is None:
            messages.info(request, _("Nothing changed."))
        else:
            messages.success(request, _("Saved; the supplier was screened again."))
        return redirect("supplier_detail", workspace_id=workspace.pk, supplier_id=supplier.pk)
    ctx = {
        "workspace": workspace,
        "supplier": supplier,
        "offers": offers,
        "offer": offer,
        "judged": next((o for o in offers if o.pk == judged), None),
        "form": form,
    }
    return render(request, "catalog/supplier_facts.html", ctx)
