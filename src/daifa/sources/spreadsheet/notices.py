"""Cells read as unknown or as a range's price: a notice naming rows and column.

A price of "面议" (on request) or a 1688 price range "8.5-12" is no reason to
refuse a whole supplier file: the cell is read (unknown, or the range's
smallest-order price) and the seller is told which rows and column, once per
column, with a few examples.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from .headers import HeaderMatch
from .numbers import ON_REQUEST, PRICE_RANGE
from .report import Note

CELL_NOTICES = (ON_REQUEST, PRICE_RANGE)
_ROW = "__row__"
_SHOWN = 5


def _rows(rows: list[int], lang: str) -> str:
    shown = rows[:_SHOWN]
    more = len(rows) - len(shown)
    if lang == "zh":
        text = "、".join(str(r) for r in shown)
        return f"第 {text} 行" + (f" 等 {len(rows)} 行" if more else "")
    text = ", ".join(str(r) for r in shown)
    return ("rows " if len(rows) > 1 else "row ") + text + (f" and {more} more" if more else "")


def cell_notices(
    out: pl.DataFrame,
    raw: pl.DataFrame,
    matches: Mapping[str, HeaderMatch],
    sheet: str,
    why_prefix: str,
    row_column: str = _ROW,
) -> list[Note]:
    """One note per column and kind of such cells, naming the rows."""
    notes: list[Note] = []
    for column, match in matches.items():
        why = out.get_column(why_prefix + column)
        if why.null_count() == out.height:
            continue
        for code in CELL_NOTICES:
            mask = why == code
            if not mask.any():
                continue
            rows = out.get_column(row_column).filter(mask).to_list()
            cells = raw.get_column(column).filter(mask).to_list()
            values = out.get_column(f"__value__{match.field}").filter(mask).to_list()
            notes.append(_note(code, sheet, match.header, rows, cells, values))
    return notes


def _note(
    code: str, sheet: str, header: str, rows: list[int], cells: list[str], values: list[float]
) -> Note:
    where_zh = f"[{sheet}] 列「{header}」{_rows(rows, 'zh')}"
    where_en = f'[{sheet}] column "{header}", {_rows(rows, "en")}'
    if code == ON_REQUEST:
        example = cells[0]
        return Note(
            f'{where_en}: "{example}" gives no price; read as unknown '
            "(the rest of the file is screened; ask the supplier for a price)",
            f"{where_zh}：「{example}」没有给出价格，按未知处理"
            "（其余内容照常筛选；请向供应商询价）",
        )
    pairs = list(zip(cells, values, strict=True))[:_SHOWN]
    shown_zh = "，".join(f"「{c}」按 {v:g} 元" for c, v in pairs)
    shown_en = ", ".join(f'"{c}" as {v:g} yuan' for c, v in pairs)
    return Note(
        f"{where_en}: a price range (tiered price) is read as its higher price, the price "
        f"of the smallest order: {shown_en}; enter price_tiers to compare at a quantity",
        f"{where_zh}：价格区间（阶梯价）按较高的起批价读取：{shown_zh}；"
        "如需按数量比价，请填写阶梯价",
    )
