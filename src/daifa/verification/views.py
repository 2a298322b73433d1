"""Pages of the verification workflow: a supplier's checks, one check's form, the
"to verify" list across suppliers, and the quote log and comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user
from daifa.catalog.models import Offer
from daifa.catalog.selectors import get_supplier_for_user
from daifa.evidence.errors import EvidenceRefused
from daifa.evidence.models import EvidenceFile
from daifa.evidence.services import evidence_store
from daifa.verification import forms as check_forms
from daifa.verification import parsing, selectors, services
from daifa.verification.catalogue import CHECKLISTS, TOPICS, TYPE_WORDS, guess_category
from daifa.verification.models import OPEN, Check, CheckType
from daifa.verification.parsing import Bad
from daifa.web.requests import AuthedHttpRequest

if TYPE_CHECKING:
    from daifa.verification.aql import Inspection


def _lang(request: HttpRequest) -> str:
    return "en" if request.LANGUAGE_CODE.startswith("en") else "zh"


@login_required
def supplier_checks(
    request: AuthedHttpRequest, workspace_id: int, supplier_id: int
) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    supplier = get_supplier_for_user(request.user, workspace, supplier_id)
    if request.method == "POST" and request.POST.get("action") == "plan":
        services.checks_plan(workspace=workspace, suppliers=[supplier], by=request.user)
        return redirect("verification:supplier_checks", workspace.pk, supplier.pk)
    if request.method == "POST":
        kind, _, topic = (request.POST.get("add") or "").partition(":")
        if kind not in CheckType.values or (kind == "inquiry" and topic not in TOPICS):
            value = request.POST.get("add", "")
            refused = (
                f"核对类型：“{value}”不是可选的核对",
                f"Check: “{value}” is not a kind of check",
            )
            messages.error(request, _pair(refused, request))
        else:
            offer_pk = request.POST.get("offer", "")  # not a number: the verdict's offer
            offer = (
                Offer.objects.filter(supplier=supplier, pk=offer_pk).first()
                if offer_pk.isdigit()
                else None
            )
            check = services.check_create(
                supplier=supplier, type=kind, topic=topic, offer=offer, by=request.user
            )
            return redirect("verification:check", workspace.pk, check.pk)
        return redirect("verification:supplier_checks", workspace.pk, supplier.pk)
    suggested = [
        {"value": f"{k}:{t}" if t else k, "title": selectors.kind_title(k, t), "criteria": c}
        for k, t, c in services.checks_suggested(supplier)
    ]
    lot, lot_error = _lot_plan(request)
    ctx = {
        "lot": lot,
        "lot_rows": [
            (("致命", "critical"), lot.critical),
            (("严重", "major"), lot.major),
            (("轻微", "minor"), lot.minor),
        ]
        if lot
        else [],
        "lot_text": request.GET.get("lot", ""),
        "lot_error": lot_error,
        "suggested": suggested,
        "workspace": workspace,
        "supplier": supplier,
        "checks": selectors.supplier_checks(supplier),
        "verdict": selectors.verdict_of(supplier),
        "certificates": selectors.supplier_certificates(supplier),
        "reference": selectors.reference_sample(supplier),
        "kinds": [(k, TYPE_WORDS[k]) for k in CheckType.values if k != "inquiry"],
        "topics": [(k, t.title) for k, t in TOPICS.items()],
        "today": timezone.localdate(),
    }
    return render(request, "verification/supplier_checks.html", ctx)


def _lot_plan(request: HttpRequest) -> tuple[Inspection | None, str]:
    """The first bulk lot's ISO 2859-1 inspection (level II; critical 0, major 2.5,
    minor 4.0) for the lot size asked on the page, or the refusal."""
    from daifa.verification.aql import AqlError, inspection

    text = (request.GET.get("lot") or "").strip()
    if not text:
        return None, ""
    try:
        lot = parsing.integer(("批量", "Lot size"), text, low=2)
        return inspection(lot), ""
    except (Bad, AqlError) as exc:
        return None, exc.message(_lang(request))


def _pair(pair: tuple[str, str], request: HttpRequest) -> str:
    return pair[0] if _lang(request) == "zh" else pair[1]


def _store_files(
    request: AuthedHttpRequest, workspace: Workspace, names: list[str], errors: dict[str, str]
) -> dict[str, list[EvidenceFile]]:
    """Each uploaded file of ``names`` stored as evidence; refusals go to ``errors``."""
    stored: dict[str, list[EvidenceFile]] = {}
    for name in names:
        for upload in request.FILES.getlist(name):
            try:
                stored.setdefault(name, []).append(
                    evidence_store(workspace=workspace, upload=upload, by=request.user)
                )
            except EvidenceRefused as exc:
                errors[name] = exc.message(_lang(request))
    return stored


@login_required
def check_detail(request: AuthedHttpRequest, workspace_id: int, check_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    check = selectors.get_check_for_workspace(workspace, check_id)
    lang = _lang(request)
    posted = None
    errors: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "skip":
                services.check_skip(
                    check=check, by=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _pair(("已跳过。", "Skipped."), request))
                return redirect("verification:supplier_checks", workspace.pk, check.supplier_id)
            if action == "sent":
                services.check_mark_sent(check=check, by=request.user)
                return redirect("verification:check", workspace.pk, check.pk)
            if action == "again":
                again = services.check_create(
                    supplier=check.supplier, type=check.type, topic=check.topic,
                    offer=check.offer, by=request.user,
                )  # fmt: skip
                return redirect("verification:check", workspace.pk, again.pk)
            posted = _with_synced_order(workspace, check, request.POST)
            reading = check_forms.read(
                check.type, check.topic, posted, lang, today=timezone.localdate()
            )
            errors.update(reading.errors)
            if errors:  # nothing is stored, not even the files, until the form reads
                raise Bad("", "")
            files = _store_files(request, workspace, ["evidence", "certificate_file"], errors)
            photos = {}
            if check.type == "sample_test":
                names = [f"item-{i['key']}-photo" for i in reading.items]
                for name, stored in _store_files(request, workspace, names, errors).items():
                    photos[name.split("-")[1]] = stored[0]
            if errors:
                raise Bad("", "")
            evidence = files.get("evidence", [])
            if action == "finish":
                if check.type == "sample_test":
                    missing = services.sample_photo_missing(check, reading, photos)
                    for key in missing:
                        errors[f"item-{key}-photo"] = _pair(
                            ("不合格项必须附照片", "A failed item needs a photo"), request
                        )
                    if missing:
                        raise Bad("", "")
                cert = next(iter(files.get("certificate_file", [])), None)
                if check.type == "certificate" and cert is None:
                    errors["certificate_file"] = _pair(
                        ("证书文件：请上传证书（PDF 或照片）",
                         "Certificate file: attach the certificate (PDF or photo)"), request
                    )  # fmt: skip
                    raise Bad("", "")
                services.check_finish(
                    check=check, reading=reading, by=request.user, files=evidence,
                    items_photos=photos, certificate_file=cert,
                )  # fmt: skip
                done = ("已记录，供应商已重新筛选。", "Recorded; the supplier was screened again.")
                messages.success(request, _pair(done, request))
                return redirect("supplier_detail", workspace.pk, check.supplier_id)
            services.check_progress(
                check=check, reading=reading, by=request.user, files=evidence, items_photos=photos
            )
            messages.info(
                request,
                _pair(("已保存，核对仍在进行中。", "Saved; the check stays open."), request),
            )
            return redirect("verification:check", workspace.pk, check.pk)
        except Bad as exc:
            if exc.message_en:
                errors["all"] = exc.message(lang)
    category = _category(check, request, posted)
    rows = selectors.form_rows(check, posted)
    for row in rows:  # the checklist shown is the one the form says it is
        if row["field"].name == "category" and not row["value"]:
            row["value"] = category
    ctx = {
        "workspace": workspace,
        "check": check,
        "title": selectors.check_title(check),
        "rows": rows,
        "sample": selectors.sample_rows(check, category, posted)
        if check.type == "sample_test"
        else None,
        "category": category,
        "categories": [(k, v[0]) for k, v in CHECKLISTS.items()],
        "topic": TOPICS.get(check.topic),
        "errors": errors,
        "verdict": selectors.verdict_of(check.supplier),
        "status": selectors.status_words(check.status),
        "certificates": check.certificates.select_related("file"),
    }
    return render(request, "verification/check.html", ctx, status=400 if errors else 200)


def _with_synced_order(workspace: Workspace, check: Check, post: QueryDict) -> QueryDict:
    """A test order whose 1688 order is synced takes its times from it: paid at
    ``payTime`` and the first dispatch (发货) the order records, where the form
    leaves them blank."""
    if check.type != "test_order":
        return post
    from daifa.sourcing.models import PurchaseOrder

    ref = (post.get("order_ref") or "").strip()
    order = PurchaseOrder.objects.filter(workspace=workspace, order_id=ref).first() if ref else None
    if order is None:
        return post
    filled = post.copy()
    for name, value in (("paid_at", order.paid_at), ("picked_up_at", order.shipped_at)):
        if value is not None and not (filled.get(name) or "").strip():
            filled[name] = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
    return filled


def _category(check: Check, request: HttpRequest, posted: QueryDict | None) -> str:
    wanted: str | None = (posted or request.GET).get("category") or check.data.get("category")
    if wanted in CHECKLISTS:
        return wanted
    return guess_category(check.offer.category if check.offer else "")


@login_required
def to_verify(request: AuthedHttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    lang = _lang(request)
    if request.method == "POST":
        _bulk(request, workspace, lang)
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    group = request.GET.get("group", "")
    due = request.GET.get("due", "")
    waiting = request.GET.get("waiting") == "1"
    criterion = request.GET.get("criterion", "")
    checks = selectors.open_checks(
        workspace, group=group, due=due, waiting=waiting, criterion=criterion
    )
    from daifa.screening.selectors import best_rows, groups_of

    unplanned = (
        best_rows(workspace).exclude(to_verify=[]).exclude(supplier__checks__isnull=False).count()
    )
    ctx = {
        "workspace": workspace,
        "labels": selectors.criterion_labels(workspace, lang),
        "groups": selectors.grouped(checks),
        "count": checks.count(),
        "filters": {"group": group, "due": due, "waiting": waiting, "criterion": criterion},
        "product_groups": groups_of(workspace),
        "unplanned": unplanned,
        "expiring": selectors.certificates_expiring(workspace),
        "today": timezone.localdate(),
    }
    return render(request, "verification/to_verify.html", ctx)


def _bulk(request: AuthedHttpRequest, workspace: Workspace, lang: str) -> None:
    action = request.POST.get("action")
    if action == "plan":
        made = services.checks_plan(workspace=workspace, by=request.user)
        messages.success(
            request,
            f"已创建 {made} 项核对。" if lang == "zh" else f"{made} checks created.",
        )
        return
    ids = [i for i in request.POST.getlist("check") if i.isdigit()]
    chosen = list(Check.objects.filter(workspace=workspace, pk__in=ids, status__in=OPEN))
    if not chosen:
        messages.error(request, _pair(("请先勾选核对项。", "Tick the checks first."), request))
        return
    try:
        if action == "sent":
            for check in chosen:
                services.check_mark_sent(check=check, by=request.user)
        elif action == "skip":
            reason = request.POST.get("reason", "")
            for check in chosen:
                services.check_skip(check=check, by=request.user, reason=reason)
        elif action == "due":
            due = parsing.day(("截止日期", "Due date"), request.POST.get("due", ""))
            for check in chosen:
                services.check_set_due(check=check, by=request.user, due=due)
        else:
            messages.error(request, _pair(("未知操作", "Unknown action"), request))
            return
    except Bad as exc:
        messages.error(request, exc.message(lang))
        return
    messages.success(
        request, f"已更新 {len(chosen)} 项。" if lang == "zh" else f"{len(chosen)} checks updated."
    )


@login_required
def quotes(request: AuthedHttpRequest, workspace_id: int, supplier_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    supplier = get_supplier_for_user(request.user, workspace, supplier_id)
    offers = [o for o in supplier.offers.order_by("position", "id") if o.external_id or o.facts]
    errors: dict[str, str] = {}
    posted = None
    if request.method == "POST":
        posted = request.POST
        values, errors = check_forms.read_quote(request.POST, _lang(request))
        offer = next((o for o in offers if str(o.pk) == request.POST.get("offer")), None)
        if offer is None:
            errors["offer"] = _pair(
                (f"商品：“{request.POST.get('offer', '')}”不是该供应商的商品",
                 f"Offer: “{request.POST.get('offer', '')}” is not an offer of this supplier"),
                request,
            )  # fmt: skip
        if offer is not None and not errors:
            services.quote_add(offer=offer, by=request.user, **values)
            messages.success(request, _pair(("报价已记录。", "Quote recorded."), request))
            return redirect("verification:quotes", workspace.pk, supplier.pk)
    rows = [
        {"field": f, "value": (posted.get(f.name, "") if posted is not None else "")}
        for f in check_forms.QUOTE_FIELDS
    ]
    ctx = {
        "workspace": workspace,
        "supplier": supplier,
        "offers": offers,
        "quotes": selectors.offer_quotes(supplier),
        "rows": rows,
        "errors": errors,
        "chosen_offer": posted.get("offer") if posted is not None else "",
        "today": timezone.localdate(),
    }
    return render(request, "verification/quotes.html", ctx, status=400 if errors else 200)


@login_required
def quote_compare(request: AuthedHttpRequest, workspace_id: int) -> HttpResponse:
    from daifa.screening.selectors import groups_of
    from daifa.verification.quotes import compare_quotes

    workspace = get_workspace_for_user(request.user, workspace_id)
    group = request.GET.get("group", "")
    error = ""
    quantity = 1
    text = (request.GET.get("quantity") or "").strip()
    if text:
        try:
            quantity = parsing.integer(("数量", "Quantity"), text, low=1)
        except Bad as exc:
            error = exc.message(_lang(request))
    rows = compare_quotes(workspace, group, quantity, timezone.localdate()) if group else []
    ctx = {
        "workspace": workspace,
        "group": group,
        "quantity": quantity,
        "quantity_text": text,
        "groups": groups_of(workspace),
        "rows": [] if error else rows,
        "error": error,
    }
    return render(request, "verification/quote_compare.html", ctx, status=400 if error else 200)
