"""The screened supplier list as CSV or XLSX, as a seller reads it.

Headers in the page's language, grades and verdicts in words, criterion names
instead of ids, 是/否 instead of true/false, percentages and money formatted.
The XLSX keeps numbers as numbers (with number formats), has a bold frozen
header, an autofilter and column widths. Supplier text never runs as a formula
(:mod:`daifa.sources.spreadsheet.safe`). The raw canonical tables, for
re-import, are :func:`raw_workspace`.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from daifa.engine.words import DECISIONS
from daifa.sources.spreadsheet.safe import neutralise_frame
from daifa.sources.spreadsheet.xlsx import XlsxSheet, write_xlsx

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from daifa.screening.models import ScreenRow
    from daifa.sources.spreadsheet import Tables

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
ZIP_TYPE = "application/zip"


@dataclass(frozen=True)
class Column:
    """One exported column: how it is read from a row and shown."""

    key: str
    zh: str
    en: str
    # text | number | integer | pct (a 0..1 fraction) | money (CNY) | yesno | criteria | decision
    kind: str = "text"
    digits: int = 1


COLUMNS: tuple[Column, ...] = (
    Column("supplier_id", "供应商ID", "Supplier id"),
    Column("supplier_name", "供应商", "Supplier"),
    Column("grade", "等级", "Grade"),
    Column("score", "分数", "Score", "number", 1),
    Column("coverage", "已知占比", "Known share", "pct"),
    Column("decision", "结论", "Decision", "decision"),
    Column("approvable", "可合作", "Approvable", "yesno"),
    Column("blocking", "不通过的硬性条件", "Failed gates", "criteria"),
    Column("to_verify", "待核实", "To verify", "criteria"),
    Column("flags", "风险标记", "Flags", "criteria"),
    Column("offer_id", "商品ID", "Offer id"),
    Column("product_title", "商品标题", "Product title"),
    Column("category", "类目", "Category"),
    Column("unit_price_cny", "单价(元)", "Unit price (CNY)", "money"),
    Column("moq", "起订量", "MOQ", "integer"),
    Column("landed_unit_cost_cny", "到岸单件成本(元)", "Landed unit cost (CNY)", "money"),
    Column("peer_group", "同款分组", "Product group"),
    Column("peer_rank", "同款排名", "Peer rank", "integer"),
    Column("closeness", "TOPSIS 贴近度", "TOPSIS closeness", "number", 3),
    Column("robustness", "排名稳健度", "Rank robustness", "pct"),
)

FIELDS = (
    "supplier__external_id", "supplier__name", "grade", "score", "coverage", "decision",
    "approvable", "blocking", "to_verify", "flags", "offer__external_id", "offer__title",
    "category", "unit_price_cny", "moq", "landed_unit_cost_cny", "peer_group", "peer_rank",
    "closeness", "robustness",
)  # fmt: skip

_SCHEMA: dict[str, pl.DataType] = {
    "text": pl.String(),
    "number": pl.Float64(),
    "integer": pl.Int64(),
    "pct": pl.Float64(),
    "money": pl.Float64(),
    "yesno": pl.Boolean(),
    "criteria": pl.List(pl.String()),
    "decision": pl.String(),
}
_YES_NO = {"zh": ("是", "否"), "en": ("Yes", "No")}
_SEPARATOR = {"zh": "、", "en": ", "}
_XLSX_FORMATS = {
    "pct": "0%",
    "money": "¥#,##0.00",
    "integer": "#,##0",
}


def _records(rows: QuerySet[ScreenRow]) -> Iterator[tuple[Any, ...]]:
    for r in rows.only(*FIELDS).iterator(chunk_size=2000):
        yield (
            r.supplier.external_id, r.supplier.name, r.grade, r.score, r.coverage, r.decision,
            r.approvable, list(r.blocking), list(r.to_verify), list(r.flags),
            r.offer.external_id, r.offer.title, r.category, r.unit_price_cny, r.moq,
            r.landed_unit_cost_cny, r.peer_group, r.peer_rank, r.closeness, r.robustness,
        )  # fmt: skip


SCHEMA: dict[str, pl.DataType] = {c.key: _SCHEMA[c.kind] for c in COLUMNS}


def _frame(rows: QuerySet[ScreenRow]) -> pl.DataFrame:
    return pl.DataFrame(list(_records(rows)), schema=SCHEMA, orient="row")


def _words(frame: pl.DataFrame, lang: str, labels: Mapping[str, str]) -> pl.DataFrame:
    """Verdicts, yes/no and criterion ids as words; numbers are left as numbers."""
    yes, no = _YES_NO[lang]
    decisions = {key: text.get(lang) for key, text in DECISIONS.items()}
    columns = []
    for column in COLUMNS:
        expr = pl.col(column.key)
        if column.kind == "yesno":
            expr = pl.when(expr).then(pl.lit(yes)).when(~expr).then(pl.lit(no))
        elif column.kind == "criteria":
            named = expr.list.eval(pl.element().replace(dict(labels)))
            expr = named.list.join(_SEPARATOR[lang])
        elif column.kind == "decision":
            expr = expr.replace(decisions)
        elif column.kind == "number":
            expr = expr.round(column.digits)
        columns.append(expr.alias(column.key))
    return frame.select(columns)


def _csv_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Numbers as a seller writes them: 46%, 12.50; CSV has no number formats.
    Called after text is neutralised: a negative amount stays a number."""
    columns = []
    for column in COLUMNS:
        expr = pl.col(column.key)
        if column.kind == "pct":
            expr = (expr * 100).round(0).cast(pl.Int64).cast(pl.String) + pl.lit("%")
        elif column.kind == "money":
            expr = _two_decimals(expr)
        columns.append(expr.alias(column.key))
    return frame.select(columns)


