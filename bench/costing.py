"""Landed cost for 1,000,000 offers: `landed_costs` against a plain NumPy reference.

    .venv/bin/python bench/costing.py [N] [REPEATS]

The reference computes the same formulas on arrays extracted beforehand (tiers
padded into an N×4 matrix) and skips validation, notes and frame building, so it
is the floor a vectorised implementation can approach. Both results are compared
before timing. Prints best and median seconds and the ratio ours / reference.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from daifa.engine.costing import CostSettings, landed_costs
from daifa.engine.costing.tiers import TIERS_DTYPE
from daifa.sources.ratecards import DEFAULT_SETTINGS

MAX_TIERS = 4


def make_offers(n: int, seed: int = 1) -> tuple[pl.DataFrame, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    counts = rng.integers(1, MAX_TIERS + 1, size=n)
    # strictly increasing tier starts from 1 (1688 never repeats a tier start)
    steps = rng.integers(1, 120, size=(n, MAX_TIERS))
    steps[:, 0] = 1
    starts = np.cumsum(steps, axis=1)
    base = rng.uniform(2, 80, size=n)
    prices = base[:, None] * (1 - 0.05 * np.arange(MAX_TIERS))[None, :]
    valid = np.arange(MAX_TIERS)[None, :] < counts[:, None]
    mins = np.where(valid, starts, np.inf)
    flat_min = starts[valid]
    flat_price = np.round(prices[valid], 2)
    structs = pl.DataFrame(
        {
            "min_qty": flat_min,
            "max_qty": pl.Series([None] * len(flat_min), dtype=pl.Int64),
            "price_cny": flat_price,
        }
    ).select(pl.struct("min_qty", "max_qty", "price_cny").alias("t"))["t"]
    tier_lists = (
        pl.DataFrame({"row": np.repeat(np.arange(n), counts), "t": structs})
        .group_by("row", maintain_order=True)
        .agg("t")["t"]
        .cast(TIERS_DTYPE)
        .alias("price_tiers")
    )
    arrays = {
        "weight_g": np.round(rng.uniform(20, 1900, size=n), 1),
        "length_cm": np.round(rng.uniform(5, 40, size=n), 1),
        "width_cm": np.round(rng.uniform(5, 30, size=n), 1),
        "height_cm": np.round(rng.uniform(1, 20, size=n), 1),
        "target_retail_price": np.round(rng.uniform(5, 80, size=n), 2),
        "extra_fees_cny": np.round(rng.uniform(0, 2, size=n), 2),
        "is_eur": rng.random(n) < 0.3,
        "is_3c": rng.random(n) < 0.2,
        "tier_min": mins,
        "tier_price": np.where(valid, np.round(prices, 2), np.nan),
    }
    frame = pl.DataFrame(
        {
            "price_tiers": tier_lists,
            "weight_g": arrays["weight_g"],
            "length_cm": arrays["length_cm"],
            "width_cm": arrays["width_cm"],
            "height_cm": arrays["height_cm"],
            "target_retail_price": arrays["target_retail_price"],
            "retail_currency": np.where(arrays["is_eur"], "EUR", "USD"),
            "category": np.where(arrays["is_3c"], "3C", "home"),
            "quote_all_inclusive": np.zeros(n, dtype=bool),
            "extra_fees_cny": arrays["extra_fees_cny"],
        }
    )
    return frame, arrays


def reference(a: dict[str, np.ndarray], s: CostSettings) -> dict[str, np.ndarray]:
    """The same formulas, plain NumPy, no validation (quantity > 1, no dropship prices)."""
    q = s.quantity
    line = s.cards.line(s.line)
    rate = line.rate_for(s.destination)
    platform = s.cards.platform(s.platform)
    duty = s.cards.duty(s.destination)
    assert duty is not None and line.volumetric_divisor is not None
    fx_platform = s.rates.rate(platform.currency)
    fx_duty = s.rates.rate(duty.currency)
    key = np.where(a["tier_min"] <= q, a["tier_min"], -1.0)
    best = np.argmax(key, axis=1)
    price = a["tier_price"][np.arange(len(best)), best]
    price = np.where(key.max(axis=1) < 0, np.nan, price)
    extras = a["extra_fees_cny"] + s.packaging_cny
    sample = s.sample_fee_cny / q
    domestic = s.domestic_freight_per_order_cny / q
    volume = a["length_cm"] * a["width_cm"] * a["height_cm"]
    chargeable = np.maximum(
        np.maximum(a["weight_g"], line.min_chargeable_g), volume / line.volumetric_divisor * 1000
    )
    chargeable = np.where(a["weight_g"] > line.max_weight_g, np.nan, chargeable)
    freight = chargeable / 1000 * rate.per_kg_cny + rate.registration_cny
    goods = price + extras
    duty_cny = np.where(
        goods / fx_duty > duty.de_minimis,
        goods * duty.duty_pct / 100,
        duty.low_value_flat * fx_duty,
    )
    landed = price + extras + sample + domestic + freight + duty_cny
    retail = a["target_retail_price"] * np.where(
        a["is_eur"], s.rates.rate("EUR"), s.rates.rate("USD")
    )
    pct = np.where(a["is_3c"], platform.referral_for("3C"), platform.referral_for("home"))
    referral = np.maximum(pct / 100 * retail, platform.min_referral_fee * fx_platform)
    fees = referral + platform.fixed_per_order * fx_platform
    fees = fees + platform.payment_pct / 100 * retail + platform.payment_fixed * fx_platform
    total = landed + fees + s.ad_cost_per_order_cny + s.return_rate_pct / 100 * landed
    profit = retail - total
    return {"landed": landed, "profit": profit, "passes": retail >= s.markup_low * landed}


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    settings = DEFAULT_SETTINGS.replace(quantity=50, sample_fee_cny=80.0, ad_cost_per_order_cny=6.0)
    frame, arrays = make_offers(n)
    ours = landed_costs(frame, settings)
    ref = reference(arrays, settings)
    assert np.allclose(ours["landed_unit_cost_cny"].to_numpy(), ref["landed"], equal_nan=True)
    assert np.allclose(ours["unit_profit_cny"].to_numpy(), ref["profit"], equal_nan=True)
    known = ~np.isnan(ref["landed"])
    assert (ours["markup_passes"].to_numpy()[known] == ref["passes"][known]).all()
    ours_best, ours_median = timed(lambda: landed_costs(frame, settings), repeats)
    ref_best, ref_median = timed(lambda: reference(arrays, settings), repeats)
    print(f"offers: {n:,}  repeats: {repeats}  (results agree with the reference)")
    print(f"landed_costs      best {ours_best:.3f} s  median {ours_median:.3f} s")
    print(f"NumPy reference   best {ref_best:.3f} s  median {ref_median:.3f} s")
    best, median = ours_best / ref_best, ours_median / ref_median
    print(f"ratio ours/reference  best {best:.2f}x  median {median:.2f}x")
    print(f"throughput        {n / ours_best / 1e6:.2f} M offers/s")


if __name__ == "__main__":
    main()
