"""Screen a workspace with the engine and keep the results for pages and counts.

Two ways in, both computing outside any transaction and storing in a short one:

* :func:`screening_refresh` screens every offer (after an import, a new profile
  or new costs) and replaces the stored results;
* :func:`screening_refresh_suppliers` screens only some suppliers with their
  product groups (after a facts edit, a pasted page, a 1688 refresh) and
  replaces those rows: the same verdicts as a whole-workspace screening
  (``tests/screening/test_incremental.py`` compares them) in a fraction of the time.

Who calls which, and when, is ``daifa.workbench.actions``' business, not the
writing apps'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson
import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.accounts.versions import data_version_bump, screened_version_advance, versions_of
from daifa.catalog import bulk
from daifa.catalog.models import Offer
from daifa.engine.profile import Profile
from daifa.engine.scorecard import ScreeningResult
from daifa.screening.explanations import explanations
from daifa.screening.inputs import Inputs, workspace_inputs, workspace_profile
from daifa.screening.models import ScreenExplanation, ScreenRow, WorkspaceProfile
from daifa.screening.runs import run_screen, screen_subset

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A screened row as the incremental path compares them: (supplier pk, offer pk,
# caution, score, offer position).
_Candidate = tuple[int, int, int, float | None, int]


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
    workspace: Workspace,
    inputs: Inputs,
    result: ScreeningResult,
    best: list[bool],
    computed_at: Any,
) -> list[dict[str, Any]]:
    frame = result.frame
    landed = (
        inputs.offers["landed_unit_cost_cny"].to_list()
        if "landed_unit_cost_cny" in inputs.offers.columns
        else [None] * frame.height
    )
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
            {
                "workspace_id": workspace.pk,
                "supplier_id": s_pk,
                "offer_id": o_pk,
                "is_best": is_best,
                "score": score,
                "coverage": coverage,
                "grade": grade,
                "decision": decision,
                "approvable": approvable,
                "blocking": _dump(blocking),
                "to_verify": _dump(to_verify),
                "flags": _dump(flags),
                "flag_count": len(flags),
                "peer_group": peer[0] or "",
                "peer_rank": peer[1],
                "closeness": peer[2],
                "robustness": peer[3],
                "landed_unit_cost_cny": cost,
                "computed_at": computed_at,
                "category": category[:100],
                "unit_price_cny": price,
                "moq": moq,
                "known_score": None if score is None else score * coverage,
                "caution": int(bool(blocking or flags)),
            }
        )
    return out


def _explanation_rows(
    workspace: Workspace, inputs: Inputs, result: ScreeningResult, best: list[bool]
) -> list[dict[str, Any]]:
    notes = _dump(list(inputs.notes))
    pks = inputs.offers.select("offer_pk", "supplier_pk").rows()
    # The offer's place in the workspace (import order): the order in which the
    # supplier page lists its offers, the same whichever screening stored them.
    positions = dict(Offer.objects.filter(pk__in=[o for o, _ in pks]).values_list("pk", "position"))
    records = explanations(result, best)
    return [
        {
            "offer_id": o_pk,
            "workspace_id": workspace.pk,
            "supplier_id": s_pk,
            "position": positions.get(o_pk, 0),
            "is_best": is_best,
            "record": _dump(record),
            "notes": notes,
        }
        for (o_pk, s_pk), is_best, record in zip(pks, best, records, strict=True)
    ]


@dataclass
class Computed:
    """A screening computed and ready to store: when its reading began, and the
    workspace's data version at that moment (what the results reflect)."""

    result: ScreeningResult
    rows: list[dict[str, Any]]
    explanations: list[dict[str, Any]]
    started: datetime
    version: int = 0


def screening_compute(*, workspace: Workspace, profile: Profile | None = None) -> Computed:
    """Read the workspace and screen it, outside any transaction.

    Reads take no write lock (SQLite in WAL mode, PostgreSQL MVCC), so uploads
    and imports carry on while this computes, for minutes on a large workspace.
    """
    started = timezone.now()
    version = versions_of(workspace)[0]
    inputs = workspace_inputs(workspace)
    result = run_screen(inputs, profile or workspace_profile(workspace))
    rows: list[dict[str, Any]] = []
    explained: list[dict[str, Any]] = []
    if inputs.offers.height:
        best = _best_rows(result.frame).to_list()
        at = connection.ops.adapt_datetimefield_value(started)
        rows = _rows(workspace, inputs, result, best, at)
        explained = _explanation_rows(workspace, inputs, result, best)
    return Computed(result, rows, explained, started, version)


