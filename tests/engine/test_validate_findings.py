"""`findings` (every row the engine refuses) never disagrees with `prepare` (the
first one), and `without_findings` leaves a frame `prepare` accepts."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from daifa.engine.errors import InputError
from daifa.engine.scorecard._validate import findings, prepare, without_findings

NUMBER = st.one_of(st.none(), st.floats(-5, 150, allow_nan=False))
WHEN = st.one_of(st.none(), st.datetimes(datetime(2020, 1, 1), datetime(2025, 1, 1)))
ROW = st.fixed_dictionaries(
    {
        "transit_days_min": NUMBER,
        "transit_days_max": NUMBER,
        "repeat_rate_pct": NUMBER,
        "moq": st.one_of(st.none(), st.integers(-3, 10)),
        "test_order_paid_at": WHEN,
        "test_order_shipped_at": WHEN,
    }
)


def _frame(rows):
    frame = pl.DataFrame(
        rows,
        schema={
            "transit_days_min": pl.Float64,
            "transit_days_max": pl.Float64,
            "repeat_rate_pct": pl.Float64,
            "moq": pl.Int64,
            "test_order_paid_at": pl.Datetime("us"),
            "test_order_shipped_at": pl.Datetime("us"),
        },
    )
    return frame.with_columns(pl.Series("supplier_id", [f"S{i}" for i in range(len(rows))]))


@settings(max_examples=200, derandomize=True, deadline=None)
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_findings_and_prepare_agree_and_blanking_makes_the_frame_usable(rows):
    frame = _frame(rows)
    found = findings(frame)
    try:
        prepare(frame)
    except InputError as first:
        assert found, "prepare refused a frame findings found nothing in"
        assert (first.row, first.field) in {(e.row, e.field) for _, e in found}
    else:
        assert found == []
    cleaned, removed = without_findings(frame)
    prepare(cleaned)
    assert len(removed) >= len(found) > 0 or not found


def test_every_bad_row_is_named_not_only_the_first():
    frame = _frame(
        [
            {"transit_days_min": 20.0, "transit_days_max": 5.0},
            {"transit_days_min": 1.0, "transit_days_max": 2.0},
            {
                "test_order_paid_at": datetime(2024, 5, 2),
                "test_order_shipped_at": datetime(2024, 5, 1),
            },
        ]
    )
    assert [(p, e.field, e.row) for p, e in findings(frame)] == [
        (0, "transit_days_max", 1),
        (2, "test_order_shipped_at", 3),
    ]
    cleaned, removed = without_findings(frame)
    assert cleaned["transit_days_max"].to_list() == [None, 2.0, None]
    assert cleaned["test_order_shipped_at"].to_list() == [None, None, None]
    assert len(removed) == 2
