"""Compare the suppliers a seller ticked in the list, and say what the costs assume.

A product group is the engine's unit of comparison (price against peers, TOPSIS
rank), but a seller often wants to set 3–5 suppliers side by side that no group
joins. Each ticked supplier is shown by the offer that stands for it in the list
(its best row), screened with its own product group exactly as the list screened
it, so grade and score agree with the list. A peer rank only means something
inside one group: when the ticked offers are not all in one group, no rank is
shown and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer, Supplier
from daifa.engine.costing.cards import BulkLane, ParcelLine, Platform
from daifa.engine.profile import Profile
from daifa.screening.comparison import (
    COST_COLUMNS,
    ComparedOffer,
    Comparison,
    OfferCosts,
    cheapest_of,
)
from daifa.screening.models import ScreenRow
from daifa.screening.runs import screen_subset

MIN_SELECTED, MAX_SELECTED = 2, 5


@dataclass(frozen=True)
class Selection:
    supplier_pks: list[int]
    error: str = ""


def parse_selection(values: list[str]) -> Selection:
    """The ``s`` values of the compare URL (supplier ids, in the list's order), or
    the reason they cannot be compared, in the page's language."""
    pks: list[int] = []
    for value in values:
        try:
            pk = int(value)
        except ValueError:
            return Selection([], _("“%(value)s” is not a supplier number.") % {"value": value})
        if pk not in pks:
            pks.append(pk)
    if not MIN_SELECTED <= len(pks) <= MAX_SELECTED:
        return Selection(
            pks,
            _(
                "Tick between %(low)s and %(high)s suppliers in the list to compare them "
                "(%(n)s ticked)."
            )
            % {"low": MIN_SELECTED, "high": MAX_SELECTED, "n": len(pks)},
        )
    return Selection(pks)


def compare_selection(
    workspace: Workspace,
    supplier_pks: list[int],
    lang: str,
    *,
    quantity: int | None = None,
    profile: Profile | None = None,
) -> Comparison:
    """The ticked suppliers side by side (a :class:`Comparison` like ``compare_group``'s)."""
    suppliers = {s.pk: s for s in Supplier.objects.filter(workspace=workspace, pk__in=supplier_pks)}
    order = [pk for pk in supplier_pks if pk in suppliers]
    offer_of = dict(
        ScreenRow.objects.filter(
            workspace=workspace, supplier_id__in=order, is_best__in=[True]
        ).values_list("supplier_id", "offer_id")
    )
    for pk in order:  # never screened yet: its first offer
        if pk not in offer_of:
            first = Offer.objects.filter(supplier_id=pk).values_list("pk", flat=True).first()
            if first is not None:
                offer_of[pk] = first
    groups = sorted(
        set(
            Offer.objects.filter(pk__in=offer_of.values())
            .exclude(product_group="")
            .values_list("product_group", flat=True)
        )
    )
    overrides = {"quantity": quantity} if quantity else {}
    result, inputs = screen_subset(
        workspace, [suppliers[pk].external_id for pk in order], groups, profile, **overrides
    )
    wanted = {offer_of[pk]: pk for pk in order if pk in offer_of}
    row_of = {
        offer_pk: i
        for i, offer_pk in enumerate(inputs.offers["offer_pk"].to_list())
        if offer_pk in wanted
    }
    positions = [row_of[offer_of[pk]] for pk in order if offer_of.get(pk) in row_of]
    frame = inputs.offers[positions]
    costs = frame.select([c for c in COST_COLUMNS if c in frame.columns])
    one_group = len(groups) == 1 and all(g == groups[0] for g in frame["product_group"].to_list())
    columns = []
    for verdict, cost, (supplier_pk, offer_pk) in zip(
        result.explain(positions), costs.iter_rows(named=True),
        frame.select("supplier_pk", "offer_pk").rows(), strict=True,
    ):  # fmt: skip
        if not one_group:  # a peer rank only means something inside one group
            verdict = replace(verdict, peer_rank=None, closeness=None, robustness=None)
        # Judged as in a product group: a ticked supplier that fails a gate or
        # cannot quote is never shown as one to choose.
        columns.append(
            ComparedOffer.judged(
                verdict,
                supplier_pk=supplier_pk,
                offer_pk=offer_pk,
                costs=OfferCosts.from_row(cost, lang),
            )
        )
    return Comparison(
        group=groups[0] if one_group else "",
        columns=tuple(columns),
        cheapest=cheapest_of(columns),
        selection=True,
        one_group=one_group,
        missing=len(supplier_pks) - len(columns),
    )


def cost_assumptions(workspace: Workspace, lang: str, quantity: int | None) -> dict[str, Any]:
    """What the landed cost on the compare page assumes, in words a seller knows:
    the freight line, destination, selling platform, quantity and returns."""
    from daifa.costs.selectors import cost_settings_for

    settings = cost_settings_for(workspace)
    cards = settings.cards
    lines: tuple[ParcelLine | BulkLane, ...] = (*cards.lines, *cards.bulk)
    line = next((x for x in lines if x.id == settings.line), None)
    platform = next((p for p in cards.platforms if p.id == settings.platform), None)

    def name(item: ParcelLine | BulkLane | Platform | None) -> str:
        if item is None:
            return "—"
        return item.name_zh if lang == "zh" else getattr(item, "name_en", item.id)

    return {
        "line": name(line) if line is not None else settings.line,
        "destination": settings.destination,
        "platform": name(platform) if platform is not None else settings.platform,
        "quantity": quantity or settings.quantity,
        "default_quantity": settings.quantity,
        "quantity_is_default": quantity is None,
        "return_rate_pct": settings.return_rate_pct,
        "retail_currency": settings.retail_currency,
        "example": cards.example,
    }
