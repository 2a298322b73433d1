"""`daifa screen`: screen suppliers from a CSV/XLSX file, no database needed."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from daifa.cli import UsageError

FORMATS = ("table", "json", "csv", "html", "parquet")
SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet"}
PARTITION_ROWS = 1_000_000  # about 2 GB of memory at the peak of a partition's screening


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "screen",
        help="screen suppliers from a CSV/XLSX file against the catalogue (no database)",
        description=(
            "Score every supplier row of INPUT: gates, scores, flags and peer rank, "
            "with the reason and next action for each criterion. "
            "对 INPUT 中的每个供应商打分，并给出每项指标的原因和下一步操作。"
        ),
    )
    parser.add_argument("input", type=Path, metavar="INPUT", help="suppliers (CSV or XLSX)")
    parser.add_argument("--sales", type=Path, metavar="FILE", help="sales history (CSV or XLSX)")
    parser.add_argument("--reviews", type=Path, metavar="FILE", help="reviews (CSV or XLSX)")
    parser.add_argument("--profile", type=Path, metavar="FILE", help="a scoring profile (TOML)")
    parser.add_argument(
        "--rates",
        type=Path,
        metavar="FILE",
        help="currency rates (currency.toml/.csv); default: the stored rates (daifa rates set)",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--format", choices=FORMATS, default="table", dest="output_format")
    parser.add_argument("--out", type=Path, metavar="PATH", help="write here instead of stdout")
    parser.add_argument(
        "--partition-rows",
        type=int,
        metavar="N",
        help=(
            "screen in partitions of about N rows of whole product groups, for files larger "
            f"than memory (Parquet input always is, {PARTITION_ROWS:,} rows by default); "
            "the output is the same as in one piece. 按约 N 行分区筛选（同款分组不拆开）"
        ),
    )
    parser.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where the partitions are screened: this process, or a Dask cluster (optional "
        "extra 'scale'). 分区在本进程或 Dask 集群上筛选",
    )
    parser.add_argument(
        "--address",
        metavar="ADDRESS",
        help="the Dask scheduler (tcp://host:8786); default: a local cluster on this machine",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        metavar="DIR",
        help="where partitions are kept while screening (default: the system's temp folder; "
        "on a Dask cluster, a folder every worker sees at the same path)",
    )
    parser.set_defaults(func=run_screen)


def _say(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _check_file(path: Path | None, option: str) -> None:
    if path is None:
        return
    if not path.is_file():
        raise UsageError(f"{option}: no such file: {path}")
    if option != "--profile" and path.suffix.lower() not in SUFFIXES:
        raise UsageError(
            f"{option}: {path.name}: expected a .csv, .tsv, .txt, .xlsx, .xlsm or .parquet file"
        )


def run_screen(args: argparse.Namespace) -> int:
    for path, option in (
        (args.input, "INPUT"),
        (args.sales, "--sales"),
        (args.reviews, "--reviews"),
    ):
        _check_file(path, option)
    _check_file(args.profile, "--profile")
    if args.output_format == "parquet" and args.out is None:
        raise UsageError("--format parquet needs --out FILE / Parquet 输出需要 --out 文件")
    import daifa.engine  # noqa: F401  (its imports timed as the start, not as the read)
    from daifa.cli.screen_timings import timings

    clock = timings()
    _batch_memory()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(_SWITCH_INTERVAL)
    try:
        return _screen(args, clock)
    finally:
        sys.setswitchinterval(interval)


# How long a thread holding the interpreter lock may keep a waiting one out (Python's
# default is 5 ms). The command's threads (the kernels' warm-up, the CSV writer's
# builders, the screening's side thread) each need the lock briefly between long
# stretches without it; at 5 ms a builder waited out most of each block's turn while
# the main thread held the lock, and the write took a quarter longer (alternated runs).
_SWITCH_INTERVAL = 0.0005


def _screen(args: argparse.Namespace, clock: Any) -> int:
    from daifa.engine import EngineError, screen

    profile = _profile(args)
    _warm_kernels()
    if _partitioned(args):
        from daifa.cli.screen_partitioned import run_partitioned

        return run_partitioned(args, profile)
    with clock.phase("read"):
        tables = _read(args)
    if tables is None:
        return 1
    suppliers, sales, reviews = tables
    try:
        with clock.phase("cost"):
            suppliers, rates = _costed(suppliers, args)
        with clock.phase("screen"):
            result = screen(
                suppliers,
                profile=profile,
                sales=sales,
                reviews=reviews,
                currency_rates=rates,
                source_name=args.input.name,
            )
    except EngineError as exc:
        print(f"daifa: {exc.message(args.lang)}", file=sys.stderr)
        return 1
    with clock.phase("write"):
        _write(result, args)
    clock.report()
    return 0


def _batch_memory() -> None:
    """Keep NumPy's big arrays off fresh huge pages, and freed ones for reuse.

    NumPy asks the kernel for transparent huge pages for every array of 4 MB or more
    (``madvise``): each first touch then clears (and may first compact) 2 MB, on the
    thread that touches it. At a million rows the screening and costing allocate
    hundreds of such arrays once each: about 0.5-1 s of system time, most of it on
    the calling thread, that no other core can take. And glibc hands a freed array
    back to the system as soon as 16 MB sit free at the top of its heap, so the next
    one faults its pages in again. A batch command that exits when done keeps them.
    Only when the user has not set NumPy's own switch (NUMPY_MADVISE_HUGEPAGE).
    """
    import os

    if "NUMPY_MADVISE_HUGEPAGE" not in os.environ:
        from numpy._core import multiarray  # NumPy's own switch; not in its type stubs

        switch = getattr(multiarray, "_set_madvise_hugepage", None)
        if switch is not None:
            switch(False)
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: its defaults stay
        return
    libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD: keep up to 1 GB of freed heap
    libc.mallopt(-3, 1 << 28)  # M_MMAP_THRESHOLD: arrays up to 256 MB come from the heap


def _warm_kernels() -> None:
    """Load Numba and the compiled peer kernels on a thread while the file is read.

    About a second of a process's start that the reading (Polars, off the GIL) can
    hide; the kernels' first call would otherwise pay it after the reading.
    """
    import threading

    def warm() -> None:
        from daifa.engine._compiled import warm_up

        warm_up()

    threading.Thread(target=warm, name="daifa-warm-kernels", daemon=True).start()


def _partitioned(args: argparse.Namespace) -> bool:
    return (
        args.partition_rows is not None
        or args.engine != "local"
        or args.input.suffix.lower() == ".parquet"
    )


def _rates(args: argparse.Namespace) -> Any:
    """The currency rates to cost with; stale rates and old rate cards are warned about."""
    from datetime import date

    from daifa.cli.cost import cost_rates
    from daifa.engine import card_warnings, stale_currency_warning
    from daifa.sources.ratecards import DEFAULT_SETTINGS

    lang = args.lang
    rates = cost_rates(args.rates, None, DEFAULT_SETTINGS.rates)
    stale = stale_currency_warning(rates, date.today())
    for warning in ([stale] if stale else []) + card_warnings(DEFAULT_SETTINGS.cards, date.today()):
        print(_say(lang, "警告：" + warning.zh, "warning: " + warning.en), file=sys.stderr)
    return rates


def _costed(suppliers: Any, args: argparse.Namespace) -> tuple[Any, Any]:
    """Suppliers with landed costs, and the rates they were converted with.

    The same costing the workbench and ``daifa cost`` run (example cards, the stored
    or given rates), so markup_room judges the same multiple everywhere and shows the
    landed profit. A row the costing cannot take (e.g. a currency without a rate)
    leaves the landed figures out, with a note; the screening still runs.
    """
    from daifa.engine import InputError, with_landed_costs
    from daifa.sources.ratecards import DEFAULT_SETTINGS

    lang = args.lang
    rates = _rates(args)
    try:
        return with_landed_costs(suppliers, DEFAULT_SETTINGS.replace(rates=rates)), rates
    except InputError as exc:
        note = _say(lang, "提示：未计算到岸成本：", "note: landed costs not computed: ")
        print(note + exc.message(lang), file=sys.stderr)
        return suppliers, rates


def _profile(args: argparse.Namespace) -> Any:
    from daifa.engine import Profile, ProfileError

    if args.profile is None:
        return Profile.default()
    try:
        return Profile.from_toml(args.profile.read_text(encoding="utf-8"))
    except ProfileError as exc:
        raise UsageError(f"--profile {args.profile.name}: {exc.message(args.lang)}") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"--profile {args.profile.name}: not UTF-8 text ({exc.reason})") from exc


def _read(args: argparse.Namespace) -> tuple[Any, Any, Any] | None:
    """(suppliers, sales, reviews), or None after printing why they cannot be used."""
    from daifa.sources.spreadsheet import SpreadsheetError, read_tables
    from daifa.sources.spreadsheet.limits import lifted

    lang = args.lang
    found: dict[str, Any] = {}
    for path, kind in ((args.input, "suppliers"), (args.sales, "sales"), (args.reviews, "reviews")):
        if path is None:
            continue
        try:
            # No database here: a file of millions of rows is screened, not refused.
            with lifted():
                tables = read_tables(path)
        except SpreadsheetError as exc:
            print(f"daifa: {exc.message(lang)}", file=sys.stderr)
            return None
        if tables.report is not None and not tables.report.ok:
            print(tables.report.to_text(lang), file=sys.stderr)
            return None
        _print_notes(tables.report, lang)
        if kind == "suppliers":
            found.update(suppliers=tables.suppliers, sales=tables.sales, reviews=tables.reviews)
        elif getattr(tables, kind) is None:
            print(
                "daifa: "
                + _say(
                    lang,
                    f"{path.name} 中没有找到{'销量' if kind == 'sales' else '评价'}表",
                    f"no {kind} table found in {path.name}",
                ),
                file=sys.stderr,
            )
            return None
        else:
            found[kind] = getattr(tables, kind)
    return found["suppliers"], found.get("sales"), found.get("reviews")


def _print_notes(report: Any, lang: str) -> None:
    """The read report's notices (e.g. how a bare 0.3 was read): the seller must see them."""
    if report is None:
        return
    for note in report.notes:
        print(_say(lang, "提示：", "note: ") + note.text(lang), file=sys.stderr)


