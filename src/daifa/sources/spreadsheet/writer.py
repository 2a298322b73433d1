"""``write_tables``: canonical frames -> CSV (UTF-8 with BOM) or XLSX that re-import as is.

Lists are written ``CE;FCC`` (an empty list, "known to have none", as ``无``),
price tiers ``1-49:12.5;50-199:11.8;200+:10.9``, datetimes ISO with microseconds
when they have any. Everything the reader produces reads back identically.
Text that could run as a formula gets a guarding apostrophe (:mod:`.safe`),
which the reader removes again.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Literal

import polars as pl

from daifa.engine.schema import COLUMN_NAMES, REVIEW_COLUMNS, SALES_COLUMNS, conform

from .errors import SpreadsheetError
from .reader import Tables, companion_path
from .safe import neutralised
from .xlsx import XlsxSheet, write_xlsx

Format = Literal["csv", "xlsx"]
FrameSource = Tables | pl.DataFrame | Mapping[str, pl.DataFrame | None]
EMPTY_LIST = "无"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S%.f"
_ORDER: dict[str, tuple[str, ...]] = {
    "suppliers": COLUMN_NAMES,
    "sales": tuple(SALES_COLUMNS),
    "reviews": tuple(REVIEW_COLUMNS),
}


def _frames(source: FrameSource, all_columns: bool) -> dict[str, pl.DataFrame]:
    if isinstance(source, Tables):
        found: Mapping[str, pl.DataFrame | None] = source.frames()
    elif isinstance(source, pl.DataFrame):
        found = {"suppliers": source}
    else:
        found = source
    frames = {kind: frame for kind, frame in found.items() if frame is not None}
    unknown = set(frames) - set(_ORDER)
    if unknown or "suppliers" not in frames:
        raise SpreadsheetError(
            f"write_tables needs a suppliers frame and only suppliers/sales/reviews, "
            f"got {sorted(frames)}",
            f"write_tables 需要 suppliers 表，且只接受 suppliers/sales/reviews，"
            f"收到 {sorted(frames)}",
        )
    if all_columns:
        frames["suppliers"] = conform(frames["suppliers"])
    return {kind: _canonical_columns(kind, frame) for kind, frame in frames.items()}


def _canonical_columns(kind: str, frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select([name for name in _ORDER[kind] if name in frame.columns])


def _tier_text() -> pl.Expr:
    tier = pl.element().struct
    bounds = (
        pl.when(tier.field("max_qty").is_null())
        .then(pl.concat_str(tier.field("min_qty"), pl.lit("+")))
        .otherwise(pl.concat_str(tier.field("min_qty"), pl.lit("-"), tier.field("max_qty")))
    )
    return pl.concat_str(bounds, pl.lit(":"), tier.field("price_cny").cast(pl.String))


def _text_column(name: str, dtype: pl.DataType, *, excel: bool) -> pl.Expr:
    """How one column is written; for Excel, scalars stay typed cells.

    Text (and lists joined into text) is neutralised here; the XLSX writer
    neutralises its String cells itself, so only CSV text is guarded here.
    """
    column = pl.col(name)
    if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct):
        return column.list.eval(_tier_text()).list.join(";")
    if isinstance(dtype, pl.List):
        joined = (
            pl.when(column.list.len() == 0)
            .then(pl.lit(EMPTY_LIST))
            .otherwise(column.list.join(";"))
        )
        return joined if excel else neutralised(joined)
    if excel:
        return column
    if dtype == pl.String:
        return neutralised(column)
    if dtype == pl.Boolean:
        return pl.when(column).then(pl.lit("true")).when(~column).then(pl.lit("false"))
    if isinstance(dtype, pl.Datetime):
        return column.dt.to_string(DATETIME_FORMAT)
    if dtype == pl.Date:
        return column.dt.to_string("%Y-%m-%d")
    return column.cast(pl.String)


def _prepared(frame: pl.DataFrame, *, excel: bool) -> pl.DataFrame:
    return frame.select(
        _text_column(name, dtype, excel=excel).alias(name) for name, dtype in frame.schema.items()
    )


def _write_csv(frames: dict[str, pl.DataFrame], path: Path) -> list[Path]:
    for kind in ("sales", "reviews"):
        # A companion left by an earlier export would be read back as this one's.
        if kind not in frames:
            companion_path(path, kind).unlink(missing_ok=True)
    written = []
    for kind, frame in frames.items():
        target = path if kind == "suppliers" else companion_path(path, kind)
        # The BOM makes Excel open the file as UTF-8 instead of the system code page.
        _prepared(frame, excel=False).write_csv(target, include_bom=True)
        written.append(target)
    return written


def _write_xlsx(frames: dict[str, pl.DataFrame], path: Path) -> list[Path]:
    sheets = [XlsxSheet(kind, _prepared(frame, excel=True)) for kind, frame in frames.items()]
    write_xlsx(sheets, path)
    return [path]


def write_tables(
    tables_or_frames: FrameSource,
    path: str | PathLike[str],
    *,
    format: Format | None = None,
    all_columns: bool = False,
) -> list[Path]:
    """Write canonical columns to ``path``; return the files written.

    ``format`` defaults to the file's suffix. CSV: suppliers to ``path``, sales and
    reviews to ``<stem>.sales.csv`` / ``<stem>.reviews.csv`` beside it (a companion
    of ``path`` from an earlier export is removed when this export has no such
    table, so reading ``path`` gives back exactly what was written). XLSX: sheets
    suppliers / sales / reviews. ``all_columns`` writes every canonical supplier
    column, blank where unknown.
    """
    target = Path(path)
    chosen = format or ("xlsx" if target.suffix.lower() in (".xlsx", ".xlsm") else "csv")
    if chosen not in ("csv", "xlsx"):
        raise SpreadsheetError(
            f"unknown format {chosen!r}; use csv or xlsx",
            f"未知格式 {chosen!r}，请使用 csv 或 xlsx",
        )
    frames = _frames(tables_or_frames, all_columns)
    if chosen == "xlsx":
        return _write_xlsx(frames, target)
    return _write_csv(frames, target)
