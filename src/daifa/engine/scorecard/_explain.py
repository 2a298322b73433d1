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

from daifa.engine.criteria import Criterion, format_number
from daifa.engine.profile import GRADE_ACTIONS, requirement_label
from daifa.engine.scorecard._values import Context, criterion_exprs

if TYPE_CHECKING:
    from daifa.engine.scorecard import ScreeningResult

_CHUNK = 2_000
_YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}
_NOT_GIVEN = {"zh": "未填写", "en": "not given"}
DECISION_TEXT: Mapping[str, tuple[str, str]] = {
    "approve": ("批准合作", "approve"),
    "approve_on_probation": ("试合作（小单观察）", "approve on probation"),
    "verify_first": ("先核实再决定", "verify first"),
    "avoid": ("避免合作", "avoid"),
}


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
    result: ScreeningResult, rows: Sequence[int] | None, lang: str | None
) -> Iterator[dict[str, Any]]:
    positions = list(range(result.frame.height)) if rows is None else [int(r) for r in rows]
    for start in range(0, len(positions), _CHUNK):
        yield from _chunk(result, positions[start : start + _CHUNK], lang)


def _chunk(
    result: ScreeningResult, positions: list[int], lang: str | None
) -> Iterator[dict[str, Any]]:
    summary = result.frame[positions]
    inputs = result.inputs[positions]
    ctx = _ctx(result)
    per_criterion = {
        c.id: _criterion_rows(result, c, inputs, summary, positions, ctx) for c in result.catalogue
    }
    # Only the summary columns: the per-criterion ones were read above.
    heads = summary.select(c for c in summary.columns if "__" not in c)
    for i, row in enumerate(_rows(heads)):
        record = _summary(row, lang)
        record["criteria"] = [per_criterion[c.id][i] for c in result.catalogue]
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
    zh, en = DECISION_TEXT[record["decision"]]
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
        details = _column_details(c, inputs, ctx)
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
        if c.id in _DESCRIBERS and value is not None and texts.get("value", "?") != "?":
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


Detail = tuple[Any, dict[str, dict[str, str]], str | None, dict[str, Any]]


def _column_details(c: Criterion, inputs: pl.DataFrame, ctx: Context) -> list[Detail]:
    exprs = criterion_exprs(c, ctx)
    extra = [e.alias(name) for name, e in exprs.extra.items()]
    frame = _select(inputs, [exprs.value.alias("value"), *extra], exprs.helpers)
    return [_describe(c, row) for row in _rows(frame)]


def _rows(frame: pl.DataFrame) -> Iterator[dict[str, Any]]:
    """``frame.iter_rows(named=True)``, several times faster: whole columns to
    Python lists once, then zipped."""
    names = frame.columns
    for values in zip(*(frame.get_column(n).to_list() for n in names), strict=True):
        yield dict(zip(names, values, strict=True))


def _describe(c: Criterion, row: dict[str, Any]) -> Detail:
    value = row.pop("value")
    special = _DESCRIBERS.get(c.id)
    if special is not None:
        return special(c, value, row)
    fields = {lang: {"value": _show(value, lang)} for lang in ("zh", "en")}
    return value, fields, None, {k: v for k, v in row.items() if v is not None}


def _show(value: Any, lang: str) -> str:
    if value is None:
        return "?"
    if isinstance(value, bool):
        return _YES_NO[lang][0 if value else 1]
    if isinstance(value, float | int):
        return format_number(float(value))
    if isinstance(value, list):
        return ("、" if lang == "zh" else ", ").join(str(v) for v in value)
    return str(value)


def _both(**values: Any) -> dict[str, dict[str, str]]:
    return {lang: {k: _show(v, lang) for k, v in values.items()} for lang in ("zh", "en")}


def _describe_certs(c: Criterion, value: Any, row: dict[str, Any]) -> Detail:
    fields = {
        lang: {
            "value": _show(value, lang),
            "required": _show([requirement_label(n, lang) for n in row["required"]], lang),
            "missing": _show([requirement_label(n, lang) for n in row["missing"]], lang),
            "category": _show(row["category"], lang),
        }
        for lang in ("zh", "en")
    }
    variant = None
    if row["category"] is None:
        variant = "no_category"
    elif not row["required"]:
        variant = "no_rule"
    evidence = {
        "required": row["required"],
        "missing": row["missing"],
        "rules": row["rules"],
        "basis": row["basis"],
    }
    return value, fields, variant, evidence