def _write(result: Any, args: argparse.Namespace) -> None:
    from daifa.reports import render_table, to_html, write_csv, write_json

    lang, fmt, out = args.lang, args.output_format, args.out
    if fmt == "csv" and out is not None:
        write_csv(result, out, lang=lang)
        return
    if fmt == "parquet":
        from daifa.batch.output import write_parquet
        from daifa.reports.records import csv_frame

        write_parquet([csv_frame(result, lang=lang)], out)
        return
    stream: IO[str]
    with _open(out) as stream:
        if fmt == "table":
            render_table(result, lang=lang, out=stream if out is not None else None)
        elif fmt == "json":
            write_json(result, stream, lang=lang)
        elif fmt == "csv":
            write_csv(result, stream, lang=lang)
        else:
            stream.write(to_html(result, lang=lang))


@contextlib.contextmanager
def _open(path: Path | None) -> Iterator[IO[str]]:
    """``--out PATH`` as a UTF-8 file, removed again if the run fails while writing it
    (no half of a report is left), or stdout (left open) without a path."""
    if path is None:
        yield sys.stdout
        return
    from daifa.reports.output_file import writing

    with writing(path) as (handle, _):
        stream = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        try:
            yield stream
            stream.flush()  # an error here removes the partial file too
        finally:
            stream.detach()  # the file is writing()'s to close
