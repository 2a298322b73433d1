from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest

from daifa.engine import InputError, Profile, screen

T0 = datetime(2026, 3, 1, 9)


def _orders(
    supplier: str, n: int, *, returned: int = 0, no_stock: int = 0, late: int = 0
) -> list[dict]:
    rows = []
    for i in range(n):
        status = (
            "returned"
            if i < returned
            else "cancelled_no_stock"
            if i < returned + no_stock
            else "delivered"
        )
        pickup = T0 + timedelta(hours=30 if i < late else 10)
        rows.append(
            {
                "supplier_id": supplier,
                "ordered_at": T0,
                "picked_up_at": pickup,
                "status": status,
                "promised_pickup_hours": 24.0,
                "after_sales_days": 1.0 if supplier == "c" else None,
            }
        )
    return rows


@pytest.fixture
def result():
    suppliers = pl.DataFrame({"supplier_id": ["a", "b", "c", "d", "none"]})
    orders = pl.DataFrame(
        _orders("a", 40, returned=2)
        + _orders("b", 3)
        + _orders("c", 400, returned=4, late=4)
        + _orders("d", 100, no_stock=18, late=30),
        infer_schema_length=None,
    )
    return screen(suppliers, orders=orders)


def _status(result, cid: str) -> list[str]:
    return result.frame[f"{cid}__status"].to_list()


def test_rates_are_judged_on_their_wilson_bounds(result) -> None:
    # a: 2/40 = 5%, interval 1.4–16.5%: too few to tell. b: 0/3 is not a perfect 0%.
    # c: 4/400 = 1%, upper bound 2.5% ≤ 5%: pass.
    assert _status(result, "kpi_return_rate") == ["warn", "warn", "pass", "pass", "unknown"]
    # d: 18 of 100 cancelled for no stock (the seed guide's 18% oversell): even the
    # lower bound (11.7%) is above 3%; 0 of 40 (upper bound 8.8%) cannot yet show ≤ 3%.
    assert _status(result, "kpi_oversell_rate") == ["warn", "warn", "pass", "fail", "unknown"]
    assert _status(result, "kpi_on_time_ship_rate")[2:4] == ["pass", "fail"]


def test_no_orders_means_unknown_with_record_your_orders(result) -> None:
    record = next(result.records(rows=[4]))
    kpi = next(c for c in record["criteria"] if c["id"] == "kpi_return_rate")
    assert kpi["status"] == "unknown" and kpi["value"] is None
    assert "Record your orders" in kpi["action_en"] and "记录你的订单" in kpi["action_zh"]


def test_kpi_evidence_carries_rate_sample_and_bounds(result) -> None:
    record = next(result.records(rows=[1]))
    kpi = next(c for c in record["criteria"] if c["id"] == "kpi_return_rate")
    evidence = kpi["evidence"]
    assert (evidence["n"], evidence["k"], kpi["value"]) == (3, 0, 0.0)
    # exact (Clopper–Pearson) bound, conservative for tiny samples: 1 - 0.025^(1/3)
    assert evidence["high"] == pytest.approx(70.76, abs=0.01)
    assert 0.0 < evidence["shrunk"] < 5.0
    assert "0 / 3" in kpi["message_zh"] and "too few" in kpi["message_en"]
    # the headline is the count with its bound, never a bare "0%"
    assert kpi["message_en"].startswith("Return rate 0 / 3 (0%, 95% interval 0–70.76%)")


def test_after_sales_days_use_the_mean_and_its_interval(result) -> None:
    assert _status(result, "kpi_after_sales_days") == [
        "unknown",
        "unknown",
        "pass",
        "unknown",
        "unknown",
    ]


def test_kpis_do_not_change_the_score_unless_a_profile_scores_them(result) -> None:
    assert result.frame["score"].to_list() == [None] * 5
    profile = Profile.default().replace(kinds={"kpi_return_rate": "score"})
    suppliers = pl.DataFrame({"supplier_id": ["c"]})
    orders = pl.DataFrame(_orders("c", 400, returned=4), infer_schema_length=None)
    scored = screen(suppliers, orders=orders, profile=profile).frame.row(0, named=True)
    assert scored["score"] == 100.0 and scored["kpi_return_rate__points"] == 1.0


def test_a_bad_order_status_names_the_row_and_the_allowed_values() -> None:
    orders = pl.DataFrame({"supplier_id": ["a", "a"], "status": ["delivered", "lost"]})
    with pytest.raises(InputError) as caught:
        screen(pl.DataFrame({"supplier_id": ["a"]}), orders=orders)
    assert caught.value.row == 2 and caught.value.field == "status" and caught.value.value == "lost"
    assert "cancelled_no_stock" in caught.value.message_en and "第 2 行" in caught.value.message_zh