def _describe_markup(c: Criterion, value: Any, row: dict[str, Any]) -> Detail:
    fields = _both(value=value)
    for lang in ("zh", "en"):
        fields[lang]["currency"] = row["currency"] or _NOT_GIVEN[lang]
    variant = "currency" if value is None and row["currency_missing_rate"] else None
    profit = row.get("landed_profit_cny")
    fields["zh"]["profit"] = (
        f"到岸利润 {profit:.2f} 元" if profit is not None else "到岸利润未知（需重量和成本设置）"
    )
    fields["en"]["profit"] = (
        f"landed profit {profit:.2f} CNY"
        if profit is not None
        else "landed profit unknown (needs weight and cost settings)"
    )
    keys = ("cost_cny", "cost_basis", "retail_cny", "currency", "landed_cost_cny")
    evidence = {k: row.get(k) for k in keys}
    evidence["landed_profit_cny"] = profit
    evidence["note_en"] = (
        "the seed's multiple: retail ÷ purchase price incl. extra fees (it must cover "
        "freight, fees and marketing); the landed profit is after all of them"
    )
    evidence["note_zh"] = (
        "种子指南的倍数：售价 ÷ 采购价（含额外费用），需覆盖运费、佣金和营销；到岸利润已扣除这些"
    )
    return value, fields, variant, evidence


def _describe_transit(c: Criterion, value: Any, row: dict[str, Any]) -> Detail:
    low, high = row["min"], row["max"]
    shown = (
        f"{format_number(low)}–{format_number(high)}"
        if low is not None and high is not None
        else value
    )
    return value, _both(value=shown), None, {"min": low, "max": high}


def _describe_wrong_item(c: Criterion, value: Any, row: dict[str, Any]) -> Detail:
    labels = {
        "wrong_item_response_hours": ("响应 {} 小时", "reply {} h"),
        "wrong_item_reship_hours": ("补发 {} 小时", "reship {} h"),
        "wrong_item_compensation_pct": ("赔付 {}%", "compensation {}%"),
    }
    fields: dict[str, dict[str, str]] = {}
    for index, lang in enumerate(("zh", "en")):
        parts = [
            labels[k][index].format(format_number(v) if v is not None else "?")
            for k, v in (value or {}).items()
        ]
        fields[lang] = {"value": ("，" if lang == "zh" else ", ").join(parts)}
    return value, fields, None, {"terms_met": row["met"], "terms_known": row["known"]}


def _describe_unsold(c: Criterion, value: Any, row: dict[str, Any]) -> Detail:
    days, loss = (value or {}).get("days"), (value or {}).get("loss_pct")
    zh = [f"{_show(days, 'zh')} 天内可退" if days else "不可退" if days == 0 else None]
    en = [
        _plural(days, "day", "days") + " to return" if days else "no returns" if days == 0 else None
    ]
    if loss is not None:
        zh.append(f"损耗 {_show(loss, 'zh')}%")
        en.append(f"{_show(loss, 'en')}% loss")
    fields = {
        "zh": {"value": "，".join(p for p in zh if p) or "?"},
        "en": {"value": ", ".join(p for p in en if p) or "?"},
    }
    return value, fields, None, {}


def _plural(n: Any, one: str, many: str) -> str:
    """``1 day``, ``2 days``: English counts agree with their noun."""
    return f"{_show(n, 'en')} {one if n == 1 else many}"


def _describe_with_basis(c: Criterion, value: Any, row: dict[str, Any]) -> Detail:
    return value, _both(value=value), None, {"basis": row["basis"]}


_DESCRIBERS = {
    "certifications": _describe_certs,
    "markup_room": _describe_markup,
    "transit_days_eu_us": _describe_transit,
    "wrong_item_terms": _describe_wrong_item,
    "unsold_return_days": _describe_unsold,
    "years_in_business": _describe_with_basis,
    "test_order_ship_hours": _describe_with_basis,
}


