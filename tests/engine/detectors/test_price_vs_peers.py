from __future__ import annotations

import polars as pl
import pytest

from daifa.engine.costing.tiers import TIERS_DTYPE
from daifa.engine.detectors import detect_price_vs_peers
from daifa.engine.errors import InputError


def offers(**columns) -> pl.DataFrame:
    return pl.DataFrame(columns)


def evidence(out: pl.DataFrame) -> list[dict]:
    return [{"status": s, **e} for s, e in zip(out["status"], out["evidence"], strict=True)]


def test_a_quote_more_than_20_pct_below_its_peers_is_flagged():
    # Peers of d: a, b, c at 10 -> mean 10; 7 is 30 % below. Each of a, b, c has
    # peers (10, 10, 7) -> mean 9; 10 is 11.1 % *above*.
    out = detect_price_vs_peers(
        offers(
            supplier_id=["a", "b", "c", "d"],
            product_group=["bag"] * 4,
            unit_price_cny=[10.0, 10.0, 10.0, 7.0],
        )
    )
    rows = evidence(out)
    assert [r["status"] for r in rows] == ["pass", "pass", "pass", "fail"]
    assert rows[3]["group_mean"] == 10.0 and rows[3]["pct_below_mean"] == pytest.approx(30.0)
    assert rows[3]["n_peers"] == 3 and rows[3]["price"] == 7.0
    assert rows[0]["group_mean"] == 9.0 and rows[0]["pct_below_mean"] == pytest.approx(-100 / 9)


def test_exactly_at_the_threshold_is_not_flagged():
    out = detect_price_vs_peers(
        offers(supplier_id=list("abcd"), product_group=["g"] * 4, unit_price_cny=[10.0] * 3 + [8.0])
    )
    assert out["status"].to_list()[-1] == "pass"
    flagged = detect_price_vs_peers(
        offers(
            supplier_id=list("abcd"), product_group=["g"] * 4, unit_price_cny=[10.0] * 3 + [8.0]
        ),
        below_pct=19.9,
    )
    assert flagged["status"].to_list()[-1] == "fail"


def test_a_group_of_three_is_judged_and_a_group_of_two_is_unknown_with_its_reason():
    # The seed guide compares 3-5 suppliers: each of three has two peers.
    out = detect_price_vs_peers(
        offers(supplier_id=list("abc"), product_group=["g"] * 3, unit_price_cny=[10.0, 10.0, 7.0])
    )
    assert out["status"].to_list() == ["pass", "pass", "fail"]
    assert evidence(out)[2]["n_peers"] == 2 and evidence(out)[2]["reason"] is None
    pair = detect_price_vs_peers(
        offers(supplier_id=list("ab"), product_group=["g"] * 2, unit_price_cny=[10.0, 1.0])
    )
    assert pair["status"].to_list() == ["unknown"] * 2
    assert [e["reason"] for e in evidence(pair)] == ["few_peers"] * 2
    strict = detect_price_vs_peers(
        offers(supplier_id=list("abc"), product_group=["g"] * 3, unit_price_cny=[10.0, 10.0, 7.0]),
        min_peers=3,
    )
    assert strict["status"].to_list() == ["unknown"] * 3


def test_a_group_of_four_with_one_price_missing_is_still_judged():
    out = detect_price_vs_peers(
        offers(
            supplier_id=list("abcd"),
            product_group=["g"] * 4,
            unit_price_cny=[10.0, 10.0, None, 7.0],
        )
    )
    assert out["status"].to_list() == ["pass", "pass", "unknown", "fail"]
    assert evidence(out)[2]["reason"] == "no_price"


def test_a_supplier_listing_the_product_twice_counts_once_and_is_not_its_own_peer():
    out = detect_price_vs_peers(
        offers(
            supplier_id=["a", "a", "b", "c", "d"],
            product_group=["g"] * 5,
            unit_price_cny=[6.0, 8.0, 10.0, 10.0, 10.0],
        )
    )
    rows = evidence(out)
    # a's peers are b, c, d (mean 10), whatever a's other listing costs.
    assert rows[0]["n_peers"] == 3 and rows[0]["group_mean"] == 10.0
    assert rows[0]["status"] == "fail" and rows[1]["status"] == "pass"
    # b's peers: a (its mean 7), c, d -> (7 + 10 + 10) / 3 = 9
    assert rows[2]["group_mean"] == pytest.approx(9.0)


def test_dropship_and_wholesale_prices_are_never_compared():
    # d sells only by dropship, its peers only wholesale: not comparable.
    mixed = detect_price_vs_peers(
        offers(
            supplier_id=list("abcd"),
            product_group=["g"] * 4,
            unit_price_cny=[10.0, 10.0, 10.0, None],
            dropship_price_cny=[None, None, None, 5.0],
        )
    )
    last = evidence(mixed)[3]
    assert last["status"] == "unknown" and last["reason"] == "other_basis"
    assert last["price_field"] == "dropship_price_cny" and last["basis"] == "dropship"
    # Among dropship prices the dropship price is judged.
    dropship = detect_price_vs_peers(
        offers(
            supplier_id=list("abcd"),
            product_group=["g"] * 4,
            unit_price_cny=[9.0, 9.0, 9.0, None],
            dropship_price_cny=[12.0, 12.0, 12.0, 5.0],
        )
    )
    assert evidence(dropship)[3]["status"] == "fail"
    assert evidence(dropship)[3]["group_mean"] == 12.0


