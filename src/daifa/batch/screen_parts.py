"""Pass 2: each partition screened as the in-memory path screens a whole file.

:func:`screen_partition` is a plain function of paths and settings so that a Dask
worker can run it as well as this process (see :mod:`.dask_engine`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from daifa.batch.stage import POSITION, Staged


@dataclass(frozen=True)
class Job:
    """What every partition is screened with (picklable: it travels to Dask workers)."""

    profile: Any  # daifa.engine.Profile
    rates: Any  # daifa.engine.CurrencyRates
    lang: str
    source_name: str
    sales: Path | None = None
    reviews: Path | None = None


@dataclass(frozen=True)
class PartResult:
    path: Path | None  # None: the partition had no rows
    rows: int
    costing_note: tuple[str, str] | None = None  # (en, zh) when landed costs were left out


def screen_partition(job: Job, files: list[Path], out: Path) -> PartResult:
    """Screen the rows in ``files`` and write the CSV columns, with positions, to ``out``."""
    from daifa.engine import InputError, screen, with_landed_costs
    from daifa.reports.records import csv_frame
    from daifa.sources.ratecards import DEFAULT_SETTINGS

    if not files:
        return PartResult(None, 0)
    frame = pl.read_parquet(files)
    positions = frame.get_column(POSITION)
    suppliers = frame.drop(POSITION)
    note = None
    try:
        suppliers = with_landed_costs(suppliers, DEFAULT_SETTINGS.replace(rates=job.rates))
    except InputError as exc:
        note = (exc.message("en"), exc.message("zh"))
    result = screen(
        suppliers,
        profile=job.profile,
        sales=pl.read_parquet(job.sales) if job.sales else None,
        reviews=pl.read_parquet(job.reviews) if job.reviews else None,
        currency_rates=job.rates,
        source_name=job.source_name,
    )
    csv_frame(result, lang=job.lang).with_columns(positions).write_parquet(
        out, row_group_size=50_000, statistics=True
    )
    return PartResult(out, frame.height, note)


def screen_locally(
    job: Job, staged: Staged, progress: Callable[[int, int], None] | None = None
) -> list[PartResult]:
    """Every partition, one after the other, in this process."""
    results = []
    for index in range(staged.partitions):
        results.append(_one(job, staged, index))
        if progress is not None:
            progress(index + 1, staged.partitions)
    return results


def _one(job: Job, staged: Staged, index: int) -> PartResult:
    return screen_partition(job, staged.partition_files(index), _out(staged, index))


def _out(staged: Staged, index: int) -> Path:
    return staged.folder / f"r{index:05d}.parquet"


def tasks(staged: Staged) -> Iterable[tuple[list[Path], Path]]:
    """(input files, output path) of every partition."""
    for index in range(staged.partitions):
        yield staged.partition_files(index), _out(staged, index)