def _kpi_details(result: ScreeningResult, c: Criterion, summary: pl.DataFrame) -> list[Detail]:
    cmp = "≥ " if c.rule.op == "at_least" else "≤ "
    if result.kpis is None:
        return [(None, _both(cmp=cmp), None, {"source": "orders"}) for _ in range(summary.height)]
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
            bound = f"{_show(low, lang)}–{_show(high, lang)}{unit}"
        elif low is not None:
            bound = f"≥ {_show(low, lang)}{unit}"
        interval = "95% 区间" if lang == "zh" else "95% interval"
        if k is not None:
            value = f"{k} / {n}"
            detail = f"{_show(stats.get('value'), lang)}{unit}, {interval} {bound}"
        else:
            value = f"{_show(stats.get('value'), lang)}{unit}"
            counted = f"{n} 单" if lang == "zh" else _plural(n, "order", "orders")
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
        (None, _flag_fields(c.id, e), _flag_variant(c.id, status, e), dict(e or {}))
        for e, status in zip(evidence, statuses, strict=True)
    ]


def _flag_variant(cid: str, status: str, evidence: Mapping[str, Any] | None) -> str | None:
    """Why a known price is still unknown: too few peers, not comparable, or the unit."""
    if cid == "price_vs_peers" and status == "unknown" and evidence:
        reason = evidence.get("reason")
        if reason is None and evidence.get("price") is not None:
            reason = "few_peers"  # evidence written before reasons were recorded
        return None if reason == "no_price" else reason
    if cid == "sales_spike" and status in ("unknown", "warn") and evidence:
        # Unknown says why (a new listing, too little history, no recent
        # sales); warn says it is a promotion period. The action fits.
        return evidence.get("reason")
    return None


def _flag_fields(cid: str, evidence: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """The detector's evidence as a sentence in each language (never its keys)."""
    if not evidence:
        return {}
    describe = _FLAG_DETAILS.get(cid)
    if describe is None:
        return {"zh": {"detail": "详见依据"}, "en": {"detail": "see the evidence"}}
    return describe(evidence)


def _num(value: Any) -> str:
    return "?" if value is None else format_number(float(value))


def _spike_fields(e: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    # The detector says what it found (dates, peers, offer) in both languages.
    if e.get("detail_zh") and e.get("detail_en"):
        return {"zh": {"detail": e["detail_zh"]}, "en": {"detail": e["detail_en"]}}
    recent, base, ratio = (
        e.get("recent_rate_per_day"),
        e.get("baseline_rate_per_day"),
        e.get("ratio"),
    )
    days = e.get("recent_days") or 30
    zh = f"近 {days} 天日均 {_num(recent)} 件，此前日均 {_num(base)} 件"
    en = f"{_num(recent)} units a day in the last {days} days against {_num(base)} a day before"
    if ratio is not None:
        zh += f"（{_num(ratio)} 倍）"
        en += f" ({_num(ratio)}×)"
    return {"zh": {"detail": zh}, "en": {"detail": en}}


def _reviews_fields(e: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    n = e.get("n_considered") or 0
    templated, duplicated = _pct(e.get("templated_share")), _pct(e.get("duplicate_share"))
    return {
        "zh": {"detail": f"{n} 条评价中空泛好评占 {templated}，内容雷同占 {duplicated}"},
        "en": {
            "detail": f"of {_plural(n, 'review', 'reviews')}, {templated} generic praise "
            f"and {duplicated} near-duplicates"
        },
    }


def _pct(share: Any) -> str:
    return "?" if share is None else f"{float(share) * 100:.0f}%"


def _peers_fields(e: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    price, mean, n = e.get("price"), e.get("group_mean"), e.get("n_peers") or 0
    below = e.get("pct_below_mean")
    zh = f"¥{_num(price)}，同款均价 ¥{_num(mean)}（{n} 家同款）"
    en = f"¥{_num(price)} against a peer mean of ¥{_num(mean)} ({_plural(n, 'peer', 'peers')})"
    if below is not None and below > 0:
        zh = f"¥{_num(price)}，比同款均价 ¥{_num(mean)} 低 {_num(below)}%（{n} 家同款）"
        en = (
            f"¥{_num(price)}, {_num(below)}% below the peer mean of ¥{_num(mean)} "
            f"({_plural(n, 'peer', 'peers')})"
        )
    peers_en = _plural(n, "similar offer", "similar offers")
    quantity, peer_moq = _num(e.get("quantity")), _num(e.get("peer_moq"))
    return {
        "zh": {"detail": zh, "n_peers": str(n), "quantity": quantity, "peer_moq": peer_moq},
        "en": {
            "detail": en,
            "n_peers": str(n),
            "peers": peers_en,
            "quantity": quantity,
            "peer_moq": peer_moq,
        },
    }


_FLAG_DETAILS = {
    "sales_spike": _spike_fields,
    "template_reviews": _reviews_fields,
    "price_vs_peers": _peers_fields,
}


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
