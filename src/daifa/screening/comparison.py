"""The compare page's columns as typed objects.

A compared offer is the engine's verdict on it (:class:`~daifa.engine.verdicts.RowVerdict`),
its cost at the chosen quantity (:class:`OfferCosts`) and what the page works out
from the two: the share of points earned per dimension and why the offer cannot
be the pick. ``compare_group`` (one product group) and ``compare_selection`` (the
suppliers ticked in the list) build a :class:`Comparison`; the page, the API and
the radar chart read its attributes, so a renamed field fails where it is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from daifa.engine.criteria import DIMENSION_LABELS
from daifa.engine.verdicts import RowVerdict

# The cost columns ``daifa.costs`` adds to the offers frame that the page shows.
COST_COLUMNS = (
    "unit_price_at_qty_cny", "landed_unit_cost_cny", "target_retail_price_cny", "unit_profit_cny",
    "margin_pct", "markup_multiple", "markup_passes", "costing_note", "costing_note_zh",
)  # fmt: skip

# Why an offer cannot be the pick, each id labelled by the page.
NOT_CHOOSABLE = ("blocking", "flags", "no_quote", "to_verify", "grade")
# Reasons that send an offer after the others (a "to_verify" offer keeps its rank).
_EXCLUDED = frozenset({"blocking", "flags", "no_quote"})


@dataclass(frozen=True)
class OfferCosts:
    """An offer's cost at the compared quantity (``None`` where it is unknown);
    ``note`` says what the costing assumed or lacked, in the page's language."""

    unit_price_at_qty_cny: float | None = None
    landed_unit_cost_cny: float | None = None
    target_retail_price_cny: float | None = None
    unit_profit_cny: float | None = None
    margin_pct: float | None = None
    markup_multiple: float | None = None
    markup_passes: bool | None = None
    note: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any], lang: str) -> OfferCosts:
        """One row of the costed offers frame (missing columns are unknown)."""
        return cls(
            unit_price_at_qty_cny=row.get("unit_price_at_qty_cny"),
            landed_unit_cost_cny=row.get("landed_unit_cost_cny"),
            target_retail_price_cny=row.get("target_retail_price_cny"),
            unit_profit_cny=row.get("unit_profit_cny"),
            margin_pct=row.get("margin_pct"),
            markup_multiple=row.get("markup_multiple"),
            markup_passes=row.get("markup_passes"),
            note=row.get("costing_note_zh" if lang == "zh" else "costing_note"),
        )

    @property
    def quotes(self) -> bool:
        """The offer can quote at the quantity (not below its MOQ)."""
        return self.unit_price_at_qty_cny is not None


@dataclass(frozen=True)
class ComparedOffer:
    """One column of the comparison: an offer's verdict, cost and what follows.

    ``not_choosable`` lists the ids of :data:`NOT_CHOOSABLE` that keep the offer
    from being the pick at this quantity (empty: it can be chosen)."""

    verdict: RowVerdict
    supplier_pk: int
    offer_pk: int
    costs: OfferCosts
    offer_title: str | None = None
    subscores: Mapping[str, float | None] = field(default_factory=dict)
    not_choosable: tuple[str, ...] = ()

    @classmethod
    def judged(
        cls,
        verdict: RowVerdict,
        *,
        supplier_pk: int,
        offer_pk: int,
        costs: OfferCosts,
        offer_title: str | None = None,
    ) -> ComparedOffer:
        """The column for an offer, with its subscores and what keeps it from being
        chosen, judged the same way on every comparison page."""
        return cls(
            verdict=verdict,
            supplier_pk=supplier_pk,
            offer_pk=offer_pk,
            costs=costs,
            offer_title=offer_title,
            subscores=dimension_subscores(verdict),
            not_choosable=not_choosable(verdict, costs),
        )

    @property
    def name(self) -> str:
        """The supplier as the page names it: its name, else its id."""
        return self.verdict.supplier_name or self.verdict.supplier_id

    @property
    def excluded(self) -> bool:
        """Fails a gate, raises a flag or cannot quote: listed after the others."""
        return bool(_EXCLUDED.intersection(self.not_choosable))


@dataclass(frozen=True)
class Comparison:
    """Offers side by side. ``best`` is the best-ranked offer the seller may choose
    at the quantity; without one, ``closest`` is the nearest to choosable.
    ``selection`` marks suppliers ticked in the list (``one_group``: all in one
    product group, so peer ranks mean something; ``missing``: ticked ones that
    could not be shown)."""

    group: str
    columns: tuple[ComparedOffer, ...]
    cheapest: ComparedOffer | None
    best: ComparedOffer | None = None
    closest: ComparedOffer | None = None
    quantity: int | None = None
    selection: bool = False
    one_group: bool = True
    missing: int = 0


def dimension_subscores(verdict: RowVerdict) -> dict[str, float | None]:
    """Share of the available points earned in each dimension (known score criteria only)."""
    earned: dict[str, float] = {}
    possible: dict[str, float] = {}
    for c in verdict.of_kind("score"):
        if c.points is None or not c.max_points:
            continue
        earned[c.dimension] = earned.get(c.dimension, 0.0) + c.points
        possible[c.dimension] = possible.get(c.dimension, 0.0) + c.max_points
    return {
        dim: (round(100 * earned[dim] / possible[dim], 1) if possible.get(dim) else None)
        for dim in DIMENSION_LABELS
        if dim != "kpi"
    }


def not_choosable(verdict: RowVerdict, costs: OfferCosts) -> tuple[str, ...]:
    """Why an offer cannot be the pick at this quantity (ids the page labels)."""
    reasons = []
    if verdict.blocking:
        reasons.append("blocking")
    if verdict.flags:
        reasons.append("flags")
    if not costs.quotes:
        reasons.append("no_quote")
    if not verdict.approvable and not verdict.blocking:
        reasons.append("to_verify" if verdict.to_verify else "grade")
    return tuple(reasons)


def cheapest_of(columns: Sequence[ComparedOffer]) -> ComparedOffer | None:
    """The compared offer with the lowest landed cost (else the lowest price at
    the quantity, when no landed cost is known)."""
    priced = [c for c in columns if c.costs.landed_unit_cost_cny is not None] or [
        c for c in columns if c.costs.quotes
    ]
    return min(priced, key=_cost_of, default=None)


def _cost_of(column: ComparedOffer) -> float:
    costs = column.costs
    return costs.landed_unit_cost_cny or costs.unit_price_at_qty_cny or 0.0


def radar(
    dimensions: Sequence[tuple[str, str]], columns: Sequence[ComparedOffer]
) -> dict[str, Any]:
    """The radar chart's data: one series per column, one value per dimension."""
    return {
        "labels": [label for _, label in dimensions],
        "series": [
            {"label": c.name, "values": [c.subscores[d] for d, _ in dimensions]} for c in columns
        ],
    }
