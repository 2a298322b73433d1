from __future__ import annotations

import pytest

from daifa.engine.errors import ProfileError
from daifa.engine.profile import Profile


def test_the_default_profile_is_the_catalogue() -> None:
    p = Profile.default()
    assert p.criterion("repeat_rate").weight == 2.0
    assert p.grades.bands == {"A": 80.0, "B": 65.0, "C": 50.0}
    assert {r.name for r in p.categories} >= {"electronics", "beauty", "toys", "batteries"}
    electronics = next(r for r in p.categories if r.name == "electronics")
    assert electronics.require == ("CE", "FCC")


def test_toml_round_trip_gives_the_same_profile() -> None:
    p = Profile.default().replace(
        name="strict",
        weights={"repeat_rate": 4},
        thresholds={"response_minutes": {"threshold": 10, "zero_at": 30}},
        kinds={"cross_border_tag": "gate"},
        grades={"A": 85, "min_coverage": {"A": 0.7}},
        categories={"shoes": {"match": ["鞋"], "require": ["CE"]}},
    )
    assert Profile.from_toml(p.to_toml()) == p
    assert Profile.from_toml(Profile.default().to_toml()) == Profile.default()


def test_a_user_profile_changes_only_what_it_names() -> None:
    text = """
name = "mine"
[criteria.repeat_rate]
threshold = 30
weight = 3
[criteria.sales_spike]
penalty = 15
[grades]
approvable = ["A"]
"""
    p = Profile.from_toml(text)
    assert p.name == "mine"
    assert (p.criterion("repeat_rate").rule.good, p.criterion("repeat_rate").rule.bad) == (
        30.0,
        10.0,
    )
    assert p.criterion("repeat_rate").weight == 3.0
    assert p.criterion("sales_spike").weight == 15.0
    assert p.grades.approvable == ("A",)
    assert p.criterion("dispute_rate") == Profile.default().criterion("dispute_rate")


def test_replace_is_a_what_if_that_leaves_the_original_alone() -> None:
    p = Profile.default()
    q = p.replace(thresholds={"repeat_rate": 30})
    assert q.criterion("repeat_rate").rule.good == 30.0
    assert p.criterion("repeat_rate").rule.good == 25.0
    with pytest.raises(AttributeError):
        p.name = "x"  # type: ignore[misc]


def test_a_new_threshold_past_the_old_zero_point_drops_partial_credit() -> None:
    q = Profile.default().replace(thresholds={"repeat_rate": 8})
    assert (q.criterion("repeat_rate").rule.good, q.criterion("repeat_rate").rule.bad) == (
        8.0,
        None,
    )


def test_a_range_rule_can_be_set() -> None:
    q = Profile.default().replace(
        criteria={"answer_precision": {"rule": "range", "threshold": [3, 4], "zero_at": [1, 5]}}
    )
    rule = q.criterion("answer_precision").rule
    assert (rule.op, rule.good, rule.high, rule.bad, rule.bad_high) == ("range", 3.0, 4.0, 1.0, 5.0)


def test_min_coverage_is_replaced_as_a_whole() -> None:
    assert Profile.default().replace(grades={"min_coverage": {"A": 0.7}}).grades.min_coverage == {
        "A": 0.7
    }
    assert Profile.default().replace(grades={"min_coverage": {}}).grades.min_coverage == {}


def test_category_rules_merge_with_the_defaults() -> None:
    q = Profile.default().replace(categories={"electronics": {"require": ["CE", "FCC", "RoHS"]}})
    rule = next(r for r in q.categories if r.name == "electronics")
    assert rule.require == ("CE", "FCC", "RoHS")
    assert "3C" in rule.match


@pytest.mark.parametrize(
    ("text", "key", "allowed"),
    [
        ("colour = 1", "colour", "name, description, grades, criteria, categories"),
        ("[criteria.repeat]\nweight = 1", "criteria.repeat", "dropship_supported"),
        ("[criteria.repeat_rate]\nwieght = 1", "criteria.repeat_rate.wieght", "kind, weight"),
        ('[criteria.repeat_rate]\nkind = "flag"', "criteria.repeat_rate.kind", "gate, score, kpi"),
        ('[criteria.sales_spike]\nkind = "score"', "criteria.sales_spike.kind", "flag"),
        ("[criteria.repeat_rate]\nweight = -1", "criteria.repeat_rate.weight", "a number ≥ 0"),
        (
            '[criteria.repeat_rate]\nthreshold = "high"',
            "criteria.repeat_rate.threshold",
            "a number",
        ),
        ("[criteria.repeat_rate]\nzero_at = 40", "criteria.repeat_rate.zero_at", "below 25"),
        (
            '[criteria.repeat_rate]\nrule = "between"',
            "criteria.repeat_rate.rule",
            "at_least, at_most, range",
        ),
        (
            "[criteria.cross_border_tag]\nthreshold = 1",
            "criteria.cross_border_tag.threshold",
            "kind, weight",
        ),
        ("[grades]\nA = 120", "grades.A", "0 to 100"),
        ("[grades]\nB = 90", "grades", "A ≥ B ≥ C"),
        ('[grades]\napprovable = ["E"]', "grades.approvable", "A, B, C, D"),
        ("[grades.min_coverage]\nA = 2", "grades.min_coverage.A", "0 to 1"),
        ('[categories.shoes]\nrequire = ["CE"]', "categories.shoes.match", "keywords"),
        ("[categories.toys]\nrequire = [1]", "categories.toys.require", "non-empty strings"),
    ],
)
def test_a_bad_profile_names_the_key_and_the_allowed_values(
    text: str, key: str, allowed: str
) -> None:
    with pytest.raises(ProfileError) as caught:
        Profile.from_toml(text)
    error = caught.value
    assert error.field == key
    assert key in error.message_en and key in error.message_zh
    assert allowed in error.message_en


def test_invalid_toml_is_a_profile_error_in_both_languages() -> None:
    with pytest.raises(ProfileError) as caught:
        Profile.from_toml("[criteria\n")
    assert "TOML" in caught.value.message_en and "TOML" in caught.value.message_zh


def test_the_documented_example_profile_loads() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "profile-example.toml").read_text(encoding="utf-8")
    p = Profile.from_toml(text)
    assert p.criterion("cross_border_tag").kind == "gate"
    assert p.criterion("answer_precision").rule.op == "range"
    assert next(r for r in p.categories if r.name == "chargers").require == ("CE", "FCC", "UL|ETL")
