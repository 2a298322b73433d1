"""Pure vectorised pieces of the scorecard: credit curves, statuses, totals, grades.

Kernels build Polars expressions (or work on NumPy arrays) over whole columns and
never validate: :mod:`daifa.engine.scorecard` checks the input and calls them.
A *credit* is a Float32 in [0, 1], or null when the value is unknown.

Examples
--------
>>> import polars as pl
>>> from daifa.engine.kernels import linear_credit
>>> df = pl.DataFrame({"repeat_rate_pct": [5.0, 10.0, 17.5, 25.0, 41.0, None]})
>>> df.select(linear_credit(pl.col("repeat_rate_pct"), good=25.0, bad=10.0))[
...     "repeat_rate_pct"].to_list()
[0.0, 0.0, 0.5, 1.0, 1.0, None]
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from functools import reduce

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.criteria._model import Rule

STATUS = pl.Enum(["pass", "warn", "fail", "unknown"])
GRADE = pl.Enum(["A", "B", "C", "D"])
DECISION = pl.Enum(["approve", "approve_on_probation", "verify_first", "avoid"])

FloatArray = npt.NDArray[np.float64]


def linear_credit(value: pl.Expr, *, good: float, bad: float) -> pl.Expr:
    """Credit rising linearly from 0 at ``bad`` to 1 at ``good``, clipped.

    One formula serves both directions: with ``good < bad`` (lower is better)
    ``(value - bad) / (good - bad)`` still runs from 0 at ``bad`` to 1 at ``good``.
    """
    return ((value - bad) / (good - bad)).clip(0.0, 1.0).cast(pl.Float64)


def step_credit(value: pl.Expr, *, good: float, op: str) -> pl.Expr:
    """1 when ``value`` meets ``good`` (``>=`` for at_least, ``<=`` for at_most), else 0."""
    met = value >= good if op == "at_least" else value <= good
    return met.cast(pl.Float64)


def range_credit(value: pl.Expr, rule: Rule, *, step: bool) -> pl.Expr:
    """1 inside ``[rule.good, rule.high]``; outside, linear towards ``bad``/``bad_high``."""
    lo, hi = float(rule.good or 0.0), float(rule.high or 0.0)
    inside = ((value >= lo) & (value <= hi)).cast(pl.Float64)
    if step or rule.bad is None or rule.bad_high is None:
        return inside
    below = linear_credit(value, good=lo, bad=rule.bad)
    above = linear_credit(value, good=hi, bad=rule.bad_high)
    return pl.min_horizontal(below, above)


def rule_credit(value: pl.Expr, rule: Rule, *, step: bool = False) -> pl.Expr:
    """The credit ``rule`` gives ``value``; ``step`` drops partial credit (gates)."""
    if rule.op == "bool":
        # 1.0 / 0.0 / null chosen, not cast: the same floats in half the time.
        flag = value.cast(pl.Boolean)
        return pl.when(flag).then(pl.lit(1.0)).when(~flag).then(pl.lit(0.0))
    if rule.op == "range":
        return range_credit(value, rule, step=step)
    good = float(rule.good or 0.0)
    if step or rule.bad is None:
        return step_credit(value, good=good, op=rule.op)
    return linear_credit(value, good=good, bad=float(rule.bad))


def status_from_credit(credit: pl.Expr, *, gate: bool) -> pl.Expr:
    """pass / warn / fail / unknown from a credit; a gate has no warn."""
    unknown = pl.lit("unknown", dtype=STATUS)
    passed = pl.lit("pass", dtype=STATUS)
    failed = pl.lit("fail", dtype=STATUS)
    if gate:
        return (
            pl.when(credit.is_null())
            .then(unknown)
            .when(credit >= 1.0)
            .then(passed)
            .otherwise(failed)
        )
    return (
        pl.when(credit.is_null())
        .then(unknown)
        .when(credit >= 1.0)
        .then(passed)
        .when(credit <= 0.0)
        .then(failed)
        .otherwise(pl.lit("warn", dtype=STATUS))
    )


def ids_where(statuses: Mapping[str, pl.Expr], wanted: Sequence[str]) -> pl.Expr:
    """``;``-joined ids whose status is one of ``wanted`` (catalogue order), ``""`` if none.

    A joined string, not a list: it is ten times cheaper to build over a million
    rows and it is what the CSV output needs; reports split it.
    """
    if not statuses:
        return pl.lit("")
    parts = [
        pl.when(status.is_in(list(wanted)))
        .then(pl.lit(cid))
        .otherwise(pl.lit(None, dtype=pl.String))
        for cid, status in statuses.items()
    ]
    return pl.concat_str(parts, separator=";", ignore_nulls=True)


def weighted_score(
    credits: Mapping[str, pl.Expr], weights: Mapping[str, float], penalty: pl.Expr
) -> tuple[pl.Expr, pl.Expr]:
    """(score 0–100 over the known criteria minus ``penalty``, coverage 0–1).

    Weights are renormalised over the known criteria, so an unknown is neither
    zero nor a failure; coverage is the known share of the total weight.
    """
    total = float(sum(weights[cid] for cid in credits))
    if not credits or total <= 0:
        return pl.lit(None, dtype=pl.Float64), pl.lit(None, dtype=pl.Float64)
    # Unknown credits add neither points nor weight. Plain additions of filled
    # columns: five times cheaper than sum_horizontal's null handling.
    pairs = [(c, weights[cid]) for cid, c in credits.items()]
    earned = reduce(operator.add, [c.fill_null(0.0) * w for c, w in pairs])
    # Each term is the weight or nothing: chosen between two constants, seven times
    # cheaper than casting the known-mask to floats and multiplying, and the same
    # numbers (1.0 * w and 0.0 * w, computed once here) added in the same order.
    known = reduce(
        operator.add,
        [
            pl.when(c.is_not_null()).then(pl.lit(1.0 * w)).otherwise(pl.lit(0.0 * w))
            for c, w in pairs
        ],
    )
    raw = pl.when(known > 0).then(100.0 * earned / known - penalty)
    return raw.clip(0.0, 100.0), known / total


def grade(
    score: pl.Expr,
    coverage: pl.Expr,
    bands: Mapping[str, float],
    min_coverage: Mapping[str, float],
    no_score: str,
) -> pl.Expr:
    """Grade A–D from the score bands, capped by coverage; ``no_score`` when unknown."""
    letters = ("A", "B", "C", "D")
    # Compared at 1e-6 so float noise (64.99999999999999) cannot move a grade.
    score = score.round(6)
    by_score = pl.lit(3, dtype=pl.Int8)
    for index in (2, 1, 0):
        by_score = (
            pl.when(score >= bands[letters[index]])
            .then(pl.lit(index, dtype=pl.Int8))
            .otherwise(by_score)
        )
    by_score = (
        pl.when(score.is_null())
        .then(pl.lit(letters.index(no_score), dtype=pl.Int8))
        .otherwise(by_score)
    )
    # The best grade whose coverage requirement is met; D never has one.
    cap = pl.lit(3, dtype=pl.Int8)
    for index in (2, 1, 0):
        needed = min_coverage.get(letters[index], 0.0)
        cap = (
            pl.when(coverage.fill_null(0.0) >= needed)
            .then(pl.lit(index, dtype=pl.Int8))
            .otherwise(cap)
        )
    index_expr = pl.max_horizontal(by_score, cap)
    # Below the lowest coverage any good grade asks for, too little is known for a
    # verdict either way: one known bad value among forty unknowns is "verify first"
    # (``no_score``), not D "avoid".
    verdict_needs = min(min_coverage.values(), default=0.0)
    if verdict_needs > 0:
        unsure = coverage.fill_null(0.0) < verdict_needs
        no_verdict = pl.lit(letters.index(no_score), dtype=pl.Int8)
        index_expr = pl.when(unsure).then(no_verdict).otherwise(index_expr)
    out = pl.lit("D", dtype=GRADE)
    for index in (2, 1, 0):
        out = pl.when(index_expr == index).then(pl.lit(letters[index], dtype=GRADE)).otherwise(out)
    return out


def mean_bounds(
    mean: FloatArray, sd: FloatArray, n: FloatArray, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """A conservative interval for a mean of non-negative counts (days); never a point.

    The wider of the Student-t interval and the exact (Garwood) Poisson interval of the
    total: two cases of exactly 1.0 day have no spread, so t alone would say "1–1";
    as counts of days they say 0.12–3.61. With n < 2 the upper end is unbounded (inf).

    >>> low, high = mean_bounds(np.array([1.0]), np.array([0.0]), np.array([2.0]))
    >>> round(float(low[0]), 2), round(float(high[0]), 2)
    (0.12, 3.61)
    """
    from scipy import stats  # here: ~0.7 s of import that most screenings never need

    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore", divide="ignore"):
        t = stats.t.ppf(0.5 + confidence / 2.0, np.maximum(n - 1.0, 1.0))
        half = np.where(n >= 2, t * sd / np.sqrt(np.maximum(n, 1.0)), np.inf)
        total = mean * n
        safe_n = np.maximum(n, 1.0)
        p_low = np.where(
            total > 0, stats.chi2.ppf(alpha / 2.0, 2.0 * np.maximum(total, 1e-12)) / 2.0, 0.0
        )
        p_high = stats.chi2.ppf(1.0 - alpha / 2.0, 2.0 * (total + 1.0)) / 2.0
    low = np.fmax(np.fmin(mean - half, p_low / safe_n), 0.0)
    high = np.where(n >= 2, np.fmax(mean + half, p_high / safe_n), np.inf)
    return np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)


def judged_on_bounds(
    estimate_low: FloatArray,
    estimate_high: FloatArray,
    rule: Rule,
    estimate: FloatArray | None = None,
) -> tuple[npt.NDArray[np.int8], FloatArray]:
    """Status code (0 pass, 1 warn, 2 fail) and credit of a measured KPI.

    Thresholds are inclusive (≤ 3 %: exactly 3 % meets it). Pass when even the
    conservative bound meets the threshold, or when the observed ``estimate`` meets
    it and the conservative bound stays within half-way to the zero point (``bad``):
    a long record at exactly the threshold passes, a short one cannot. Fail when even
    the optimistic bound misses it; warn otherwise (too few to tell). The credit
    follows the conservative bound, so a small sample earns little.
    """
    good = float(rule.good or 0.0)
    margin = (good + float(rule.bad)) / 2.0 if rule.bad is not None else good
    with np.errstate(invalid="ignore"):
        if rule.op == "at_least":
            conservative, optimistic = estimate_low, estimate_high
            passes, fails = conservative >= good, optimistic < good
            if estimate is not None:
                passes = passes | ((estimate >= good) & (conservative >= margin))
        else:
            conservative, optimistic = estimate_high, estimate_low
            passes, fails = conservative <= good, optimistic > good
            if estimate is not None:
                passes = passes | ((estimate <= good) & (conservative <= margin))
    status = np.where(passes, 0, np.where(fails, 2, 1)).astype(np.int8)
    if rule.bad is None:
        credit = passes.astype(np.float64)
    else:
        with np.errstate(invalid="ignore"):
            credit = np.clip((conservative - rule.bad) / (good - rule.bad), 0.0, 1.0)
        credit = np.nan_to_num(credit, nan=0.0)
    return status, np.asarray(credit, dtype=np.float64)
