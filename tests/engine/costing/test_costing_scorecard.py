"""The costing output feeds the scorecard's markup_room criterion as its contract says.

One rule, one cost: markup_room judges the seed's multiple (售价 ÷ 采购价, extra fees
included, at the seller's quantity) that ``landed_costs`` computes, and shows the landed
profit beside it.
"""

from __future__ import annotations

import polars as pl
import pytest

from daifa.engine.costing import CostSettings, parse_tiers, with_landed_costs
from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.engine.scorecard import screen


def test_markup_room_judges_the_seed_multiple_and_shows_the_landed_profit(
    settings: CostSettings,
) -> None:
    # purchase: 10 and 30 + 10 extra; retail 45 CNY → 4.5× and 1.125×
    offers = pl.DataFrame(
        {
            "supplier_id": ["ok", "thin"],
            "price_tiers": [parse_tiers("1+:10"), parse_tiers("1+:30")],
            "extra_fees_cny": [None, 10.0],
            "weight_g": [100.0, 100.0],
            "target_retail_price": [45.0, 45.0],
            "retail_currency": ["CNY", "CNY"],
        },
        schema_overrides={"price_tiers": COLUMNS_BY_NAME["price_tiers"].dtype},
    )
    costed = with_landed_costs(offers, settings)
    assert costed["seed_multiple"].to_list() == pytest.approx([4.5, 1.125])
    assert costed["seed_multiple_passes"].to_list() == [True, False]
    result = screen(costed, currency_rates=settings.rates, rank=False)
    frame = result.frame
    assert frame["markup_room__status"].cast(pl.String).to_list() == ["pass", "fail"]
    # landed: 10 + 0.1 kg × 100 + 20 = 40 → profit 5; 40 + 30 = 70 → profit −25
    ok, thin = (
        next(c for c in record["criteria"] if c["id"] == "markup_room")
        for record in result.records(lang="en")
    )
    assert ok["message"].endswith("meets 3×; landed profit 5.00 CNY")
    assert "below 3×; landed profit -25.00 CNY" in thin["message"]
    assert ok["evidence"]["landed_profit_cny"] == pytest.approx(5.0)
    assert ok["evidence"]["cost_basis"] == "purchase_cost_cny"
