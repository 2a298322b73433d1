"""Comparing the quotes of one product at landed cost at the seller's quantity.

Each quote becomes a row of its offer with the quoted price (one tier from the
quoted quantity), MOQ and lead time; the costing gives its landed unit cost at
the seller's quantity, customisation is spread over that quantity, and the
engine's screening ranks the rows inside the product group exactly as the
compare page ranks offers (TOPSIS over the scores and the prices)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import polars as pl

from daifa.verification.models import Quote

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace


def quote_rows(workspace: Workspace, group: str) -> tuple[pl.DataFrame, list[Quote]]:
    """The group's offers, one row per quote (offers without a quote are left out)."""
    from daifa.catalog.adapters import workspace_offer_frame

    quotes = list(
        Quote.objects.filter(workspace=workspace, offer__product_group=group)
        .select_related("offer", "supplier")
        .order_by("offer__position", "id")
    )
    if not quotes:
        return pl.DataFrame(), []
    frame = workspace_offer_frame(workspace, supplier_ids=[], groups=[group])
    frame = frame.filter(pl.col("product_group") == group)
    by_offer = {pk: i for i, pk in enumerate(frame["offer_pk"].to_list())}
    rows = []
    kept = []
    for quote in quotes:
        if quote.offer_id not in by_offer:
            continue
        row = frame.row(by_offer[quote.offer_id], named=True)
        price = float(quote.unit_price_cny)
        row.update(
            offer_id=f"{row.get('offer_id') or ''}·Q{quote.pk}",
            unit_price_cny=price,
            price_tiers=[{"min_qty": 1, "max_qty": None, "price_cny": price}],
            moq=quote.moq if quote.moq is not None else row.get("moq"),
        )
        rows.append(row)
        kept.append(quote)
    return pl.DataFrame(rows, schema=frame.schema), kept


def compare_quotes(
    workspace: Workspace, group: str, quantity: int, today: date
) -> list[dict[str, Any]]:
    """The group's quotes ranked by the engine, with landed cost at ``quantity``."""
    from daifa.engine.scorecard import screen
    from daifa.screening.inputs import with_costs, workspace_profile

    frame, quotes = quote_rows(workspace, group)
    if not quotes:
        return []
    costed, notes = with_costs(workspace, frame, quantity=quantity)
    result = screen(costed, profile=workspace_profile(workspace), rank=len(quotes) > 1)
    ranked = result.frame
    out = []
    landed = (
        costed["landed_unit_cost_cny"].to_list()
        if "landed_unit_cost_cny" in costed.columns
        else [None] * len(quotes)
    )
    ranks = ranked["peer_rank"].to_list() if "peer_rank" in ranked.columns else [None] * len(quotes)
    for quote, cost, rank in zip(quotes, landed, ranks, strict=True):
        custom = (
            float(quote.customisation_cost_cny) / quantity
            if quote.customisation_cost_cny is not None
            else 0.0
        )
        out.append(
            {
                "quote": quote,
                "landed": cost,
                "custom_per_unit": custom,
                "landed_total": None if cost is None else cost + custom,
                "rank": rank,
                "expired": quote.valid_until is not None and quote.valid_until < today,
                "below_moq": quote.moq is not None and quantity < quote.moq,
                "notes": notes,
            }
        )
    out.sort(
        key=lambda r: (
            r["expired"] or r["below_moq"],
            r["rank"] or 10**6,
            r["landed_total"] if r["landed_total"] is not None else 1e18,
        )
    )
    return out
