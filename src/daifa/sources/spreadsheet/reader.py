"""``read_tables``: a CSV or XLSX file -> canonical supplier, sales and review frames."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path

import polars as pl

from daifa.engine.schema import REVIEW_COLUMNS, SALES_COLUMNS

from .canonical import read_canonical
from .errors import SpreadsheetError
from .headers import TableKind, kind_from_headers, kind_from_sheet_name
from .parse import ROW, SHEET, RawSheet, SheetResult, field_order, parse_sheet
from .report import CellProblem, Note, ReadReport
from .sources import read_csv_sheet, read_xlsx_sheets

log = logging.getLogger(__name__)
Progress = Callable[[int, "int | None"], None]
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
COMPANIONS: tuple[TableKind, ...] = ("sales", "reviews")


@dataclass(frozen=True)
class Tables:
    """The canonical frames read from one file (or written to one)."""

    suppliers: pl.DataFrame
    sales: pl.DataFrame | None = None
    reviews: pl.DataFrame | None = None
    report: ReadReport = field(default_factory=ReadReport)

    def frames(self) -> dict[str, pl.DataFrame]:
        """The tables that exist, by kind, without the ``_row``/``_sheet`` positions."""
        found = {"suppliers": self.suppliers, "sales": self.sales, "reviews": self.reviews}
        return {k: f.drop(ROW, SHEET, strict=False) for k, f in found.items() if f is not None}


def companion_path(path: Path, kind: str) -> Path:
    """``shop.csv`` -> ``shop.sales.csv``: where a CSV's sales/reviews live."""
    return path.with_name(f"{path.stem}.{kind}{path.suffix}")


def _load(path: Path, display: str) -> tuple[list[RawSheet], list[Note]]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SpreadsheetError(f"file not found: {path}", f"找不到文件：{path}")
    if suffix in XLSX_SUFFIXES:
        return list(read_xlsx_sheets(path)), []
    if suffix not in CSV_SUFFIXES:
        raise SpreadsheetError(
            f"{path.name}: unsupported file type {suffix!r}; use .csv, .tsv, .txt or .xlsx",
            f"{path.name}：不支持的文件类型 {suffix!r}，请使用 .csv、.tsv、.txt 或 .xlsx",
        )
    sheets: list[RawSheet] = []
    notes: list[Note] = []
    for candidate in (path, *(companion_path(path, kind) for kind in COMPANIONS)):
        if candidate.is_file():
            sheet, found = read_csv_sheet(candidate)
            if candidate == path and display != path.name:
                sheet = replace(sheet, name=display)  # an upload's own name, not its temp file
            named = display if candidate == path else candidate.name
            sheets.append(sheet)
            notes.extend(Note(f"{named}: {n.en}", f"{named}：{n.zh}") for n in found)
    return sheets, notes


def _kind(sheet: RawSheet) -> TableKind:
    by_name = kind_from_sheet_name(sheet.name)
    return by_name if by_name is not None else kind_from_headers(set(sheet.headers))


def _skipped(sheet: RawSheet) -> Note:
    return Note(
        f"[{sheet.name}] skipped: no row of recognised column headers",
        f"[{sheet.name}] 已跳过：没有找到可识别的表头行",
    )


def _no_progress(done: int, total: int | None) -> None:
    return None


def _ticker(progress: Progress, offset: int, total: int) -> Callable[[int], None]:
    def tick(done: int) -> None:
        progress(offset + done, total)

    return tick


def read_tables(
    path: str | PathLike[str], *, progress: Progress | None = None, name: str | None = None
) -> Tables:
    """Read suppliers (and sales, reviews) from a CSV or XLSX file.

    Nothing in the file's cells raises: every unreadable cell is a
    :class:`CellProblem` in ``tables.report``. A file that cannot be opened at all
    raises :class:`SpreadsheetError`. ``name`` is the file's name as the seller
    knows it (an upload is stored under a temporary name); reports and row
    positions use it.
    """
    source = Path(path)
    display = name or source.name
    try:
        return _read(source, progress, display)
    except SpreadsheetError:
        raise
    except Exception as exc:
        # A reader bug must still reach the seller as a sentence, not as Polars
        # text; the traceback goes to the log for us.
        log.exception("unexpected error reading %s", display)
        raise SpreadsheetError(
            f"{display} could not be read (an unexpected problem in daifa's reader, "
            "now logged); save the file again as UTF-8 CSV or .xlsx and retry",
            f"无法读取 {display}（daifa 读取程序出现意外问题，已记录日志）；"
            "请重新另存为 UTF-8 CSV 或 .xlsx 后重试",
        ) from exc


