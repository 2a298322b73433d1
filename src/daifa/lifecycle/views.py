from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from daifa.accounts.selectors import get_workspace_for_user
from daifa.catalog.selectors import get_supplier_for_user
from daifa.lifecycle.errors import StageChangeRefused
from daifa.lifecycle.models import Stage
from daifa.lifecycle.services import WORDS, supplier_stage_change
from daifa.web.requests import AuthedHttpRequest


@login_required
@require_POST
def stage_change(request: AuthedHttpRequest, workspace_id: int, supplier_id: int) -> HttpResponse:
    """Change the supplier's stage from the form on its page; a refusal says why."""
    workspace = get_workspace_for_user(request.user, workspace_id)
    supplier = get_supplier_for_user(request.user, workspace, supplier_id)
    lang = "en" if request.LANGUAGE_CODE.startswith("en") else "zh"
    try:
        change = supplier_stage_change(
            supplier=supplier,
            to=request.POST.get("to", ""),
            by=request.user,
            reason=request.POST.get("reason", ""),
            override=request.POST.get("override") == "1",
        )
    except StageChangeRefused as exc:
        messages.error(request, exc.message(lang))
    else:
        zh, en = WORDS[Stage(change.to_stage)]
        messages.success(request, f"阶段已改为“{zh}”。" if lang == "zh" else f"Stage: now {en}.")
    url = reverse("supplier_detail", args=[workspace.pk, supplier.pk])
    return redirect(f"{url}#lifecycle")
