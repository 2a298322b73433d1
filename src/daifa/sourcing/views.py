"""1688 pages: settings and buyer account, orders (search and supplier refresh are
the importer's: daifa.importers.open1688.views).

Every gateway failure is shown on the page in the reader's language with what
to do next (the client's errors carry both languages); none becomes a 500.
"""

from __future__ import annotations

import secrets
from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user
from daifa.sources.open1688 import BusinessError, Open1688Error, ResponseFormatError
from daifa.sourcing import selectors, services
from daifa.sourcing.client import client_for, oauth_app_for
from daifa.sourcing.failures import failed_call
from daifa.sourcing.forms import AccountForm, SyncForm

OAUTH_SESSION_KEY = "open1688_oauth"


def _owner_only(request: HttpRequest, workspace: Workspace) -> None:
    # Credentials decide what is bought with whose money: the owner's call.
    if not selectors.is_owner(workspace, request.user):
        raise PermissionDenied("only the workspace owner manages the 1688 account")


# -- settings and the buyer account -----------------------------------------------


@login_required
@sensitive_post_parameters("app_secret")
@sensitive_variables("form")
def settings_page(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    account = selectors.account_of(workspace)
    has_secret = account is not None and account.has_secret
    initial = {"app_key": account.app_key if account else ""}
    form = AccountForm(request.POST or None, initial=initial, has_secret=has_secret)
    if request.method == "POST":
        _owner_only(request, workspace)
        if form.is_valid():
            services.account_save(
                workspace=workspace,
                app_key=form.cleaned_data["app_key"],
                app_secret=form.cleaned_data["app_secret"],
            )
            messages.success(request, _("The 1688 app settings were saved."))
            return redirect("sourcing:settings", workspace_id=workspace.pk)
    ctx = {
        "workspace": workspace,
        "account": account,
        "token": selectors.buyer_token_of(account),
        "form": form,
        "is_owner": selectors.is_owner(workspace, request.user),
        "callback_url": _callback_url(request),
        "setup": selectors.setup_state(workspace),
    }
    return render(request, "sourcing/settings.html", ctx)


@login_required
@require_POST
def connection_test(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """One cheap signed call with the buyer account's token: does 1688 accept them?

    The call reads the root of the translated category tree (read-only, tiny); a
    missing key, secret or buyer account is reported without sending anything.
    """
    workspace = get_workspace_for_user(request.user, workspace_id)
    try:
        with client_for(workspace) as client:
            try:
                client.category_translation(0, language="en")
            except (BusinessError, ResponseFormatError):
                # The gateway let the call through, so the key, the signature and
                # the token are good; what the API said about category 0 is no test.
                pass
    except Open1688Error as exc:
        failure = failed_call(request, exc)
        code = f" ({failure['error_code']})" if failure["error_code"] else ""
        if failure["kind"] == "setup":
            text = _("Connection not tested: nothing was sent to 1688. %(why)s")
        else:
            text = _("The connection test failed%(code)s: %(why)s")
        text = text % {"why": failure["message"], "code": code}
        if failure["request_id"]:
            text += " " + _("Request id (for support):") + " " + failure["request_id"]
        messages.error(request, text)
    else:
        messages.success(
            request,
            _(
                "Connection works: 1688 accepted the app key, the signature and the buyer "
                "account’s authorisation."
            ),
        )
    return redirect("sourcing:settings", workspace_id=workspace.pk)


def _callback_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("sourcing:oauth_callback"))


@login_required
@require_POST
def connect(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """Send the owner to 1688 to authorise the app for their buyer account."""
    workspace = get_workspace_for_user(request.user, workspace_id)
    _owner_only(request, workspace)
    try:
        app = oauth_app_for(workspace)
    except Open1688Error as exc:
        messages.error(request, failed_call(request, exc)["message"])
        return redirect("sourcing:settings", workspace_id=workspace.pk)
    state = secrets.token_urlsafe(24)
    request.session[OAUTH_SESSION_KEY] = {"state": state, "workspace": workspace.pk}
    url = app.authorization_url(_callback_url(request), state)
    app.close()
    return HttpResponseRedirect(url)


@login_required
def oauth_callback(request: HttpRequest) -> HttpResponse:
    """1688 sends the owner back here with ``?code=…&state=…``."""
    pending = request.session.pop(OAUTH_SESSION_KEY, None)
    state = request.GET.get("state", "")
    if not pending or not secrets.compare_digest(str(pending.get("state", "")), state):
        ctx: dict[str, Any] = {"problem": "state"}
        return render(request, "sourcing/oauth_failed.html", ctx, status=400)
    workspace = get_workspace_for_user(request.user, pending["workspace"])
    _owner_only(request, workspace)
    code = request.GET.get("code", "")
    if not code:
        ctx = {"workspace": workspace, "problem": "denied", "said": request.GET.get("error", "")}
        return render(request, "sourcing/oauth_failed.html", ctx, status=400)
    try:
        _exchange(request, workspace, code)
    except Open1688Error as exc:
        failure = failed_call(request, exc)
        ctx = {"workspace": workspace, "problem": "exchange", "failure": failure}
        return render(request, "sourcing/oauth_failed.html", ctx)
    messages.success(request, _("The 1688 buyer account is connected."))
    return redirect("sourcing:settings", workspace_id=workspace.pk)


@sensitive_variables("token")
def _exchange(request: HttpRequest, workspace: Workspace, code: str) -> None:
    app = oauth_app_for(workspace)
    try:
        token = app.exchange_code(code, _callback_url(request))
    finally:
        app.close()
    services.buyer_token_store(account=workspace.open1688_account, token=token)


# -- orders ---------------------------------------------------------------------


@login_required
def orders(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    return render(request, "sourcing/orders.html", _orders_context(request, workspace))


def _orders_context(request: HttpRequest, workspace: Workspace, **extra: Any) -> dict[str, Any]:
    page = Paginator(selectors.orders_of(workspace), 50).get_page(request.GET.get("page"))
    return {
        "workspace": workspace,
        "account": selectors.account_of(workspace),
        "page": page,
        "refunds": selectors.refunds_of(workspace)[:50],
        "setup": selectors.setup_state(workspace),
        "sync_form": extra.pop("sync_form", SyncForm()),
        **extra,
    }


@login_required
@require_POST
def orders_sync(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = SyncForm(request.POST)
    if not form.is_valid():
        ctx = _orders_context(request, workspace, sync_form=form)
        return render(request, "sourcing/orders.html", ctx, status=400)
    since = _start_of(form.cleaned_data["since"])
    try:
        with client_for(workspace) as client:
            result = services.orders_sync(workspace=workspace, client=client, since=since)
    except Open1688Error as exc:
        ctx = _orders_context(request, workspace, failure=failed_call(request, exc))
        return render(request, "sourcing/orders.html", ctx)
    messages.success(
        request,
        _(
            "Synced from 1688: %(new_orders)s new and %(changed_orders)s updated orders, "
            "%(new_refunds)s new and %(changed_refunds)s updated refunds."
        )
        % {
            "new_orders": result.orders_created,
            "changed_orders": result.orders_updated,
            "new_refunds": result.refunds_created,
            "changed_refunds": result.refunds_updated,
        },
    )
    return redirect("sourcing:orders", workspace_id=workspace.pk)


def _start_of(day: Any) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))
