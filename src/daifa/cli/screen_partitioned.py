"""`daifa screen` for files larger than memory: partitions of whole product groups
(see :mod:`daifa.batch`), on this process or a Dask cluster; the same output."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from daifa.cli import UsageError
from daifa.cli.screen import PARTITION_ROWS, _print_notes, _rates, _say


def run_partitioned(args: argparse.Namespace, profile: Any) -> int:
    from daifa.batch.dask_engine import DaskUnavailable
    from daifa.batch.output import windows, write_csv, write_parquet
    from daifa.batch.screen_parts import Job, screen_locally
    from daifa.batch.stage import stage
    from daifa.cli.progress import progress_bar
    from daifa.engine import EngineError
    from daifa.sources.spreadsheet import SpreadsheetError
    from daifa.sources.spreadsheet.limits import lifted

    lang = args.lang
    if args.output_format not in ("csv", "parquet") or args.out is None:
        raise UsageError(
            "screening in partitions writes --format csv or --format parquet to --out FILE / "
            "分区筛选只能用 --format csv 或 parquet 写入 --out 文件"
        )
    if args.partition_rows is not None and args.partition_rows < 1:
        raise UsageError("--partition-rows must be at least 1 / --partition-rows 至少为 1")
    if args.work_dir is not None and not args.work_dir.is_dir():
        raise UsageError(f"--work-dir: no such folder: {args.work_dir} / 文件夹不存在")
    if args.engine == "dask":
        from daifa.batch.dask_engine import require

        try:
            require()  # before the whole file is read, not after
        except DaskUnavailable as exc:
            print(f"daifa: {exc.message(lang)}", file=sys.stderr)
            return 2
    rates = _rates(args)
    with tempfile.TemporaryDirectory(prefix="daifa-screen-", dir=args.work_dir) as tmp:
        folder = Path(tmp)
        try:
            with lifted(), progress_bar(lang) as update:
                staged = stage(
                    args.input,
                    folder,
                    partition_rows=args.partition_rows or PARTITION_ROWS,
                    progress=lambda done, total: update("read", done, total),
                )
                companions = _companions(args, folder)
        except SpreadsheetError as exc:
            print(f"daifa: {exc.message(lang)}", file=sys.stderr)
            return 1
        if companions is None:
            return 1
        if not staged.report.ok:
            print(staged.report.to_text(lang), file=sys.stderr)
            return 1
        _print_notes(staged.report, lang)
        job = Job(
            profile=profile,
            rates=rates,
            lang=lang,
            source_name=args.input.name,
            sales=companions.get("sales", staged.sales),
            reviews=companions.get("reviews", staged.reviews),
        )
        try:
            with progress_bar(lang) as update:
                tick = lambda done, total: update("partitions", done, total)  # noqa: E731
                if args.engine == "dask":
                    from daifa.batch.dask_engine import screen_on_dask

                    results = screen_on_dask(job, staged, address=args.address, progress=tick)
                else:
                    results = screen_locally(job, staged, progress=tick)
        except DaskUnavailable as exc:
            print(f"daifa: {exc.message(lang)}", file=sys.stderr)
            return 2
        except EngineError as exc:
            print(f"daifa: {exc.message(lang)}", file=sys.stderr)
            return 1
        for en, zh in dict.fromkeys(r.costing_note for r in results if r.costing_note):
            note = _say(lang, "提示：未计算到岸成本：", "note: landed costs not computed: ")
            print(note + _say(lang, zh, en), file=sys.stderr)
        parts = [r.path for r in results if r.path is not None]
        frames = windows(parts, staged.rows)
        if args.output_format == "csv":
            write_csv(frames, args.out)
        else:
            write_parquet(frames, args.out)
    return 0


def _companions(args: argparse.Namespace, folder: Path) -> dict[str, Path] | None:
    """--sales / --reviews, read whole (as the in-memory path reads them) into Parquet."""
    from daifa.sources.spreadsheet import SpreadsheetError, read_tables

    lang = args.lang
    found: dict[str, Path] = {}
    for path, kind in ((args.sales, "sales"), (args.reviews, "reviews")):
        if path is None:
            continue
        try:
            tables = read_tables(path)
        except SpreadsheetError as exc:
            print(f"daifa: {exc.message(lang)}", file=sys.stderr)
            return None
        if not tables.report.ok:
            print(tables.report.to_text(lang), file=sys.stderr)
            return None
        frame = getattr(tables, kind)
        if frame is None:
            what = _say(lang, "销量" if kind == "sales" else "评价", kind)
            print(
                "daifa: "
                + _say(lang, f"{path.name} 中没有找到{what}表", f"no {kind} table in {path.name}"),
                file=sys.stderr,
            )
            return None
        found[kind] = folder / f"given-{kind}.parquet"
        frame.write_parquet(found[kind])
    return found
