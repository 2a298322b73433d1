from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from daifa.accounts.selectors import workspaces_for_user


@login_required
def index(request: HttpRequest) -> HttpResponse:
    workspaces = list(workspaces_for_user(request.user))
    if len(workspaces) == 1:
        return redirect("dashboard", workspace_id=workspaces[0].pk)
    return render(request, "catalog/index.html", {"workspaces": workspaces})
