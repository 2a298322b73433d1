"""Buying pages: agreements, orders with their clocks, claims, backups, order files.

Thin views: forms read input, services decide (and refuse in the reader's language),
selectors read. Every object is looked up inside the reader's workspace, so a stranger
gets a 404 for the workspace and for each object in it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user
from daifa.buying import clock, selectors, services
from daifa.buying.claim_files import claim_bundle, claim_message
from daifa.buying.documents import agreement_docx, agreement_html, agreement_pdf
from daifa.buying.errors import BuyingRefused
from daifa.buying.forms import (
    AddressForm,
    AdvanceForm,
    AgreementForm,
    BackupForm,
    ClaimForm,
    EvidenceForm,
    MarkForm,
    OrderFileForm,
    OrderForm,
    ProductForm,
    SwitchForm,
)
from daifa.buying.models import Claim, Product
from daifa.buying.states import LABELS, is_overdue, pickup_due, state_of, timeline
from daifa.buying.terms import legal_warnings
from daifa.buying.wording import clauses
from daifa.catalog.models import Supplier
from daifa.evidence.errors import EvidenceRefused
from daifa.evidence.services import evidence_store
from daifa.lifecycle.selectors import supplier_orderable
from daifa.sourcing.models import PurchaseOrder
from daifa.web.middleware import policy_with_inline_styles
from daifa.web.requests import AuthedHttpRequest


def _lang(request: HttpRequest) -> str:
    return "zh" if (request.LANGUAGE_CODE or "").startswith("zh") else "en"


def _refused(request: HttpRequest, form: forms.Form, exc: BuyingRefused) -> None:
    message = exc.message(_lang(request))
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, message)


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- overview -------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    now = clock.now()
    orders = list(selectors.orders_of(workspace)[:100])
    ctx = {
        "workspace": workspace,
        "now": now,
        "overdue": selectors.overdue_orders(workspace, now),
        "orders": [(o, state_of(o, now), str(LABELS[state_of(o, now)])) for o in orders],
        "agreements": selectors.latest_agreements(workspace),
        "claims": selectors.claims_of(workspace)[:50],
        "products": selectors.products_of(workspace),
        "suppliers": Supplier.objects.filter(workspace=workspace).order_by("name")[:500],
    }
    return render(request, "buying/overview.html", ctx)


# -- agreements -----------------------------------------------------------------------


@login_required
def agreement_new(request: AuthedHttpRequest, workspace_id: int, supplier_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    supplier = get_object_or_404(Supplier, workspace=workspace, pk=supplier_id)
    defaults = services.agreement_defaults(supplier=supplier)
    form = AgreementForm(request.POST or None, initial=AgreementForm.initial_from(defaults))
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                workspace=workspace, supplier=supplier, terms=form.terms(), by=request.user
            )
        except BuyingRefused as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("Agreement %(ref)s saved.") % {"ref": agreement.reference})
            return redirect("buying:agreement", workspace.pk, agreement.pk)
    ctx = {"workspace": workspace, "supplier": supplier, "form": form}
    return render(request, "buying/agreement_form.html", ctx, status=400 if form.errors else 200)


@login_required
def agreement_detail(
    request: AuthedHttpRequest, workspace_id: int, agreement_id: int
) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    agreement = selectors.get_agreement(workspace, agreement_id)
    form = AgreementForm(request.POST or None, initial=AgreementForm.initial_from(agreement.terms))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.agreement_revise(
                agreement=agreement, terms=form.terms(), by=request.user
            )
        except BuyingRefused as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("Saved as version %(v)s.") % {"v": new.version})
            return redirect("buying:agreement", workspace.pk, new.pk)
    ctx = {
        "workspace": workspace,
        "agreement": agreement,
        "clauses": clauses(agreement.terms),
        "warnings": legal_warnings(agreement.terms),
        "versions": selectors.versions_of(agreement),
        "form": form,
        "zh": _lang(request) == "zh",
    }
    return render(request, "buying/agreement.html", ctx, status=400 if form.errors else 200)


@login_required
def agreement_print(request: HttpRequest, workspace_id: int, agreement_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    agreement = selectors.get_agreement(workspace, agreement_id)
    html = agreement_html(agreement)
    response = HttpResponse(html)
    # The page is also the PDF's source, so its style is inline (WeasyPrint is given
    # no files); the policy allows that one style block by its hash, nothing else.
    response.headers["Content-Security-Policy"] = policy_with_inline_styles(html)
    return response


@login_required
def agreement_file(
    request: HttpRequest, workspace_id: int, agreement_id: int, fmt: str
) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    agreement = selectors.get_agreement(workspace, agreement_id)
    if fmt not in ("pdf", "docx"):
        raise Http404("no such format")
    name = f"{agreement.reference}-v{agreement.version}"
    if fmt == "pdf":
        return _download(agreement_pdf(agreement), "application/pdf", f"{name}.pdf")
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _download(agreement_docx(agreement), docx_type, f"{name}.docx")


# -- orders ---------------------------------------------------------------------------


@login_required
def order_new(request: AuthedHttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    offers = selectors.offers_for_order(workspace)
    agreements = selectors.agreements_of(workspace)
    initial: dict[str, Any] = {}
    if request.GET.get("offer", "").isdigit():
        initial["offer"] = int(request.GET["offer"])
    form = OrderForm(request.POST or None, offers=offers, agreements=agreements, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_create(
                workspace=workspace,
                offer=data["offer"],
                quantity=data["quantity"],
                sku=data["sku"],
                ship_to=data["ship_to"],
                payment_method=data["payment_method"],
                remark=data["remark"],
                agreement=data["agreement"],
                order_id=data["order_id"],
                unit_price=data["unit_price"],
                shipping_fee=data["shipping_fee"],
                by=request.user,
            )
        except BuyingRefused as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("Order %(id)s recorded.") % {"id": order.order_id})
            return redirect("buying:order", workspace.pk, order.pk)
    ctx = {"workspace": workspace, "form": form}
    return render(request, "buying/order_form.html", ctx, status=400 if form.errors else 200)


def _order_context(
    request: HttpRequest, workspace: Workspace, order: PurchaseOrder, **extra: Any
) -> dict[str, Any]:
    now = clock.now()
    state = state_of(order, now)
    return {
        "workspace": workspace,
        "order": order,
        "now": now,
        "state": state,
        "state_label": LABELS[state],
        "overdue": is_overdue(order, now),
        "pickup_due": pickup_due(order),
        "timeline": timeline(order),
        "claims": order.claims.all(),
        "orderable": order.supplier is None or supplier_orderable(order.supplier),
        "mark_form": extra.pop("mark_form", MarkForm()),
        "claim_form": extra.pop("claim_form", ClaimForm()),
        **extra,
    }


@login_required
def order_detail(request: HttpRequest, workspace_id: int, order_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    order = selectors.get_order(workspace, order_id)
    return render(request, "buying/order.html", _order_context(request, workspace, order))


@login_required
@require_POST
def order_mark(request: HttpRequest, workspace_id: int, order_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    order = selectors.get_order(workspace, order_id)
    form = MarkForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.order_mark(
                order=order,
                step=data["step"],
                at=data["at"],
                reason=data["reason"],
                carrier=data["carrier"],
                tracking_no=data["tracking_no"],
            )
        except BuyingRefused as exc:
            _refused(request, form, exc)
        else:
            return redirect("buying:order", workspace.pk, order.pk)
    order.refresh_from_db()
    ctx = _order_context(request, workspace, order, mark_form=form)
    return render(request, "buying/order.html", ctx, status=400)


@login_required
@require_POST
def claim_new(request: AuthedHttpRequest, workspace_id: int, order_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    order = selectors.get_order(workspace, order_id)
    form = ClaimForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            evidence = []
            if data["evidence"] is not None:
                evidence.append(
                    evidence_store(workspace=workspace, upload=data["evidence"], by=request.user)
                )
            claim = services.claim_create(
                order=order,
                kind=data["kind"],
                remedy=data["remedy"],
                description=data["description"],
                affected_quantity=data["affected_quantity"],
                return_freight=data["return_freight"],
                evidence=evidence,
                by=request.user,
            )
        except BuyingRefused as exc:
            _refused(request, form, exc)
        except EvidenceRefused as exc:
            form.add_error("evidence", exc.message(_lang(request)))
        else:
            return redirect("buying:claim", workspace.pk, claim.pk)
    ctx = _order_context(request, workspace, order, claim_form=form)
    return render(request, "buying/order.html", ctx, status=400)


@login_required
def overdue(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    now = clock.now()
    ctx = {"workspace": workspace, "now": now, "orders": selectors.overdue_orders(workspace, now)}
    return render(request, "buying/overdue.html", ctx)


@login_required
def order_place(request: HttpRequest, workspace_id: int, order_id: int) -> HttpResponse:
    """Place a recorded order on 1688: preview (freight, total) first, then place once."""
    from daifa.sources.open1688 import Open1688Error
    from daifa.sourcing.client import client_for
    from daifa.sourcing.selectors import is_owner, setup_state

    workspace = get_workspace_for_user(request.user, workspace_id)
    order = selectors.get_order(workspace, order_id)
    form = AddressForm(request.POST or None)
    ctx: dict[str, Any] = {
        "workspace": workspace,
        "order": order,
        "form": form,
        "setup": setup_state(workspace),
        "is_owner": is_owner(workspace, request.user),
    }
    status = 200
    if request.method == "POST":
        if not ctx["is_owner"]:
            # The 1688 account pays: the owner's call, as for its credentials.
            raise PermissionDenied("only the workspace owner places orders on 1688")
        if form.is_valid():
            try:
                with client_for(workspace) as client:
                    if request.POST.get("action") == "place":
                        placed = services.order_place_1688(
                            order=order, client=client, address=form.address_value()
                        )
                        messages.success(request, placed.message(_lang(request)))
                        return redirect("buying:order", workspace.pk, order.pk)
                    ctx["previews"] = services.order_preview_1688(
                        order=order, client=client, address=form.address_value()
                    )
            except BuyingRefused as exc:
                _refused(request, form, exc)
            except Open1688Error as exc:
                form.add_error(None, exc.message(_lang(request)))
        if form.errors:
            status = 400
    return render(request, "buying/order_place.html", ctx, status=status)


# -- claims ---------------------------------------------------------------------------


@login_required
def claim_detail(request: AuthedHttpRequest, workspace_id: int, claim_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    claim = selectors.get_claim(workspace, claim_id)
    evidence_form = EvidenceForm()
    if request.method == "POST" and request.POST.get("action") == "evidence":
        evidence_form = EvidenceForm(request.POST, request.FILES)
        if evidence_form.is_valid():
            try:
                file = evidence_store(
                    workspace=workspace,
                    upload=evidence_form.cleaned_data["evidence"],
                    by=request.user,
                )
            except EvidenceRefused as exc:
                evidence_form.add_error("evidence", exc.message(_lang(request)))
            else:
                claim.evidence.add(file)
                return redirect("buying:claim", workspace.pk, claim.pk)
    form = AdvanceForm(request.POST if request.POST.get("action") == "status" else None)
    if request.method == "POST" and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.claim_advance(
                claim=claim,
                status=data["status"],
                note=data["note"],
                received=data["received"],
                reshipped_at=data["reshipped_at"],
            )
        except BuyingRefused as exc:
            _refused(request, form, exc)
        else:
            return redirect("buying:claim", workspace.pk, claim.pk)
    zh, en = claim_message(claim)
    ctx = {
        "workspace": workspace,
        "claim": claim,
        "message_zh": zh,
        "message_en": en,
        "history": _claim_history(claim),
        "evidence": claim.evidence.all(),
        "form": form,
        "evidence_form": evidence_form,
        **_refund_context(request, workspace, claim),
        "answer_late": claim.answer_due_at is not None
        and claim.status == "sent"
        and clock.now() > claim.answer_due_at,
    }
    failed = form.errors or evidence_form.errors
    return render(request, "buying/claim.html", ctx, status=400 if failed else 200)


def _claim_history(claim: Claim) -> list[dict[str, Any]]:
    """The claim's status changes as the page shows them: the status's name, not its
    key, and the time as a time (stored as ISO text)."""
    from django.utils.dateparse import parse_datetime

    labels = dict(Claim.Status.choices)
    return [
        {
            "label": labels.get(h.get("status"), h.get("status")),
            "at": parse_datetime(h["at"]) if h.get("at") else None,
            "note": h.get("note", ""),
        }
        for h in claim.history
    ]


def _refund_context(request: HttpRequest, workspace: Workspace, claim: Claim) -> dict[str, Any]:
    """The claim page's 1688 refund block: the filed refund, or what would be sent."""
    from daifa.sourcing.selectors import is_owner, setup_state

    ctx: dict[str, Any] = {
        "refund": selectors.claim_refund(claim),
        "refund_owner": is_owner(workspace, request.user),
        "refund_setup": setup_state(workspace),
    }
    if not claim.refund_id:
        try:
            ctx["refund_preview"] = services.refund_request(claim)
        except BuyingRefused as exc:
            ctx["refund_refused"] = exc.message(_lang(request))
        else:
            if ctx["refund_owner"] and ctx["refund_setup"].ready:
                ctx.update(_refund_reasons(request, claim))
    return ctx


