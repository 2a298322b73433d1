"""A self-contained HTML report (inline CSS, no scripts, prints cleanly)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape
from typing import Any

from daifa import display
from daifa.engine import ScreeningResult
from daifa.engine.criteria import DIMENSION_LABELS
from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.engine.verdicts import RowVerdict
from daifa.reports.labels import DECISIONS, HEADERS, STATUS_WORDS, criterion_labels, word

_CSS = """
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
margin:2em;color:#222;line-height:1.45}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin:1.6em 0 .3em}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}tr.dim td{background:#fafafa;font-weight:bold}
.pass{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e;font-weight:bold}.unknown{color:#777}
.decision-approve,.decision-approve_on_probation{color:#1a7f37}
.decision-verify_first{color:#9a6700}.decision-avoid{color:#cf222e}
.grade{display:inline-block;border:2px solid #444;border-radius:4px;padding:0 .4em;margin-left:.4em}
.meta{color:#555}.evidence{color:#666;font-size:.85em}
@media print{body{margin:0}section{page-break-inside:avoid}a{color:inherit;text-decoration:none}}
"""


def to_html(
    result: ScreeningResult, *, lang: str = "zh", generated_at: datetime | None = None
) -> str:
    """The whole report as one HTML document (a string)."""
    records = result.explain()
    h = {key: word(HEADERS, key, lang) for key in HEADERS}
    when = (generated_at or datetime.now()).strftime("%Y-%m-%d %H:%M")
    approvable = sum(1 for r in records if r.approvable)
    parts = [
        "<!doctype html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{escape(h['title'])}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{escape(h['title'])}</h1>",
        f'<p class="meta">{h["profile"]}: {escape(result.profile.name)}'
        f" · {h['suppliers']}: {len(records)}"
        f" · {h['approvable']}: {approvable} · {when}</p></header>",
        _summary(records, h, lang),
        *(_supplier(i, r, result, h, lang) for i, r in enumerate(records)),
        "</body></html>",
    ]
    return "\n".join(parts)


def _name(record: RowVerdict) -> str:
    name = record.supplier_name or record.supplier_id
    return f"{name} / {record.offer_id}" if record.offer_id else str(name)


def _fmt(value: Any, lang: str) -> str:
    # As the pages show it (daifa.display), struct fields by their column labels.
    return display.fact(value, lang, label=lambda name: _column_label(name, lang))


def _column_label(name: str, lang: str) -> str:
    column = COLUMNS_BY_NAME.get(name)
    return name if column is None else (column.label_zh if lang == "zh" else column.label_en)


def _row(cells: Iterable[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _decision(record: RowVerdict, lang: str) -> str:
    d = record.decision
    return f'<span class="decision-{d}">{escape(word(DECISIONS, d, lang))}</span>'


def _summary(records: list[RowVerdict], h: dict[str, str], lang: str) -> str:
    head = _row(
        (h[k] for k in ("supplier", "score", "coverage", "grade", "decision", "peer")), "th"
    )
    body = [
        _row(
            (
                f'<a href="#s-{i}">{escape(_name(r))}</a>',
                _fmt(r.score, lang),
                f"{r.coverage:.0%}",
                r.grade,
                _decision(r, lang),
                "–" if r.peer_rank is None else f"{r.peer_rank} ({escape(str(r.peer_group))})",
            )
        )
        for i, r in enumerate(records)
    ]
    return "<table>" + head + "".join(body) + "</table>"


def _supplier(
    index: int, record: RowVerdict, result: ScreeningResult, h: dict[str, str], lang: str
) -> str:
    reasons = []
    for key in ("blocking", "to_verify", "flags"):
        ids = list(getattr(record, key))
        text = criterion_labels(result, ids, lang) if ids else h["none"]
        reasons.append(f"<li>{h[key]}: {escape(text)}</li>")
    score = _fmt(record.score, lang)
    header = (
        f'<section id="s-{index}"><h2>{escape(_name(record))}'
        f'<span class="grade">{record.grade}</span> '
        f"{_decision(record, lang)}</h2>"
        f'<p class="meta">{h["score"]}: {score} · {h["coverage"]}: {record.coverage:.0%}'
        f" · {h['peer']}: {_fmt(record.peer_rank, lang)}"
        f" · {h['robustness']}: {_fmt(record.robustness, lang)}</p>"
        f"<ul>{''.join(reasons)}</ul>"
    )
    return header + _criteria_table(record, h, lang) + "</section>"


def _criteria_table(record: RowVerdict, h: dict[str, str], lang: str) -> str:
    keys = ("criterion", "status", "value", "threshold", "points", "message", "action", "evidence")
    rows = [_row((h[k] for k in keys), "th")]
    dimension = None
    for item in record.criteria:
        if item.dimension != dimension:
            dimension = item.dimension
            rows.append(
                f'<tr class="dim"><td colspan="8">'
                f"{escape(DIMENSION_LABELS[dimension].get(lang))}</td></tr>"
            )
        status = item.status
        source = ", ".join(_fmt(v, lang) for v in (item.evidence.source, item.evidence.as_of) if v)
        value = item.value_text.get(lang) if item.value_text else _fmt(item.value, lang)
        rows.append(
            _row(
                (
                    f"<code>{item.id}</code>",
                    f'<span class="{status}">{escape(word(STATUS_WORDS, status, lang))}</span>',
                    escape(value),
                    escape(_fmt(item.threshold, lang)),
                    escape(_fmt(item.points, lang)),
                    escape(item.message.get(lang)),
                    escape(item.action.get(lang)),
                    f'<span class="evidence">{escape(source)}</span>',
                )
            )
        )
    return "<table>" + "".join(rows) + "</table>"
