"""The calibration page's data: snapshots at approval joined to later outcomes."""

from __future__ import annotations

from typing import Any

import polars as pl

from daifa.accounts.models import Workspace
from daifa.engine.profile import Profile
from daifa.monitoring import calibration, stats
from daifa.monitoring.models import ApprovalSnapshot
from daifa.monitoring.orders import orders_frame
from daifa.monitoring.selectors import now_naive, workspace_profile

OUTCOMES = {
    "returned": ("y_returned", ("退货", "returns")),
    "late": ("y_late", ("超时揽收", "late pickups")),
    "disputed": ("y_disputed", ("纠纷", "disputes")),
}


def outcome_counts(
    frame: pl.DataFrame, profile: Profile, outcome: str
) -> dict[int, tuple[int, int]]:
    """Per supplier pk: (events, orders counted) of the outcome, orders after approval."""
    out = stats.outcomes(frame, profile, now_naive()).with_columns(
        (1.0 - pl.col("y_on_time")).alias("y_late")
    )
    column = OUTCOMES[outcome][0]
    grouped = (
        out.filter(pl.col(column).is_not_null())
        .group_by("supplier_pk")
        .agg(pl.col(column).sum().alias("k"), pl.len().alias("n"))
    )
    return {int(p): (int(k), int(n)) for p, k, n in grouped.iter_rows()}


def calibration_context(workspace: Workspace, outcome: str) -> dict[str, Any]:
    if outcome not in OUTCOMES:
        outcome = "returned"
    snapshots = {s.supplier_id: s for s in ApprovalSnapshot.objects.filter(workspace=workspace)}
    frame = orders_frame(workspace)
    # Only orders placed after the snapshot: what screening said *before* the outcome.
    if frame.height and snapshots:
        taken = pl.DataFrame(
            {
                "supplier_pk": list(snapshots),
                "_taken": [now_naive(s.taken_at) for s in snapshots.values()],
            },
            schema={"supplier_pk": pl.Int64, "_taken": pl.Datetime("us")},
        )
        frame = (
            frame.join(taken, on="supplier_pk", how="inner")
            .filter(pl.col("ordered_at") >= pl.col("_taken"))
            .drop("_taken")
        )
    profile = workspace_profile(workspace)
    counts = outcome_counts(frame, profile, outcome) if frame.height else {}
    findings = calibration.calibrate(
        {str(pk): s.statuses for pk, s in snapshots.items()},
        {str(pk): v for pk, v in counts.items()},
    )
    order = {"predicts": 0, "inverse": 1, "no_effect": 2, "unclear": 3, "too_thin": 4}
    findings.sort(key=lambda f: (order[f.verdict], -(f.difference or 0)))
    rows = [{"f": f, **_weights(profile, f)} for f in findings]
    return {
        "rows": rows,
        "outcome": outcome,
        "outcomes": [(k, v[1]) for k, v in OUTCOMES.items()],
        "findings": findings,
        "enough": calibration.enough_data(findings),
        "suppliers": len(snapshots),
        "orders": sum(n for _, n in counts.values()),
        "min_suppliers": calibration.MIN_SUPPLIERS,
        "min_orders": calibration.MIN_ORDERS,
    }


def _weights(profile: Profile, finding: calibration.Finding) -> dict[str, Any]:
    """The criterion's weight now and the one proposed (half again, or half), to try
    in the profile editor's preview before saving."""
    try:
        criterion = profile.criterion(finding.criterion)
    except (KeyError, ValueError, LookupError):
        return {"weight": None, "proposed": None, "kind": None}
    factor = {"raise_weight": 1.5, "lower_weight": 0.5}.get(finding.proposal)
    proposed = round(criterion.weight * factor, 2) if factor else None
    return {"weight": criterion.weight, "proposed": proposed, "kind": criterion.kind}