def _two_decimals(expr: pl.Expr) -> pl.Expr:
    """12.5 -> "12.50" without a Python call per row."""
    cents = (expr.abs() * 100).round(0).cast(pl.Int64)
    sign = pl.when(expr < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    fraction = (cents % 100).cast(pl.String).str.zfill(2)
    return pl.format("{}{}.{}", sign, (cents // 100).cast(pl.String), fraction)


def headers(lang: str) -> list[str]:
    return [c.zh if lang == "zh" else c.en for c in COLUMNS]


def screened_list(
    rows: QuerySet[ScreenRow],
    fmt: str,
    *,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
) -> tuple[bytes, str]:
    """``rows`` (ScreenRow query) as CSV or XLSX bytes, and the content type."""
    return render(_frame(rows), fmt, lang=lang, labels=labels)


def render(
    rows: pl.DataFrame, fmt: str, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> tuple[bytes, str]:
    """A frame of :data:`COLUMNS` (ids, fractions, booleans) as the seller's file."""
    frame = _words(rows, lang, labels or {})
    if fmt == "csv":
        text = _csv_text(neutralise_frame(frame)).rename(
            dict(zip(frame.columns, headers(lang), strict=True))
        )
        # BOM: Chinese Excel opens UTF-8 CSV correctly only with it.
        return b"\xef\xbb\xbf" + text.write_csv().encode("utf-8"), CSV_TYPE
    formats = {c.key: _XLSX_FORMATS[c.kind] for c in COLUMNS if c.kind in _XLSX_FORMATS}
    formats.update({c.key: "0." + "0" * c.digits for c in COLUMNS if c.kind == "number"})
    sheet_name = "筛选结果" if lang == "zh" else "Screening"
    out = io.BytesIO()
    write_xlsx([XlsxSheet(sheet_name, frame, headers(lang), formats)], out)
    return out.getvalue(), XLSX_TYPE


def raw_workspace(tables: Tables, fmt: str) -> tuple[bytes, str, str]:
    """The canonical tables (``daifa export``'s files) as bytes, content type and
    file suffix: XLSX with sheets suppliers/sales/reviews, or CSV (a ZIP of the
    suppliers file and its sales/reviews companions when there are any)."""
    from daifa.sources.spreadsheet import write_tables

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"daifa-raw.{fmt}"
        written = write_tables(tables, target, format="xlsx" if fmt == "xlsx" else "csv")
        if fmt == "xlsx":
            return written[0].read_bytes(), XLSX_TYPE, "xlsx"
        if len(written) == 1:
            return written[0].read_bytes(), CSV_TYPE, "csv"
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in written:
                archive.write(path, path.name)
        return out.getvalue(), ZIP_TYPE, "zip"
