"""Suppliers: the filtered, paginated list, and one supplier's verdict with its offers.

The list is the list page's query (same filters, same order, same validation
through ``SupplierFilterForm``); the verdict is the one the last screening
stored for the supplier page, with the keys of ``daifa screen --format json``.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict
from django.utils import translation
from ninja import Router, Schema
from ninja.params.functions import Query
from pydantic import BaseModel, ConfigDict

from daifa.accounts.models import Workspace
from daifa.api.errors import ApiError, responses
from daifa.api.resources.common import ApiRequest, Id, Lang, workspace_of
from daifa.catalog.models import Supplier
from daifa.catalog.selectors import get_supplier_for_user
from daifa.screening.forms import SupplierFilterForm
from daifa.screening.inputs import workspace_profile
from daifa.screening.models import ScreenRow
from daifa.screening.selectors import (
    categories,
    filter_rows,
    judged_offer_id,
    page_of_rows,
    supplier_scorecard,
)

router = Router(tags=["suppliers"])
MAX_PAGE_SIZE = 200


class SupplierRow(Schema):
    id: int
    supplier_id: str
    name: str
    score: float | None
    coverage: float
    grade: str
    decision: str
    approvable: bool
    blocking: list[str]
    to_verify: list[str]
    flags: list[str]
    offer_id: str
    category: str
    unit_price_cny: float | None
    moq: int | None


class SupplierPage(Schema):
    count: int
    next: str | None
    results: list[SupplierRow]


# Plain pydantic models: ninja's Schema reads attributes and would drop the
# keys a verdict has beyond those named here (dimension, max_points, ...).
class Criterion(BaseModel):
    """One criterion of a verdict, as ``daifa screen --format json`` writes it."""

    model_config = ConfigDict(extra="allow")

    id: str
    kind: str
    status: str
    value: Any = None
    threshold: Any = None
    points: float | None = None
    message_zh: str
    message_en: str
    action_zh: str
    action_en: str
    evidence: dict[str, Any]


class OfferOut(Schema):
    id: int
    offer_id: str
    title: str
    category: str
    product_group: str
    judged: bool
    screened: bool
    grade: str | None = None
    score: float | None = None
    decision: str | None = None
    approvable: bool | None = None
    unit_price_cny: float | None = None
    moq: int | None = None
    landed_unit_cost_cny: float | None = None
    peer_group: str | None = None
    peer_rank: int | None = None
    closeness: float | None = None
    robustness: float | None = None


class SupplierDetail(BaseModel):
    """One object of ``daifa screen --format json`` (the supplier's judged offer),
    plus ``id``, ``name``, ``screened`` and the supplier's ``offers``. Before the
    first screening the verdict's values are null and ``criteria`` is empty."""

    model_config = ConfigDict(extra="allow")

    id: int
    name: str
    screened: bool
    supplier_id: str
    offer_id: str | None = None
    score: float | None = None
    coverage: float | None = None
    grade: str | None = None
    decision: str | None = None
    approvable: bool | None = None
    blocking: list[str] = []
    to_verify: list[str] = []
    flags: list[str] = []
    action: str | None = None
    action_zh: str | None = None
    action_en: str | None = None
    criteria: list[Criterion] = []
    offers: list[OfferOut]


_YES = {"true": "yes", "false": "no"}


@router.get(
    "/workspaces/{ws}/suppliers",
    response={200: SupplierPage, **responses(400, 404)},
)
def list_suppliers(
    request: ApiRequest,
    ws: Id,
    grade: list[Literal["A", "B", "C", "D"]] = Query(None),  # noqa: B008
    flag: str | None = None,
    approvable: Literal["yes", "no", "true", "false"] | None = None,
    category: str | None = None,
    q: str | None = None,
    to_verify: str | None = None,
    origin: str | None = None,
    sort: str | None = None,
    page: int = Query(1, ge=1),  # noqa: B008
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),  # noqa: B008
) -> dict[str, Any]:
    """One row per supplier (its best screened offer), filtered and ordered as the
    list page does. ``flag`` is a flag id or ``any``; ``approvable`` yes/no."""
    workspace = workspace_of(request, ws)
    data = QueryDict(mutable=True)
    data.setlist("grade", list(grade or []))
    given = {"flag": flag, "category": category, "q": q, "to_verify": to_verify}
    given.update(origin=origin, sort=sort)
    given["approvable"] = _YES.get(approvable or "", approvable)
    for key, value in given.items():
        if value is not None:
            data[key] = value
    cleaned = _valid_filters(workspace, data)
    rows = filter_rows(workspace, cleaned)
    found = page_of_rows(rows, page, page_size)
    results = [_row(r) for r in found.object_list] if found.number == page else []
    more = found.number == page and found.has_next()
    return {
        "count": found.paginator.count,
        "next": _next_url(request, page + 1) if more else None,
        "results": results,
    }


