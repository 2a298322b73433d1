"""The scorecard: every catalogue criterion for every supplier row, vectorised.

:func:`screen` validates the input frames, evaluates each criterion as Polars
expressions over whole columns (no Python loop per supplier), adds the flags
(detectors), the KPIs (from the seller's orders) and the peer ranking, and
returns an immutable :class:`ScreeningResult` that explains itself.

Examples
--------
>>> import polars as pl
>>> from daifa.engine.scorecard import screen
>>> suppliers = pl.DataFrame({
...     "supplier_id": ["s1", "s2"],
...     "dropship_supported": [True, False],
...     "repeat_rate_pct": [41.0, 17.5],
...     "response_minutes": [5.0, 75.0],
... })
>>> result = screen(suppliers)
>>> result.frame.select("supplier_id", pl.col("score").round(2), "blocking").rows()
[('s1', 100.0, ''), ('s2', 28.57, 'dropship_supported')]
>>> result.frame["response_minutes__status"].to_list()
['pass', 'fail']
>>> record = next(result.records(rows=[1]))
>>> [c["message_en"] for c in record["criteria"] if c["id"] == "response_minutes"]
['Average response 75 min, above 15 min']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import numpy as np
import polars as pl

from daifa.engine._joined import MAX_MASKS, BoolArray, joined_where
from daifa.engine.costing import CurrencyRates
from daifa.engine.criteria import DIMENSIONS, Criterion
from daifa.engine.criteria._values import Context, Exprs, criterion_exprs
from daifa.engine.groups import GroupedRows, group_rows
from daifa.engine.kernels import (
    DECISION,
    STATUS,
    grade,
    ids_where,
    status_from_credit,
    weighted_score,
)
from daifa.engine.profile import Profile
from daifa.engine.scorecard._flags import FlagOutcome, run_flags
from daifa.engine.scorecard._kpis import kpi_frame
from daifa.engine.scorecard._peers import PEER_COLUMNS, peer_columns
from daifa.engine.scorecard._validate import prepare
from daifa.engine.verdicts import RowVerdict

SUMMARY_COLUMNS: tuple[str, ...] = (
    "supplier_id",
    "offer_id",
    "supplier_name",
    "product_group",
    "score",
    "coverage",
    "grade",
    "decision",
    "approvable",
    "blocking",
    "to_verify",
    "flags",
    *PEER_COLUMNS,
)
_IDENTITY = ("supplier_id", "offer_id", "supplier_name", "product_group")


@dataclass(frozen=True)
class ScreeningResult:
    """The outcome of :func:`screen`; immutable, and it explains every verdict.

    Attributes
    ----------
    frame : polars.DataFrame
        One row per input row, same order: the summary columns
        (:data:`SUMMARY_COLUMNS`; ``blocking``, ``to_verify`` and ``flags`` are
        ``;``-joined ids, ``""`` when none, which is what a CSV needs and ten
        times cheaper than list columns at a million rows) then
        ``<id>__status`` (Enum pass / warn / fail / unknown) and
        ``<id>__points`` (Float32: weighted points of a score criterion, minus
        the penalty of a raised flag, null otherwise) for every catalogue id.
    profile : Profile
        The profile the result was computed with.
    inputs : polars.DataFrame
        The validated input rows (for explanations of chosen rows).
    """

    frame: pl.DataFrame
    profile: Profile
    inputs: pl.DataFrame
    flag_outcomes: Mapping[str, FlagOutcome]
    kpis: pl.DataFrame | None
    currency_rates: CurrencyRates | None = None
    source_name: str | None = None

    @property
    def catalogue(self) -> tuple[Criterion, ...]:
        """The criteria as this result's profile defines them."""
        return self.profile.criteria

    def criteria_frame(self, criterion_id: str) -> pl.DataFrame:
        """One criterion for every row: status, points, value and evidence columns."""
        from daifa.engine.scorecard._explain import criterion_columns

        return criterion_columns(self, self.profile.criterion(criterion_id))

    def long(self) -> pl.DataFrame:
        """Long view: one row per (input row, criterion) with status and points."""
        ids = [c.id for c in self.catalogue]
        return (
            self.frame.with_row_index("row")
            .unpivot(
                index=["row", "supplier_id", "offer_id"],
                on=[f"{cid}__status" for cid in ids],
                variable_name="criterion",
                value_name="status",
            )
            .with_columns(pl.col("criterion").str.strip_suffix("__status"))
        )

    def records(
        self,
        rows: Sequence[int] | None = None,
        *,
        lang: str | None = None,
        criteria: Sequence[str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """JSON-able dicts, one per row (all rows, or the 0-based ``rows``).

        Each has the summary fields and ``criteria``: one object per catalogue
        id with id, kind, status, value, threshold, points, the messages and
        actions in both languages, and the evidence. ``lang`` ("zh" or "en")
        adds ``message`` and ``action`` in that language. ``criteria`` (ids)
        explains only those criteria, in the profile's order. Each record is
        ``RowVerdict.to_json`` of :meth:`explain`'s verdict.
        """
        from daifa.engine.scorecard._explain import build_records

        return build_records(self, rows, lang, criteria)

    def explain(
        self, rows: Sequence[int] | None = None, *, criteria: Sequence[str] | None = None
    ) -> list[RowVerdict]:
        """Typed verdicts, one per row (all rows, or the 0-based ``rows``), each
        explaining every criterion of the profile or only the ids ``criteria``."""
        from daifa.engine.scorecard._explain import build_records

        return [RowVerdict.from_json(r) for r in build_records(self, rows, None, criteria)]


def screen(
    suppliers: pl.DataFrame,
    *,
    profile: Profile | None = None,
    sales: pl.DataFrame | None = None,
    reviews: pl.DataFrame | None = None,
    orders: pl.DataFrame | None = None,
    as_of: date | None = None,
    currency_rates: CurrencyRates | None = None,
    source_name: str | None = None,
    rank: bool = True,
    robustness_samples: int = 20,
    seed: int = 0,
    sales_start: date | None = None,
) -> ScreeningResult:
    """Screen every supplier row against the profile.

    Parameters
    ----------
    suppliers : polars.DataFrame
        Canonical columns (daifa.engine.schema), one row per supplier offer;
        only ``supplier_id`` is required. Optional ``landed_unit_cost_cny`` and
        ``target_retail_price_cny`` (from :mod:`daifa.engine.costing`) feed
        ``markup_room``. Provenance columns ``_source``/``_as_of`` (or per
        field ``<field>__source``/``<field>__as_of``) and ``_sheet``/``_row``
        become the evidence.
    profile : Profile, optional
        Default: :meth:`Profile.default`.
    sales, reviews : polars.DataFrame, optional
        Companion tables for the ``sales_spike`` and ``template_reviews`` flags.
    orders : polars.DataFrame, optional
        The seller's orders for the KPI criteria.
    as_of : datetime.date, optional
        End of the recent window of the sales-spike detector.
    currency_rates : CurrencyRates, optional
        Converts a non-CNY ``target_retail_price`` for ``markup_room``.
    source_name : str, optional
        File name quoted in the evidence when rows carry no ``_source``.
    rank : bool
        Compute the peer ranking (``peer_*``, ``closeness``, ``robustness``).
    robustness_samples, seed : int
        Weight samples of the rank-robustness estimate (20 gives a 5 % resolution
        and keeps a million rows affordable; ask for more on a few groups), and
        their seed.
    sales_start : datetime.date, optional
        First day of the whole sales table when ``sales`` is only the part of it
        that the screened suppliers own (a re-screen of some suppliers): the
        sales-spike detector's new listings are judged against it.

    Returns
    -------
    ScreeningResult

    Raises
    ------
    daifa.engine.errors.InputError
        A frame or a value the engine cannot use (names row, field and value).
    """
    profile = profile or Profile.default()
    inputs = prepare(suppliers)
    ctx = Context(frozenset(inputs.columns), profile, currency_rates)
    # Two threads: the flags need no criterion, the peer ranking no summary. Each
    # side has single-threaded stretches (NumPy, Python) that leave a core idle;
    # side by side both cores stay busy. The results do not depend on the timing.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="daifa-screen") as side:
        flagged = side.submit(_grouped_flags, inputs, profile, sales, reviews, as_of, sales_start)
        columns = _criteria_columns(inputs, ctx)
        kpis = kpi_frame(orders, profile, _end_of(as_of)) if orders is not None else None
        grouped, flags = flagged.result()
        columns = columns.hstack(_flag_columns(flags, profile)).hstack(
            _kpi_columns(inputs, kpis, profile)
        )
        joined, tiers = _ids_where(columns, profile)
        ranked = side.submit(
            _peer_ranking, columns, inputs, grouped, profile, rank, robustness_samples, seed, tiers
        )
        frame = _summarise(columns, profile, joined)
        peers = ranked.result()
    # Picking the Series, not DataFrame.select: the columns come in different
    # chunkings and select would align (copy) them all, a tenth of a second.
    frame = pl.DataFrame(
        [
            (peers if name in PEER_COLUMNS else frame).get_column(name)
            for name in (*SUMMARY_COLUMNS, *_criterion_columns(profile))
        ]
    )
    return ScreeningResult(frame, profile, inputs, flags, kpis, currency_rates, source_name)


def _grouped_flags(
    inputs: pl.DataFrame,
    profile: Profile,
    sales: pl.DataFrame | None,
    reviews: pl.DataFrame | None,
    as_of: date | None,
    sales_start: date | None,
) -> tuple[GroupedRows | None, dict[str, FlagOutcome]]:
    """The rows grouped by product group, and the flags."""
    # Price vs peers and the peer ranking both work group by group.
    grouped = (
        group_rows(inputs.get_column("product_group"))
        if "product_group" in inputs.columns
        else None
    )
    flags = run_flags(
        inputs,
        profile.criteria,
        sales=sales,
        reviews=reviews,
        as_of=as_of,
        groups=grouped,
        sales_start=sales_start,
    )
    return grouped, flags


def _criterion_columns(profile: Profile) -> list[str]:
    return [f"{c.id}__{part}" for c in profile.criteria for part in ("status", "points")]


def _column_based(profile: Profile) -> list[Criterion]:
    return [c for c in profile.criteria if c.rule.op != "detector" and c.dimension != "kpi"]


def _criteria_columns(inputs: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    identity = [ctx.col(name).cast(pl.String).alias(name) for name in _IDENTITY]
    credits: list[pl.Expr] = []
    exprs: list[pl.Expr] = [pl.col(name) for name in _IDENTITY]
    helpers: list[dict[str, pl.Expr]] = []
    keyed: dict[str, Exprs] = {}
    for c in _column_based(ctx.profile):
        built = criterion_exprs(c, ctx)
        if built.keys is not None:
            keyed[f"_k_{c.id}"] = built
            credit = pl.col(f"_k_{c.id}")
        else:
            _merge_stages(helpers, built.helpers)
            # Float64, so a score exactly on a grade band is not rounded below it.
            credit = built.credit.cast(pl.Float64)
        credits.append(credit.alias(f"{c.id}__credit"))
        # The status reads the credit column: given the credit's expression
        # again, the query computed every credit twice.
        status = status_from_credit(pl.col(f"{c.id}__credit"), gate=c.kind == "gate")
        exprs.extend((status.alias(f"{c.id}__status"), pl.col(f"{c.id}__credit")))
    lazy = inputs.with_columns(_credits_by_key(inputs, keyed)).lazy() if keyed else inputs.lazy()
    for stage in helpers:
        lazy = lazy.with_columns(**stage)
    # In memory: the streaming engine would hand back every column in pieces,
    # and each later step over them (select, to_numpy) would first join the pieces.
    return lazy.select(*identity, *credits).select(exprs).collect(engine="in-memory")


def _merge_stages(stages: list[dict[str, pl.Expr]], more: tuple[dict[str, pl.Expr], ...]) -> None:
    for index, exprs in enumerate(more):
        if index == len(stages):
            stages.append({})
        stages[index].update(exprs)


def _credits_by_key(inputs: pl.DataFrame, keyed: Mapping[str, Exprs]) -> list[pl.Series]:
    """The keyed credits computed once per distinct combination of their keys, in
    input row order (all of them together: one look at the rows, not one each).

    Rows are matched to their combination by a 64-bit hash of the keys, used only
    when it tells every distinct combination apart (else by the keys themselves),
    so the match is always exact; joining on the list columns cost several times more.
    """
    keys = list(
        dict.fromkeys(
            k for built in keyed.values() for k in built.keys or () if k in inputs.columns
        )
    )
    if not keys:
        # Without any key column every row is the same: one evaluation suffices.
        one = _evaluate(pl.DataFrame({"_one": [0]}), keyed)
        return [
            pl.repeat(one[name][0], inputs.height, eager=True, dtype=pl.Float64).alias(name)
            for name in keyed
        ]
    rows = inputs.select(keys)
    distinct = rows.unique()
    hashes = _key_hashes(distinct)
    values = _evaluate(distinct, keyed)
    if hashes.n_unique() == distinct.height:
        on: list[str] = ["_hash"]
        rows, values = _key_hashes(rows).to_frame(), values.with_columns(hashes)
    else:  # two combinations share a hash (never seen): match by the keys
        on = keys
    joined = rows.join(
        values.select(*on, *keyed), on=on, how="left", nulls_equal=True, maintain_order="left"
    )
    return [joined.get_column(name) for name in keyed]


def _key_hashes(frame: pl.DataFrame) -> pl.Series:
    return frame.select(pl.struct(frame.columns).hash(seed=0).alias("_hash")).to_series()


def _evaluate(frame: pl.DataFrame, keyed: Mapping[str, Exprs]) -> pl.DataFrame:
    """Each keyed credit over ``frame`` (Float64), beside the frame's columns."""
    out = frame
    for name, built in keyed.items():
        lazy = frame.lazy()
        for stage in built.helpers:
            lazy = lazy.with_columns(**stage)
        # with_columns, not select: a credit that is a literal must fill every row.
        credit = lazy.with_columns(built.credit.cast(pl.Float64).alias(name)).collect()
        out = out.with_columns(credit.get_column(name))
    return out


def _flag_columns(flags: Mapping[str, FlagOutcome], profile: Profile) -> pl.DataFrame:
    return pl.DataFrame(
        [flags[c.id].status.alias(f"{c.id}__status") for c in profile.of_kind("flag")]
    )


def _kpi_columns(inputs: pl.DataFrame, kpis: pl.DataFrame | None, profile: Profile) -> pl.DataFrame:
    ids = [c.id for c in profile.criteria if c.dimension == "kpi"]
    wanted = [f"{cid}__{part}" for cid in ids for part in ("status", "credit")]
    if kpis is None:
        height = inputs.height
        return pl.DataFrame(
            [
                pl.repeat(pl.lit("unknown", dtype=STATUS), height, eager=True).alias(name)
                if name.endswith("__status")
                else pl.repeat(pl.lit(None, dtype=pl.Float64), height, eager=True).alias(name)
                for name in wanted
            ]
        )
    joined = inputs.select(pl.col("supplier_id").cast(pl.String)).join(
        kpis.select("supplier_id", *wanted), on="supplier_id", how="left", maintain_order="left"
    )
    return joined.select(
        [
            pl.col(n).fill_null(pl.lit("unknown", dtype=STATUS))
            if n.endswith("__status")
            else pl.col(n)
            for n in wanted
        ]
    )


def _summarise(
    columns: pl.DataFrame, profile: Profile, joined: Sequence[pl.Series]
) -> pl.DataFrame:
    """The summary columns beside ``columns``; ``joined`` is :func:`_ids_where`'s."""
    status = {c.id: pl.col(f"{c.id}__status") for c in profile.criteria}
    credit = {c.id: pl.col(f"{c.id}__credit") for c in profile.criteria if c.kind != "flag"}
    weights = {c.id: c.weight for c in profile.criteria}
    scored = {c.id: credit[c.id] for c in profile.of_kind("score")}
    flags = profile.of_kind("flag")
    penalties = [_flag_penalty(status[c.id], c.weight) for c in flags]
    penalty = pl.sum_horizontal(penalties) if penalties else pl.lit(0.0)
    score, coverage = weighted_score(scored, weights, penalty)
    grades = profile.grades
    points = [
        (credit[c.id] * c.weight if c.kind == "score" else pl.lit(None, dtype=pl.Float64))
        .cast(pl.Float32)
        .alias(f"{c.id}__points")
        for c in profile.criteria
        if c.kind != "flag"
    ]
    first = [
        score.alias("score"),
        coverage.alias("coverage"),
        *joined,
        *points,
        *[_flag_points(status[c.id], c.weight).alias(f"{c.id}__points") for c in flags],
    ]
    # Stages, so the grade and decision read the score instead of computing it again.
    graded = grade(
        pl.col("score"), pl.col("coverage"), grades.bands, grades.min_coverage, grades.no_score
    )
    return (
        columns.lazy()
        .with_columns(first)
        .with_columns(graded.alias("grade"))
        .with_columns(_decision(profile))
        .collect(engine="in-memory")  # whole columns, see _criteria_columns
    )


def _ids_where(columns: pl.DataFrame, profile: Profile) -> tuple[list[pl.Series], pl.Series]:
    """``blocking``, ``to_verify`` and ``flags``: the ids of the gates failed, the
    gates to verify and the flags raised, ``;``-joined (``kernels.ids_where``'s
    rule, computed once per distinct combination instead of once per row); and
    the tier of each row, 1.0 when ``blocking`` or ``flags`` is not empty."""
    gates = [c.id for c in profile.of_kind("gate")]
    flags = [c.id for c in profile.of_kind("flag")]
    wanted = (
        ("blocking", gates, ["fail"]),
        ("to_verify", gates, ["unknown", "warn"]),
        ("flags", flags, ["fail", "warn"]),
    )
    if any(len(ids) > MAX_MASKS for _, ids, _ in wanted):
        statuses = {cid: pl.col(f"{cid}__status") for cid in (*gates, *flags)}
        found = columns.select(
            ids_where({cid: statuses[cid] for cid in ids}, values).alias(name)
            for name, ids, values in wanted
        )
        tiers = found.select(
            ((pl.col("blocking") != "") | (pl.col("flags") != "")).cast(pl.Float64)
        ).to_series()
        return found.get_columns(), tiers
    masks = {
        name: [_status_in(columns.get_column(f"{cid}__status"), values) for cid in ids]
        for name, ids, values in wanted
    }
    raised = np.zeros(columns.height, dtype=np.bool_)
    for mask in (*masks["blocking"], *masks["flags"]):
        raised |= mask
    joined = [
        joined_where(masks[name], ids, ";", "", columns.height).alias(name)
        for name, ids, _ in wanted
    ]
    return joined, pl.Series(raised, dtype=pl.Float64)


def _status_in(status: pl.Series, values: list[str]) -> BoolArray:
    # A null status (never built here) would be no id, as in ``ids_where``.
    return status.is_in(values).fill_null(False).to_numpy()


def _flag_penalty(status: pl.Expr, weight: float) -> pl.Expr:
    return (
        pl.when(status == "fail")
        .then(weight)
        .when(status == "warn")
        .then(weight / 2.0)
        .otherwise(0.0)
    )


def _flag_points(status: pl.Expr, weight: float) -> pl.Expr:
    penalty = _flag_penalty(status, weight)
    return pl.when(status == "unknown").then(None).otherwise(-penalty).cast(pl.Float32)


def _decision(profile: Profile) -> list[pl.Expr]:
    approvable = list(profile.grades.approvable)
    g = pl.col("grade")
    approved = (
        pl.when(g == "A")
        .then(pl.lit("approve", dtype=DECISION))
        .otherwise(pl.lit("approve_on_probation", dtype=DECISION))
    )
    decision = (
        pl.when(pl.col("blocking") != "")
        .then(pl.lit("avoid", dtype=DECISION))
        .when(g == "D")
        .then(pl.lit("avoid", dtype=DECISION))
        .when((pl.col("to_verify") != "") | ~g.is_in(approvable))
        .then(pl.lit("verify_first", dtype=DECISION))
        .otherwise(approved)
    )
    approvable_expr = (pl.col("blocking") == "") & (pl.col("to_verify") == "") & g.is_in(approvable)
    return [decision.alias("decision"), approvable_expr.alias("approvable")]


def _peer_ranking(
    columns: pl.DataFrame,
    inputs: pl.DataFrame,
    grouped: GroupedRows | None,
    profile: Profile,
    rank: bool,
    n_samples: int,
    seed: int,
    tiers: pl.Series,
) -> pl.DataFrame:
    if not rank or grouped is None:
        return pl.DataFrame(schema=PEER_COLUMNS).clear(n=columns.height)
    scored = profile.of_kind("score")
    # The Series, not columns.select: select would first align (copy) the columns.
    credits = pl.DataFrame([columns.get_column(f"{c.id}__credit") for c in scored])
    dimensions: dict[str, list[tuple[str, float]]] = {
        d: [(f"{c.id}__credit", c.weight) for c in scored if c.dimension == d]
        for d in DIMENSIONS[:-1]
    }
    totals = [sum(w for _, w in pairs) for pairs in dimensions.values()]
    positive = [t for t in totals if t > 0]
    # Price counts like an average dimension: cheap is good, but not everything.
    price_weight = sum(positive) / len(positive) if positive else 1.0
    quoted = [c for c in ("unit_price_cny", "dropship_price_cny") if c in inputs.columns]
    # with_columns, not select: a missing column's null literal must fill every row.
    prices = inputs.with_columns(
        (pl.coalesce(quoted) if quoted else pl.lit(None, dtype=pl.Float64)).alias("quoted"),
        (
            pl.col("landed_unit_cost_cny")
            if "landed_unit_cost_cny" in inputs.columns
            else pl.lit(None, dtype=pl.Float64)
        ).alias("landed"),
    ).select("quoted", "landed")
    # A failed gate or a raised flag (tier 1) ranks an offer below every peer
    # without one: the first place is always an offer the seller may choose.
    return peer_columns(
        grouped,
        credits,
        dimensions,
        prices,
        price_weight,
        n_samples=n_samples,
        seed=seed,
        tiers=tiers,
    )


def _end_of(day: date | None) -> datetime | None:
    # "as of" a day: an order whose pickup was due before that day began is overdue
    return None if day is None else datetime.combine(day, time.min)
