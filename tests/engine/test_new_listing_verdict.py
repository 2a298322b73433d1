"""A new listing's sales-spike verdict says "cannot tell" with its age (issue #12: its
variant texts were (zh, en) tuples, and explaining the verdict raised AttributeError)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from daifa.engine import screen


def test_a_new_listing_is_screened_as_cannot_tell() -> None:
    def daily(supplier: str, units: list[float], first: date) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "supplier_id": [supplier] * len(units),
                "offer_id": [None] * len(units),
                "period_start": [first + timedelta(days=i) for i in range(len(units))],
                "period_days": [1] * len(units),
                "units": units,
            },
            schema_overrides={"offer_id": pl.String},
        )

    # "new" was listed 46 days ago, while the workspace's sales go back 150 days.
    start = date(2026, 6, 1)
    sales = pl.concat(
        [
            daily("old", [5.0] * 150, start),
            daily("new", [3.0] * 16 + [30.0] * 30, start + timedelta(days=104)),
        ]
    )
    result = screen(pl.DataFrame({"supplier_id": ["new", "old"]}), sales=sales)
    verdict = result.explain([0], criteria=["sales_spike"])[0]
    (spike,) = verdict.criteria
    assert spike.status == "unknown"
    assert "cannot tell, listed only 46 days ago" in spike.message.en
    assert spike.action.en.startswith("A new listing")