def _refund_reasons(request: HttpRequest, claim: Claim) -> dict[str, Any]:
    """1688's reasons for the picker; when they cannot be read, the owner types the
    reason id instead, told why in the page's language."""
    from daifa.sources.open1688 import Open1688Error

    try:
        return {"refund_reasons": services.claim_refund_reasons(claim=claim)}
    except (Open1688Error, BuyingRefused) as exc:
        said = exc.message(_lang(request))
    zh = _lang(request).startswith("zh")
    return {
        "refund_reasons_failed": (
            f"未能从 1688 读取退款原因列表（{said}）；请在 1688 的退款页面查到原因 ID 后填写。"
            if zh
            else f"Could not read 1688's list of refund reasons ({said}); "
            "look the reason id up on 1688's refund page and type it."
        )
    }


@login_required
@require_POST
def claim_refund(request: AuthedHttpRequest, workspace_id: int, claim_id: int) -> HttpResponse:
    """File the claim's refund on 1688 (once; a second submit files nothing new)."""
    from daifa.sources.open1688 import Open1688Error
    from daifa.sourcing.selectors import is_owner

    workspace = get_workspace_for_user(request.user, workspace_id)
    claim = selectors.get_claim(workspace, claim_id)
    if not is_owner(workspace, request.user):
        # The refund goes out under the owner's 1688 account, as orders do.
        raise PermissionDenied("only the workspace owner files refunds on 1688")
    raw = request.POST.get("reason_id", "").strip()
    if not claim.refund_id and not raw.isdigit():
        messages.error(
            request,
            f"1688 退款原因ID = {raw!r}：须为 1688 退款原因列表中的数字。"
            if _lang(request).startswith("zh")
            else f"1688 refund reason id = {raw!r}: must be a number from 1688's reason list.",
        )
        return redirect("buying:claim", workspace.pk, claim.pk)
    try:
        refund_id = services.claim_file_refund(
            claim=claim, by=request.user, reason_id=int(raw or 0)
        )
    except BuyingRefused as exc:
        messages.error(request, exc.message(_lang(request)))
    except Open1688Error as exc:
        messages.error(request, exc.message(_lang(request)))
    else:
        messages.success(
            request,
            f"已在 1688 申请退款，退款单号 {refund_id}。"
            if _lang(request).startswith("zh")
            else f"Refund filed on 1688: {refund_id}.",
        )
    return redirect("buying:claim", workspace.pk, claim.pk)


