"""Data for the supplier page's evidence: the sales chart and the review clusters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from daifa.catalog.adapters import sales_frame
from daifa.catalog.models import Review


def _flag(scorecard: dict[str, Any], flag_id: str) -> dict[str, Any] | None:
    return next((f for f in scorecard["flags"] if f["id"] == flag_id), None)


def sales_chart(workspace, supplier, scorecard: dict[str, Any]) -> dict[str, Any] | None:
    """Daily units of all the supplier's offers, with the recent window and the
    baseline and recent rates the spike detector compared."""
    sales = sales_frame(workspace, [supplier.external_id]).filter(pl.col("period_days") == 1)
    if sales.is_empty():
        return None
    daily = sales.group_by("period_start").agg(pl.col("units").sum()).sort("period_start")
    flag = _flag(scorecard, "sales_spike") or {}
    evidence = flag.get("evidence") or {}
    end = daily["period_start"].max()
    window_start = end - timedelta(days=int(evidence.get("recent_days") or 30) - 1)
    return {
        "labels": [d.isoformat() for d in daily["period_start"]],
        "units": daily["units"].to_list(),
        "window_start": window_start.isoformat(),
        "baseline": evidence.get("baseline_rate_per_day"),
        "recent": evidence.get("recent_rate_per_day"),
        "status": flag.get("status"),
    }


def review_clusters(scorecard: dict[str, Any]) -> dict[str, Any] | None:
    flag = _flag(scorecard, "template_reviews")
    if not flag or not flag.get("evidence"):
        return None
    evidence = flag["evidence"]
    return {
        "status": flag["status"],
        "templated_share": evidence.get("templated_share"),
        "duplicate_share": evidence.get("duplicate_share"),
        "n_reviews": evidence.get("n_reviews"),
        "n_considered": evidence.get("n_considered"),
        "clusters": evidence.get("clusters") or [],
        "examples": set(evidence.get("templated_examples") or []),
    }


def marked_reviews(
    supplier, clusters: dict[str, Any] | None, limit: int = 60
) -> list[dict[str, Any]]:
    examples = set()
    if clusters:
        examples = clusters["examples"] | {c["example"] for c in clusters["clusters"]}
    reviews = Review.objects.filter(supplier=supplier).order_by("-written_at", "id")[:limit]
    return [
        {
            "text": r.text,
            "rating": r.rating,
            "written_at": r.written_at,
            "templated": r.text in examples,
        }
        for r in reviews
    ]
