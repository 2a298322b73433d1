"""Describers: a criterion's value, extras and evidence as the words of its messages.

A describer turns one row's value (and the extras its value builder computed, or
a flag's evidence) into the ``{value}``/``{detail}``/... fields of the
criterion's message templates, in both languages, plus the message variant and
the evidence to keep. Criteria whose value reads as itself use
:func:`describe_plain`; the catalogue entry of any other names its describer
(``describe=...``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from daifa.display import yes_no
from daifa.engine.certificates import requirement_label
from daifa.engine.criteria._model import Criterion, format_number

# (value, fields per language, message variant or None, evidence)
Detail = tuple[Any, dict[str, dict[str, str]], str | None, dict[str, Any]]
Describer = Callable[[Criterion, Any, dict[str, Any], str], Detail]
"""``(criterion, value, extras or evidence, status) -> Detail``."""

_NOT_GIVEN = {"zh": "未填写", "en": "not given"}


def describe(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    """The criterion's own describer, or the default for its kind."""
    if c.describe is not None:
        return c.describe(c, value, row, status)
    if c.rule.op == "detector":
        return describe_flag(c, value, row, status)
    return describe_plain(c, value, row, status)


def describe_plain(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    """The value as shown; the extras, when known, kept as evidence."""
    fields = {lang: {"value": show(value, lang)} for lang in ("zh", "en")}
    return value, fields, None, {k: v for k, v in row.items() if v is not None}


def describe_flag(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    """A flag without words of its own: its evidence, pointed at."""
    fields = {"zh": {"detail": "详见依据"}, "en": {"detail": "see the evidence"}} if row else {}
    return None, fields, None, dict(row)


def describe_sales_spike(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    # Unknown says why (a new listing, too little history, no recent sales);
    # warn says it is a promotion period. The action fits the reason.
    variant = row.get("reason") if row and status in ("unknown", "warn") else None
    return None, _spike_fields(row) if row else {}, variant, dict(row)


def describe_template_reviews(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    return None, _reviews_fields(row) if row else {}, None, dict(row)


def describe_price_vs_peers(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    fields = _peers_fields(row) if row else {}
    return None, fields, _peers_variant(status, row), dict(row)


def show(value: Any, lang: str) -> str:
    if value is None:
        return "?"
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, float | int):
        return format_number(float(value))
    if isinstance(value, list):
        return ("、" if lang == "zh" else ", ").join(str(v) for v in value)
    return str(value)


def both(**values: Any) -> dict[str, dict[str, str]]:
    return {lang: {k: show(v, lang) for k, v in values.items()} for lang in ("zh", "en")}


def describe_certificates(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    fields = {
        lang: {
            "value": show(value, lang),
            "required": show([requirement_label(n, lang) for n in row["required"]], lang),
            "missing": show([requirement_label(n, lang) for n in row["missing"]], lang),
            "category": show(row["category"], lang),
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


def describe_markup(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    fields = both(value=value)
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


def describe_transit(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    low, high = row["min"], row["max"]
    shown = (
        f"{format_number(low)}–{format_number(high)}"
        if low is not None and high is not None
        else value
    )
    return value, both(value=shown), None, {"min": low, "max": high}


def describe_wrong_item_terms(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
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


def describe_unsold_returns(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    days, loss = (value or {}).get("days"), (value or {}).get("loss_pct")
    zh = [f"{show(days, 'zh')} 天内可退" if days else "不可退" if days == 0 else None]
    en = [
        plural(days, "day", "days") + " to return" if days else "no returns" if days == 0 else None
    ]
    if loss is not None:
        zh.append(f"损耗 {show(loss, 'zh')}%")
        en.append(f"{show(loss, 'en')}% loss")
    fields = {
        "zh": {"value": "，".join(p for p in zh if p) or "?"},
        "en": {"value": ", ".join(p for p in en if p) or "?"},
    }
    return value, fields, None, {}


def plural(n: Any, one: str, many: str) -> str:
    """``1 day``, ``2 days``: English counts agree with their noun."""
    return f"{show(n, 'en')} {one if n == 1 else many}"


def describe_with_basis(c: Criterion, value: Any, row: dict[str, Any], status: str) -> Detail:
    return value, both(value=value), None, {"basis": row["basis"]}


def _peers_variant(status: str, evidence: Mapping[str, Any]) -> str | None:
    """Why a known price is still unknown: too few peers, not comparable, or the unit."""
    if status == "unknown" and evidence:
        reason = evidence.get("reason")
        if reason is None and evidence.get("price") is not None:
            reason = "few_peers"  # evidence written before reasons were recorded
        return None if reason == "no_price" else reason
    return None


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
            "detail": f"of {plural(n, 'review', 'reviews')}, {templated} generic praise "
            f"and {duplicated} near-duplicates"
        },
    }


def _pct(share: Any) -> str:
    return "?" if share is None else f"{float(share) * 100:.0f}%"


def _peers_fields(e: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    price, mean, n = e.get("price"), e.get("group_mean"), e.get("n_peers") or 0
    below = e.get("pct_below_mean")
    zh = f"¥{_num(price)}，同款均价 ¥{_num(mean)}（{n} 家同款）"
    en = f"¥{_num(price)} against a peer mean of ¥{_num(mean)} ({plural(n, 'peer', 'peers')})"
    if below is not None and below > 0:
        zh = f"¥{_num(price)}，比同款均价 ¥{_num(mean)} 低 {_num(below)}%（{n} 家同款）"
        en = (
            f"¥{_num(price)}, {_num(below)}% below the peer mean of ¥{_num(mean)} "
            f"({plural(n, 'peer', 'peers')})"
        )
    peers_en = plural(n, "similar offer", "similar offers")
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
