"""Screen a workspace with the engine and keep the results for pages and counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer
from daifa.engine.profile import Profile
from daifa.engine.scorecard import ScreeningResult, screen
from daifa.screening.explanations import explanations
from daifa.screening.inputs import Inputs, usable, workspace_inputs, workspace_profile
from daifa.screening.models import ScreenExplanation, ScreenRow, WorkspaceProfile

COLUMNS = [
    "workspace_id", "supplier_id", "offer_id", "is_best", "score", "coverage", "grade",
    "decision", "approvable", "blocking", "to_verify", "flags", "flag_count", "peer_group",
    "peer_rank", "closeness", "robustness", "landed_unit_cost_cny", "computed_at",
    "category", "unit_price_cny", "moq", "known_score", "caution",
]  # fmt: skip
# Where the stored time goes in a row: found by name, so a new column anywhere
# in COLUMNS cannot shift it onto another field.
_AT = COLUMNS.index("computed_at")


def run_screen(inputs: Inputs, profile: Profile) -> ScreeningResult:
    # Values the engine refuses are screened as unknown, never a crash of every
    # page and import of the workspace (see screening.inputs.usable).
    offers, _ = usable(inputs.offers)
    return screen(
        offers, profile=profile, sales=inputs.sales, reviews=inputs.reviews, orders=inputs.orders
    )


def _best_rows(frame: pl.DataFrame) -> pl.Series:
    """True on each supplier's best row: an offer without a failed gate or a raised
    flag when it has one, then the highest score, then the lowest position."""
    ranked = frame.with_row_index("_i").with_columns(
        pl.col("score").fill_null(-1.0).alias("_s"),
        ((pl.col("blocking") != "") | (pl.col("flags") != "")).alias("_t"),
    )
    best = ranked.sort(["_t", "_s", "_i"], descending=[False, True, False]).unique(
        "supplier_id", keep="first"
    )
    return ranked["_i"].is_in(best["_i"].implode())


def _ids(value: Any) -> list[str]:
    """The engine's id lists arrive ';'-joined in the frame (compact for CSV)."""
    if isinstance(value, str):
        return [v for v in value.split(";") if v]
    return list(value or [])


def _dump(value: Any) -> str:
    return orjson.dumps(value).decode()


def _rows(
    workspace, inputs: Inputs, result: ScreeningResult, best: list[bool], started
) -> list[tuple]:
    frame = result.frame
    landed = (
        inputs.offers["landed_unit_cost_cny"].to_list()
        if "landed_unit_cost_cny" in inputs.offers.columns
        else [None] * frame.height
    )
    now = started
    out = []
    summary = frame.select(
        "score", "coverage", "grade", "decision", "approvable", "blocking", "to_verify", "flags",
        "peer_group", "peer_rank", "closeness", "robustness",
    ).with_columns(pl.col("grade").cast(pl.String), pl.col("decision").cast(pl.String))  # fmt: skip
    offer_cols = inputs.offers.select(
        "supplier_pk", "offer_pk", pl.col("category").fill_null(""), "unit_price_cny", "moq"
    ).iter_rows()
    for (s_pk, o_pk, category, price, moq), row, is_best, cost in zip(
        offer_cols, summary.iter_rows(), best, landed, strict=True
    ):
        score, coverage, grade, decision, approvable, blocking, to_verify, flags, *peer = row
        blocking, to_verify, flags = _ids(blocking), _ids(to_verify), _ids(flags)
        out.append(
            (workspace.pk, s_pk, o_pk, is_best, score, coverage, grade, decision, approvable,
             _dump(blocking), _dump(to_verify), _dump(flags), len(flags), peer[0] or "",
             peer[1], peer[2], peer[3], cost, now, category[:100], price, moq,
             None if score is None else score * coverage, int(bool(blocking or flags)))
        )  # fmt: skip
    return out


EXPLANATION_COLUMNS = [
    "offer_id",
    "workspace_id",
    "supplier_id",
    "position",
    "is_best",
    "record",
    "notes",
]