def _lock(workspace: Workspace) -> None:
    # One store at a time per workspace: on PostgreSQL two concurrent
    # delete-then-insert transactions would both insert (unique offer_id);
    # SQLite's write lock already serialises them.
    Workspace.objects.select_for_update().filter(pk=workspace.pk).first()


def screening_store(*, workspace: Workspace, computed: Computed) -> bool:
    """Replace the workspace's stored results in one short transaction.

    Skipped (False) when a whole-workspace screening that read newer data has
    already stored its results. Rows that a supplier's own re-screening stored
    after this one began reading are newer than ours and are kept. Rows of
    offers removed meanwhile are dropped.
    """
    with transaction.atomic():
        _lock(workspace)
        if versions_of(workspace)[1] > computed.version or (
            computed.version == 0
            and ScreenRow.objects.filter(
                workspace=workspace, computed_at__gt=computed.started
            ).exists()
        ):
            return False
        stored = ScreenRow.objects.filter(workspace=workspace)
        newer = dict(
            stored.filter(computed_at__gt=computed.started).values_list("offer_id", "supplier_id")
        )
        stored.exclude(offer_id__in=list(newer)).delete()
        ScreenExplanation.objects.filter(workspace=workspace).exclude(
            offer_id__in=list(newer)
        ).delete()
        if computed.rows:
            alive = set(Offer.objects.filter(workspace=workspace).values_list("pk", flat=True))
            alive -= set(newer)
            bulk.insert(ScreenRow, [r for r in computed.rows if r["offer_id"] in alive])
            bulk.insert(
                ScreenExplanation, [r for r in computed.explanations if r["offer_id"] in alive]
            )
        if newer:
            _elect_best(workspace, set(newer.values()))
        screened_version_advance(workspace=workspace, version=computed.version, whole=True)
    return True


def screening_refresh(*, workspace: Workspace, profile: Profile | None = None) -> ScreeningResult:
    """Screen every offer of the workspace and replace its stored results and
    the supplier pages' explanations: computed first, then written in a short
    transaction (never the engine inside the database's write lock)."""
    computed = screening_compute(workspace=workspace, profile=profile)
    screening_store(workspace=workspace, computed=computed)
    return computed.result


def profile_save(
    *, workspace: Workspace, profile: Profile, user: User | None = None
) -> WorkspaceProfile:
    """Store the profile (validated by the engine), then screen every supplier
    with it (until that lands, pages say they are being re-screened)."""
    with transaction.atomic():
        stored, _ = WorkspaceProfile.objects.get_or_create(workspace=workspace)
        stored.toml = "" if profile == Profile.default() else profile.to_toml()
        stored.updated_by = user
        stored.save()
        data_version_bump(workspace=workspace)
    screening_refresh(workspace=workspace, profile=profile)
    return stored


# -- incremental ---------------------------------------------------------------

# Rounds of widening before giving up on the incremental path (see below).
MAX_ROUNDS = 4


def _scope(workspace: Workspace, supplier_pks: set[int]) -> tuple[list[str], list[str]]:
    """The suppliers' external ids and their offers' product groups."""
    from daifa.catalog.models import Supplier

    ids = list(
        Supplier.objects.filter(workspace=workspace, pk__in=supplier_pks).values_list(
            "external_id", flat=True
        )
    )
    groups = (
        Offer.objects.filter(workspace=workspace, supplier_id__in=supplier_pks)
        .exclude(product_group="")
        .values_list("product_group", flat=True)
        .distinct()
    )
    # Engine groups are stripped names (daifa.engine.groups); the rows match as stored.
    return ids, sorted({g for g in groups if g.strip()})


def _candidates(frame_rows: list[_Candidate], kept: list[_Candidate]) -> dict[int, int]:
    """Each supplier's best row among fresh and kept rows, as ``_best_rows`` picks
    it in a whole-workspace frame: no failed gate or flag, highest score, then the
    first in workspace order (offer position, then id)."""
    best: dict[int, tuple[tuple[int, float, int, int], int]] = {}
    for supplier_pk, offer_pk, caution, score, position in [*frame_rows, *kept]:
        key = (caution, -(score if score is not None else -1.0), position, offer_pk)
        if supplier_pk not in best or key < best[supplier_pk][0]:
            best[supplier_pk] = (key, offer_pk)
    return {s: offer for s, (_, offer) in best.items()}


@dataclass
class Partial:
    """An incremental screening computed and ready to store."""

    offers: list[int]
    rows: list[dict[str, Any]]
    explanations: list[dict[str, Any]]
    suppliers: set[int]
    started: datetime


