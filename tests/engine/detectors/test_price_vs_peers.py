from __future__ import annotations

import polars as pl
import pytest

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


def test_fewer_than_three_peers_is_unknown():
    out = detect_price_vs_peers(
        offers(supplier_id=list("abc"), product_group=["g"] * 3, unit_price_cny=[10.0, 10.0, 1.0])
    )
    assert out["status"].to_list() == ["unknown"] * 3
    assert evidence(out)[2]["n_peers"] == 2
    relaxed = detect_price_vs_peers(
        offers(supplier_id=list("abc"), product_group=["g"] * 3, unit_price_cny=[10.0, 10.0, 1.0]),
        min_peers=2,
    )
    assert relaxed["status"].to_list()[2] == "fail"


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


def test_the_dropship_price_stands_in_when_the_unit_price_is_missing():
    out = detect_price_vs_peers(
        offers(
            supplier_id=list("abcd"),
            product_group=["g"] * 4,
            unit_price_cny=[10.0, 10.0, 10.0, None],
            dropship_price_cny=[None, None, None, 5.0],
        )
    )
    last = evidence(out)[3]
    assert last["status"] == "fail" and last["price_field"] == "dropship_price_cny"


def test_rows_without_price_or_group_are_unknown_and_order_is_kept():
    out = detect_price_vs_peers(
        offers(
            supplier_id=list("abcdef"),
            product_group=["g", "g", None, "g", "g", "h"],
            unit_price_cny=[10.0, None, 1.0, 10.0, 10.0, 10.0],
        )
    )
    assert out.height == 6 and out.columns == ["status", "evidence"]
    assert out["status"].to_list() == ["unknown"] * 6
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
