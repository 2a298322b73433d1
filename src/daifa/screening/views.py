from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BoundField, ChoiceField
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daifa.accounts.models import Workspace
from daifa.accounts.selectors import get_workspace_for_user
from daifa.catalog.models import Supplier
from daifa.catalog.selectors import fact_history, get_supplier_for_user
from daifa.engine.criteria import DIMENSION_LABELS
from daifa.engine.verdicts import RowVerdict
from daifa.screening import charts, exports, profiles, selection, supplierpage
from daifa.screening.comparison import radar
from daifa.screening.forms import SupplierFilterForm
from daifa.screening.inputs import workspace_profile
from daifa.screening.memo import remembered_widget
from daifa.screening.models import ScreenRow
from daifa.screening.profiles import ProfileForm
from daifa.screening.selectors import (
    DEFAULT_SORT,
    categories,
    compare_group,
    filter_rows,
    group_exists,
    groups_of,
    lang_of,
    offer_filters_of,
    overview,
    page_of_filtered_rows,
    page_of_list_rows,
    page_offers,
    remembered,
    scans,
    supplier_scorecard,
)
from daifa.screening.tables import (
    filter_form,
    history_rows,
    offer_rows,
    review_items,
    supplier_rows,
)
from daifa.web.pagecache import cached_html, cached_page
from daifa.web.requests import HtmxHttpRequest
from daifa.workbench.actions import profile_save

if TYPE_CHECKING:
    from daifa.sourcing.selectors import SetupState

PAGE_SIZE = 50


