"""Synthetic supplier rows for bench/screening.py (seeded, realistic mix of unknowns)."""

from __future__ import annotations

import numpy as np
import polars as pl

NUMBERS = {
    "years_in_business": (0, 10),
    "repeat_rate_pct": (0, 60),
    "response_minutes": (1, 120),
    "dispute_rate_pct": (0, 5),
    "unit_price_cny": (1, 100),
    "target_retail_price": (5, 400),
    "test_order_ship_hours": (2, 96),
    "pickup_sla_hours": (6, 72),
    "late_compensation_pct": (0, 10),
    "transit_days_min": (5, 10),
    "sample_days": (2, 25),
    "custom_cost_pct": (0, 30),
    "answer_precision": (1, 5),
    "old_customer_ratio_pct": (0, 90),
    "unsold_return_days": (0, 45),
    "wrong_item_response_hours": (2, 48),
}
WHOLE = {"custom_moq": (10, 1000), "new_styles_per_month": (0, 30)}
BOOLS = (
    "dropship_supported cross_border_tag neutral_packaging inventory_consistent inventory_sheet "
    "sample_fee_deductible quote_all_inclusive sample_test_passed own_factory original_design "
    "quality_return_terms english_communication platform_rules_knowledge media_support"
).split()
CATEGORIES = ["3C数码", "美妆", "家居日用", "玩具", "户外", "服饰", "电池配件"]
CERTS = ["CE;FCC", "CE", "MSDS;化妆品生产许可证", "EN71;CE;CPC", "MSDS;UN38.3", "", None]
LINES = ["云途;4PX", "燕文", "YunExpress", "德邦", "中国邮政", None]


def suppliers(n: int, seed: int = 0, missing: float = 0.3) -> pl.DataFrame:
    """``n`` canonical rows; each value is unknown with probability ``missing``."""
    rng = np.random.default_rng(seed)

    def holes(series: pl.Series) -> pl.Series:
        return series.scatter(np.flatnonzero(rng.random(n) < missing), None)

    cols: dict[str, pl.Series] = {
        "supplier_id": pl.Series("supplier_id", np.arange(n)).cast(pl.String),
        "offer_id": pl.Series("offer_id", np.arange(n) + 10_000_000).cast(pl.String),
        # groups of about four offers of the same product
        "product_group": pl.Series("product_group", rng.integers(0, max(1, n // 4), n)).cast(
            pl.String
        ),
        "category": pl.Series("category", rng.choice(CATEGORIES, n)),
        "certifications": holes(pl.Series("certifications", rng.choice(CERTS[:-1], n))).str.split(
            ";"
        ),
        "intl_logistics": holes(pl.Series("intl_logistics", rng.choice(LINES[:-1], n))).str.split(
            ";"
        ),
        "retail_currency": pl.Series("retail_currency", ["CNY"] * n),
    }
    for name, (lo, hi) in NUMBERS.items():
        cols[name] = holes(pl.Series(name, np.round(rng.uniform(lo, hi, n), 1)))
    for name, (lo, hi) in WHOLE.items():
        cols[name] = holes(pl.Series(name, rng.integers(lo, hi, n)))
    for name in BOOLS:
        cols[name] = holes(pl.Series(name, rng.random(n) < 0.6))
    frame = pl.DataFrame(cols)
    return frame.with_columns(transit_days_max=pl.col("transit_days_min") + 5)


def as_csv_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists written the canonical way: ``;``-separated."""
    return frame.with_columns(
        [pl.col(c).list.join(";") for c, t in frame.schema.items() if isinstance(t, pl.List)]
    )