def _read(source: Path, progress: Progress | None, display: str | None = None) -> Tables:
    display = display or source.name
    fast = read_canonical(source, display)
    if fast is not None:  # a canonical CSV: same tables, its numbers read typed
        result, notes = fast
        if progress is not None:
            progress(result.frame.height, result.frame.height)
        return _assemble([result], ReadReport(source=display, notes=notes), display)
    sheets, notes = _load(source, display)
    report = ReadReport(source=display, notes=notes)
    total = sum(sheet.frame.height for sheet in sheets)
    report_progress: Progress = progress or _no_progress
    report_progress(0, total)
    results: list[SheetResult] = []
    done = 0
    for sheet in sheets:
        if not sheet.headers:
            report.notes.append(_skipped(sheet))
            continue
        result = parse_sheet(sheet, _kind(sheet), _ticker(report_progress, done, total))
        done += sheet.frame.height
        results.append(result)
    report_progress(total, total)
    return _assemble(results, report, display)


def _assemble(results: list[SheetResult], report: ReadReport, source: str) -> Tables:
    if not results:
        report.problems.append(
            CellProblem.of(
                "no_id_column", sheet=source, row=1, column="", field="supplier_id", value=""
            )
        )
    frames: dict[TableKind, list[pl.DataFrame]] = {"suppliers": [], "sales": [], "reviews": []}
    for result in results:
        frames[result.kind].append(result.frame)
        report.problems.extend(result.problems)
        report.unknown_columns.extend(result.unknown)
        report.notes.extend(result.notes)
    tables = {kind: _combine(kind, parts) for kind, parts in frames.items()}
    for kind, frame in tables.items():
        if frame is not None:
            report.rows[kind] = frame.height
    suppliers = tables["suppliers"]
    if suppliers is not None:
        report.notes.extend(duplicate_notes(suppliers))
    return Tables(
        suppliers=suppliers if suppliers is not None else _empty_suppliers(),
        sales=tables["sales"],
        reviews=tables["reviews"],
        report=report,
    )


DUPLICATE_NOTES = 20


def duplicate_notes(suppliers: pl.DataFrame) -> list[Note]:
    """Rows that describe the same supplier and offer: the import applies them in
    order, so a later row's values replace an earlier row's; the seller is told."""
    if "supplier_id" not in suppliers.columns or suppliers.height < 2:
        return []
    keys = ["supplier_id"] + (["offer_id"] if "offer_id" in suppliers.columns else [])
    present = suppliers.filter(pl.col("supplier_id").is_not_null())
    # Narrowed first by a hash of the keys (a third of the cost of grouping a million
    # rows); the rows left, if any, are grouped exactly, in the same order.
    hashes = present.select(pl.struct(keys).hash(seed=0)).to_series()
    # Most files repeat no key: counting distinct hashes says so at a third of the
    # cost of marking the duplicated ones.
    if hashes.n_unique() == len(hashes):
        return []
    same_hash = hashes.is_duplicated()
    repeated = (
        present.filter(same_hash)
        .group_by(keys, maintain_order=True)
        .agg(pl.col(ROW), pl.col(SHEET).first())
        .filter(pl.col(ROW).list.len() > 1)
    )
    notes = []
    for row in repeated.head(DUPLICATE_NOTES).iter_rows(named=True):
        offer = row.get("offer_id")
        rows = ", ".join(str(r) for r in row[ROW][:10]) + (" …" if len(row[ROW]) > 10 else "")
        what_en = f"supplier {row['supplier_id']}" + (f", offer {offer}" if offer else "")
        what_zh = f"供应商 {row['supplier_id']}" + (f"、商品 {offer}" if offer else "")
        notes.append(
            Note(
                f"[{row[SHEET]}] {what_en} appears in rows {rows}: a later row's values "
                "replace an earlier row's (the last non-empty value of each column is kept)",
                f"[{row[SHEET]}] {what_zh} 出现在第 {rows} 行：后面的行会覆盖前面的值"
                "（每列保留最后一个非空值）",
            )
        )
    if repeated.height > DUPLICATE_NOTES:
        hidden = repeated.height - DUPLICATE_NOTES
        notes.append(
            Note(
                f"... and {hidden:,} more suppliers/offers listed in several rows",
                f"…… 另有 {hidden:,} 个供应商/商品出现在多行",
            )
        )
    return notes


def _combine(kind: TableKind, parts: list[pl.DataFrame]) -> pl.DataFrame | None:
    if not parts:
        return None
    frame = pl.concat(parts, how="diagonal_relaxed") if len(parts) > 1 else parts[0]
    if kind == "suppliers":
        present = [f for f in field_order(kind) if f in frame.columns]
        return frame.select(*present, ROW, SHEET)
    schema = SALES_COLUMNS if kind == "sales" else REVIEW_COLUMNS
    columns = [
        pl.col(name) if name in frame.columns else pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in schema.items()
    ]
    return frame.select(*columns, ROW, SHEET)


def _empty_suppliers() -> pl.DataFrame:
    return pl.DataFrame(schema={"supplier_id": pl.String, ROW: pl.Int64, SHEET: pl.String})
