"""Reads for the verification pages."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from daifa.engine.profile import Profile
from daifa.engine.verdicts import CriterionVerdict
from daifa.verification.catalogue import STATUS_WORDS, TOPICS, TYPE_WORDS, checklist
from daifa.verification.forms import fields_of
from daifa.verification.models import OPEN, Certificate, Check, Quote

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace
    from daifa.catalog.models import Supplier


def get_check_for_workspace(workspace: Workspace, check_id: int) -> Check:
    found = (
        Check.objects.filter(workspace=workspace, pk=check_id)
        .select_related("supplier", "offer")
        .first()
    )
    if found is None:
        raise Http404("no such check")
    return found


def supplier_checks(supplier: Supplier) -> QuerySet[Check]:
    return (
        Check.objects.filter(supplier=supplier)
        .select_related("offer", "updated_by")
        .prefetch_related("evidence", "items__photo")
        .order_by("status", "due", "id")
    )


def verdict_of(supplier: Supplier) -> dict[str, CriterionVerdict]:
    """Criterion id → its verdict (status, kind, message) in the supplier's stored verdict."""
    from daifa.screening.verdicts import best_verdict

    verdict = best_verdict(supplier)
    return {c.id: c for c in verdict.criteria} if verdict is not None else {}


def check_title(check: Check) -> tuple[str, str]:
    return kind_title(check.type, check.topic)


def kind_title(kind: str, topic: str = "") -> tuple[str, str]:
    zh, en = TYPE_WORDS[kind]
    if kind == "inquiry" and topic in TOPICS:
        tz, te = TOPICS[topic].title
        return (f"{zh}：{tz}", f"{en}: {te}")
    return (zh, en)