def _compute_subset(
    workspace: Workspace, supplier_pks: set[int], profile: Profile
) -> Partial | set[int]:
    """Screen the suppliers with their product groups. When a supplier of those
    groups would change its best row to or from one outside the screened rows
    (whose stored explanation is then the wrong kind), returns those suppliers
    instead: the caller screens them too."""
    started = timezone.now()
    ids, groups = _scope(workspace, supplier_pks)
    result, inputs = screen_subset(workspace, ids, groups, profile)
    offers = inputs.offers
    if not offers.height:
        return Partial([], [], [], set(supplier_pks), started)
    offer_pks = offers["offer_pk"].to_list()
    touched = set(offers["supplier_pk"].to_list())
    positions = dict(Offer.objects.filter(pk__in=offer_pks).values_list("pk", "position"))
    fresh = [
        (s, o, int(bool(b or f)), sc, positions.get(o, 0))
        for s, o, b, f, sc in zip(
            offers["supplier_pk"].to_list(),
            offer_pks,
            result.frame["blocking"].to_list(),
            result.frame["flags"].to_list(),
            result.frame["score"].to_list(),
            strict=True,
        )
    ]
    # By supplier alone (its index): these suppliers are the workspace's.
    kept_rows = list(
        ScreenRow.objects.filter(supplier_id__in=touched)
        .exclude(offer_id__in=offer_pks)
        .values_list("supplier_id", "offer_id", "caution", "score", "offer__position", "is_best")
    )
    winners = _candidates(fresh, [r[:5] for r in kept_rows])
    # A kept row whose best-ness changes needs a new explanation (full for the
    # best row, narrowed for the others): screen its supplier too.
    widen = {s for s, o, *_, was_best in kept_rows if (winners[s] == o) != was_best}
    if widen:
        return widen
    best = [winners[s] == o for s, o, *_ in fresh]
    at = connection.ops.adapt_datetimefield_value(started)
    return Partial(
        offer_pks,
        _rows(workspace, inputs, result, best, at),
        _explanation_rows(workspace, inputs, result, best),
        touched,
        started,
    )


def _elect_best(workspace: Workspace, supplier_pks: set[int]) -> None:
    """Mark each supplier's best stored row (rows of one supplier may come from
    different screenings)."""
    rows = list(
        ScreenRow.objects.filter(supplier_id__in=supplier_pks).values_list(
            "supplier_id", "offer_id", "caution", "score", "offer__position", "is_best"
        )
    )
    winners = _candidates([r[:5] for r in rows], [])
    wrong = [(o, winners[s] == o) for s, o, *_, was in rows if (winners[s] == o) != was]
    for flag in (True, False):
        offers = [o for o, want in wrong if want is flag]
        ScreenRow.objects.filter(offer_id__in=offers).update(is_best=flag)
        ScreenExplanation.objects.filter(offer_id__in=offers).update(is_best=flag)


def screening_refresh_suppliers(
    *,
    workspace: Workspace,
    supplier_pks: set[int] | list[int],
    version: int | None = None,
) -> bool:
    """Re-screen these suppliers and their product groups, and store those rows.

    Every peer comparison (price vs peers, the TOPSIS rank) looks inside a product
    group, and the flags at a supplier's own sales and reviews, so screening the
    changed suppliers with every offer of their groups gives their verdicts, and
    their peers', exactly as a whole-workspace screening would. A peer whose best
    row would move to an offer outside those groups is screened with its own
    groups too (a few rounds at most; False when that is not enough: screen the
    whole workspace then).

    ``version`` is the data version this re-screening answers; the stored
    screening claims it unless a whole-workspace screening is still due.
    """
    wanted = set(supplier_pks)
    profile = workspace_profile(workspace)
    for _ in range(MAX_ROUNDS):
        partial = _compute_subset(workspace, wanted, profile)
        if isinstance(partial, Partial):
            break
        wanted |= partial
    else:
        return False
    with transaction.atomic():
        _lock(workspace)
        # A row stored by a screening that began after ours read newer data.
        newer = set(
            ScreenRow.objects.filter(
                offer_id__in=partial.offers, computed_at__gt=partial.started
            ).values_list("offer_id", flat=True)
        )
        gone = [o for o in partial.offers if o not in newer]
        ScreenRow.objects.filter(offer_id__in=gone).delete()
        ScreenExplanation.objects.filter(offer_id__in=gone).delete()
        alive = set(Offer.objects.filter(pk__in=gone).values_list("pk", flat=True))
        bulk.insert(ScreenRow, [r for r in partial.rows if r["offer_id"] in alive])
        bulk.insert(ScreenExplanation, [r for r in partial.explanations if r["offer_id"] in alive])
        _elect_best(workspace, partial.suppliers)
        if version is not None:
            screened_version_advance(workspace=workspace, version=version, whole=False)
    return True
