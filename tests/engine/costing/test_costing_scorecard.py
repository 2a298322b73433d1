"""The costing output feeds the scorecard's markup_room criterion as its contract says."""

from __future__ import annotations

import polars as pl

from daifa.engine.costing import CostSettings, parse_tiers, with_landed_costs
from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.engine.scorecard import screen


def test_markup_room_reads_the_landed_cost(settings: CostSettings) -> None:
    # landed: 10 + 0.1 kg × 100 + 20 = 40 and 30 + 30 = 60; retail 150 CNY → 3.75× and 2.5×
    offers = pl.DataFrame(
        {
            "supplier_id": ["ok", "thin"],
            "price_tiers": [parse_tiers("1+:10"), parse_tiers("1+:30")],
            "weight_g": [100.0, 100.0],
            "target_retail_price": [150.0, 150.0],
            "retail_currency": ["CNY", "CNY"],
        },
        schema_overrides={"price_tiers": COLUMNS_BY_NAME["price_tiers"].dtype},
    )
    costed = with_landed_costs(offers, settings)
    assert costed["markup_passes"].to_list() == [True, False]
    result = screen(costed, currency_rates=settings.rates, rank=False)
    statuses = result.frame["markup_room__status"].cast(pl.String).to_list()
    assert statuses[0] == "pass"
    assert statuses[1] != "pass"