def _explanation_rows(workspace, inputs: Inputs, result: ScreeningResult, best: list[bool]):
    notes = _dump(list(inputs.notes))
    pks = inputs.offers.select("offer_pk", "supplier_pk").iter_rows()
    records = explanations(result, best)
    for position, ((o_pk, s_pk), is_best, record) in enumerate(
        zip(pks, best, records, strict=True)
    ):
        yield (o_pk, workspace.pk, s_pk, position, is_best, _dump(record), notes)


def _insert(model, columns: list[str], rows) -> None:
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@dataclass
class Computed:
    """A screening computed and ready to store, and when its reading began."""

    result: ScreeningResult
    rows: list[tuple]
    explanations: list[tuple]
    started: Any


def screening_compute(*, workspace, profile: Profile | None = None) -> Computed:
    """Read the workspace and screen it, outside any transaction.

    Reads take no write lock (SQLite in WAL mode, PostgreSQL MVCC), so uploads
    and imports carry on while this computes, for minutes on a large workspace.
    """
    started = timezone.now()
    inputs = workspace_inputs(workspace)
    result = run_screen(inputs, profile or workspace_profile(workspace))
    rows: list[tuple] = []
    explained: list[tuple] = []
    if inputs.offers.height:
        best = _best_rows(result.frame).to_list()
        rows = _rows(workspace, inputs, result, best, started)
        explained = list(_explanation_rows(workspace, inputs, result, best))
    return Computed(result, rows, explained, started)


def screening_store(*, workspace, computed: Computed) -> bool:
    """Replace the workspace's stored results in one short transaction.

    Skipped (False) when a screening that began later has already stored its
    results: it read newer data. Rows of offers removed meanwhile are dropped.
    """
    computed_at = connection.ops.adapt_datetimefield_value(computed.started)
    with transaction.atomic():
        # One store at a time per workspace: on PostgreSQL two concurrent
        # delete-then-insert transactions would both insert (unique offer_id);
        # SQLite's write lock already serialises them.
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        if ScreenRow.objects.filter(workspace=workspace, computed_at__gt=computed.started).exists():
            return False
        ScreenRow.objects.filter(workspace=workspace).delete()
        ScreenExplanation.objects.filter(workspace=workspace).delete()
        if computed.rows:
            alive = set(Offer.objects.filter(workspace=workspace).values_list("pk", flat=True))
            _insert(
                ScreenRow,
                COLUMNS,
                [(*r[:_AT], computed_at, *r[_AT + 1 :]) for r in computed.rows if r[2] in alive],
            )
            _insert(
                ScreenExplanation,
                EXPLANATION_COLUMNS,
                [r for r in computed.explanations if r[0] in alive],
            )
    return True


def screening_refresh(*, workspace, profile: Profile | None = None) -> ScreeningResult:
    """Screen every offer of the workspace and replace its stored results and
    the supplier pages' explanations: computed first, then written in a short
    transaction (never the engine inside the database's write lock)."""
    computed = screening_compute(workspace=workspace, profile=profile)
    screening_store(workspace=workspace, computed=computed)
    return computed.result


def profile_save(*, workspace, profile: Profile, user=None) -> WorkspaceProfile:
    """Store the profile (validated by the engine) and re-screen with it; the
    screening is computed before the transaction that stores both."""
    computed = screening_compute(workspace=workspace, profile=profile)
    with transaction.atomic():
        stored, _ = WorkspaceProfile.objects.get_or_create(workspace=workspace)
        stored.toml = "" if profile == Profile.default() else profile.to_toml()
        stored.updated_by = user
        stored.save()
        screening_store(workspace=workspace, computed=computed)
    return stored


def refresh_later(workspace) -> None:
    """Re-screen in the background after a change to a workspace's data or costs
    (the task queue runs it in the worker; tests run it at once)."""
    from daifa.screening.tasks import refresh_workspace

    refresh_workspace.enqueue(workspace.pk)
