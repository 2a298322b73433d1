"""The demo gives every gate and score criterion values, so adding a criterion to the
catalogue without demo values fails here rather than as a demo with nothing approvable."""

from __future__ import annotations

from daifa.demo import DemoData
from daifa.engine.criteria import CATALOGUE


def test_every_gate_and_score_criterion_has_demo_values(demo: DemoData) -> None:
    offers = demo.offers  # one row per offer, with its supplier's facts
    for c in CATALOGUE:
        if c.kind not in ("gate", "score"):
            continue
        known = [
            n for n in c.columns if n in offers.columns and offers[n].null_count() < offers.height
        ]
        assert known, f"{c.id}: the demo gives none of {c.columns} a value"
