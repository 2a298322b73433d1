"""Data for the supplier page's evidence: the sales chart and the review clusters."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection

from daifa.accounts.models import Workspace
from daifa.catalog.models import Review, SalesPoint, Supplier
from daifa.engine.verdicts import CriterionVerdict, Evidence
from daifa.modelrows import fetch, moment


def _flag(scorecard: dict[str, Any], flag_id: str) -> CriterionVerdict | None:
    return next((f for f in scorecard["flags"] if f.id == flag_id), None)


def sales_chart(
    workspace: Workspace, supplier: Supplier, scorecard: dict[str, Any]
) -> dict[str, Any] | None:
    """Daily units of all the supplier's offers, with the recent window and the
    baseline and recent rates the spike detector compared."""
    # Summed by the database: the page needs one number a day, not every row. A
    # plain statement: the ORM's aggregate cost more than the sum on a first view.
    # SQLite stores a day as its ISO text: read as text, not made a date and
    # written back (half of the read's CPU for 180 days).
    column = "CAST(period_start AS TEXT)" if connection.vendor == "sqlite" else "period_start"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column}, SUM(units) FROM {SalesPoint._meta.db_table}"
            " WHERE supplier_id = %s AND period_days = 1"
            " GROUP BY period_start ORDER BY period_start",
            [supplier.pk],
        )
        daily = cursor.fetchall()
    if not daily:
        return None
    flag = _flag(scorecard, "sales_spike")
    evidence = flag.evidence if flag else Evidence()
    labels = [_iso_day(day) for day, _ in daily]
    end = date.fromisoformat(labels[-1])
    window_start = end - timedelta(days=int(evidence.get("recent_days") or 30) - 1)
    return {
        "labels": labels,
        "units": [units for _, units in daily],
        "window_start": window_start.isoformat(),
        "baseline": evidence.get("baseline_rate_per_day"),
        "recent": evidence.get("recent_rate_per_day"),
        "status": flag.status if flag else None,
    }


def _iso_day(day: date | str) -> str:
    # The driver hands a date column back as a date (or, without its type, as text).
    return day if isinstance(day, str) else day.isoformat()


def review_clusters(scorecard: dict[str, Any]) -> dict[str, Any] | None:
    flag = _flag(scorecard, "template_reviews")
    if not flag or not flag.evidence:
        return None
    evidence = flag.evidence
    return {
        "status": flag.status,
        "templated_share": evidence.get("templated_share"),
        "duplicate_share": evidence.get("duplicate_share"),
        "n_reviews": evidence.get("n_reviews"),
        "n_considered": evidence.get("n_considered"),
        "clusters": evidence.get("clusters") or [],
        "examples": set(evidence.get("templated_examples") or []),
    }


def marked_reviews(
    supplier: Supplier, clusters: dict[str, Any] | None, limit: int = 60
) -> list[dict[str, Any]]:
    examples = set()
    if clusters:
        examples = clusters["examples"] | {c["example"] for c in clusters["clusters"]}
    reviews = fetch(
        f"SELECT text, rating, written_at FROM {Review._meta.db_table}"
        " WHERE supplier_id = %s ORDER BY written_at DESC, id LIMIT %s",
        [supplier.pk, limit],
    )
    return [
        {
            "text": text,
            "rating": rating,
            "written_at": moment(written_at),
            "templated": text in examples,
        }
        for text, rating, written_at in reviews
    ]