def form_rows(check: Check, posted: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The check's fields with what to show in them (posted text, else kept data)."""
    source = posted if posted is not None else {}
    rows = []
    for f in fields_of(check.type, check.topic):
        kept = check.data.get(f.name)
        value = source.get(f.name) if posted is not None else kept
        if value is None:
            value = ""
        if f.name == "sent_at" and not value and check.sent_at and posted is None:
            # "Sent: start the clock" was pressed: the answer form starts from then
            value = timezone.localtime(check.sent_at).strftime("%Y-%m-%dT%H:%M")
        if f.kind == "datetime" and isinstance(value, str) and "+" in value[10:]:
            value = value[:16]  # an ISO time kept with its offset → the picker's format
        if f.kind == "yesno" and isinstance(value, bool):
            value = "yes" if value else "no"
        rows.append({"field": f, "value": value})
    return rows


def sample_rows(
    check: Check, category: str, posted: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    kept = {i.key: i for i in check.items.all()}
    rows = []
    for item in checklist(category):
        stored = kept.get(item.key)
        if posted is not None:
            measured = posted.get(f"item-{item.key}-measured", "")
            result = posted.get(f"item-{item.key}-result", "")
            note = posted.get(f"item-{item.key}-note", "")
        else:
            measured = "" if stored is None or stored.measured is None else f"{stored.measured:g}"
            result = (
                ""
                if stored is None or stored.passed is None
                else ("pass" if stored.passed else "fail")
            )
            note = stored.note if stored else ""
        rows.append(
            {"item": item, "measured": measured, "result": result, "note": note,
             "stored": stored}
        )  # fmt: skip
    return rows


def open_checks(workspace: Workspace, *, group: str = "", due: str = "", waiting: bool = False,
                criterion: str = "", today: date | None = None) -> QuerySet[Check]:  # fmt: skip
    rows = Check.objects.filter(workspace=workspace, status__in=OPEN).select_related(
        "supplier", "offer"
    )
    if criterion:
        rows = rows.filter(criteria__icontains=f'"{criterion}"')
    if group:
        rows = rows.filter(supplier__offers__product_group=group).distinct()
    today = today or date.today()
    if due == "overdue":
        rows = rows.filter(due__lt=today)
    elif due == "week":
        rows = rows.filter(due__lte=today + timedelta(days=7))
    if waiting:
        rows = rows.filter(status="waiting")
    return rows.order_by("type", "topic", "due", "id")


# Gates first (they decide approval), then the slower and the softer checks.
GROUP_ORDER = ("stock_probe", "test_order", "sample_test", "certificate", "sample_order",
               "inquiry")  # fmt: skip


def criterion_labels(workspace: Workspace, lang: str) -> dict[str, str]:
    from daifa.screening.inputs import workspace_profile

    return {c.id: c.label.get(lang) for c in workspace_profile(workspace).criteria}


def grouped(checks: Iterable[Check]) -> list[dict[str, Any]]:
    """Open checks grouped by what the seller does next (type, and topic for questions)."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for check in checks:
        key = (check.type, check.topic)
        if key not in groups:
            topic = TOPICS.get(check.topic)
            groups[key] = {
                "type": check.type,
                "topic": check.topic,
                "title": check_title(check),
                "message": topic.message if topic else None,
                "checks": [],
            }
        groups[key]["checks"].append(check)
    topics = list(TOPICS)
    return sorted(
        groups.values(),
        key=lambda g: (
            GROUP_ORDER.index(g["type"]),
            topics.index(g["topic"]) if g["topic"] in topics else 0,
        ),
    )


def status_words(status: str) -> tuple[str, str]:
    return STATUS_WORDS.get(status, (status, status))


def certificates_expiring(
    workspace: Workspace, *, within_days: int = 60, today: date | None = None
) -> QuerySet[Certificate]:
    today = today or date.today()
    return Certificate.objects.filter(
        workspace=workspace, valid_until__lte=today + timedelta(days=within_days)
    ).select_related("supplier", "file")


def supplier_certificates(supplier: Supplier) -> QuerySet[Certificate]:
    return Certificate.objects.filter(supplier=supplier).select_related("file", "offer")


def reference_sample(supplier: Supplier) -> Check | None:
    return (
        Check.objects.filter(supplier=supplier, is_reference=True)
        .prefetch_related("items__photo")
        .order_by("-done_at")
        .first()
    )


def offer_quotes(supplier: Supplier) -> QuerySet[Quote]:
    return Quote.objects.filter(supplier=supplier).select_related("offer", "created_by")


# -- the supplier page's lifecycle block ----------------------------------------------


@dataclass(frozen=True)
class LifecycleBlockState:
    """What the supplier page's lifecycle block needs, read in one query."""

    stage: str  # a Stage value; "candidate" when never set
    changes: int  # how many stage changes the timeline holds
    open_checks: int
    done_checks: int
    # The gates the latest stored screening did not pass (failed first, then
    # unknown), or None when the supplier was never screened (as ``open_gates``).
    gates: list[str] | None
    profile_toml: str  # the workspace's stored profile ("" = the built-in one)


@functools.cache
def _lifecycle_block_sql() -> str:
    """One statement of scalar subqueries (read per request on every supplier page,
    where five ORM queries cost more than the page's rendering)."""
    from daifa.lifecycle.models import StageChange, SupplierStage
    from daifa.screening.models import ScreenRow, WorkspaceProfile

    stage, change = SupplierStage._meta.db_table, StageChange._meta.db_table
    check, row = Check._meta.db_table, ScreenRow._meta.db_table
    profile = WorkspaceProfile._meta.db_table
    best = f"FROM {row} WHERE supplier_id = %(s)s AND is_best IN (%(t)s) ORDER BY id LIMIT 1"
    return (
        f"SELECT (SELECT stage FROM {stage} WHERE supplier_id = %(s)s),"
        f" (SELECT COUNT(*) FROM {change} WHERE supplier_id = %(s)s),"
        f" (SELECT COUNT(*) FROM {check} WHERE supplier_id = %(s)s AND status IN (%(o1)s, %(o2)s)),"
        f" (SELECT COUNT(*) FROM {check} WHERE supplier_id = %(s)s),"
        f" (SELECT blocking {best}), (SELECT to_verify {best}),"
        f" (SELECT toml FROM {profile} WHERE workspace_id = %(w)s ORDER BY id LIMIT 1)"
    )


def _json_list(value: Any) -> list[str]:
    # SQLite hands JSON columns back as text, PostgreSQL's driver as lists.
    return list(json.loads(value) if isinstance(value, str | bytes) else value)


def lifecycle_block_state(supplier: Supplier) -> LifecycleBlockState:
    """The supplier's stage, counts of stage changes and checks, the gates its best
    row did not pass and the workspace's profile text, in one query (the same
    answers as ``supplier_stage``, ``stage_timeline``, ``open_gates`` and
    ``workspace_profile`` read one by one)."""
    assert len(OPEN) == 2  # the statement names both open statuses
    params: dict[str, int | bool | str] = {
        "s": supplier.pk,
        "w": supplier.workspace_id,
        "t": True,
        "o1": str(OPEN[0]),
        "o2": str(OPEN[1]),
    }
    with connection.cursor() as cursor:
        cursor.execute(_lifecycle_block_sql(), params)
        stage, changes, n_open, n_all, blocking, to_verify, toml = cursor.fetchone()
    gates = None
    if blocking is not None:
        failed = _json_list(blocking)
        gates = [*failed, *(g for g in _json_list(to_verify) if g not in failed)]
    return LifecycleBlockState(
        stage=stage or "candidate",
        changes=changes,
        open_checks=n_open,
        done_checks=n_all - n_open,
        gates=gates,
        profile_toml=toml or "",
    )


@functools.lru_cache(maxsize=16)
def profile_of_toml(toml: str) -> Profile:
    """The profile stored as ``toml`` ("" = the built-in one), parsed once per process
    per text: profiles are immutable, and the text is the whole of one."""
    if not toml.strip():
        return Profile.default()
    return Profile.from_toml(toml)
