"""Robustness shares a tie instead of counting every tied row as first (audit #21)."""

from __future__ import annotations

import polars as pl
import pytest

from daifa.engine import screen


def test_two_identical_offers_share_first_place_and_the_shares_sum_to_one() -> None:
    offers = pl.DataFrame(
        {
            "supplier_id": ["a", "b", "c"],
            "product_group": ["cup"] * 3,
            "repeat_rate_pct": [30.0, 30.0, 12.0],
            "unit_price_cny": [10.0, 10.0, 14.0],
        }
    )
    frame = screen(offers).frame
    robustness = frame["robustness"].to_list()
    assert robustness[0] == pytest.approx(0.5) and robustness[1] == pytest.approx(0.5)
    assert sum(robustness) == pytest.approx(1.0)