def _valid_filters(workspace: Workspace, data: QueryDict) -> dict[str, Any]:
    """The list page's form, read in both languages for the error message."""
    profile = workspace_profile(workspace)
    kinds = {kind: profile.of_kind(kind) for kind in ("flag", "gate")}
    found: dict[str, tuple[str, str]] = {}
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            form = SupplierFilterForm(
                data,
                categories=categories(workspace),
                flags=[(c.id, c.id) for c in kinds["flag"]],
                gates=[(c.id, c.id) for c in kinds["gate"]],
            )
            if form.is_valid():
                return form.cleaned_data
            field, messages = next(iter(form.errors.items()))
            found[lang] = (field, " ".join(str(m) for m in messages))
    field, en = found["en"]
    zh = found["zh-hans"][1]
    shown = data.get(field, "") if field != "__all__" else ""
    raise ApiError(
        400,
        "invalid",
        f"{field}: {shown!r}: {en}",
        f"{field}：{shown!r}：{zh}",
        field=None if field == "__all__" else field,
    )


def _next_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")


def _row(row: ScreenRow) -> dict[str, Any]:
    return {
        "id": row.supplier_id,
        "supplier_id": row.supplier.external_id,
        "name": row.supplier.name,
        "score": row.score,
        "coverage": row.coverage,
        "grade": row.grade,
        "decision": row.decision,
        "approvable": row.approvable,
        "blocking": list(row.blocking),
        "to_verify": list(row.to_verify),
        "flags": list(row.flags),
        "offer_id": row.offer.external_id,
        "category": row.category,
        "unit_price_cny": row.unit_price_cny,
        "moq": row.moq,
    }


@router.get(
    "/workspaces/{ws}/suppliers/{id}",
    response={200: SupplierDetail, **responses(400, 404)},
)
def get_supplier(request: ApiRequest, ws: Id, id: Id, lang: Lang = "zh") -> dict[str, Any]:  # noqa: A002
    """The supplier's verdict as the last screening stored it (the supplier page's),
    with every criterion's status, value, threshold, points, messages and evidence."""
    workspace = workspace_of(request, ws)
    supplier = get_supplier_for_user(request.auth, workspace, id)
    best = supplier_scorecard(workspace, supplier, lang)["best"]
    judged = judged_offer_id(supplier)
    base = {"id": supplier.pk, "name": supplier.name, "screened": best is not None}
    # The stored verdict as `daifa screen --format json` writes one record.
    verdict = best.to_json(lang) if best is not None else {"supplier_id": supplier.external_id}
    return {**verdict, **base, "offers": _offers(supplier, judged)}


_SCREEN_FIELDS = (
    "grade", "score", "decision", "approvable", "unit_price_cny", "moq", "landed_unit_cost_cny",
    "peer_group", "peer_rank", "closeness", "robustness",
)  # fmt: skip


def _offers(supplier: Supplier, judged: int | None) -> list[dict[str, Any]]:
    out = []
    # A blank offer (no id, no facts) only carries a shop's facts through the
    # screening (a pasted shop page): not an offer, as on the supplier page.
    for offer in supplier.offers.select_related("screen"):
        if not (offer.external_id or offer.facts):
            continue
        screen = getattr(offer, "screen", None)
        item = {
            "id": offer.pk,
            "offer_id": offer.external_id,
            "title": offer.title,
            "category": offer.category,
            "product_group": offer.product_group,
            "judged": offer.pk == judged,
            "screened": screen is not None,
        }
        if screen is not None:
            item.update({name: getattr(screen, name) for name in _SCREEN_FIELDS})
        out.append(item)
    return out
