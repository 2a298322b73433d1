from __future__ import annotations

import polars as pl

from daifa.engine import screen


def _ranks(rows: list[dict[str, object]]) -> list[object]:
    return screen(pl.DataFrame(rows, infer_schema_length=None)).frame["peer_rank"].to_list()


def test_knowing_less_never_ranks_higher() -> None:
    rows = [
        {
            "supplier_id": "known",
            "product_group": "cup",
            "unit_price_cny": 10.0,
            "repeat_rate_pct": 41.0,
            "response_minutes": 38.0,
        },
        {
            "supplier_id": "vague",
            "product_group": "cup",
            "unit_price_cny": 10.0,
            "repeat_rate_pct": 41.0,
        },
    ]
    # vague's unknown response is imputed with known's (the group's lowest): a tie, not a win.
    assert _ranks(rows) == [1, 1]


def test_better_and_cheaper_ranks_first_and_is_robust() -> None:
    rows = [
        {
            "supplier_id": "a",
            "product_group": "cup",
            "unit_price_cny": 9.0,
            "repeat_rate_pct": 41.0,
        },
        {
            "supplier_id": "b",
            "product_group": "cup",
            "unit_price_cny": 10.0,
            "repeat_rate_pct": 20.0,
        },
        {
            "supplier_id": "c",
            "product_group": "cup",
            "unit_price_cny": 12.0,
            "repeat_rate_pct": 12.0,
        },
    ]
    frame = screen(pl.DataFrame(rows)).frame
    assert frame["peer_rank"].to_list() == [1, 2, 3]
    assert frame["robustness"].to_list() == [1.0, 0.0, 0.0]
    assert frame["closeness"][0] > frame["closeness"][1] > frame["closeness"][2]


def test_a_lone_offer_or_an_empty_group_has_no_rank() -> None:
    rows = [
        {"supplier_id": "a", "product_group": "cup", "unit_price_cny": 9.0},
        {"supplier_id": "b", "product_group": "", "unit_price_cny": 9.0},
        {"supplier_id": "c", "product_group": "", "unit_price_cny": 10.0},
        {"supplier_id": "d", "product_group": None, "unit_price_cny": 10.0},
    ]
    frame = screen(pl.DataFrame(rows)).frame
    assert (
        frame["peer_rank"].to_list() == [None] * 4 and frame["peer_group"].to_list() == [None] * 4
    )


def test_a_landed_cost_is_not_compared_with_a_bare_quote() -> None:
    rows = [
        {
            "supplier_id": "a",
            "product_group": "cup",
            "unit_price_cny": 10.0,
            "landed_unit_cost_cny": 25.0,
        },
        {
            "supplier_id": "b",
            "product_group": "cup",
            "unit_price_cny": 11.0,
            "landed_unit_cost_cny": None,
        },
    ]
    assert _ranks(rows) == [1, 2]  # 10 vs 11 quoted, not 25 landed vs 11 quoted
