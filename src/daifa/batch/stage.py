"""Pass 1: the input, read in batches, written to partition folders of whole product groups.

Every row keeps its position in the input (``__pos``) so the results can be put
back in input order. A row goes to partition ``hash(product group) mod P``; a row
without a group compares with nobody and goes by its position.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from daifa.engine.schema import COLUMN_NAMES
from daifa.sources.spreadsheet import SpreadsheetError, read_tables
from daifa.sources.spreadsheet.canonical import canonical_headers, parse_canonical_batch
from daifa.sources.spreadsheet.headers import kind_from_headers
from daifa.sources.spreadsheet.limits import check_columns
from daifa.sources.spreadsheet.parse import (
    ROW,
    SHEET,
    RawSheet,
    SheetResult,
    parse_sheet,
)
from daifa.sources.spreadsheet.reader import COMPANIONS, companion_path, duplicate_notes
from daifa.sources.spreadsheet.report import Note, ReadReport
from daifa.sources.spreadsheet.sources import (
    _encoding_note,
    _first_records,
    _sample,
    decode,
    header_index,
    sniff_delimiter,
)

POSITION, PART = "__pos", "__part"
BATCH_ROWS = 250_000
Progress = Callable[[int, int | None], None]


@dataclass
class Staged:
    """Where pass 1 left the input, and what the reader said about it."""

    folder: Path
    partitions: int
    rows: int
    report: ReadReport
    sales: Path | None = None
    reviews: Path | None = None
    parts: list[Path] = field(default_factory=list)

    def partition_files(self, index: int) -> list[Path]:
        return sorted((self.folder / f"p{index:05d}").glob("*.parquet"))


def stage(
    path: Path,
    folder: Path,
    *,
    partition_rows: int,
    display: str | None = None,
    batch_rows: int | None = None,
    progress: Progress | None = None,
) -> Staged:
    """Read ``path`` (CSV or Parquet) into partitions of about ``partition_rows`` rows."""
    display = display or path.name
    batch_rows = batch_rows or BATCH_ROWS
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        batches, report, rows = _parquet_batches(path, display, batch_rows)
    elif suffix in (".csv", ".tsv", ".txt"):
        batches, report, rows = _csv_batches(path, display, batch_rows)
    else:
        raise SpreadsheetError(
            f"{path.name}: only CSV and Parquet files are screened in partitions; "
            "save the file as CSV or Parquet",
            f"{path.name}：只有 CSV 和 Parquet 文件可以分区筛选；请另存为 CSV 或 Parquet",
        )
    partitions = max(1, math.ceil(rows / max(1, partition_rows)))
    staged = Staged(folder, partitions, 0, report)
    seen_notes: set[str] = {n.en for n in report.notes}
    for number, result in enumerate(batches):
        report.problems.extend(result.problems)
        for note in result.notes:  # the same note from every batch is said once
            if note.en not in seen_notes:
                seen_notes.add(note.en)
                report.notes.append(note)
        if number == 0:
            report.unknown_columns.extend(result.unknown)
        frame = result.frame.with_columns(
            pl.int_range(staged.rows, staged.rows + result.frame.height, dtype=pl.Int64).alias(
                POSITION
            )
        )
        staged.rows += frame.height
        _write_partitions(frame, folder, partitions, number)
        if progress is not None:
            progress(staged.rows, rows)
    report.rows["suppliers"] = staged.rows
    report.notes.extend(_duplicates(staged))
    staged.sales, staged.reviews = _companions(path, folder, report)
    return staged


def _write_partitions(frame: pl.DataFrame, folder: Path, partitions: int, batch: int) -> None:
    if "product_group" in frame.columns:
        name = pl.col("product_group").cast(pl.String).str.strip_chars()
        grouped = name.is_not_null() & (name != "")
        by_group = name.hash(seed=0) % partitions
        part: pl.Expr = pl.when(grouped).then(by_group).otherwise(pl.col(POSITION) % partitions)
    else:
        part = pl.col(POSITION) % partitions
    tagged = frame.with_columns(part.cast(pl.Int64).alias(PART))
    for (index,), rows in tagged.partition_by(PART, as_dict=True).items():
        target = folder / f"p{int(str(index)):05d}"
        target.mkdir(parents=True, exist_ok=True)
        rows.drop(PART).write_parquet(target / f"b{batch:06d}.parquet", statistics=True)


def _duplicates(staged: Staged) -> list[Note]:
    """The reader's notes on rows naming the same supplier and offer, over the whole file.

    Rows are first narrowed by a hash of their keys (8 bytes a row), then the few
    candidates are read in full and checked exactly by the reader's own function.
    """
    files = sorted(staged.folder.glob("p*/*.parquet"))
    if not files or staged.rows < 2:
        return []
    columns = pl.scan_parquet(files).collect_schema().names()
    keys = ["supplier_id"] + (["offer_id"] if "offer_id" in columns else [])
    scan = pl.scan_parquet(files).filter(pl.col("supplier_id").is_not_null())
    hashes = scan.select(pl.struct(keys).hash(seed=0).alias("h")).collect(engine="streaming")
    twice = hashes.filter(pl.col("h").is_duplicated()).unique()
    if twice.height == 0:
        return []
    candidates = (
        scan.with_columns(pl.struct(keys).hash(seed=0).alias("h"))
        .join(twice.lazy(), on="h", how="semi")
        .select(*keys, ROW, SHEET, POSITION)
        .collect()
        .sort(POSITION)
        .drop(POSITION)
    )
    return duplicate_notes(candidates)


def _companions(path: Path, folder: Path, report: ReadReport) -> tuple[Path | None, Path | None]:
    """``shop.sales.csv`` / ``shop.reviews.csv`` beside a CSV: read whole (they are per
    supplier and far smaller than the offers) and kept as Parquet for the partitions."""
    found: dict[str, Path | None] = {"sales": None, "reviews": None}
    if path.suffix.lower() == ".parquet":
        return None, None
    for kind in COMPANIONS:
        companion = companion_path(path, kind)
        if not companion.is_file():
            continue
        tables = read_tables(companion)
        report.problems.extend(tables.report.problems)
        report.notes.extend(tables.report.notes)
        frame = getattr(tables, kind)
        if frame is not None:
            report.rows[kind] = frame.height
            found[kind] = folder / f"{kind}.parquet"
            frame.write_parquet(found[kind])
    return found["sales"], found["reviews"]


# -- CSV -------------------------------------------------------------------------------


def _csv_batches(
    path: Path, display: str, batch_rows: int
) -> tuple[Iterator[SheetResult], ReadReport, int]:
    """The reader's steps (see sources.read_csv_sheet and parse.parse_sheet), batch by batch.

    The file must be UTF-8: other encodings are converted in memory, which is what
    streaming avoids; Polars checks every byte as it reads.
    """
    with path.open("rb") as handle:
        head = handle.read(1_000_000)
    sample, encoding = decode(head, trust_sample=True)
    if encoding not in ("utf-8", "utf-8-sig"):
        raise SpreadsheetError(
            f"{display} is {encoding} text; files screened in partitions must be UTF-8: "
            "save it as UTF-8 CSV (or Parquet)",
            f"{display} 是 {encoding} 编码；分区筛选的文件必须是 UTF-8："
            "请另存为 UTF-8 CSV（或 Parquet）",
        )
    text = _sample(sample).decode("utf-8", errors="ignore")
    delimiter = sniff_delimiter(text, path.suffix.lower())
    records = _first_records(text, delimiter)
    index = header_index(records)
    if index is None:
        raise SpreadsheetError(
            f"{display}: no row of recognised column headers",
            f"{display}：没有找到可识别的表头行",
        )
    headers = [(h or "").replace("\x00", "").strip() for h in records[index]]
    check_columns(display, len(headers))
    report = ReadReport(source=display, notes=[_note(display, _encoding_note(encoding))])
    lines = max(1, text.count("\n"))
    estimate = int(path.stat().st_size / max(1, len(text.encode("utf-8")) / lines))
    scan = pl.scan_csv(
        path,
        has_header=False,
        skip_rows=index + 1,
        separator=delimiter,
        schema={f"c{i}": pl.String for i in range(len(headers))},
        truncate_ragged_lines=True,
        extra_columns="ignore",
        missing_columns="insert",
        raise_if_empty=False,
        row_index_name=ROW,
        row_index_offset=index + 2,
    ).with_columns(pl.col(ROW).cast(pl.Int64))
    canonical = canonical_headers(headers) if delimiter == "," else None
    kind = kind_from_headers(set(headers))
    if kind != "suppliers":
        raise SpreadsheetError(
            f"{display}: the columns name a {kind} table, not suppliers",
            f"{display}：这些列属于{'销量' if kind == 'sales' else '评价'}表，而不是供应商表",
        )

    def results() -> Iterator[SheetResult]:
        for batch in scan.collect_batches(chunk_size=batch_rows):
            sheet = RawSheet(display, headers, batch.select(ROW, pl.exclude(ROW)), index + 1)
            if canonical is not None:
                yield parse_canonical_batch(sheet.frame, canonical, display)
            else:
                yield parse_sheet(sheet, "suppliers", lambda done: None)

    return results(), report, estimate


def _note(display: str, note: Note) -> Note:
    return Note(f"{display}: {note.en}", f"{display}：{note.zh}")


# -- Parquet ---------------------------------------------------------------------------


def _parquet_batches(
    path: Path, display: str, batch_rows: int
) -> tuple[Iterator[SheetResult], ReadReport, int]:
    """Parquet holds typed columns already: the canonical ones are taken as they are
    (the engine checks their values), in canonical order, with ``_row``/``_sheet``."""
    scan = pl.scan_parquet(path)
    names = scan.collect_schema().names()
    present = [name for name in COLUMN_NAMES if name in names]
    report = ReadReport(source=display)
    report.unknown_columns.extend(
        (display, name) for name in names if name not in COLUMN_NAMES and name not in (ROW, SHEET)
    )
    if "supplier_id" not in present:
        raise SpreadsheetError(
            f"{display} has no supplier_id column",
            f"{display} 缺少 supplier_id（供应商ID）列",
        )
    rows = int(scan.select(pl.len()).collect().item())
    selected = scan.select(present).with_row_index(ROW, offset=2)

    def results() -> Iterator[SheetResult]:
        for batch in selected.collect_batches(chunk_size=batch_rows):
            frame = batch.select(
                *present,
                pl.col(ROW).cast(pl.Int64),
                pl.lit(display, dtype=pl.String).alias(SHEET),
            )
            yield SheetResult(kind="suppliers", frame=frame)

    return results(), report, rows
