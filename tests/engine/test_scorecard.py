"""Hand-computed scorecards. Weights of the default profile: the score criteria
weigh 35 in total; repeat_rate 2, response_minutes 1.5, cross_border_tag 2."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest
from tests.passing import gates_one_column_cannot_pass, passing_gate_facts

from daifa.engine import InputError, Profile, screen
from daifa.engine.criteria import CATALOGUE_IDS

TOTAL_SCORE_WEIGHT = 35.0
# Every gate passed (from the catalogue: a new gate needs no edit here); the
# certificates gate passes through the fixtures' category, which has no rule.
GATES_OK = passing_gate_facts()
GATE_IDS = [c.id for c in Profile.default().of_kind("gate")]


def test_the_fixtures_pass_every_gate_but_the_certificates_by_category() -> None:
    assert gates_one_column_cannot_pass() == ["certifications"]
    row = {"supplier_id": "g", "category": "家居", "certifications": None, **GATES_OK}
    frame = screen(_frame([row])).frame
    assert all(frame[f"{cid}__status"][0] == "pass" for cid in GATE_IDS)


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(rows, infer_schema_length=None)


@pytest.fixture
def four() -> pl.DataFrame:
    return _frame(
        [
            # good: every known criterion passes
            {
                "supplier_id": "good",
                **GATES_OK,
                "category": "家居",
                "certifications": None,
                "repeat_rate_pct": 41.0,
                "response_minutes": 5.0,
                "cross_border_tag": True,
            },
            # partial credit and two failed gates
            {
                "supplier_id": "mixed",
                **GATES_OK,
                "test_order_ship_hours": 50.0,
                "category": "3C数码",
                "certifications": ["CE"],
                "repeat_rate_pct": 17.5,
                "response_minutes": 38.0,
                "cross_border_tag": False,
            },
            # nothing known
            {"supplier_id": "blank"},
            # good, but one gate unknown
            {
                "supplier_id": "unverified",
                **GATES_OK,
                "sample_test_passed": None,
                "category": "家居",
                "repeat_rate_pct": 41.0,
                "response_minutes": 5.0,
                "cross_border_tag": True,
            },
        ]
    )


def _row(result_frame: pl.DataFrame, sid: str) -> dict[str, object]:
    return result_frame.filter(pl.col("supplier_id") == sid).row(0, named=True)


def test_every_status_and_the_points_are_hand_computed(four: pl.DataFrame) -> None:
    frame = screen(four).frame
    good, mixed = _row(frame, "good"), _row(frame, "mixed")
    assert [
        good[f"{c}__status"] for c in ("repeat_rate", "response_minutes", "cross_border_tag")
    ] == ["pass", "pass", "pass"]
    assert [
        mixed[f"{c}__status"] for c in ("repeat_rate", "response_minutes", "cross_border_tag")
    ] == ["warn", "warn", "fail"]
    # repeat 17.5 is half-way from 10 to 25; response 38 is 22/45 of the way from 60 to 15.
    assert mixed["repeat_rate__points"] == pytest.approx(1.0)
    assert mixed["response_minutes__points"] == pytest.approx(1.5 * 22 / 45, rel=1e-6)
    assert mixed["cross_border_tag__points"] == 0.0
    assert mixed["score"] == pytest.approx(100 * (1.0 + 1.5 * 22 / 45) / 5.5, rel=1e-6)
    assert good["score"] == 100.0
    assert good["coverage"] == pytest.approx(5.5 / TOTAL_SCORE_WEIGHT)
    assert mixed["dispute_rate__status"] == "unknown" and mixed["dispute_rate__points"] is None


def test_failed_gates_block_whatever_the_score(four: pl.DataFrame) -> None:
    lenient = Profile.default().replace(
        grades={"min_coverage": {"A": 0.0, "B": 0.0}, "A": 30, "B": 20, "C": 10}
    )
    mixed = _row(screen(four, profile=lenient).frame, "mixed")
    assert mixed["grade"] == "A"
    assert mixed["blocking"] == "certifications;test_order_ship_hours"
    assert mixed["test_order_ship_hours__status"] == "fail"
    assert mixed["approvable"] is False and mixed["decision"] == "avoid"


def test_an_unknown_gate_puts_the_supplier_on_the_to_verify_list(four: pl.DataFrame) -> None:
    lenient = Profile.default().replace(grades={"min_coverage": {"A": 0.0}})
    frame = screen(four, profile=lenient).frame
    unverified, good = _row(frame, "unverified"), _row(frame, "good")
    assert unverified["to_verify"] == "sample_test_passed" and unverified["blocking"] == ""
    assert unverified["grade"] == "A" and unverified["approvable"] is False
    assert unverified["decision"] == "verify_first"
    assert good["approvable"] is True and good["decision"] == "approve"


def test_unknown_is_neither_zero_nor_a_failure(four: pl.DataFrame) -> None:
    blank = _row(screen(four).frame, "blank")
    assert blank["score"] is None and blank["coverage"] == 0.0
    assert blank["grade"] == "C" and blank["decision"] == "verify_first"
    assert blank["blocking"] == ""
    assert blank["to_verify"] == ";".join(GATE_IDS)
    assert all(blank[f"{cid}__status"] == "unknown" for cid in CATALOGUE_IDS)


def test_low_coverage_caps_the_grade(four: pl.DataFrame) -> None:
    good = _row(screen(four).frame, "good")
    assert good["score"] == 100.0 and good["coverage"] < 0.3
    assert good["grade"] == "C"
    capped_at_b = Profile.default().replace(grades={"min_coverage": {"A": 0.5, "B": 0.1}})
    assert _row(screen(four, profile=capped_at_b).frame, "good")["grade"] == "B"


@pytest.mark.parametrize(
    ("score", "grade"), [(80.0, "A"), (79.9, "B"), (65.0, "B"), (50.0, "C"), (49.9, "D")]
)
def test_grade_bands(score: float, grade: str) -> None:
    # answer_precision alone: credit (p - 2) / 2 gives any score we want.
    precision = 2 + 2 * score / 100
    frame = _frame([{"supplier_id": "s", "answer_precision": precision}])
    profile = Profile.default().replace(grades={"min_coverage": {"A": 0.0, "B": 0.0}})
    row = screen(frame, profile=profile).frame.row(0, named=True)
    assert row["score"] == pytest.approx(score, abs=1e-4)
    assert row["grade"] == grade


def test_a_raised_flag_costs_its_penalty() -> None:
    rows = [
        {
            "supplier_id": sid,
            "product_group": "bag",
            "unit_price_cny": price,
            "repeat_rate_pct": 41.0,
        }
        for sid, price in (("a", 10.0), ("b", 10.0), ("c", 10.0), ("d", 7.0))
    ]
    frame = screen(_frame(rows)).frame
    cheap, fair = _row(frame, "d"), _row(frame, "a")
    assert cheap["price_vs_peers__status"] == "fail" and cheap["flags"] == "price_vs_peers"
    assert cheap["price_vs_peers__points"] == -8.0
    assert cheap["score"] == pytest.approx(92.0)
    assert fair["price_vs_peers__status"] == "pass" and fair["score"] == 100.0
    assert fair["price_vs_peers__points"] == 0.0


def test_a_flag_without_data_is_unknown_and_costs_nothing() -> None:
    frame = screen(_frame([{"supplier_id": "a", "repeat_rate_pct": 41.0}])).frame
    row = frame.row(0, named=True)
    assert row["sales_spike__status"] == "unknown" and row["sales_spike__points"] is None
    assert row["score"] == 100.0 and row["flags"] == ""


def test_the_seed_guide_home_goods_supplier_passes_its_stability_numbers() -> None:
    # seed guide 1.2: 回头率 41%、纠纷率 0.3% made one supplier the pick of 500+ sellers.
    frame = screen(
        _frame([{"supplier_id": "home", "repeat_rate_pct": 41.0, "dispute_rate_pct": 0.3}])
    ).frame
    row = frame.row(0, named=True)
    assert (row["repeat_rate__status"], row["dispute_rate__status"]) == ("pass", "pass")


def test_derived_values() -> None:
    frame = _frame(
        [
            {
                "supplier_id": "a",
                "trustpass_years": 2.0,
                "own_factory": None,
                "original_design": True,
                "test_order_paid_at": datetime(2026, 1, 1, 8),
                "test_order_shipped_at": datetime(2026, 1, 3, 9),
                "quote_all_inclusive": True,
                "extra_fees_cny": 0.3,
                "transit_days_min": 10.0,
                "transit_days_max": 16.0,
                "unsold_return_days": 30.0,
                "unsold_return_loss_pct": 12.5,
                "wrong_item_response_hours": 12.0,
                "wrong_item_reship_hours": 72.0,
            },
            {
                "supplier_id": "b",
                "years_in_business": 5.0,
                "trustpass_years": 1.0,
                "own_factory": False,
                "original_design": False,
                "test_order_ship_hours": 47.0,
                "quote_all_inclusive": True,
                "intl_logistics": ["德邦"],
                "transit_days_min": 7.0,
            },
        ]
    )
    result = screen(frame).frame
    a, b = result.row(0, named=True), result.row(1, named=True)
    assert a["years_in_business__points"] == pytest.approx(2.0 * 0.5)  # TrustPass 2 years: half-way
    assert b["years_in_business__status"] == "pass"  # years_in_business wins over trustpass
    assert (
        a["own_factory_or_design__status"] == "pass"
        and b["own_factory_or_design__status"] == "fail"
    )
    assert a["test_order_ship_hours__status"] == "fail"  # 49 h from the timestamps
    assert b["test_order_ship_hours__status"] == "pass"
    assert a["quote_all_inclusive__status"] == "fail" and b["quote_all_inclusive__status"] == "pass"
    assert a["transit_days_eu_us__points"] == pytest.approx(
        1.5 * 0.5
    )  # 16 days: half-way from 20 to 12
    # only the fast end known (7 days): the slow end decides, so unknown
    assert b["transit_days_eu_us__status"] == "unknown"
    assert a["unsold_return_days__points"] == pytest.approx(
        0.5
    )  # loss 12.5%: half-way from 20 to 5
    assert a["wrong_item_terms__status"] == "warn" and a[
        "wrong_item_terms__points"
    ] == pytest.approx(0.5)
    assert b["intl_logistics__status"] == "warn"


@pytest.mark.parametrize(
    ("category", "certs", "status"),
    [
        ("3C数码", ["ce", "FCC认证"], "pass"),
        ("3C数码", ["CE"], "fail"),
        ("3C数码", [], "fail"),
        ("3C数码", None, "unknown"),
        ("蓝牙耳机", ["CE", "FCC"], "pass"),
        ("美妆", ["MSDS", "化妆品生产许可证"], "pass"),
        ("Beauty", ["MSDS"], "fail"),
        ("电池", ["msds", "UN 38.3"], "pass"),
        ("家居", None, "pass"),
        (None, None, "unknown"),
    ],
)
def test_category_rules_decide_the_certificate_gate(
    category: str | None, certs: list[str] | None, status: str
) -> None:
    frame = pl.DataFrame(
        {"supplier_id": ["s"], "category": [category], "certifications": [certs]},
        schema={
            "supplier_id": pl.String,
            "category": pl.String,
            "certifications": pl.List(pl.String),
        },
    )
    assert screen(frame).frame["certifications__status"].to_list() == [status]


def test_the_product_title_stands_in_for_a_missing_category() -> None:
    frame = _frame(
        [{"supplier_id": "s", "product_title": "TWS 蓝牙耳机", "certifications": ["CE"]}]
    )
    assert screen(frame).frame["certifications__status"].to_list() == ["fail"]


def test_a_user_category_rule_applies() -> None:
    profile = Profile.default().replace(categories={"shoes": {"match": ["鞋"], "require": ["CE"]}})
    frame = _frame([{"supplier_id": "s", "category": "运动鞋", "certifications": ["FCC"]}])
    assert screen(frame, profile=profile).frame["certifications__status"].to_list() == ["fail"]
    assert screen(frame).frame["certifications__status"].to_list() == ["pass"]


def test_markup_includes_extra_fees_and_refuses_unconverted_currencies() -> None:
    frame = _frame(
        [
            {
                "supplier_id": "a",
                "unit_price_cny": 10.0,
                "target_retail_price": 45.0,
                "retail_currency": "CNY",
            },
            {
                "supplier_id": "b",
                "unit_price_cny": 10.0,
                "target_retail_price": 9.0,
                "retail_currency": "USD",
            },
        ]
    )
    result = screen(frame).frame
    assert result["markup_room__status"].to_list() == ["pass", "unknown"]
    # the seed's 采购价 includes extra fees: 45 / (10 + 10) = 2.25×, half-way from 1.5× to 3×
    extra = frame.with_columns(extra_fees_cny=pl.Series([10.0, 10.0]))
    assert screen(extra).frame["markup_room__points"][0] == pytest.approx(1.0)
    # the seed's phone case: $1.5 quote + $0.3 packaging later is 2.5×, not 3.0×, at $4.50
    case = _frame(
        [
            {
                "supplier_id": "case",
                "unit_price_cny": 1.5 * 7.1,
                "extra_fees_cny": 0.3 * 7.1,
                "target_retail_price": 4.5 * 7.1,
                "retail_currency": "CNY",
            }
        ]
    )
    assert screen(case).frame["markup_room__status"].to_list() == ["warn"]


def test_markup_converts_with_currency_rates() -> None:
    from datetime import date

    from daifa.engine import CurrencyRates

    rates = CurrencyRates(as_of=date(2026, 1, 1), cny_per_unit=(("USD", 7.0),))
    frame = _frame(
        [
            {
                "supplier_id": "b",
                "unit_price_cny": 10.0,
                "target_retail_price": 9.0,
                "retail_currency": "usd",
            }
        ]
    )
    row = screen(frame, currency_rates=rates).frame.row(0, named=True)
    assert row["markup_room__status"] == "pass"  # 63 / 10 = 6.3×


def test_a_range_rule_from_the_profile() -> None:
    profile = Profile.default().replace(
        criteria={"answer_precision": {"rule": "range", "threshold": [3, 4], "zero_at": [1, 5]}}
    )
    frame = _frame(
        [{"supplier_id": str(v), "answer_precision": v} for v in (1.0, 2.0, 3.5, 4.5, 5.0)]
    )
    result = screen(frame, profile=profile).frame
    assert result["answer_precision__points"].to_list() == pytest.approx([0.0, 0.5, 1.0, 0.5, 0.0])
    assert result["answer_precision__status"].to_list() == ["fail", "warn", "pass", "warn", "fail"]


def test_a_changed_kind_moves_a_criterion_between_score_and_gate() -> None:
    profile = Profile.default().replace(kinds={"cross_border_tag": "gate"})
    frame = _frame([{"supplier_id": "s", "cross_border_tag": False, "repeat_rate_pct": 41.0}])
    row = screen(frame, profile=profile).frame.row(0, named=True)
    assert "cross_border_tag" in row["blocking"] and row["score"] == 100.0


def test_output_keeps_input_order_and_ids() -> None:
    frame = _frame([{"supplier_id": "b", "offer_id": "2"}, {"supplier_id": "a", "offer_id": 1}])
    result = screen(frame).frame
    assert result.select("supplier_id", "offer_id").rows() == [("b", "2"), ("a", "1")]
    assert result.schema["repeat_rate__status"] == pl.Enum(["pass", "warn", "fail", "unknown"])
    assert result.schema["repeat_rate__points"] == pl.Float32


@pytest.mark.parametrize(
    ("rows", "field", "row", "value"),
    [
        (
            [
                {"supplier_id": "a", "repeat_rate_pct": 40.0},
                {"supplier_id": "b", "repeat_rate_pct": 140.0},
            ],
            "repeat_rate_pct",
            2,
            140.0,
        ),
        ([{"supplier_id": "a", "response_minutes": -1.0}], "response_minutes", 1, -1.0),
        ([{"supplier_id": "a", "answer_precision": 7.0}], "answer_precision", 1, 7.0),
        ([{"supplier_id": "a", "custom_moq": 50.5}], "custom_moq", 1, 50.5),
        ([{"supplier_id": None, "repeat_rate_pct": 1.0}], "supplier_id", 1, None),
        ([{"supplier_id": "a", "repeat_rate_pct": "lots"}], "repeat_rate_pct", 1, "lots"),
        ([{"supplier_id": "a", "dropship_supported": "maybe"}], "dropship_supported", 1, "maybe"),
        (
            [{"supplier_id": "a", "transit_days_min": 12.0, "transit_days_max": 7.0}],
            "transit_days_max",
            1,
            7.0,
        ),
    ],
)
def test_bad_input_names_the_row_the_field_and_the_value(
    rows: list[dict[str, object]], field: str, row: int, value: object
) -> None:
    with pytest.raises(InputError) as caught:
        screen(_frame(rows))
    error = caught.value
    assert (error.field, error.row, error.value) == (field, row, value)
    assert f"row {row}" in error.message_en and field in error.message_en
    assert f"第 {row} 行" in error.message_zh and field in error.message_zh


def test_spreadsheet_rows_are_named_by_sheet_and_row() -> None:
    frame = _frame([{"supplier_id": "a", "dispute_rate_pct": 101.0, "_sheet": "供应商", "_row": 7}])
    with pytest.raises(InputError, match="sheet 供应商, row 7"):
        screen(frame)


def test_a_missing_supplier_id_column_is_refused() -> None:
    with pytest.raises(InputError, match="supplier_id"):
        screen(pl.DataFrame({"repeat_rate_pct": [1.0]}))


def test_canonical_text_values_are_read() -> None:
    frame = pl.DataFrame(
        {
            "supplier_id": ["a"],
            "dropship_supported": ["yes"],
            "certifications": ["CE; FCC"],
            "repeat_rate_pct": ["30"],
        }
    )
    row = screen(frame).frame.row(0, named=True)
    assert row["dropship_supported__status"] == "pass" and row["repeat_rate__status"] == "pass"


def test_nan_is_read_as_unknown() -> None:
    frame = pl.DataFrame({"supplier_id": ["a"], "repeat_rate_pct": [float("nan")]})
    assert screen(frame).frame["repeat_rate__status"].to_list() == ["unknown"]


def test_score_without_flag_penalties_or_with_no_score_weight() -> None:
    frame = pl.DataFrame(
        {
            "supplier_id": ["a", "b"],
            "repeat_rate_pct": [41.0, None],
            "response_minutes": [5.0, None],
        }
    )
    flags = [c.id for c in Profile.default().of_kind("flag")]
    no_penalty = Profile.default().replace(weights={cid: 0.0 for cid in flags})
    scored = screen(frame, profile=no_penalty).frame
    assert scored["score"][0] == pytest.approx(100.0) and scored["score"][1] is None
    assert scored["coverage"][1] == 0.0
    weightless = Profile.default().replace(
        weights={c.id: 0.0 for c in Profile.default().of_kind("score")}
    )
    out = screen(frame, profile=weightless).frame
    assert out["score"].to_list() == [None, None] and out["grade"].n_unique() == 1
