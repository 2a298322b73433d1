"""JSON and CSV output."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import polars as pl

from daifa.engine import ScreeningResult
from daifa.reports.csv_text import write_frame
from daifa.reports.labels import DECISIONS
from daifa.sources.spreadsheet.safe import neutralise_frame

FORMATS: tuple[str, ...] = ("table", "json", "csv", "html")


def to_json(result: ScreeningResult, *, lang: str = "zh", rows: Sequence[int] | None = None) -> str:
    """A JSON list, one object per supplier row (see ScreeningResult.records)."""
    return json.dumps(list(result.records(rows, lang=lang)), ensure_ascii=False, indent=2)


def write_json(result: ScreeningResult, out: IO[str], *, lang: str = "zh") -> None:
    """Stream the JSON list to ``out`` one record at a time (memory stays flat)."""
    out.write("[")
    for i, record in enumerate(result.records(lang=lang)):
        out.write(",\n" if i else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
    out.write("\n]\n")


def csv_frame(result: ScreeningResult, *, lang: str = "zh") -> pl.DataFrame:
    """Summary columns, the action in ``lang``, then ``<id>__status``/``<id>__points``."""
    # A chain over the four Enum values: no string work per row.
    action = pl.lit(None, dtype=pl.String)
    for key, texts in DECISIONS.items():
        action = pl.when(pl.col("decision") == key).then(pl.lit(texts.get(lang))).otherwise(action)
    action = action.alias("action")
    frame = result.frame
    position = frame.columns.index("decision") + 1
    columns = [pl.col(c) for c in frame.columns]
    columns.insert(position, action)
    return frame.select(columns)


def write_csv(result: ScreeningResult, path: str | Path | IO[str], *, lang: str = "zh") -> None:
    """Write :func:`csv_frame` as UTF-8 CSV (with a BOM so Chinese Excel reads it);
    supplier text that could run as a formula is neutralised."""
    if isinstance(path, str | Path):
        # The same bytes as neutralise_frame(...).write_csv(path, include_bom=True), faster.
        write_frame(csv_frame(result, lang=lang), path, include_bom=True)
    else:
        path.write(neutralise_frame(csv_frame(result, lang=lang)).write_csv())
