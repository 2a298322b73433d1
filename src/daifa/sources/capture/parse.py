"""parse_pasted: cells -> candidates -> values read by the spreadsheet parsers -> Capture."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from daifa.sources.spreadsheet.report import REASONS, Note

from .candidates import Candidate
from .cells import Cell, split_cells
from .extract import company, flags, label_alone, lists, scan
from .labels import label
from .model import MAX_CHARS, Capture, CaptureError, Found, PageKind
from .read import read_texts
from .tiers import find_tiers

OFFER_EVIDENCE = frozenset(
    {"price_tiers", "unit_price_cny", "dropship_price_cny", "moq", "sales_30d", "offer_id"}
    | {"sold_units", "orders", "orders_30d", "product_title"}
)
SHOP_EVIDENCE = frozenset(
    {"repeat_rate_pct", "response_minutes", "dispute_rate_pct", "trustpass_years"}
    | {"years_in_business", "good_review_rate_pct"}
)
_SHOP_WORDS = re.compile(r"商家档案|公司档案|经营模式|公司名称")
# Offer facts that sit right below the title on an offer page.
_BELOW_TITLE = ("price_tiers", "unit_price_cny", "dropship_price_cny", "sold_units", "sales_30d")
_CJK = re.compile(r"[\u4e00-\u9fff]")

Result = tuple[Candidate, Any, str | None]  # candidate, value, reason code


def parse_pasted(text: str) -> Capture:
    """The facts in the text a seller copied from a 1688 shop profile or offer page.

    Values use canonical field names (daifa.engine.schema); each comes with the
    exact text it was read from. A value the page does not show stays absent.

    >>> capture = parse_pasted("回头率\\n41%\\n响应时间 ≤15分钟")
    >>> capture.values["repeat_rate_pct"], capture.values["response_minutes"]
    (41.0, 15.0)
    >>> capture.found_for("repeat_rate_pct").snippet
    '回头率\\n41%'
    """
    _check(text)
    cells = split_cells(text)
    if not cells:
        return Capture({}, [], "unknown", [Note("Nothing was pasted.", "没有粘贴任何内容。")])
    found, used, notes = find_tiers(cells)
    candidates = [*found, *scan(cells, used), *flags(cells), *lists(cells), *company(cells)]
    results = _read(candidates)
    chosen, more_notes = _resolve(results)
    notes += more_notes
    title = _title(cells, chosen, candidates, used)
    if title is not None:
        span = ((title.start, title.end),)
        chosen["product_title"] = (
            Candidate("product_title", title.text, span, title.line, title.index, priority=1),
            title.text,
        )
        notes.append(_note_title(title))
    return _capture(text, chosen, notes)


def _check(text: object) -> None:
    if not isinstance(text, str):
        raise CaptureError(
            f"Expected pasted text, got {type(text).__name__}.",
            f"应为粘贴的文本，实际是 {type(text).__name__}。",
        )
    if len(text) > MAX_CHARS:
        raise CaptureError(
            f"The pasted text has {len(text):,} characters; paste one page "
            f"(at most {MAX_CHARS:,}).",
            f"粘贴的文本有 {len(text):,} 个字符；请只粘贴一个页面（最多 {MAX_CHARS:,} 个）。",
        )


def _read(candidates: list[Candidate]) -> list[Result]:
    to_read = [c for c in candidates if c.constant is None and c.text is not None]
    reads = iter(read_texts([(c.reader, c.text or "") for c in to_read]))
    results: list[Result] = []
    for c in candidates:
        value, reason = (c.constant, None) if c.constant is not None else next(reads)
        results.append((c, value, reason))
    return results


def _resolve(results: list[Result]) -> tuple[dict[str, tuple[Candidate, Any]], list[Note]]:
    """Per field, the first readable value of the best priority; the rest become notes."""
    chosen: dict[str, tuple[Candidate, Any]] = {}
    notes: list[Note] = []
    # Fields in the order the page shows them, so the notes read top to bottom.
    first: dict[str, int] = {}
    for c, _, _ in results:
        first[c.field] = min(first.get(c.field, c.index), c.index)
    ordered = sorted(
        results, key=lambda r: (first[r[0].field], r[0].field, r[0].priority, r[0].index)
    )
    for name, group in groupby(ordered, key=lambda r: r[0].field):
        rows = list(group)
        best = next(((c, v) for c, v, _ in rows if v is not None), None)
        if best is not None:
            chosen[name] = best
            notes += _notes_on_value(*best)
        notes += [n for row in rows if (n := _note_other(row, best)) is not None]
    return chosen, notes


def _note_other(row: Result, best: tuple[Candidate, Any] | None) -> Note | None:
    candidate, value, reason = row
    where = f"line {candidate.line}", f"第 {candidate.line} 行"
    name_en, name_zh = label(candidate.field, "en"), label(candidate.field, "zh")
    if reason is not None:
        en, zh = REASONS.get(reason, (reason, reason))
        return Note(
            f'{where[0]}: {name_en} "{candidate.text}" could not be read — {en}; left unknown',
            f"{where[1]}：{name_zh}「{candidate.text}」无法读取 — {zh}；保留为未知",
        )
    if value is None:
        return Note(
            f'{where[0]}: {name_en} shows "{candidate.text}", no value; left unknown',
            f"{where[1]}：{name_zh}显示为「{candidate.text}」，没有数值；保留为未知",
        )
    if best is None or best[0] is candidate or value == best[1]:
        return None
    return Note(
        f"{where[0]}: {name_en} is also shown as {value!r}; kept {best[1]!r} "
        f"from line {best[0].line}",
        f"{where[1]}：{name_zh}另有一处为 {value!r}；采用第 {best[0].line} 行的 {best[1]!r}",
    )


def _notes_on_value(candidate: Candidate, value: Any) -> list[Note]:
    """How an ambiguous value was read (data-format.md: say which reading was taken)."""
    text, line = candidate.text or "", candidate.line
    name_en, name_zh = label(candidate.field, "en"), label(candidate.field, "zh")
    notes = []
    if candidate.reader.endswith("_pct") and "%" not in text:
        notes.append(
            Note(
                f'line {line}: {name_en} "{text}" has no % sign; read as {value} %',
                f"第 {line} 行：{name_zh}「{text}」没有 % 号，按 {value}% 读取",
            )
        )
    if "+" in text and candidate.reader == "sales_30d":
        # 1688 rounds sales down and adds "+": the number is a floor.
        notes.append(
            Note(
                f'line {line}: {name_en} "{text}" means at least {value}; {value} was kept',
                f"第 {line} 行：{name_zh}「{text}」表示至少 {value}，按 {value} 记录",
            )
        )
    if candidate.field == "dispatch_promise_hours":
        notes.append(
            Note(
                f"line {line}: “{text}发货” promises dispatch within {value:g} h; it is kept as "
                f"that promise, not as the pickup time (揽收), which stays unknown until the "
                f"supplier commits to it",
                f"第 {line} 行：“{text}发货”是发货承诺（{value:g} 小时内发货），按此记录；"
                f"揽收时效不等于发货承诺，待供应商书面承诺后再填",
            )
        )
    if candidate.field == "late_shipping_compensation":
        notes.append(
            Note(
                f"line {line}: 晚发必赔 promises compensation for late dispatch but gives no rate; "
                f"ask for it and record 超时赔付(%) when agreed",
                f"第 {line} 行：“晚发必赔”承诺晚发赔付，但页面没有写赔付比例；"
                f"请询问并在约定后填写超时赔付(%)",
            )
        )
    if candidate.field in ("sold_units", "orders"):
        notes.append(
            Note(
                f"line {line}: {name_en} {value}: the page gives no period, so it is not "
                f"stored as 30-day sales",
                f"第 {line} 行：{name_zh} {value}：页面未注明统计周期，不作为近30天销量",
            )
        )
    return notes


def _title(
    cells: Sequence[Cell],
    chosen: dict[str, tuple[Candidate, Any]],
    candidates: list[Candidate],
    used: set[int],
) -> Cell | None:
    """The offer title, when not labelled: the long line just above the price block."""
    anchors = [chosen[f][0].index for f in _BELOW_TITLE if f in chosen]
    if "product_title" in chosen or not anchors:
        return None
    taken = {start for c in candidates if c.constant is None for start, _ in c.spans}
    for cell in reversed(cells[max(0, min(anchors) - 8) : min(anchors)]):
        if cell.index in used or cell.start in taken or label_alone(cell) is not None:
            continue
        if len(cell.text) >= 8 and len(_CJK.findall(cell.text)) >= 4 and ":" not in cell.text:
            return cell
    return None


def _note_title(cell: Cell) -> Note:
    return Note(
        f"line {cell.line}: the product title was taken from the line above the price; check it",
        f"第 {cell.line} 行：商品标题取自价格上方的一行，请核对",
    )


def _page_kind(text: str, chosen: dict[str, Any]) -> PageKind:
    if OFFER_EVIDENCE & chosen.keys():
        return "offer"
    if SHOP_EVIDENCE & chosen.keys() or _SHOP_WORDS.search(text):
        return "shop"
    return "unknown"


def _capture(text: str, chosen: dict[str, tuple[Candidate, Any]], notes: list[Note]) -> Capture:
    found = []
    for name, (where, value) in chosen.items():
        found.append(
            (where.index, Found(name, value, where.snippet(text), where.line, not where.extra))
        )
    ordered = [f for _, f in sorted(found, key=lambda pair: pair[0])]
    values = {f.field: f.value for f in ordered if f.canonical}
    extra = {f.field: f.value for f in ordered if not f.canonical}
    return Capture(values, ordered, _page_kind(text, chosen), notes, extra)
