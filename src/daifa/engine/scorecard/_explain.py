"""Explanations: per-criterion value, threshold, points, messages and evidence.

Built only for the rows asked for, in chunks, with the same expressions as the
vectorised path (:mod:`._values`), so an explanation can never disagree with
the score it explains.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import polars as pl

from daifa.engine import words
from daifa.engine.criteria import Criterion
from daifa.engine.criteria._describe import Detail, both, describe, plural, show
from daifa.engine.criteria._values import Context, criterion_exprs
from daifa.engine.profile import GRADE_ACTIONS
from daifa.text import Text

if TYPE_CHECKING:
    from daifa.engine.scorecard import ScreeningResult

_CHUNK = 2_000
# The decision's words (kept under this name; the vocabulary owns them).
DECISION_TEXT: Mapping[str, Text] = words.DECISIONS


def _ctx(result: ScreeningResult) -> Context:
    return Context(frozenset(result.inputs.columns), result.profile, result.currency_rates)


def _column_based(c: Criterion) -> bool:
    return c.rule.op != "detector" and c.dimension != "kpi"


def criterion_columns(result: ScreeningResult, c: Criterion) -> pl.DataFrame:
    """Status, points, value (and extras) of one criterion for every row."""
    base = result.frame.select(
        "supplier_id",
        "offer_id",
        pl.col(f"{c.id}__status").alias("status"),
        pl.col(f"{c.id}__points").alias("points"),
    )
    if _column_based(c):
        exprs = criterion_exprs(c, _ctx(result))
        extra = [e.alias(name) for name, e in exprs.extra.items()]
        return base.hstack(
            _select(result.inputs, [exprs.value.alias("value"), *extra], exprs.helpers)
        )
    if c.dimension == "kpi" and result.kpis is not None:
        kpi = result.kpis.select(
            "supplier_id", *[n for n in result.kpis.columns if n.startswith(f"{c.id}__")]
        )
        kpi = kpi.rename(
            {n: n.removeprefix(f"{c.id}__") for n in kpi.columns if n != "supplier_id"}
        )
        kpi = kpi.drop("status", "credit")
        return base.join(kpi, on="supplier_id", how="left", maintain_order="left")
    outcome = result.flag_outcomes.get(c.id)
    if outcome is not None and outcome.evidence is not None:
        if outcome.key == "_row":
            return base.hstack(outcome.evidence.select("evidence"))
        evidence = outcome.evidence.select("supplier_id", "evidence")
        return base.join(evidence, on="supplier_id", how="left", maintain_order="left")
    return base


def _select(
    frame: pl.DataFrame, exprs: list[pl.Expr], helpers: Sequence[Mapping[str, pl.Expr]]
) -> pl.DataFrame:
    """``select`` that keeps the frame's height when an expression is a literal
    (a column the input does not have is a typed null literal)."""
    names = [e.meta.output_name() for e in exprs]
    for stage in helpers:
        frame = frame.with_columns(**stage)
    return frame.with_columns(exprs).select(names)


def build_records(
    result: ScreeningResult,
    rows: Sequence[int] | None,
    lang: str | None,
    criteria: Sequence[str] | None = None,
) -> Iterator[dict[str, Any]]:
    positions = list(range(result.frame.height)) if rows is None else [int(r) for r in rows]
    # In the profile's order; ``criteria`` only narrows which are explained.
    wanted = None if criteria is None else frozenset(criteria)
    explained = tuple(c for c in result.catalogue if wanted is None or c.id in wanted)
    for start in range(0, len(positions), _CHUNK):
        yield from _chunk(result, positions[start : start + _CHUNK], lang, explained)


def _chunk(
    result: ScreeningResult,
    positions: list[int],
    lang: str | None,
    explained: tuple[Criterion, ...],
) -> Iterator[dict[str, Any]]:
    summary = result.frame[positions]
    inputs = result.inputs[positions]
    ctx = _ctx(result)
    per_criterion = {
        c.id: _criterion_rows(result, c, inputs, summary, positions, ctx) for c in explained
    }
    # Only the summary columns: the per-criterion ones were read above.
    heads = summary.select(c for c in summary.columns if "__" not in c)
    for i, row in enumerate(_rows(heads)):
        record = _summary(row, lang)
        record["criteria"] = [per_criterion[c.id][i] for c in explained]
        if lang is not None:
            for item in record["criteria"]:
                item["message"], item["action"] = item[f"message_{lang}"], item[f"action_{lang}"]
                item["value_text"] = item.get(f"value_text_{lang}")
        yield record


def _summary(row: Mapping[str, Any], lang: str | None) -> dict[str, Any]:
    record = dict(row)
    for key in ("blocking", "to_verify", "flags"):
        record[key] = [part for part in (record[key] or "").split(";") if part]
    for key in ("score", "coverage", "closeness", "robustness"):
        if record.get(key) is not None:
            record[key] = round(float(record[key]), 4)
    decision = DECISION_TEXT[record["decision"]]
    zh, en = decision.zh, decision.en
    record["action_zh"], record["action_en"] = zh, en
    grade_text = GRADE_ACTIONS[record["grade"]]
    record["grade_action_zh"], record["grade_action_en"] = grade_text.zh, grade_text.en
    if lang is not None:
        record["action"] = zh if lang == "zh" else en
    return record


def _criterion_rows(
    result: ScreeningResult,
    c: Criterion,
    inputs: pl.DataFrame,
    summary: pl.DataFrame,
    positions: list[int],
    ctx: Context,
) -> list[dict[str, Any]]:
    statuses = summary[f"{c.id}__status"].cast(pl.String).to_list()
    points = summary[f"{c.id}__points"].to_list()
    if _column_based(c):
        details = _column_details(c, inputs, ctx, statuses)
    elif c.dimension == "kpi":
        details = _kpi_details(result, c, summary)
    else:
        details = _flag_details(result, c, summary, positions, statuses)
    provenance = _provenance(result, c, inputs)
    out = []
    for status, pts, (value, fields, variant, evidence), prov in zip(
        statuses, points, details, provenance, strict=True
    ):
        out.append(_item(c, status, pts, value, fields, variant, {**prov, **evidence}))
    return out


def _item(
    c: Criterion,
    status: str,
    points: float | None,
    value: Any,
    fields: Mapping[str, Mapping[str, str]],
    variant: str | None,
    evidence: dict[str, Any],
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": c.id,
        "kind": c.kind,
        "dimension": c.dimension,
        "status": status,
        "value": _jsonable(value),
        "threshold": _threshold(c, evidence),
        "points": None if points is None else round(float(points), 4),
        "max_points": c.weight if c.kind in ("score", "flag") else None,
    }
    for lang in ("zh", "en"):
        texts = fields.get(lang, {})
        item[f"message_{lang}"] = c.message(status, lang, variant, **texts)
        item[f"action_{lang}"] = _format_action(c, status, lang, variant, texts)
        # Values with a shape of their own (terms, ranges, lists) as the seller
        # reads them, so a page never prints the raw dict or list.
        if c.describe is not None and value is not None and texts.get("value", "?") != "?":
            item[f"value_text_{lang}"] = texts["value"]
    item["evidence"] = {k: _jsonable(v) for k, v in evidence.items()}
    return item


def _format_action(
    c: Criterion, status: str, lang: str, variant: str | None, texts: Mapping[str, str]
) -> str:
    text = c.action(status, lang, variant)
    try:
        return text.format_map(dict(texts))
    except (KeyError, IndexError):
        return text


def _threshold(c: Criterion, evidence: Mapping[str, Any]) -> Any:
    if c.id == "certifications":
        return evidence.get("required")
    if c.rule.op == "detector":
        return None
    return c.rule.threshold


def _column_details(
    c: Criterion, inputs: pl.DataFrame, ctx: Context, statuses: list[str]
) -> list[Detail]:
    exprs = criterion_exprs(c, ctx)
    extra = [e.alias(name) for name, e in exprs.extra.items()]
    frame = _select(inputs, [exprs.value.alias("value"), *extra], exprs.helpers)
    return [
        describe(c, row.pop("value"), row, status)
        for row, status in zip(_rows(frame), statuses, strict=True)
    ]


def _rows(frame: pl.DataFrame) -> Iterator[dict[str, Any]]:
    """``frame.iter_rows(named=True)``, several times faster: whole columns to
    Python lists once, then zipped."""
    names = frame.columns
    for values in zip(*(frame.get_column(n).to_list() for n in names), strict=True):
        yield dict(zip(names, values, strict=True))


def _kpi_details(result: ScreeningResult, c: Criterion, summary: pl.DataFrame) -> list[Detail]:
    cmp = "≥ " if c.rule.op == "at_least" else "≤ "
    if result.kpis is None:
        return [(None, both(cmp=cmp), None, {"source": "orders"}) for _ in range(summary.height)]
    prefix = f"{c.id}__"
    kpi = result.kpis.select(
        "supplier_id", *[n for n in result.kpis.columns if n.startswith(prefix)]
    )
    joined = summary.select("supplier_id").join(
        kpi, on="supplier_id", how="left", maintain_order="left"
    )
    out: list[Detail] = []
    for row in joined.iter_rows(named=True):
        stats = {k.removeprefix(prefix): v for k, v in row.items() if k.startswith(prefix)}
        for internal in ("status", "credit"):
            stats.pop(internal, None)
        out.append(
            (stats.get("value"), _kpi_fields(stats, cmp, c), None, {"source": "orders", **stats})
        )
    return out


def _kpi_fields(stats: Mapping[str, Any], cmp: str, c: Criterion) -> dict[str, dict[str, str]]:
    """Headline "0 / 3" (or the mean with its unit), then the rate and its interval."""
    n, k = stats.get("n") or 0, stats.get("k")
    low, high = stats.get("low"), stats.get("high")
    fields: dict[str, dict[str, str]] = {}
    for lang in ("zh", "en"):
        unit = c.unit.get(lang)
        bound = "?"
        if low is not None and high is not None:
            bound = f"{show(low, lang)}–{show(high, lang)}{unit}"
        elif low is not None:
            bound = f"≥ {show(low, lang)}{unit}"
        interval = "95% 区间" if lang == "zh" else "95% interval"
        if k is not None:
            value = f"{k} / {n}"
            detail = f"{show(stats.get('value'), lang)}{unit}, {interval} {bound}"
        else:
            value = f"{show(stats.get('value'), lang)}{unit}"
            counted = f"{n} 单" if lang == "zh" else plural(n, "order", "orders")
            detail = f"{counted}, {interval} {bound}"
        if lang == "zh":
            detail = detail.replace(", ", "，")
        fields[lang] = {"value": value, "cmp": cmp, "detail": detail}
    return fields


def _flag_details(
    result: ScreeningResult,
    c: Criterion,
    summary: pl.DataFrame,
    positions: list[int],
    statuses: list[str],
) -> list[Detail]:
    outcome = result.flag_outcomes.get(c.id)
    if outcome is None or outcome.evidence is None:
        return [(None, {}, None, {}) for _ in positions]
    if outcome.key == "_row":
        evidence = outcome.evidence["evidence"].gather(positions).to_list()
    else:
        found = summary.select("supplier_id").join(
            outcome.evidence.select("supplier_id", "evidence"),
            on="supplier_id",
            how="left",
            maintain_order="left",
        )
        evidence = found["evidence"].to_list()
    return [
        describe(c, None, dict(e or {}), status)
        for e, status in zip(evidence, statuses, strict=True)
    ]


def _provenance(
    result: ScreeningResult, c: Criterion, inputs: pl.DataFrame
) -> list[dict[str, Any]]:
    """Source and date of each row's value: per field, else per row, else file position."""
    fields = [name for name in c.columns if name in inputs.columns]
    columns = set(inputs.columns)
    per_field = [(f"{name}__source", f"{name}__as_of") for name in fields]
    src = [s for s, _ in per_field if s in columns] + (["_source"] if "_source" in columns else [])
    asof = [a for _, a in per_field if a in columns] + (["_as_of"] if "_as_of" in columns else [])

    def first_of(names: list[str], dtype: pl.DataType) -> pl.Expr:
        if not names:
            return pl.lit(None, dtype=dtype)
        return pl.coalesce([pl.col(n).cast(dtype) for n in names])

    exprs = [
        first_of(src, pl.String()).alias("__source"),
        first_of(asof, pl.String()).alias("__as_of"),
        first_of(["_sheet"] if "_sheet" in columns else [], pl.String()).alias("__sheet"),
        first_of(["_row"] if "_row" in columns else [], pl.Int64()).alias("__row"),
    ]
    picked = _select(inputs, exprs, ())
    out = []
    for s, a, sheet, row in picked.iter_rows():
        source = s or _file_position(result.source_name, sheet, row)
        out.append({"fields": fields, "source": source, "as_of": a})
    return out


def _file_position(name: str | None, sheet: str | None, row: int | None) -> str | None:
    parts = [
        p
        for p in (
            name,
            f"sheet {sheet}" if sheet else None,
            f"row {row}" if row is not None else None,
        )
        if p
    ]
    return ", ".join(parts) or None


def _jsonable(value: Any) -> Any:
    # Most values are plain scalars: settle those before the isinstance chain.
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool:
        return value
    if kind is float:
        return round(value, 6)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value
