"""Calibration finds the one criterion that truly predicts returns, and says when data is thin."""

from __future__ import annotations

import numpy as np

from daifa.monitoring.calibration import calibrate, enough_data

CRITERIA = [f"c{i:02d}" for i in range(30)]


def history(seed: int, suppliers: int, orders: tuple[int, int] = (30, 120)):
    """Suppliers with random statuses; only c07's verdict changes the return rate."""
    rng = np.random.default_rng(seed)
    statuses, outcomes = {}, {}
    for s in range(suppliers):
        st = {c: str(rng.choice(["pass", "warn", "fail"], p=[0.6, 0.25, 0.15])) for c in CRITERIA}
        st["c29"] = "unknown"  # never measured
        statuses[f"S{s}"] = st
        base = 0.03 if st["c07"] == "pass" else 0.12
        rate = float(np.clip(rng.normal(base, 0.01), 0.001, 0.9))  # suppliers differ a little
        n = int(rng.integers(*orders))
        outcomes[f"S{s}"] = (int(rng.binomial(n, rate)), n)
    return statuses, outcomes


def test_it_finds_the_predictive_criterion_and_not_the_others():
    for seed in (1, 2, 3):
        findings = {f.criterion: f for f in calibrate(*history(seed, 80))}
        assert findings["c07"].verdict == "predicts"
        assert findings["c07"].proposal in {"raise_weight", "make_gate"}
        assert findings["c07"].lower > 0
        flagged = [c for c, f in findings.items() if f.verdict in {"predicts", "inverse"}]
        assert flagged == ["c07"], seed
        assert findings["c29"].verdict == "too_thin"
        by = findings["c07"].by_status
        assert by["pass"].upper < by["fail"].lower  # the per-status rates say it too


def test_with_too_little_data_it_says_so():
    findings = calibrate(*history(4, 6, orders=(3, 8)))
    assert findings and all(f.verdict == "too_thin" for f in findings)
    assert not enough_data(findings)
    assert all(f.difference is None for f in findings)


def test_suppliers_without_orders_are_left_out():
    statuses = {"A": {"c": "pass"}, "B": {"c": "fail"}}
    assert calibrate(statuses, {"A": (0, 0)}) == []
    findings = calibrate(statuses, {"A": (1, 10)})
    assert (findings[0].passed.suppliers, findings[0].not_passed.suppliers) == (1, 0)
