"""Pass 3: the partitions' results written back in input order, a window at a time.

Each result file is sorted by input position and written with small row groups,
so the rows of one window are read from each file without reading the rest.
CSV comes out byte for byte as :func:`daifa.reports.write_csv` writes it (BOM,
header, text that could run as a formula neutralised); Parquet through one writer
for both paths (:func:`write_parquet`), so their files read back equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from daifa.batch.stage import POSITION
from daifa.reports.csv_text import write_frame
from daifa.reports.output_file import writing
from daifa.sources.spreadsheet.safe import neutralise_frame

WINDOW_ROWS = 1_000_000


def windows(parts: list[Path], rows: int, window: int = WINDOW_ROWS) -> Iterator[pl.DataFrame]:
    """The results of every part, in input order, ``window`` rows at a time."""
    if not parts:
        return
    for start in range(0, max(rows, 1), window):
        inside = pl.col(POSITION).is_between(start, start + window - 1)
        frames = [pl.scan_parquet(part).filter(inside).collect() for part in parts]
        yield pl.concat(frames).sort(POSITION).drop(POSITION)


def write_csv(frames: Iterable[pl.DataFrame], out: Path) -> None:
    """As :func:`daifa.reports.write_csv` writes one frame, for a sequence of them
    (``out`` removed again if a frame fails)."""
    with writing(out) as (handle, _):
        for number, frame in enumerate(frames):
            write_frame(frame, handle, include_bom=number == 0, include_header=number == 0)


def write_parquet(frames: Iterable[pl.DataFrame], out: Path) -> None:
    """Frames appended to one Parquet file (text neutralised as in the CSV); ``out``
    removed again if a frame fails, and not written at all without a frame."""
    import pyarrow.parquet as pq

    ahead = iter(frames)
    first = next(ahead, None)
    if first is None:
        return
    with writing(out) as (handle, path):
        handle.close()  # pyarrow writes the file by its name
        table = neutralise_frame(first).to_arrow()
        writer = pq.ParquetWriter(path, table.schema)
        try:
            writer.write_table(table)
            for frame in ahead:
                writer.write_table(neutralise_frame(frame).to_arrow())
        finally:
            writer.close()
