from __future__ import annotations

import json
from datetime import date, timedelta

import polars as pl
import pytest

from daifa.engine import CATALOGUE_IDS, screen

KEYS = {
    "id",
    "kind",
    "status",
    "value",
    "threshold",
    "points",
    "message_zh",
    "message_en",
    "action_zh",
    "action_en",
    "evidence",
}
SUMMARY = {
    "supplier_id",
    "score",
    "coverage",
    "grade",
    "approvable",
    "blocking",
    "to_verify",
    "flags",
    "peer_group",
    "peer_rank",
    "closeness",
    "robustness",
    "criteria",
}


def _sales() -> pl.DataFrame:
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(120)]
    flat = [10.0] * 120
    spike = [10.0] * 90 + [60.0] * 30
    return pl.DataFrame(
        {
            "supplier_id": ["calm"] * 120 + ["spiky"] * 120,
            "period_start": days * 2,
            "period_days": [1] * 240,
            "units": flat + spike,
        }
    )


def _reviews() -> pl.DataFrame:
    texts = ["物流快,质量好!五星好评"] * 6 + ["很好,下次还来"] * 6
    return pl.DataFrame({"supplier_id": ["spiky"] * 12, "text": texts})


@pytest.fixture
def result():
    suppliers = pl.DataFrame(
        {
            "supplier_id": ["calm", "spiky", "quiet"],
            "repeat_rate_pct": [30.0, 30.0, None],
            "response_minutes": [38.0, 5.0, None],
            "_source": ["1688 API", None, None],
            "_as_of": ["2026-04-30", None, None],
            "response_minutes__source": [None, "seller check", None],
            "_sheet": ["供应商", "供应商", "供应商"],
            "_row": [2, 3, 4],
        }
    )
    return screen(suppliers, sales=_sales(), reviews=_reviews(), source_name="suppliers.xlsx")


def test_every_catalogue_id_appears_once_for_every_supplier(result) -> None:
    records = list(result.records())
    assert len(records) == 3
    for record in records:
        assert SUMMARY <= set(record)
        assert [c["id"] for c in record["criteria"]] == list(CATALOGUE_IDS)
        for c in record["criteria"]:
            assert KEYS <= set(c)
    json.dumps(records, ensure_ascii=False)


def test_messages_quote_the_value_and_threshold(result) -> None:
    calm = next(result.records(rows=[0]))
    response = next(c for c in calm["criteria"] if c["id"] == "response_minutes")
    assert (
        response["status"] == "warn" and response["value"] == 38.0 and response["threshold"] == 15.0
    )
    assert response["message_zh"].startswith("平均响应 38 分钟，超过 15 分钟")
    assert response["points"] == pytest.approx(1.5 * 22 / 45, rel=1e-4)


def test_evidence_names_the_source_and_date(result) -> None:
    calm, spiky, quiet = result.records()

    def ev(record, cid):
        return next(c for c in record["criteria"] if c["id"] == cid)["evidence"]

    assert (
        ev(calm, "repeat_rate")["source"] == "1688 API"
        and ev(calm, "repeat_rate")["as_of"] == "2026-04-30"
    )
    assert ev(spiky, "response_minutes")["source"] == "seller check"
    assert ev(quiet, "repeat_rate")["source"] == "suppliers.xlsx, sheet 供应商, row 4"


def test_flags_come_with_the_detectors_evidence(result) -> None:
    calm, spiky, quiet = result.records(lang="en")
    assert spiky["flags"] == ["sales_spike", "template_reviews"]
    spike = next(c for c in spiky["criteria"] if c["id"] == "sales_spike")
    assert spike["status"] == "fail" and spike["points"] == -10.0
    assert spike["evidence"]["ratio"] == 6.0
    assert spike["message"].startswith("Suspected inflated sales")
    assert calm["flags"] == [] and quiet["flags"] == []
    assert next(c for c in quiet["criteria"] if c["id"] == "sales_spike")["status"] == "unknown"
    assert spiky["score"] == pytest.approx(100.0 - 20.0)


def test_lang_adds_the_message_and_action_in_that_language(result) -> None:
    record = next(result.records(rows=[2], lang="zh"))
    assert record["action"] == "先核实再决定"
    item = record["criteria"][0]
    assert item["message"] == item["message_zh"] and item["action"] == item["action_zh"]


def test_criteria_frame_and_long_view(result) -> None:
    frame = result.criteria_frame("response_minutes")
    assert frame.columns[:5] == ["supplier_id", "offer_id", "status", "points", "value"]
    assert frame["value"].to_list() == [38.0, 5.0, None]
    spikes = result.criteria_frame("sales_spike")
    assert spikes["status"].to_list() == ["pass", "fail", "unknown"]
    long = result.long()
    assert long.height == 3 * len(CATALOGUE_IDS)
    assert set(long["criterion"].unique()) == set(CATALOGUE_IDS)


def test_the_result_is_immutable(result) -> None:
    with pytest.raises(AttributeError):
        result.frame = None  # type: ignore[misc]
