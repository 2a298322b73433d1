from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from daifa.engine.costing import parse_tiers, tier_prices_at
from daifa.engine.costing.tiers import TIERS_DTYPE, check_tiers
from daifa.engine.errors import InputError


def series(*texts: str | None) -> pl.Series:
    values = [parse_tiers(t) if t else None for t in texts]
    return pl.Series("price_tiers", values, dtype=TIERS_DTYPE)


def test_it_parses_the_canonical_text_form() -> None:
    assert parse_tiers("1-49:12.5;50-199:11.8;200+:10.9") == [
        {"min_qty": 1, "max_qty": 49, "price_cny": 12.5},
        {"min_qty": 50, "max_qty": 199, "price_cny": 11.8},
        {"min_qty": 200, "max_qty": None, "price_cny": 10.9},
    ]


def test_it_reads_full_width_punctuation_and_yuan_signs_and_sorts() -> None:
    assert parse_tiers("50+：¥11.8；1~49:12.5元") == [
        {"min_qty": 1, "max_qty": 49, "price_cny": 12.5},
        {"min_qty": 50, "max_qty": None, "price_cny": 11.8},
    ]


@pytest.mark.parametrize("text", ["1-49", "a-b:3", "", ";"])
def test_it_rejects_unreadable_tiers_with_the_expected_format(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_tiers(text)
    assert info.value.field == "price_tiers"
    assert "1-49:12.5" in info.value.message_en and "1-49:12.5" in info.value.message_zh


def test_the_tier_boundary_is_inclusive_at_its_minimum() -> None:
    tiers = series("1-49:12.5;50-199:11.8;200+:10.9")
    assert tier_prices_at(tiers, 49)[0][0] == 12.5
    assert tier_prices_at(tiers, 50)[0][0] == 11.8
    assert tier_prices_at(tiers, 199)[0][0] == 11.8
    assert tier_prices_at(tiers, 200)[0][0] == 10.9


def test_rows_without_tiers_or_below_the_first_tier_have_no_price() -> None:
    tiers = series("2-9:5;10+:4", None, "1-9:3;10-19:2")
    tiers = pl.concat([tiers, pl.Series("price_tiers", [[]], dtype=TIERS_DTYPE)])
    price, first_min = tier_prices_at(tiers, 1)
    assert np.isnan(price[0]) and first_min[0] == 2
    assert np.isnan(price[1]) and np.isnan(first_min[1])
    assert price[2] == 3
    assert np.isnan(price[3]) and np.isnan(first_min[3])
    # above a closed last tier the last price still holds
    assert tier_prices_at(tiers, 500)[0][2] == 2


def test_unsorted_tiers_give_the_same_price() -> None:
    unsorted = pl.Series(
        "price_tiers",
        [
            [
                {"min_qty": 50, "max_qty": None, "price_cny": 3.0},
                {"min_qty": 1, "max_qty": 49, "price_cny": 4.0},
            ]
        ],
        dtype=TIERS_DTYPE,
    )
    assert tier_prices_at(unsorted, 60)[0][0] == 3.0
    assert tier_prices_at(unsorted, 10)[0][0] == 4.0


def test_it_matches_a_plain_loop_on_random_tiers() -> None:
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(300):
        starts = sorted(set(rng.integers(1, 300, size=rng.integers(0, 5)).tolist()))
        rows.append(
            [
                {"min_qty": s, "max_qty": None, "price_cny": float(rng.integers(1, 100))}
                for s in starts
            ]
        )
    tiers = pl.Series("price_tiers", rows, dtype=TIERS_DTYPE)
    for quantity in (1, 37, 150, 299):
        price, _ = tier_prices_at(tiers, quantity)
        for row, got in zip(rows, price, strict=True):
            eligible = [t["price_cny"] for t in row if t["min_qty"] <= quantity]
            want = eligible[-1] if eligible else np.nan
            assert got == want or (np.isnan(got) and np.isnan(want))


def test_it_names_the_row_with_a_negative_tier_price() -> None:
    bad = pl.Series(
        "price_tiers",
        [None, [{"min_qty": 1, "max_qty": None, "price_cny": -2.0}]],
        dtype=TIERS_DTYPE,
    )
    with pytest.raises(InputError) as info:
        check_tiers(bad)
    assert (info.value.field, info.value.row, info.value.value) == ("price_tiers", 2, -2.0)
    assert "第 2 行" in info.value.message_zh
