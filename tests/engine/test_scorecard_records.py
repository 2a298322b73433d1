from __future__ import annotations

import json
import re
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


# --- messages a seller reads: sentences, not the detectors' keys (issue #10 pt 9) -----

KEY_VALUE = re.compile(r"\b[a-z_]+=[-\d.]+")


def test_flag_findings_are_sentences_not_detector_keys(result) -> None:
    spiky = next(result.records(rows=[1]))
    by_id = {c["id"]: c for c in spiky["criteria"]}
    for cid in ("sales_spike", "template_reviews"):
        for lang in ("zh", "en"):
            assert not KEY_VALUE.search(by_id[cid][f"message_{lang}"]), by_id[cid]
    spike = by_id["sales_spike"]
    assert "近 30 天日均 60 件，此前日均 10 件（6 倍）" in spike["message_zh"]
    assert (
        "60 units a day in the last 30 days against 10 a day before (6×)" in (spike["message_en"])
    )
    reviews = by_id["template_reviews"]
    assert "12 条评价中空泛好评占 100%" in reviews["message_zh"]
    assert "of 12 reviews, 100% generic praise" in reviews["message_en"]


def test_english_messages_start_a_sentence_with_a_capital(result) -> None:
    quiet = next(result.records(rows=[2]))
    messages = [c["message_en"] for c in quiet["criteria"]]
    assert all(m[:1] == m[:1].upper() for m in messages), messages
    peers = next(c for c in quiet["criteria"] if c["id"] == "price_vs_peers")
    assert peers["message_en"].startswith("Price trap")
    assert "product_group" not in peers["action_en"]


def _one(**facts) -> dict:
    frame = pl.DataFrame({"supplier_id": ["a", "b"], **{k: [v, None] for k, v in facts.items()}})
    return next(screen(frame).records(rows=[0]))


def test_shaped_values_come_with_a_readable_text() -> None:
    record = _one(unsold_return_days=0.0, unsold_return_loss_pct=20.0, transit_days_min=7.0,
                  transit_days_max=11.0)  # fmt: skip
    by_id = {c["id"]: c for c in record["criteria"]}
    unsold = by_id["unsold_return_days"]
    assert unsold["value"] == {"days": 0.0, "loss_pct": 20.0}
    assert (unsold["value_text_zh"], unsold["value_text_en"]) == (
        "不可退，损耗 20%",
        "no returns, 20% loss",
    )
    assert "days 0" not in unsold["message_en"] and "loss_pct" not in unsold["message_en"]
    assert by_id["transit_days_eu_us"]["value_text_en"] == "7–11"
    # plain numbers keep the raw value only: the page formats them
    assert "value_text_zh" not in by_id["repeat_rate"]


def test_a_price_with_too_few_peers_says_so() -> None:
    frame = pl.DataFrame(
        {"supplier_id": ["a", "b"], "product_group": ["g", "g"], "unit_price_cny": [10.0, 5.0]}
    )
    peers = next(
        c for c in next(screen(frame).records(rows=[1]))["criteria"] if c["id"] == "price_vs_peers"
    )
    assert peers["status"] == "unknown"
    assert peers["message_zh"].endswith("同款中只有 1 家有报价，不足以比价（至少需要 3 家）")
    assert peers["message_en"].endswith(
        "only 1 similar offer with a price, too few to compare (3 suppliers needed)"
    )


def test_a_price_far_below_its_peers_asks_to_check_the_unit() -> None:
    frame = pl.DataFrame(
        {
            "supplier_id": ["a", "b", "c", "d"],
            "product_group": ["g"] * 4,
            "unit_price_cny": [9.0, 9.5, 9.2, 1.0],
        }
    )
    peers = next(
        c for c in next(screen(frame).records(rows=[3]))["criteria"] if c["id"] == "price_vs_peers"
    )
    assert peers["status"] == "unknown"
    assert "计价单位" in peers["message_zh"] and "per pack" in peers["message_en"]
    assert "per piece or per pack" in peers["action_en"]
    assert "price trap" not in peers["message_en"].split(":")[1]


def test_one_of_a_unit_is_singular_in_english() -> None:
    years = next(
        c for c in _one(years_in_business=1.0)["criteria"] if c["id"] == "years_in_business"
    )
    assert "1 year," in years["message_en"] and "1 years" not in years["message_en"]
    assert "below 3 years" in years["message_en"]
    longer = next(
        c for c in _one(years_in_business=11.0)["criteria"] if c["id"] == "years_in_business"
    )
    assert "11 years" in longer["message_en"]


def test_certificates_in_english_sentences_use_their_latin_names() -> None:
    certs = next(c for c in _one(category="美妆个护")["criteria"] if c["id"] == "certifications")
    assert "化妆品生产许可证" not in certs["message_en"] + certs["action_en"]
    assert "COSMETICS PRODUCTION LICENSE / NMPA" in certs["message_en"]
    assert "化妆品生产许可证" in certs["message_zh"]
