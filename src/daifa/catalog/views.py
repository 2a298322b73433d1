from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from daifa.accounts.selectors import get_workspace_for_user, workspaces_for_user
from daifa.catalog.selectors import fact_history, get_supplier_for_user, search_suppliers
from daifa.engine.schema import COLUMNS_BY_NAME


@login_required
def index(request: HttpRequest) -> HttpResponse:
    workspaces = list(workspaces_for_user(request.user))
    if len(workspaces) == 1:
        return redirect("dashboard", workspace_id=workspaces[0].pk)
    return render(request, "catalog/index.html", {"workspaces": workspaces})


@login_required
def dashboard(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    ctx = {
        "workspace": workspace,
        "supplier_count": workspace.suppliers.count(),
        "offer_count": workspace.offers.count(),
        "imports": workspace.imports.all()[:10],
    }
    return render(request, "catalog/dashboard.html", ctx)


@login_required
def supplier_list(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    query = request.GET.get("q", "")
    page = Paginator(search_suppliers(workspace, query), 50).get_page(request.GET.get("page"))
    ctx = {"workspace": workspace, "page": page, "q": query}
    return render(request, "catalog/supplier_list.html", ctx)


@login_required
def supplier_detail(request: HttpRequest, workspace_id: int, supplier_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    supplier = get_supplier_for_user(request.user, workspace, supplier_id)
    lang_zh = request.LANGUAGE_CODE.startswith("zh")
    facts = [
        {
            "label": _label(name, lang_zh),
            "name": name,
            "value": value,
        }
        for name, value in supplier.facts.items()
    ]
    ctx = {
        "workspace": workspace,
        "supplier": supplier,
        "facts": facts,
        "offers": supplier.offers.all(),
        "history": fact_history(supplier),
    }
    return render(request, "catalog/supplier_detail.html", ctx)


def _label(name: str, lang_zh: bool) -> str:
    column = COLUMNS_BY_NAME.get(name)
    if column is None:
        return name
    return column.label_zh if lang_zh else column.label_en
