"""Which screening criteria predicted trouble (pure; no Django).

Input: per approved supplier, each criterion's status in the screening snapshot
taken at approval, and the supplier's later outcome counts (events of n orders:
returns, late pickups or disputes). Per criterion, suppliers are split into
"passed" and "not passed" (warn or fail); each group's outcome rate is the
pooled ratio Σk / Σn with a cluster-robust (by supplier) standard error, since
orders of one supplier are not independent. The difference "not passed − passed"
gets a normal interval whose confidence is Bonferroni-corrected for the number
of criteria compared, so that among forty criteria chance alone does not "find"
one. A criterion is reported

* ``predicts`` when the interval lies above 0 (not passing it meant more trouble),
* ``inverse`` when it lies below 0 (passing it meant more trouble: a suspect rule),
* ``no_effect`` when the interval is narrow and holds 0,
* ``too_thin`` when either group has fewer than ``min_suppliers`` suppliers or
  ``min_orders`` orders: the data cannot say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

MIN_SUPPLIERS = 5
MIN_ORDERS = 50
NO_EFFECT_WIDTH = 0.05  # an interval narrower than ±5 points around 0 shows no effect


@dataclass(frozen=True)
class Group:
    suppliers: int
    orders: int
    events: int
    rate: float | None
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class Finding:
    criterion: str
    passed: Group
    not_passed: Group
    difference: float | None
    lower: float | None
    upper: float | None
    verdict: str  # predicts / inverse / no_effect / unclear / too_thin
    proposal: str  # raise_weight / make_gate / lower_weight / review_rule / none
    by_status: dict[str, Group] = field(default_factory=dict)  # pass / warn / fail / unknown

    def as_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "passed": vars(self.passed),
            "not_passed": vars(self.not_passed),
            "difference": self.difference,
            "lower": self.lower,
            "upper": self.upper,
            "verdict": self.verdict,
            "proposal": self.proposal,
            "by_status": {s: vars(g) for s, g in self.by_status.items()},
        }


def _group(k: np.ndarray, n: np.ndarray, z: float) -> tuple[Group, float | None]:
    total = float(n.sum())
    if total <= 0 or len(n) == 0:
        return Group(len(n), int(total), int(k.sum()), None, None, None), None
    rate = float(k.sum()) / total
    m = len(n)
    # Cluster-robust variance of a ratio estimator (suppliers are the clusters).
    resid = k - rate * n
    var = float((resid**2).sum()) / total**2 * (m / (m - 1) if m > 1 else 1.0)
    se = np.sqrt(var)
    group = Group(
        m, int(total), int(k.sum()), rate, max(0.0, rate - z * se), min(1.0, rate + z * se)
    )
    return group, var


def calibrate(
    statuses: dict[str, dict[str, str]],
    outcomes: dict[str, tuple[int, int]],
    *,
    confidence: float = 0.95,
    min_suppliers: int = MIN_SUPPLIERS,
    min_orders: int = MIN_ORDERS,
) -> list[Finding]:
    """One finding per criterion seen in the snapshots (suppliers without orders are left out)."""
    suppliers = [s for s in statuses if outcomes.get(s, (0, 0))[1] > 0]
    criteria = sorted({c for s in suppliers for c in statuses[s]})
    if not criteria:
        return []
    z = float(stats.norm.ppf(1.0 - (1.0 - confidence) / (2.0 * len(criteria))))
    k = np.array([outcomes[s][0] for s in suppliers], dtype=float)
    n = np.array([outcomes[s][1] for s in suppliers], dtype=float)
    findings = []
    for c in criteria:
        state = np.array([statuses[s].get(c, "unknown") for s in suppliers])
        passed = state == "pass"
        not_passed = np.isin(state, ["warn", "fail"])
        g_pass, v_pass = _group(k[passed], n[passed], z)
        g_not, v_not = _group(k[not_passed], n[not_passed], z)
        # Each status's own rate, with a plain (uncorrected) 95 % interval, to read.
        by_status = {
            s: _group(k[state == s], n[state == s], 1.96)[0]
            for s in ("pass", "warn", "fail", "unknown")
            if (state == s).any()
        }
        thin = min(g_pass.suppliers, g_not.suppliers) < min_suppliers or (
            min(g_pass.orders, g_not.orders) < min_orders
        )
        if thin or v_pass is None or v_not is None:
            findings.append(
                Finding(c, g_pass, g_not, None, None, None, "too_thin", "none", by_status)
            )
            continue
        diff = float(g_not.rate - g_pass.rate)  # type: ignore[operator]
        half = z * float(np.sqrt(v_pass + v_not))
        low, high = diff - half, diff + half
        if low > 0:
            verdict, proposal = "predicts", "raise_weight"
            if g_not.lower is not None and g_pass.upper is not None and g_not.lower > g_pass.upper:
                proposal = "make_gate"
        elif high < 0:
            verdict, proposal = "inverse", "review_rule"
        elif half <= NO_EFFECT_WIDTH:
            verdict, proposal = "no_effect", "lower_weight"
        else:
            verdict, proposal = "unclear", "none"
        findings.append(Finding(c, g_pass, g_not, diff, low, high, verdict, proposal, by_status))
    return findings


def enough_data(findings: list[Finding]) -> bool:
    return any(f.verdict != "too_thin" for f in findings)
