"""The vectorised path equals a plain per-offer reference, whatever the row order."""

from __future__ import annotations

import math
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from daifa.engine.costing import CostSettings, landed_costs
from daifa.engine.costing.tiers import TIERS_DTYPE

money = st.one_of(st.none(), st.floats(0.0, 500.0, allow_nan=False).map(lambda x: round(x, 2)))
size = st.one_of(st.none(), st.floats(1.0, 60.0, allow_nan=False).map(lambda x: round(x, 1)))
tiers = st.one_of(
    st.none(),
    st.lists(
        st.tuples(st.integers(1, 300), st.floats(0.5, 100.0).map(lambda x: round(x, 2))), max_size=4
    ).map(
        lambda pairs: [
            {"min_qty": q, "max_qty": None, "price_cny": p} for q, p in dict(pairs).items()
        ]
    ),
)
offer = st.fixed_dictionaries(
    {
        "unit_price_cny": money,
        "price_tiers": tiers,
        "dropship_price_cny": money,
        "moq": st.one_of(st.none(), st.integers(1, 100)),
        "weight_g": st.one_of(st.none(), st.floats(1.0, 3000.0).map(lambda x: round(x, 1))),
        "length_cm": size,
        "width_cm": size,
        "height_cm": size,
        "target_retail_price": money,
        "retail_currency": st.sampled_from([None, "USD", "EUR", "CNY"]),
        "category": st.sampled_from([None, "3C", "toys"]),
        "quote_all_inclusive": st.sampled_from([None, True, False]),
        "extra_fees_cny": money,
        "sample_fee_deductible": st.sampled_from([None, True, False]),
    }
)


def reference(row: dict[str, Any], s: CostSettings) -> dict[str, Any]:
    """The formulas of docs/costing.md, one offer at a time, written plainly."""
    q = s.quantity
    line = s.cards.line(s.line)
    rate = line.rate_for(s.destination)
    platform = s.cards.platform(s.platform)
    usd = s.rates.rate("USD")
    if (q == 1 or s.dropship) and row["dropship_price_cny"] is not None:
        price = row["dropship_price_cny"]
    else:
        tiers = row["price_tiers"] or []
        first = min((t["min_qty"] for t in tiers), default=None)
        moq = max((m for m in (row["moq"], first) if m is not None), default=None)
        if moq is not None and q < moq:
            price = None
        elif tiers:
            price = max((t for t in tiers if t["min_qty"] <= q), key=lambda t: t["min_qty"])[
                "price_cny"
            ]
        else:
            price = row["unit_price_cny"]
    extras = (row["extra_fees_cny"] or 0.0) + (
        0.0 if row["quote_all_inclusive"] else s.packaging_cny
    )
    sample = 0.0 if row["sample_fee_deductible"] else s.sample_fee_cny / q
    domestic = s.domestic_freight_per_order_cny / q
    weight = row["weight_g"]
    freight = None
    if weight is not None and weight <= line.max_weight_g:
        chargeable = max(weight, line.min_chargeable_g)
        dims = (row["length_cm"], row["width_cm"], row["height_cm"])
        if None not in dims and line.volumetric_divisor:
            chargeable = max(chargeable, math.prod(dims) / line.volumetric_divisor * 1000)
        freight = chargeable / 1000 * rate.per_kg_cny + rate.registration_cny
    if price is None or freight is None:
        return {"landed": None, "profit": None, "passes": None}
    duty_rule = s.cards.duty(s.destination)
    assert duty_rule is not None
    goods = price + extras
    duty = goods * duty_rule.duty_pct / 100 if goods / usd > duty_rule.de_minimis else 0.0
    landed = price + extras + sample + domestic + freight + duty
    if row["target_retail_price"] is None:
        return {"landed": landed, "profit": None, "passes": None}
    retail = row["target_retail_price"] * s.rates.rate(row["retail_currency"] or s.retail_currency)
    referral = max(
        platform.referral_for(row["category"]) / 100 * retail, platform.min_referral_fee * usd
    )
    fees = referral + platform.fixed_per_order * usd + platform.payment_pct / 100 * retail
    fees += (
        platform.payment_fixed * usd + s.ad_cost_per_order_cny + s.return_rate_pct / 100 * landed
    )
    return {
        "landed": landed,
        "profit": retail - landed - fees,
        "passes": retail >= s.markup_low * landed,
    }


def close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, abs_tol=1e-6)
    )


@hsettings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(offer, min_size=1, max_size=12), quantity=st.integers(1, 250), seed=st.randoms()
)
def test_the_vectorised_path_equals_the_plain_reference(
    settings: CostSettings, rows: list[dict[str, Any]], quantity: int, seed: Any
) -> None:
    s = settings.replace(
        quantity=quantity,
        platform="shop",
        include_duty=True,
        packaging_cny=0.7,
        sample_fee_cny=30.0,
        domestic_freight_per_order_cny=8.0,
        ad_cost_per_order_cny=2.0,
        return_rate_pct=4.0,
    )
    frame = pl.DataFrame(rows, schema_overrides={"price_tiers": TIERS_DTYPE, "moq": pl.Int64})
    result = landed_costs(frame, s)
    for row, got in zip(rows, result.iter_rows(named=True), strict=True):
        want = reference(row, s)
        assert close(got["landed_unit_cost_cny"], want["landed"])
        assert close(got["unit_profit_cny"], want["profit"])
        assert got["markup_passes"] == want["passes"]
    order = list(range(len(rows)))
    seed.shuffle(order)
    shuffled = landed_costs(frame[order], s)
    assert shuffled.equals(result[order])


@pytest.mark.parametrize("quantity", [1, 49, 50])
def test_an_empty_frame_gives_an_empty_result(settings: CostSettings, quantity: int) -> None:
    result = landed_costs(pl.DataFrame(), settings, quantity=quantity)
    assert result.height == 0
