"""Supplier lifecycle: the stage, its rules and its history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from daifa.lifecycle.errors import StageChangeRefused
from daifa.lifecycle.models import Stage, StageChange
from daifa.lifecycle.selectors import (
    open_gates,
    stage_timeline,
    supplier_orderable,
    supplier_stage,
)
from daifa.lifecycle.services import supplier_stage_change
from daifa.screening.models import ScreenRow


def test_a_supplier_never_set_is_a_candidate_and_orderable(personas, screened):
    supplier = screened["S-MID"]
    assert supplier_stage(supplier) == Stage.CANDIDATE
    assert supplier_orderable(supplier) is True
    assert list(stage_timeline(supplier)) == []


def test_a_supplier_with_every_gate_passed_is_approved(personas, screened):
    supplier = screened["S-BEST"]
    assert open_gates(supplier) == []
    at = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
    change = supplier_stage_change(
        supplier=supplier, to="approved", by=personas.bob, reason="", at=at
    )
    assert (change.from_stage, change.to_stage, change.by, change.at) == (
        "candidate", "approved", personas.bob, at,
    )  # fmt: skip
    assert change.override is False
    assert supplier_stage(supplier) == Stage.APPROVED


def test_approving_with_open_gates_is_refused_and_names_them(personas, screened):
    supplier = screened["S-MID"]
    gates = set(ScreenRow.objects.get(supplier=supplier).to_verify)
    assert {"test_order_ship_hours", "inventory_consistent"} <= gates
    with pytest.raises(StageChangeRefused) as refused:
        supplier_stage_change(supplier=supplier, to=Stage.APPROVED, by=personas.alice)
    assert "test_order_ship_hours" in refused.value.message("en")
    assert "门槛" in refused.value.message("zh")
    assert supplier_stage(supplier) == Stage.CANDIDATE
    assert not StageChange.objects.exists()


def test_a_failed_gate_also_blocks_approval(personas, screened):
    supplier = screened["S-FAIL"]
    assert "dropship_supported" in open_gates(supplier)
    with pytest.raises(StageChangeRefused, match="dropship_supported"):
        supplier_stage_change(supplier=supplier, to="approved", by=personas.alice)


def test_an_override_needs_a_reason_and_keeps_it_with_the_open_gates(personas, screened):
    supplier = screened["S-MID"]
    with pytest.raises(StageChangeRefused) as refused:
        supplier_stage_change(
            supplier=supplier, to="approved", by=personas.alice, override=True, reason="  "
        )
    assert refused.value.field == "reason"
    change = supplier_stage_change(
        supplier=supplier,
        to="approved",
        by=personas.alice,
        override=True,
        reason="known the owner for 5 years",
    )
    assert change.override is True
    assert "test_order_ship_hours" in change.open_gates
    assert stage_timeline(supplier).first().reason == "known the owner for 5 years"


def test_probation_and_blocked_need_a_reason_and_blocked_is_not_orderable(personas, screened):
    supplier = screened["S-BEST"]
    for stage in ("probation", "blocked"):
        with pytest.raises(StageChangeRefused) as refused:
            supplier_stage_change(supplier=supplier, to=stage, by=personas.alice)
        assert refused.value.field == "reason"
        assert "理由" in refused.value.message_zh
    supplier_stage_change(supplier=supplier, to="probation", by=personas.alice, reason="2 late")
    assert supplier_orderable(supplier) is True
    supplier_stage_change(supplier=supplier, to="blocked", by=personas.alice, reason="fake stock")
    assert supplier_orderable(supplier) is False
    # and back: a blocked supplier may become a candidate again
    supplier_stage_change(supplier=supplier, to="candidate", by=personas.bob, reason="new owner")
    assert supplier_orderable(supplier) is True
    timeline = [(c.from_stage, c.to_stage) for c in stage_timeline(supplier)]
    assert timeline == [
        ("blocked", "candidate"), ("probation", "blocked"), ("candidate", "probation"),
    ]  # fmt: skip


def test_an_unknown_stage_or_the_same_stage_is_refused(personas, screened):
    supplier = screened["S-BEST"]
    with pytest.raises(StageChangeRefused, match="“vip” is not a stage"):
        supplier_stage_change(supplier=supplier, to="vip", by=personas.alice)
    with pytest.raises(StageChangeRefused, match="already"):
        supplier_stage_change(supplier=supplier, to="candidate", by=personas.alice)


def test_a_supplier_never_screened_cannot_be_approved_without_override(personas):
    from daifa.catalog.models import Supplier

    supplier = Supplier.objects.create(workspace=personas.workspace, external_id="S-NEW")
    assert open_gates(supplier) is None
    with pytest.raises(StageChangeRefused, match="screening"):
        supplier_stage_change(supplier=supplier, to="approved", by=personas.alice)
