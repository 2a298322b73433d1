"""Typed verdicts: the objects and the records are one contract (#12, P2)."""

from __future__ import annotations

import json

import pytest

from daifa.demo import generate_demo
from daifa.engine import InputError, screen
from daifa.engine.scorecard import ScreeningResult
from daifa.engine.verdicts import SCHEMA_VERSION, CriterionVerdict, Evidence, RowVerdict
from daifa.engine.words import DECISIONS, GRADE_ACTIONS
from daifa.text import Text


@pytest.fixture(scope="module")
def result() -> ScreeningResult:
    data = generate_demo(seed=11, suppliers=30, offers=90)
    return screen(
        data.offers, sales=data.sales, reviews=data.reviews, orders=data.orders, as_of=data.as_of
    )


@pytest.mark.parametrize("lang", [None, "zh", "en"])
def test_a_verdict_writes_exactly_the_record_and_reads_it_back(
    result: ScreeningResult, lang: str | None
) -> None:
    records = list(result.records(lang=lang))
    verdicts = result.explain()
    assert len(verdicts) == len(records) == result.frame.height
    for verdict, record in zip(verdicts, records, strict=True):
        # Same keys in the same order, same values: the JSON the CLI prints and the
        # workbench stores does not change.
        assert json.dumps(verdict.to_json(lang)) == json.dumps(record)
        assert RowVerdict.from_json(record) == verdict


def test_every_kind_of_criterion_is_typed(result: ScreeningResult) -> None:
    kinds = {c.kind for v in result.explain([0, 1, 2]) for c in v.criteria}
    assert kinds == {"gate", "score", "flag", "kpi"}
    verdict = result.explain([0])[0]
    item = verdict.criterion("response_minutes")
    assert isinstance(item, CriterionVerdict) and isinstance(item.message, Text)
    assert isinstance(item.evidence, Evidence) and item.evidence.fields == ("response_minutes",)
    assert verdict.action == DECISIONS[verdict.decision]
    assert verdict.grade_action == GRADE_ACTIONS[verdict.grade]
    assert verdict.criterion("no_such_criterion") is None


def test_explain_narrows_to_the_criteria_asked_for_in_the_profiles_order(
    result: ScreeningResult,
) -> None:
    narrow = result.explain([4, 5], criteria=["price_vs_peers", "dropship_supported"])
    assert [[c.id for c in v.criteria] for v in narrow] == [
        ["dropship_supported", "price_vs_peers"]
    ] * 2
    full = result.explain([4, 5])
    assert [v.criterion("price_vs_peers") for v in narrow] == [
        v.criterion("price_vs_peers") for v in full
    ]
    records = list(result.records([4, 5], criteria=["price_vs_peers", "dropship_supported"]))
    assert [v.to_json() for v in narrow] == records


def test_evidence_reads_like_the_json_it_came_from() -> None:
    evidence = Evidence.from_json(
        {"fields": ["unit_price_cny"], "source": "a.csv, row 3", "as_of": None, "group_mean": 9.5}
    )
    assert evidence["group_mean"] == 9.5 == evidence.get("group_mean")
    assert evidence.get("missing") is None and evidence["source"] == "a.csv, row 3"
    with pytest.raises(KeyError):
        evidence["missing"]
    assert not Evidence() and evidence


def test_a_record_of_a_newer_schema_is_refused_not_misread(result: ScreeningResult) -> None:
    record = result.explain([0])[0].to_json(versioned=True)
    assert record["schema_version"] == SCHEMA_VERSION
    assert RowVerdict.from_json(record) == result.explain([0])[0]
    with pytest.raises(InputError, match="newer") as error:
        RowVerdict.from_json({**record, "schema_version": SCHEMA_VERSION + 1})
    assert "请更新" in error.value.message_zh
