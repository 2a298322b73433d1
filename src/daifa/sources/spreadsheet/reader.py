"""``read_tables``: a CSV or XLSX file -> canonical supplier, sales and review frames."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path

import polars as pl

from daifa.engine.schema import REVIEW_COLUMNS, SALES_COLUMNS

from .errors import SpreadsheetError
from .headers import TableKind, kind_from_headers, kind_from_sheet_name
from .parse import ROW, SHEET, RawSheet, SheetResult, field_order, parse_sheet
from .report import CellProblem, Note, ReadReport
from .sources import read_csv_sheet, read_xlsx_sheets

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
    return Tables(
        suppliers=suppliers if suppliers is not None else _empty_suppliers(),
        sales=tables["sales"],
        reviews=tables["reviews"],
        report=report,
    )


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
