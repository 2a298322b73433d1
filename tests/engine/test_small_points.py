"""The smaller points of issue #14 §7 (audit numbers-2026-12 #16–#18, #20)."""

from __future__ import annotations

import polars as pl
import pytest

from daifa.engine import screen


def _criterion(cid: str, **values: object) -> dict:
    frame = pl.DataFrame({"supplier_id": ["s"], **{k: [v] for k, v in values.items()}})
    record = next(screen(frame).records(lang="en"))
    return next(c for c in record["criteria"] if c["id"] == cid)


@pytest.mark.parametrize("carrier", ["Global Systems Freight", "自发货 items"])
def test_ems_must_stand_as_a_word(carrier: str) -> None:
    assert _criterion("intl_logistics", intl_logistics=[carrier])["status"] != "pass"


@pytest.mark.parametrize("carrier", ["EMS", "中国EMS", "ems/e邮宝", "4PX"])
def test_real_cross_border_lines_still_pass(carrier: str) -> None:
    assert _criterion("intl_logistics", intl_logistics=[carrier])["status"] == "pass"


def test_transit_with_only_the_fast_end_known_is_not_judged_on_it() -> None:
    assert _criterion("transit_days_eu_us", transit_days_min=7)["status"] == "unknown"
    # a fast end already past the zero point fails whatever the slow end is
    assert _criterion("transit_days_eu_us", transit_days_min=25)["status"] == "fail"
    assert (
        _criterion("transit_days_eu_us", transit_days_min=7, transit_days_max=10)["status"]
        == "pass"
    )


def test_unsold_returns_with_the_loss_unknown_do_not_pass() -> None:
    c = _criterion("unsold_return_days", unsold_return_days=30)
    assert c["status"] == "unknown"
    assert "meets" not in (c["message"] or "")
    assert _criterion("unsold_return_days", unsold_return_days=0)["status"] == "fail"
    both = _criterion("unsold_return_days", unsold_return_days=30, unsold_return_loss_pct=5)
    assert both["status"] == "pass"


def test_the_late_compensation_warn_action_does_not_say_there_is_none() -> None:
    c = _criterion("late_compensation_pct", late_compensation_pct=2.5)
    assert c["status"] == "warn"
    assert "No late compensation" not in c["action"]
    assert "below 5%" in c["action"]