def test_the_tiers_stand_in_when_the_unit_price_is_blank():
    tiers = [
        None,
        None,
        None,
        [
            {"min_qty": 2, "max_qty": 99, "price_cny": 7.0},
            {"min_qty": 100, "max_qty": None, "price_cny": 6.0},
        ],
    ]
    frame = offers(
        supplier_id=list("abcd"),
        product_group=["g"] * 4,
        unit_price_cny=[10.0, 10.0, 10.0, None],
        moq=[2, 2, 2, None],
    ).with_columns(pl.Series("price_tiers", tiers, dtype=TIERS_DTYPE))
    row = evidence(detect_price_vs_peers(frame))[3]
    assert row["status"] == "fail" and row["price"] == 7.0 and row["price_field"] == "price_tiers"
    # At the seller's quantity of 100, d's tier price is 6.
    at_100 = evidence(detect_price_vs_peers(frame, quantity=100))[3]
    assert at_100["price"] == 6.0 and at_100["quantity"] == 100


def test_a_bulk_quote_is_not_compared_with_small_order_prices():
    # d quotes 6 at MOQ 1000; its peers 10 at MOQ 2: not like with like.
    frame = offers(
        supplier_id=list("abcd"),
        product_group=["g"] * 4,
        unit_price_cny=[10.0, 10.0, 10.0, 6.0],
        moq=[2, 2, 2, 1000],
    )
    row = evidence(detect_price_vs_peers(frame))[3]
    assert row["status"] == "unknown" and row["reason"] == "moq_mismatch"
    assert row["peer_moq"] == pytest.approx(2.0) and row["quantity"] == 1000
    # With the peers' tiers, all are priced at 1000 and compared fairly.
    tiers = [
        {"min_qty": 2, "max_qty": 999, "price_cny": 10.0},
        {"min_qty": 1000, "max_qty": None, "price_cny": 8.0},
    ]
    tiered = frame.with_columns(
        pl.Series("price_tiers", [tiers, tiers, tiers, None], dtype=TIERS_DTYPE),
        pl.Series("unit_price_cny", [None, None, None, 6.0]),
    )
    row = evidence(detect_price_vs_peers(tiered))[3]
    assert row["group_mean"] == 8.0 and row["status"] == "fail" and row["reason"] is None


def test_a_gap_too_large_for_a_real_quote_asks_to_check_the_unit():
    # Per piece against per 10-pack prices: 89 % below is a unit question.
    out = detect_price_vs_peers(
        offers(
            supplier_id=list("abcd"), product_group=["g"] * 4, unit_price_cny=[9.0, 9.5, 9.2, 1.0]
        )
    )
    row = evidence(out)[3]
    assert row["status"] == "unknown" and row["reason"] == "unit_check"


def test_rows_without_price_or_group_are_unknown_and_order_is_kept():
    out = detect_price_vs_peers(
        offers(
            supplier_id=list("abcdef"),
            product_group=["g", "g", None, "g", "g", "h"],
            unit_price_cny=[10.0, None, 1.0, 10.0, 10.0, 10.0],
        )
    )
    assert out.height == 6 and out.columns == ["status", "evidence"]
    # g has three priced suppliers (a, d, e): judged; b has no price; c no group; h alone.
    assert out["status"].to_list() == ["pass", "unknown", "unknown", "pass", "pass", "unknown"]
    assert [e["reason"] for e in evidence(out)][1:3] == ["no_price", "no_group"]
    assert evidence(out)[2]["group_mean"] is None
    only_unit = offers(supplier_id=list("ab"), product_group=["g", "g"])
    assert detect_price_vs_peers(only_unit)["status"].to_list() == ["unknown", "unknown"]


def test_groups_do_not_mix():
    out = detect_price_vs_peers(
        offers(
            supplier_id=list("abcdabcd"),
            product_group=["g"] * 4 + ["h"] * 4,
            unit_price_cny=[10.0] * 4 + [100.0, 100.0, 100.0, 50.0],
        )
    )
    assert out["status"].to_list() == ["pass"] * 7 + ["fail"]


@pytest.mark.parametrize("bad", [0.0, -2.0, float("nan")])
def test_it_names_the_row_of_a_bad_price(bad):
    frame = offers(supplier_id=list("ab"), product_group=["g", "g"], unit_price_cny=[3.0, bad])
    with pytest.raises(InputError) as caught:
        detect_price_vs_peers(frame)
    assert caught.value.row == 1 and caught.value.field == "unit_price_cny"
    assert "row 1, unit_price_cny" in caught.value.message_en
    assert "第 1 行" in caught.value.message_zh


def test_it_rejects_unreadable_prices_missing_columns_and_bad_settings():
    with pytest.raises(InputError, match="row 1, unit_price_cny: value 'abc'"):
        detect_price_vs_peers(
            offers(supplier_id=list("ab"), product_group=["g", "g"], unit_price_cny=["3", "abc"])
        )
    with pytest.raises(InputError, match="'product_group' is missing"):
        detect_price_vs_peers(offers(supplier_id=["a"], unit_price_cny=[1.0]))
    frame = offers(supplier_id=["a"], product_group=["g"], unit_price_cny=[1.0])
    with pytest.raises(InputError, match="below_pct"):
        detect_price_vs_peers(frame, below_pct=120)
    with pytest.raises(InputError, match="min_peers"):
        detect_price_vs_peers(frame, min_peers=0)
