from __future__ import annotations

import re
from pathlib import Path

import pytest

from daifa.engine.criteria import CATALOGUE, CATALOGUE_IDS, DIMENSIONS, KINDS, criterion
from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.engine.scorecard._kpis import ORDER_COLUMNS

# The catalogue's specification, kept in the repository beside the other docs.
CRITERIA_MD = Path(__file__).resolve().parents[2] / "docs" / "criteria.md"


def _design_rows() -> dict[str, str]:
    """``{id: kind}`` from the tables of docs/criteria.md (``| `id` | rule | kind | seed |``)."""
    rows = re.findall(
        r"^\| `([a-z0-9_]+)` \|[^|]*\| ([a-z]+)[^|]*\|", CRITERIA_MD.read_text("utf-8"), re.M
    )
    return dict(rows)


def test_every_id_of_the_design_is_in_the_catalogue_once() -> None:
    design = re.findall(r"^\| `([a-z0-9_]+)`", CRITERIA_MD.read_text("utf-8"), flags=re.M)
    assert sorted(CATALOGUE_IDS) == sorted(design)
    assert len(set(CATALOGUE_IDS)) == len(CATALOGUE_IDS)


def test_the_kinds_match_the_design() -> None:
    assert {c.id: c.kind for c in CATALOGUE} == _design_rows()
    # KPIs are named as such, and only they are measured from orders.
    assert all((c.kind == "kpi") == c.id.startswith("kpi_") for c in CATALOGUE)


def test_every_flag_names_its_detector_and_only_flags_do() -> None:
    for c in CATALOGUE:
        assert (c.detector is not None) == (c.kind == "flag") == (c.rule.op == "detector"), c.id


def test_every_column_a_criterion_reads_is_canonical() -> None:
    order_columns = set(ORDER_COLUMNS)
    for c in CATALOGUE:
        known = order_columns if c.kind == "kpi" else set(COLUMNS_BY_NAME)
        assert set(c.columns) <= known, (c.id, set(c.columns) - known)


def test_a_criterion_without_a_builder_reads_one_column_of_its_rule() -> None:
    # The plain builder judges the first column alone: anything more needs a builder.
    for c in CATALOGUE:
        if c.value is None and c.kind in ("gate", "score"):
            assert len(c.columns) == 1, c.id
            expected = "bool" if c.rule.op == "bool" else ("number", "integer")
            assert COLUMNS_BY_NAME[c.columns[0]].type in expected, c.id


@pytest.mark.parametrize(
    ("cid", "op", "good", "bad"),
    [
        ("years_in_business", "at_least", 3.0, 1.0),
        ("repeat_rate", "at_least", 25.0, 10.0),
        ("response_minutes", "at_most", 15.0, 60.0),
        ("dispute_rate", "at_most", 1.0, 3.0),
        ("test_order_ship_hours", "at_most", 48.0, None),
        ("pickup_sla_hours", "at_most", 24.0, 72.0),
        ("transit_days_eu_us", "at_most", 12.0, 20.0),
        ("custom_moq", "at_most", 100.0, 500.0),
        ("sample_days", "at_most", 7.0, 21.0),
        ("custom_cost_pct", "at_most", 15.0, 30.0),
        ("markup_room", "at_least", 3.0, 1.5),
        ("new_styles_per_month", "at_least", 10.0, 0.0),
        ("unsold_return_days", "at_least", 30.0, 0.0),
        ("old_customer_ratio", "at_least", 60.0, 30.0),
        ("kpi_return_rate", "at_most", 5.0, 12.0),
        ("kpi_oversell_rate", "at_most", 3.0, 10.0),
        ("kpi_dispute_rate", "at_most", 1.0, 3.0),
        ("kpi_after_sales_days", "at_most", 1.0, 3.0),
    ],
)
def test_default_thresholds_are_the_design_numbers(
    cid: str, op: str, good: float, bad: float | None
) -> None:
    rule = criterion(cid).rule
    assert (rule.op, rule.good, rule.bad) == (op, good, bad)


def test_every_criterion_is_complete_in_both_languages() -> None:
    for c in CATALOGUE:
        assert c.kind in KINDS and c.dimension in DIMENSIONS
        assert c.label.zh and c.label.en and c.weight >= 0
        for status in ("pass", "warn", "fail", "unknown"):
            for lang in ("zh", "en"):
                assert c.message(status, lang, value="1").strip(), (c.id, status, lang)
                assert c.action(status, lang).strip(), (c.id, status, lang)
        assert c.actions["unknown"].zh != c.actions["fail"].zh


def test_messages_are_specific() -> None:
    c = criterion("response_minutes")
    assert c.message("fail", "zh", value="38") == "平均响应 38 分钟，超过 15 分钟"
    assert c.message("fail", "en", value="38") == "Average response 38 min, above 15 min"
    assert (
        criterion("repeat_rate").message("pass", "en", value="41") == "Repeat rate 41%, meets 25%"
    )


def test_unknown_test_order_asks_for_a_test_order() -> None:
    action = criterion("test_order_ship_hours").action("unknown", "en")
    assert action == "Place a 1–2 piece test order and record when it ships"
    assert "测试单" in criterion("test_order_ship_hours").action("unknown", "zh")


def test_an_unknown_id_names_the_allowed_ones() -> None:
    with pytest.raises(KeyError, match="allowed: dropship_supported"):
        criterion("nope")


def test_every_column_a_criterion_reads_has_header_aliases() -> None:
    # The schema's labels only match exact headers; sellers write their own names.
    from daifa.sources.spreadsheet.headers import SUPPLIER_ALIASES

    for c in CATALOGUE:
        if c.kind in ("gate", "score"):
            for name in c.columns:
                assert SUPPLIER_ALIASES.get(name), (c.id, name)


def test_every_message_and_action_of_the_catalogue_is_a_bilingual_text():
    """A plain (zh, en) tuple crashed the explanation of a sales-spike variant
    (new listing, short history, no recent data, promotion) when it was shown."""
    from daifa.engine.criteria import CATALOGUE
    from daifa.text import Text

    for c in CATALOGUE:
        for key, text in {**c.messages, **c.actions}.items():
            assert isinstance(text, Text), (c.id, key)
        for variant in ("new_listing", "short_history", "no_recent_data", "promotion"):
            if variant in c.messages:
                assert "{detail}" in c.messages[variant].en
                assert c.message("unknown", "zh", variant, detail="上架仅 9 天").endswith("9 天")
