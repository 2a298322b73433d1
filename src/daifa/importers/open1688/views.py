"""1688 pages of the importer: search (add hits to the workspace), one offer by id or
address, and a supplier's refresh.

Every gateway failure is shown on the page in the reader's language with what to do
next (daifa.sourcing.failures); none becomes a 500.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user
from daifa.catalog.selectors import get_supplier_for_user
from daifa.importers.open1688 import services
from daifa.importers.open1688.adapters import observation_from_json, observation_to_json
from daifa.importers.open1688.forms import AddOffersForm, PasteOfferForm, SearchForm
from daifa.sources.open1688 import Open1688Error, SearchPage, observations_from_search
from daifa.sourcing import selectors
from daifa.sourcing.client import client_for
from daifa.sourcing.failures import failed_call
from daifa.web.i18n import lang_of
from daifa.web.requests import HtmxHttpRequest
from daifa.workbench.actions import observations_1688_store, store_result_changed

SEARCH_SESSION_KEY = "open1688_search"


@login_required
def search(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """GET shows the form and the last results; only a POST (with CSRF) runs a search.

    A search spends the owner's paid 1688 quota, so no link, image or page on
    another site may start one: ``?q=`` in a bookmark only fills the form in.
    """
    workspace = get_workspace_for_user(request.user, workspace_id)
    setup = selectors.setup_state(workspace)
    if request.method != "POST":
        form = SearchForm(initial={"q": request.GET.get("q", "")[:100]})
        ctx: dict[str, Any] = {
            "workspace": workspace,
            "form": form,
            "paste_form": PasteOfferForm(),
            "setup": setup,
        }
        ctx.update(_remembered(request, workspace))
        return render(request, "open1688/search.html", ctx)
    form = SearchForm(request.POST)
    ctx = {"workspace": workspace, "form": form, "paste_form": PasteOfferForm(), "setup": setup}
    if form.is_valid():
        try:
            with client_for(workspace) as client:
                page = client.search_keyword(
                    form.cleaned_data["q"],
                    page=form.cleaned_data["page"] or 1,
                    # Titles come in Chinese and, translated, in English; both are shown.
                    language="en",
                )
        except Open1688Error as exc:
            ctx["failure"] = failed_call(request, exc)
            return render(request, "open1688/search.html", ctx)
        _remember(request, workspace, form.cleaned_data["q"], page)
        # Post/redirect/get: reloading the results page does not search (and pay) again.
        url = reverse("sourcing:search", args=[workspace.pk])
        return HttpResponseRedirect(f"{url}?{urlencode({'q': form.cleaned_data['q']})}")
    ctx.update(_remembered(request, workspace))
    return render(request, "open1688/search.html", ctx, status=400)


def _remember(request: HttpRequest, workspace: Workspace, keyword: str, page: SearchPage) -> None:
    # The hits wait in the session, so "add" stores exactly what the seller saw
    # (with its fetch time) and costs no second paid call.
    request.session[SEARCH_SESSION_KEY] = {
        "workspace": workspace.pk,
        "keyword": keyword,
        "total": page.total_records,
        "page": page.page,
        "hits": [_hit_row(hit) for hit in page.offers],
        "observations": [observation_to_json(o) for o in observations_from_search(page)],
    }


def _hit_row(hit: Any) -> dict[str, Any]:
    repeat = hit.seller.repeat_purchase if hit.seller else None
    return {
        "offer_id": hit.offer_id,
        "title": hit.title_translated or hit.title or "",
        "title_zh": hit.title or "",
        "price_cny": _text(hit.price_cny),
        "dropship_price_cny": _text(hit.dropship_price_cny),
        "moq": hit.min_order_quantity,
        "sales_30d": hit.sales_30d,
        "repeat_rate_pct": float(repeat.pct) if repeat else None,
        "seller": hit.company_name or "",
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _remembered(request: HttpRequest, workspace: Workspace) -> dict[str, Any]:
    saved = request.session.get(SEARCH_SESSION_KEY)
    if not saved or saved.get("workspace") != workspace.pk:
        return {}
    known = set(workspace.offers.values_list("external_id", flat=True))
    hits = [{**hit, "in_workspace": hit["offer_id"] in known} for hit in saved["hits"]]
    return {"keyword": saved["keyword"], "total": saved["total"], "hits": hits}


@login_required
@require_POST
def add_offers(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    saved = request.session.get(SEARCH_SESSION_KEY) or {}
    if saved.get("workspace") != workspace.pk:
        saved = {}
    offer_ids = [hit["offer_id"] for hit in saved.get("hits", [])]
    form = AddOffersForm(request.POST, offer_ids=offer_ids)
    if not form.is_valid():
        messages.error(request, _("Tick at least one offer of the current results."))
        return redirect("sourcing:search", workspace_id=workspace.pk)
    chosen = set(form.cleaned_data["offer_ids"])
    observations = [
        observation_from_json(o)
        for o in saved["observations"]
        if _offer_of(o, saved["observations"]) in chosen
    ]
    result = observations_1688_store(
        workspace=workspace, observations=observations, by=request.user
    )
    messages.success(request, _added_message(result))
    return redirect("sourcing:search", workspace_id=workspace.pk)


def _offer_of(obs: dict[str, Any], every: list[dict[str, Any]]) -> str | None:
    if obs.get("offer_id"):
        return str(obs["offer_id"])
    detail = obs["provenance"]["detail"]
    paired = (o for o in every if o.get("offer_id") and o["provenance"]["detail"] == detail)
    return next((str(o["offer_id"]) for o in paired), None)


def _added_message(result: services.StoreResult) -> str:
    return _(
        "Stored: %(offers)s new offers, %(suppliers)s new suppliers, "
        "%(observations)s observations from 1688."
    ) % {
        "offers": result.offers_created,
        "suppliers": result.suppliers_created,
        "observations": result.observations,
    }


@login_required
@require_POST
def paste_offer(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """One offer by id or pasted address: its product detail is read and stored."""
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = PasteOfferForm(request.POST, lang=lang_of(request))
    ctx: dict[str, Any] = {
        "workspace": workspace,
        "form": SearchForm(),
        "paste_form": form,
        "setup": selectors.setup_state(workspace),
    }
    if form.is_valid():
        try:
            with client_for(workspace) as client:
                result = services.offer_store(
                    workspace=workspace, client=client, offer=form.cleaned_data["offer"]
                )
        except Open1688Error as exc:
            ctx["failure"] = failed_call(request, exc)
        else:
            messages.success(request, _added_message(result))
            supplier = result.suppliers[0]
            return redirect("supplier_detail", workspace_id=workspace.pk, supplier_id=supplier.pk)
    ctx.update(_remembered(request, workspace))
    return render(request, "open1688/search.html", ctx)


@login_required
@require_POST
def supplier_refresh(request: HtmxHttpRequest, workspace_id: int, supplier_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    supplier = get_supplier_for_user(request.user, workspace, supplier_id)
    ctx: dict[str, Any] = {
        "workspace": workspace,
        "supplier": supplier,
        "setup": selectors.setup_state(workspace),
    }
    try:
        with client_for(workspace) as client:
            ctx["result"] = store_result_changed(
                workspace=workspace,
                result=services.supplier_refresh(supplier=supplier, client=client),
                by=request.user,
            )
    except Open1688Error as exc:
        ctx["failure"] = failed_call(request, exc)
    if request.htmx:
        return render(request, "open1688/refresh.html#refresh-result", ctx)
    return render(request, "open1688/refresh.html", ctx)
