"""One product group's offers side by side, ranked (the compare page's comparison):
closeness and rank robustness from the peer ranking, landed cost and profit at
the chosen quantity."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema
from ninja.params.functions import Query

from daifa.api.errors import ApiError, responses
from daifa.api.resources.common import ApiRequest, Id, Lang, workspace_of
from daifa.screening import comparison
from daifa.screening.selectors import compare_group, group_exists

router = Router(tags=["compare"])


class ComparedOffer(Schema):
    position: int
    supplier: int
    supplier_id: str
    supplier_name: str | None
    offer: int
    offer_id: str | None
    offer_title: str | None
    grade: str
    score: float | None
    coverage: float
    decision: str
    approvable: bool
    blocking: list[str]
    to_verify: list[str]
    flags: list[str]
    peer_group: str | None
    peer_rank: int | None
    closeness: float | None
    robustness: float | None
    unit_price_at_qty_cny: float | None
    landed_unit_cost_cny: float | None
    target_retail_price_cny: float | None
    unit_profit_cny: float | None
    margin_pct: float | None
    markup_multiple: float | None
    costing_note: str | None
    not_choosable: list[str]
    subscores: dict[str, float | None]


class Comparison(Schema):
    group: str
    quantity: int | None
    offers: list[ComparedOffer]
    best: int | None
    closest: int | None
    cheapest: int | None


@router.get("/workspaces/{ws}/compare", response={200: Comparison, **responses(400, 404)})
def compare(
    request: ApiRequest,
    ws: Id,
    group: str = Query(..., min_length=1, max_length=200),  # noqa: B008
    qty: int | None = Query(None, ge=1, le=1_000_000),  # noqa: B008
    lang: Lang = "zh",
) -> dict[str, Any]:
    """Ranked as on the compare page: offers without a failed gate, flag or missing
    quote first, by peer rank. ``best`` is the best-ranked offer one may choose at
    ``qty``; ``closest`` (when there is no best) the nearest to choosable."""
    workspace = workspace_of(request, ws)
    if not group_exists(workspace, group):
        raise ApiError(
            404,
            "unknown_group",
            f"No product group {group!r} in this workspace.",
            f"这个工作区中没有同款分组 {group!r}。",
            field="group",
        )
    found = compare_group(workspace, group, lang, quantity=qty)
    return {
        "group": group,
        "quantity": qty,
        "offers": [_offer(i, c) for i, c in enumerate(found.columns, start=1)],
        "best": _pk(found.best),
        "closest": _pk(found.closest),
        "cheapest": _pk(found.cheapest),
    }


def _offer(position: int, column: comparison.ComparedOffer) -> dict[str, Any]:
    verdict, costs = column.verdict, column.costs
    return {
        "position": position,
        "supplier": column.supplier_pk,
        "supplier_id": verdict.supplier_id,
        "supplier_name": verdict.supplier_name,
        "offer": column.offer_pk,
        "offer_id": verdict.offer_id,
        "offer_title": column.offer_title,
        "grade": verdict.grade,
        "score": verdict.score,
        "coverage": verdict.coverage,
        "decision": verdict.decision,
        "approvable": verdict.approvable,
        "blocking": list(verdict.blocking),
        "to_verify": list(verdict.to_verify),
        "flags": list(verdict.flags),
        "peer_group": verdict.peer_group,
        "peer_rank": verdict.peer_rank,
        "closeness": verdict.closeness,
        "robustness": verdict.robustness,
        "unit_price_at_qty_cny": costs.unit_price_at_qty_cny,
        "landed_unit_cost_cny": costs.landed_unit_cost_cny,
        "target_retail_price_cny": costs.target_retail_price_cny,
        "unit_profit_cny": costs.unit_profit_cny,
        "margin_pct": costs.margin_pct,
        "markup_multiple": costs.markup_multiple,
        "costing_note": costs.note,
        "not_choosable": list(column.not_choosable),
        "subscores": dict(column.subscores),
    }


def _pk(column: comparison.ComparedOffer | None) -> int | None:
    return column.offer_pk if column else None
