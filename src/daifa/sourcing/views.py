"""1688 pages: settings and buyer account, search, supplier refresh, orders.

Every gateway failure is shown on the page in the reader's language with what
to do next (the client's errors carry both languages); none becomes a 500.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, time
from typing import Any
from urllib.parse import urlencode

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
from daifa.catalog.selectors import get_supplier_for_user
from daifa.sources.open1688 import (
    BusinessError,
    ConfigurationError,
    InvalidRequestError,
    Open1688Error,
    ResponseFormatError,
    SearchPage,
    observations_from_search,
)
from daifa.sourcing import selectors, services
from daifa.sourcing.adapters import observation_from_json, observation_to_json
from daifa.sourcing.client import client_for, oauth_app_for
from daifa.sourcing.forms import AccountForm, AddOffersForm, PasteOfferForm, SearchForm, SyncForm
from daifa.web.i18n import lang_of
from daifa.workbench.actions import observations_1688_store, store_result_changed

log = logging.getLogger(__name__)
OAUTH_SESSION_KEY = "open1688_oauth"
SEARCH_SESSION_KEY = "open1688_search"


_lang = lang_of  # one language rule for every page (daifa.web.i18n)


def _failure(request: HttpRequest, exc: Open1688Error) -> dict[str, Any]:
    """What the page shows for a failed 1688 call; the log line names no credential.

    ``kind`` tells the page whether anything reached 1688: "setup" (no app or buyer
    account: nothing was sent), "refused" (daifa refused a value before sending) or
    "gateway" (1688 or the network answered).
    """
    log.warning(
        "1688 call failed: %s %s (request id %s)",
        type(exc).__name__,
        exc.error_code or "",
        exc.request_id or "-",
    )
    if isinstance(exc, ConfigurationError):
        kind = "setup"
    elif isinstance(exc, InvalidRequestError):
        kind = "refused"
    else:
        kind = "gateway"
    return {
        "message": exc.message(_lang(request)),
        "request_id": exc.request_id,
        "error_code": exc.error_code,
        "kind": kind,
    }


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
        failure = _failure(request, exc)
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
        messages.error(request, _failure(request, exc)["message"])
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
        failure = _failure(request, exc)
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


# -- search ---------------------------------------------------------------------


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
        return render(request, "sourcing/search.html", ctx)
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
            ctx["failure"] = _failure(request, exc)
            return render(request, "sourcing/search.html", ctx)
        _remember(request, workspace, form.cleaned_data["q"], page)
        # Post/redirect/get: reloading the results page does not search (and pay) again.
        url = reverse("sourcing:search", args=[workspace.pk])
        return HttpResponseRedirect(f"{url}?{urlencode({'q': form.cleaned_data['q']})}")
    ctx.update(_remembered(request, workspace))
    return render(request, "sourcing/search.html", ctx, status=400)


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
    form = PasteOfferForm(request.POST, lang=_lang(request))
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
            ctx["failure"] = _failure(request, exc)
        else:
            messages.success(request, _added_message(result))
            supplier = result.suppliers[0]
            return redirect("supplier_detail", workspace_id=workspace.pk, supplier_id=supplier.pk)
    ctx.update(_remembered(request, workspace))
    return render(request, "sourcing/search.html", ctx)


# -- supplier refresh -------------------------------------------------------------


@login_required
@require_POST
def supplier_refresh(request: HttpRequest, workspace_id: int, supplier_id: int) -> HttpResponse:
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
        ctx["failure"] = _failure(request, exc)
    if request.htmx:
        return render(request, "sourcing/refresh.html#refresh-result", ctx)
    return render(request, "sourcing/refresh.html", ctx)


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
        ctx = _orders_context(request, workspace, failure=_failure(request, exc))
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