@login_required
def dashboard(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    ctx = {
        "workspace": workspace,
        "overview": overview(workspace, lang_of(request)),
        "imports": workspace.imports.all()[:5],
    }
    return render(request, "screening/dashboard.html", ctx)


def _flag_choices(workspace: Workspace, lang: str) -> list[tuple[str, str]]:
    return _choices_of_kind(workspace, "flag", lang)


def _gate_choices(workspace: Workspace, lang: str) -> list[tuple[str, str]]:
    return _choices_of_kind(workspace, "gate", lang)


def _choices_of_kind(workspace: Workspace, kind: str, lang: str) -> list[tuple[str, str]]:
    """The profile's criteria of one kind as (id, label) choices, remembered in this
    process until the workspace changes (a profile saved bumps its data version)."""

    def read() -> list[tuple[str, str]]:
        profile = workspace_profile(workspace)
        return [(c.id, c.label.get(lang)) for c in profile.of_kind(kind)]

    return list(remembered(workspace, ("choices", kind, lang), read))


@login_required
def supplier_list(request: HtmxHttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    lang = lang_of(request)
    query = request.GET.copy()
    query.pop("page", None)
    query_string = query.urlencode()

    # The list only changes with the workspace's data or screening, so its HTML
    # is kept per query and language until then (it holds no per-user token).
    def make_form() -> SupplierFilterForm:
        return _filter_form(workspace, lang, request.GET)

    def render_list() -> str:
        # The unfiltered list (at most a page number) has nothing to validate:
        # its form is built only to draw it, once per process (_filters_html).
        form = make_form() if query_string else None
        # An invalid filter (a price range upside down) lists nothing and says
        # why, next to the results the live form swaps in: never everything.
        invalid = form is not None and form.is_bound and bool(form.errors)
        data = form.cleaned_data if form is not None and form.is_bound and not invalid else {}
        # A filter's rows are picked in this process's memory when it can
        # (daifa.screening.listindex); else, and for the plain list, by the database.
        page = None
        if query_string and not invalid:
            page = page_of_filtered_rows(workspace, data, request.GET.get("page"), PAGE_SIZE)
        if page is None:
            rows = ScreenRow.objects.none() if invalid else filter_rows(workspace, data)
            page = page_of_list_rows(
                rows,
                request.GET.get("page"),
                PAGE_SIZE,
                one_pass=scans(data),
                remember=None if invalid else (workspace, query_string),
            )
        ctx = {
            "workspace": workspace,
            "form": form,
            "page": page,
            "query": query_string,
            "filter_errors": _filter_errors(form) if form is not None and invalid else [],
            "offer_filtered": bool(offer_filters_of(data)),
        }
        ctx["rows_html"] = supplier_rows(
            list(page.object_list),
            workspace_pk=workspace.pk,
            offer_filtered=bool(offer_filters_of(data)),
        )
        ctx["sort"] = data.get("sort") or DEFAULT_SORT
        if not request.htmx:
            ctx["filters_html"] = _filters_html(workspace, lang, query_string, form or make_form)
        template = "screening/supplier_list.html#" + ("results" if request.htmx else "main")
        return render_to_string(template, ctx, request=request)

    html = cached_html(
        workspace, ("list", lang, request.GET.urlencode(), bool(request.htmx)), render_list
    )
    if request.htmx:
        return HttpResponse(html)
    ctx = {"workspace": workspace, "main_html": html, "rescreening": _rescreening(workspace)}
    return render(request, "screening/supplier_list.html", ctx)


def _filter_form(workspace: Workspace, lang: str, data: QueryDict) -> SupplierFilterForm:
    """The list's filter form for the query ``data`` (unbound when empty), validated."""
    form = SupplierFilterForm(
        data or None,
        categories=categories(workspace),
        flags=_flag_choices(workspace, lang),
        gates=_gate_choices(workspace, lang),
    )
    if form.is_bound:
        form.is_valid()
    return form


def warm_filter_widgets(workspace: Workspace) -> None:
    """Draw into this process's memory, in each language, the filter form's
    widgets a first view asks most: nothing asked, and each choice alone
    (``daifa serve`` calls it before its workers fork; 0.1 s at most). Else each
    worker's first filtered views drew them, and those are the slowest."""
    for code, lang in (("zh-hans", "zh"), ("en", "en")):
        with translation.override(code):
            form = _filter_form(workspace, lang, QueryDict("warm=1"))
            queries = ["warm=1"] + [
                QueryDict.fromkeys([name], value=str(value)).urlencode()
                for name, field in form.fields.items()
                if isinstance(field, ChoiceField)
                for value, _label in cast("list[tuple[Any, Any]]", field.choices)
                if value != ""
            ]
            for query in queries:
                data = QueryDict(query)
                _filters_html(workspace, lang, query, _filter_form(workspace, lang, data))


def _rescreening(workspace: Workspace) -> bool:
    """A write's re-screening is still due (queued, or running)."""
    return workspace.screened_version < workspace.data_version


def _filter_errors(form: SupplierFilterForm) -> list[tuple[str, str]]:
    """(field label, message) for every invalid filter."""
    return [
        (str(form[name].label) if name in form.fields else "", str(message))
        for name, messages_ in form.errors.items()
        for message in messages_
    ]


def _filters_html(
    workspace: Workspace,
    lang: str,
    query: str,
    form: SupplierFilterForm | Callable[[], SupplierFilterForm],
) -> str:
    """The filter form. Its choices' widgets (Django's widgets cost a third of a
    page of the list) are kept in this process per value asked, and the empty
    form whole. ``form`` may be a function that builds it, called only when it
    is drawn."""

    def render() -> str:
        # The template's ``filters`` partial, drawn in Python (the same HTML).
        drawn = form if isinstance(form, SupplierFilterForm) else form()

        def widget(field: BoundField) -> str:
            # A widget depends only on the values asked for and on being in
            # error: kept in this process, it is drawn once for every query that
            # asks the same. A choice's (a select, checkboxes: most of the form's
            # HTML) whatever was asked of the few choices; a typed-in value's
            # only when nothing was (a search's text is seldom asked twice).
            data = cast(MultiValueDict[str, Any], drawn.data)  # the request's GET
            asked = tuple(data.getlist(field.name)) if drawn.is_bound else None
            if asked and not isinstance(field.field, ChoiceField):
                return str(field)
            parts = ("list-widget", lang, field.name, asked, bool(field.errors))
            return remembered_widget(workspace, parts, lambda: str(field))

        action = reverse("supplier_list", args=[workspace.pk])
        return filter_form(drawn, action=action, widget=widget)

    if query:
        return render()
    # The empty form, on every page of the unfiltered list: also kept in this
    # process, so that it costs nothing when the page cache is empty.
    return remembered(workspace, ("list-form", lang), render)


def _headline(
    best: RowVerdict | None, offer: dict[str, Any] | None, lang: str
) -> dict[str, Any] | None:
    """The verdict at the top of the supplier page: what a cached page needs of
    the best row, with the failed gates' messages, the actions to verify and the
    offer the verdict is about (plain data in the page's language: it is cached)."""
    if best is None:
        return None
    by_id = {c.id: c for c in best.criteria}
    return {
        "grade": best.grade,
        "score": best.score,
        "coverage": best.coverage,
        "action": best.action.get(lang),
        "approvable": best.approvable,
        "offer": offer,
        "blocking": [by_id[i].message.get(lang) for i in best.blocking if i in by_id],
        "to_verify": [by_id[i].action.get(lang) for i in best.to_verify if i in by_id],
    }


@login_required
def supplier_detail(request: HttpRequest, workspace_id: int, supplier_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    supplier = get_supplier_for_user(request.user, workspace, supplier_id)
    lang = lang_of(request)

    # Drawing the 45 criteria and the history costs far more than the rest of the
    # page; both change only with the workspace's data or screening.
    def render_body() -> dict[str, Any]:
        scorecard = supplier_scorecard(workspace, supplier, lang)
        clusters = charts.review_clusters(scorecard)
        judged = scorecard["offer"]
        offers = page_offers(supplier)
        # The whole body and head written in Python (supplierpage.py, as the
        # scorecard's, offers' and history's rows in tables.py): a first view
        # draws them all before anything is cached.
        html = supplierpage.body_html(
            workspace_pk=workspace.pk,
            scorecard=scorecard,
            has_offers=bool(offers),
            offers_html=offer_rows(
                offers,
                workspace_pk=workspace.pk,
                judged_pk=judged["pk"] if judged is not None else None,
            ),
            history_html=history_rows(fact_history(supplier)),
            captured=_captured(supplier, lang),
            sales_chart=charts.sales_chart(workspace, supplier, scorecard),
            review_clusters=clusters,
            reviews_html=review_items(charts.marked_reviews(supplier, clusters)),
        )
        headline = _headline(scorecard["best"], scorecard["offer"], lang)
        # The name, notes and verdict at the top change only with the data and
        # the screening too: kept with the body, not drawn again on every view.
        head = supplierpage.head_html(supplier, headline)
        return {"headline": headline, "head_html": head, "body_html": html}

    # "head": the shape of what is cached (a head_html beside the body).
    parts = ("supplier", "head", supplier.pk, lang, workspace.time_zone)
    page = cached_page(workspace, parts, render_body)
    printable = request.GET.get("print") == "1"
    ctx = {
        "workspace": workspace,
        "supplier": supplier,
        # The notice, head and actions above the lifecycle block, written in Python
        # (supplierpage.py): they are drawn on every view, cached or not.
        "top_html": supplierpage.top_html(
            request,
            workspace_pk=workspace.pk,
            supplier_pk=supplier.pk,
            head_html=page["head_html"],
            best=page["headline"],
            rescreening=_rescreening(workspace),
            printable=printable,
            open1688=_open1688_setup(workspace),
        ),
        "body_html": page["body_html"],
        "printable": printable,
    }
    return render(request, "screening/supplier_detail.html", ctx)


def _captured(supplier: Supplier, lang: str) -> list[dict[str, Any]]:
    """What pasted pages showed that no criterion reads (dispatch promise, 晚发必赔 …)."""
    from daifa.importers.capture.selectors import captured_extras

    return captured_extras(supplier, lang)


def _open1688_setup(workspace: Workspace) -> SetupState:
    """Whether "Refresh from 1688" can work, so the page says what it needs first."""
    from daifa.sourcing.selectors import setup_state

    return setup_state(workspace)


@login_required
def compare(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    lang = lang_of(request)
    group = request.GET.get("group", "")
    quantity = _positive_int(request.GET.get("qty"))
    dimensions = [(d, DIMENSION_LABELS[d].get(lang)) for d in DIMENSION_LABELS if d != "kpi"]
    ctx: dict[str, Any] = {
        "workspace": workspace,
        "groups": groups_of(workspace),
        "group": group,
        "qty": quantity,
        "dimensions": dimensions,
    }
    if group and not group_exists(workspace, group):
        # A stale bookmark or a typed address: say so, with the group list to pick from.
        ctx["unknown_group"] = True
        return render(request, "screening/compare.html", ctx, status=404)
    if group:
        ctx["comparison"] = comparison = compare_group(workspace, group, lang, quantity=quantity)
        ctx["radar"] = radar(dimensions, comparison.columns)
    ctx.update(_selection_context(request, workspace, lang, quantity, dimensions))
    return render(request, "screening/compare.html", ctx)


def _selection_context(
    request: HttpRequest,
    workspace: Workspace,
    lang: str,
    quantity: int | None,
    dimensions: list[tuple[str, str]],
) -> dict[str, Any]:
    """The suppliers ticked in the list (``?s=<id>&s=<id>…``) side by side, and the
    cost assumptions every comparison rests on."""
    extra: dict[str, Any] = {"assumptions": selection.cost_assumptions(workspace, lang, quantity)}
    ticked = request.GET.getlist("s")
    if not ticked or request.GET.get("group"):
        return extra
    chosen = selection.parse_selection(ticked)
    extra["selected"] = chosen.supplier_pks
    if chosen.error:
        extra["selection_error"] = chosen.error
        return extra
    comparison = selection.compare_selection(
        workspace, chosen.supplier_pks, lang, quantity=quantity
    )
    extra["comparison"] = comparison
    extra["radar"] = radar(dimensions, comparison.columns)
    return extra


def _positive_int(value: str | None) -> int | None:
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number and number > 0 else None


@login_required
def profile_edit(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    lang = lang_of(request)
    current = workspace_profile(workspace)
    form = ProfileForm(request.POST or None, profile=current, lang=lang)
    if request.method == "POST" and form.is_valid():
        profile_save(workspace=workspace, profile=form.cleaned_data["profile"], by=request.user)
        messages.success(request, _("Profile saved; every supplier was screened again."))
        return redirect("profile_edit", workspace_id=workspace.pk)
    return render(request, "screening/profile.html", {"workspace": workspace, "form": form})


@login_required
@require_POST
def profile_preview(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    current = workspace_profile(workspace)
    form = ProfileForm(request.POST, profile=current, lang=lang_of(request))
    ctx = {"workspace": workspace, "form": form}
    # An invalid value is marked on its field and left out; the rest still previews.
    proposed = form.cleaned_data.get("profile") if not form.is_valid() else None
    if form.is_valid() or proposed is not None:
        ctx["preview"] = profiles.preview(
            workspace, current, proposed or form.cleaned_data["profile"]
        )
    html = render_to_string("screening/profile.html#preview", ctx, request=request)
    # Each field's error slot, replaced out of band: marks the invalid ones and
    # clears those fixed since the last preview.
    html += render_to_string("screening/profile.html#field_errors", ctx, request=request)
    return HttpResponse(html)


@login_required
def profile_download(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    response = HttpResponse(
        workspace_profile(workspace).to_toml(), content_type="application/toml; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="daifa-profile.toml"'
    return response


@login_required
def export_screening(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """The list as filtered on the page; an invalid filter exports nothing (it
    would otherwise silently export every supplier)."""
    workspace = get_workspace_for_user(request.user, workspace_id)
    lang = lang_of(request)
    form = SupplierFilterForm(
        request.GET, categories=categories(workspace), flags=_flag_choices(workspace, lang)
    )
    if not form.is_valid():
        query = request.GET.copy()
        query.pop("format", None)
        ctx = {"workspace": workspace, "form": form, "query": query.urlencode()}
        return render(request, "screening/export_error.html", ctx, status=400)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    labels = {c.id: c.label.get(lang) for c in workspace_profile(workspace).criteria}
    body, content_type = exports.screened_list(
        filter_rows(workspace, form.cleaned_data), fmt, lang=lang, labels=labels
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="daifa-screening.{fmt}"'
    return response


@login_required
def export_raw(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """The whole workspace in the canonical columns (``daifa export``): the file to
    edit and import again; it round-trips without loss."""
    from daifa.importers.spreadsheet.exporting import workspace_tables

    workspace = get_workspace_for_user(request.user, workspace_id)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    body, content_type, suffix = exports.raw_workspace(workspace_tables(workspace), fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="daifa-raw.{suffix}"'
    return response
