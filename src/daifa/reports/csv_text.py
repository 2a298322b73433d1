"""A result frame as CSV bytes, fast: the bytes Polars' ``write_csv`` gives, in less time.

A screening result ends in 41 pairs of Enum status and Float32 points columns,
each with a few distinct cells. Polars writes every cell through a dispatch of
its own and formats every float again; those trailing columns are written here
from word tables instead, each distinct cell rendered once by Polars itself
(:mod:`daifa.reports._words`, kernels in :mod:`daifa.reports._rows`), and
Polars writes only the leading columns (ids, names, scores), with its own quoting.

A frame without such a tail takes the older fast path: Polars' default quoting
("necessary") checks every text cell for a character that needs quotes, Enum
cells included, so the text columns that can hold such a character are quoted
here, exactly as Polars would quote them (a cell holding the separator, a quote
or a line break, and the empty string, goes in quotes with its quotes doubled),
and the frame is written without Polars' check (``quote_style="never"``).
``tests/reports/test_csv_text.py`` and ``test_csv_words.py`` check the bytes
against Polars' own on arbitrary text and floats. Supplier text that could run
as a formula is neutralised first (:mod:`daifa.sources.spreadsheet.safe`).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import polars as pl

from daifa.sources.spreadsheet.safe import _GUARDED, neutralised

if TYPE_CHECKING:
    from daifa.reports._words import WordColumns

# What makes Polars quote a field under quote_style="necessary" (separator ",").
_NEEDS_QUOTES = r'[,"\r\n]'


def _quoted(values: pl.Series) -> pl.Series:
    """The cells that need quotes, quoted; only those cells are rebuilt (most need none,
    and an empty cell, common in blocking/flags, is a constant)."""
    empty = values == ""
    special = values.str.contains(_NEEDS_QUOTES).fill_null(False)
    out = values.set(empty.fill_null(False), '""') if empty.any() else values
    rows = special.arg_true()
    if rows.len() == 0:
        return out
    inner = values.gather(rows).str.replace_all('"', '""', literal=True)
    return out.scatter(rows, '"' + inner + '"')


def _safe_words(dtype: pl.DataType) -> bool:
    """An Enum whose every category can be written without quotes (and is not empty)."""
    if not isinstance(dtype, pl.Enum):
        return False
    words = dtype.categories
    return not (words.str.contains(_NEEDS_QUOTES) | (words == "")).any()


def prepared(frame: pl.DataFrame) -> pl.DataFrame | None:
    """``frame`` with text neutralised and quoted as CSV needs, to be written with
    ``quote_style="never"``; None when a column cannot be (a header needing quotes,
    a column type this does not know): write it the plain way then."""
    text: list[str] = []
    for name, dtype in frame.schema.items():
        if _safe_words(dtype) or dtype.is_numeric() or dtype == pl.Boolean:
            continue
        if dtype != pl.String:
            return None
        text.append(name)
    if any(_needs_quotes(name) for name in frame.columns):
        return None
    if not text:
        return frame
    # One scan over the text columns: which need neutralising, which need quotes.
    found = frame.select(
        *(pl.col(c).str.contains(_GUARDED).any().alias(f"g{i}") for i, c in enumerate(text)),
        *(
            (pl.col(c).str.contains(_NEEDS_QUOTES) | (pl.col(c) == "")).any().alias(f"q{i}")
            for i, c in enumerate(text)
        ),
    ).row(0)
    guard, quote = found[: len(text)], found[len(text) :]
    changed = []
    for name, guarded, quoted in zip(text, guard, quote, strict=True):
        if not guarded and not quoted:
            continue
        column = frame.select(neutralised(pl.col(name))).to_series() if guarded else frame[name]
        changed.append((_quoted(column) if quoted else column).alias(name))
    return frame.with_columns(changed) if changed else frame


def _needs_quotes(text: str) -> bool:
    return text == "" or any(ch in text for ch in ',"\r\n')


def write_frame(
    frame: pl.DataFrame,
    target: str | Path | IO[bytes],
    *,
    include_bom: bool = False,
    include_header: bool = True,
) -> None:
    """Write ``frame`` as ``neutralise_frame(frame).write_csv(target, ...)`` would.

    When the frame ends in columns with few distinct cells (a screening result's
    statuses and points), those are written from word tables
    (:mod:`daifa.reports._words`) and Polars writes only the leading columns, with
    its own quoting (the Enum columns whose check cost so much are in the tail).
    Otherwise the text is quoted here and Polars writes without its check."""
    from daifa.reports._words import WordColumns
    from daifa.sources.spreadsheet.safe import neutralise_frame

    safe = neutralise_frame(frame)
    words = WordColumns.of(safe) if safe.height >= _WORDS_FROM_ROWS else None
    options = {"include_bom": include_bom, "include_header": include_header}
    if not isinstance(target, str | Path):
        if words is None:
            _write_plain(frame, safe, target, **options)
        else:
            _write_words(safe, words, target, **options)
        return
    from daifa.reports.output_file import writing

    with writing(target) as (handle, path):
        if words is None:
            handle.close()  # Polars writes to the path itself, off the GIL
            _write_plain(frame, safe, path, **options)
        else:
            _write_words(safe, words, handle, **options)


def _write_plain(
    frame: pl.DataFrame,
    safe: pl.DataFrame,
    target: Path | IO[bytes],
    *,
    include_bom: bool,
    include_header: bool,
) -> None:
    """Polars writes it all: without its quoting check when :func:`prepared` can quote
    the text here, else the plain way."""
    ready = prepared(frame)
    if ready is None:
        safe.write_csv(target, include_bom=include_bom, include_header=include_header)
    else:
        ready.write_csv(
            target, include_bom=include_bom, include_header=include_header, quote_style="never"
        )


# Below this many rows the word tables save less than loading their kernels costs
# (Numba, when nothing else has imported it: 0.4 s).
_WORDS_FROM_ROWS = 20_000
# Rows written per round: the leading columns' text and the rows built from it
# stay a few megabytes whatever the frame's length, so their buffers stay in cache
# and are reused (at 65,536 rows, 40 MB blocks cost 0.5-1 s more system time).
_BLOCK_ROWS = 16_384


def _write_words(
    safe: pl.DataFrame,
    words: WordColumns,
    handle: IO[bytes],
    *,
    include_bom: bool,
    include_header: bool,
) -> None:
    """``safe.write_csv(handle, ...)``'s bytes, block by block: while Polars writes a
    block's leading columns here (it holds the GIL to write into memory), two threads
    build the blocks before it from the word tables (without the GIL) and write them
    in order: building and writing are two thirds of the work, so one thread for
    them kept a core idle half the time."""
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    from daifa.reports._words import Scratch

    local = threading.local()

    def build(head: Any, ends: Any, start: int, rows: int, turn: _Turn) -> None:
        scratch = getattr(local, "scratch", None)
        if scratch is None:
            scratch = local.scratch = Scratch()
        try:
            block = words.rows(head, ends, start, rows, scratch)
            turn.wait()
            handle.write(block)
        finally:
            turn.done()

    preface = safe.clear().write_csv(include_bom=include_bom, include_header=include_header)
    handle.write(preface.encode("utf-8"))
    lead = safe.select(safe.columns[: safe.width - words.width])
    turn = _Turn(None)
    turn.done()
    with ThreadPoolExecutor(_BUILDERS, thread_name_prefix="daifa-csv") as pool:
        pending: deque[Future[None]] = deque()
        for start in range(0, safe.height, _BLOCK_ROWS):
            rows = min(_BLOCK_ROWS, safe.height - start)
            text = words.lead_text(lead.slice(start, rows), rows)
            while pending and (text is None or len(pending) >= _BUILDERS):
                pending.popleft().result()  # a block is written (and its buffers free)
            if text is None:  # a quoted line break in the leading columns
                safe.slice(start, rows).write_csv(handle, include_header=False)
                continue
            turn = _Turn(turn)
            pending.append(pool.submit(build, *text, start, rows, turn))
        while pending:
            pending.popleft().result()


# Threads building blocks from the word tables (the machines this runs on have 2+ cores).
_BUILDERS = 2


class _Turn:
    """A block's place in the file: it is written once the block before it is."""

    def __init__(self, before: _Turn | None) -> None:
        self.before = before
        self._written = threading.Event()

    def wait(self) -> None:
        if self.before is not None:
            self.before._written.wait()
            self.before = None  # the chain behind it can go

    def done(self) -> None:
        self._written.set()


def warm_kernels() -> None:
    """Load the word-table kernels now (compiled code cached on disk; loading it costs
    about 0.2 s of CPU once Numba is up, 0.5 s before): for a warm-up thread, so a
    command's first large CSV write does not wait for them."""
    from daifa.reports._words import WordColumns

    frame = pl.DataFrame(
        {
            "text": ["x"],
            "status": pl.Series(["pass"], dtype=pl.Enum(["pass"])),
            "points": pl.Series([0.5], dtype=pl.Float32),
            "score": pl.Series([0.5], dtype=pl.Float64),
        }
    )
    words = WordColumns.of(frame)
    if words is not None:
        text = words.lead_text(frame.select("text"), 1)
        if text is not None:
            from daifa.reports._words import Scratch

            words.rows(*text, 0, 1, Scratch())