@login_required
def claim_zip(request: HttpRequest, workspace_id: int, claim_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    claim = selectors.get_claim(workspace, claim_id)
    return _download(claim_bundle(claim), "application/zip", f"claim-{claim.pk}.zip")


# -- backups --------------------------------------------------------------------------


@login_required
def products(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = ProductForm(request.POST or None, offers=selectors.offers_for_order(workspace))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            product = services.product_create(
                workspace=workspace,
                sku=data["sku"],
                name=data["name"],
                primary=data["primary"],
                price_band_pct=data["price_band_pct"],
            )
        except BuyingRefused as exc:
            _refused(request, form, exc)
        else:
            return redirect("buying:product", workspace.pk, product.pk)
    ctx = {"workspace": workspace, "products": selectors.products_of(workspace), "form": form}
    return render(request, "buying/products.html", ctx, status=400 if form.errors else 200)


def _product_context(workspace: Workspace, product: Product, **extra: Any) -> dict[str, Any]:
    links = list(product.links.all())
    group = links[0].offer.product_group if links else ""
    candidates = selectors.offers_for_order(workspace).exclude(
        pk__in=[link.offer_id for link in links]
    )
    if group:
        candidates = candidates.filter(product_group=group)
    return {
        "workspace": workspace,
        "product": product,
        "rows": selectors.readiness(product),
        "switches": product.switches.select_related("from_offer", "to_offer", "by"),
        "backup_form": extra.pop("backup_form", BackupForm(offers=candidates)),
        "has_candidates": candidates.exists(),
        "switch_form": extra.pop("switch_form", SwitchForm()),
        **extra,
    }


@login_required
def product_detail(request: AuthedHttpRequest, workspace_id: int, product_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    product = selectors.get_product(workspace, product_id)
    status = 200
    extra: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "backup":
                form: BackupForm | SwitchForm = BackupForm(
                    request.POST, offers=selectors.offers_for_order(workspace)
                )
                extra["backup_form"] = form
                if form.is_valid():
                    services.backup_add(product=product, offer=form.cleaned_data["offer"])
                    return redirect("buying:product", workspace.pk, product.pk)
            elif action in ("in_stock", "out_of_stock"):
                link = get_object_or_404(product.links, pk=request.POST.get("link"))
                services.stock_record(link=link, in_stock=action == "in_stock")
                return redirect("buying:product", workspace.pk, product.pk)
            elif action == "switch":
                link = get_object_or_404(product.links, pk=request.POST.get("link"))
                form = SwitchForm(request.POST)
                extra["switch_form"] = form
                if form.is_valid():
                    services.product_switch(
                        product=product,
                        to=link,
                        reason=form.cleaned_data["reason"],
                        by=request.user,
                    )
                    return redirect("buying:product", workspace.pk, product.pk)
        except BuyingRefused as exc:
            messages.error(request, exc.message(_lang(request)))
        status = 400
        product = selectors.get_product(workspace, product_id)
    return render(
        request, "buying/product.html", _product_context(workspace, product, **extra), status=status
    )


# -- order files ----------------------------------------------------------------------


@login_required
def order_import(request: HttpRequest, workspace_id: int) -> HttpResponse:
    from daifa.buying.order_files import OrderFileError, orders_import

    workspace = get_workspace_for_user(request.user, workspace_id)
    form = OrderFileForm(request.POST or None, request.FILES or None)
    result = None
    problems: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = orders_import(workspace=workspace, upload=form.cleaned_data["file"])
        except OrderFileError as exc:
            problems = exc.lines(_lang(request))
            status = 400
    ctx = {"workspace": workspace, "form": form, "result": result, "problems": problems}
    return render(request, "buying/order_import.html", ctx, status=status)
