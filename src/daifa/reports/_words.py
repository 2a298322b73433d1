"""A frame's trailing columns as codes into word tables, for :mod:`daifa.reports.csv_text`.

A screening result ends in 41 pairs of ``<id>__status`` (Enum, four words) and
``<id>__points`` (Float32, a handful to a few hundred distinct values, one column
tens of thousands). Each distinct cell is rendered once, by Polars itself (so a
float reads exactly as Polars writes it: ``-0.0``, ``1e16``, ``NaN``), and rows
are copied together from those words by :func:`daifa.reports._rows.assemble`.
Polars still writes the leading columns (ids, names, scores: mostly distinct).
"""

from __future__ import annotations

import io

import numpy as np
import polars as pl

from daifa.reports.csv_text import _safe_words

_FLOAT_BITS: dict[object, type[np.generic]] = {pl.Float32: np.uint32, pl.Float64: np.uint64}
_CODES: dict[object, type[np.generic]] = {
    pl.UInt8: np.uint8,
    pl.UInt16: np.uint16,
    pl.UInt32: np.uint32,
}
_NO_NULLS = np.empty(0, dtype=np.uint8)
_NO_NULLS.flags.writeable = False  # as Arrow's buffers: one compiled signature


def _limit(height: int) -> int:
    """Most distinct floats a column may have to be written from words (beyond it
    rendering them all once is no saving)."""
    return max(1024, height // 8)


def _buffers(column: pl.Series, dtype: type[np.generic]) -> tuple[np.ndarray, np.ndarray, int]:
    """A primitive column's values, validity bitmap and its bit offset, without copies."""
    array = column.to_arrow()
    validity, values = array.buffers()[:2]
    valid = (
        _NO_NULLS
        if validity is None or not column.null_count()
        else np.frombuffer(validity, np.uint8)
    )
    keys = np.frombuffer(values, dtype)[array.offset : array.offset + len(array)]
    return keys, valid, array.offset


class _Enum:
    def __init__(self, column: pl.Series) -> None:
        self.categories = column.dtype.categories.to_list()  # type: ignore[attr-defined]
        physical = column.to_physical()
        self.physical, self.valid, self.offset = _buffers(physical, _CODES[physical.dtype])
        # The words, comma-separated: the categories, then "" for a null.
        self.joined = ",".join([*self.categories, ""])

    def encode(self, start: int, codes: np.ndarray) -> None:
        from daifa.reports import _rows

        _rows.call_categories(
            self.physical, self.valid, self.offset, start, len(self.categories), codes
        )


class _Floats:
    def __init__(
        self,
        column: pl.Series,
        keys: np.ndarray,
        valid: np.ndarray,
        offset: int,
        table: tuple[np.ndarray, np.ndarray],
        joined: str,
    ) -> None:
        self.keys, self.valid, self.offset = keys, valid, offset
        self.slot_key, self.slot_code = table
        self.joined = joined

    @classmethod
    def of(cls, column: pl.Series, limit: int, firsts: np.ndarray) -> _Floats | None:
        from daifa.reports import _rows

        keys, valid, offset = _buffers(column, _FLOAT_BITS[column.dtype])
        count, slot_key, slot_code = _rows.call_distinct(keys, valid, offset, limit, firsts)
        if count < 0:
            return None
        # "" for a null (code 0), then each value as Polars writes it (a float never
        # needs quotes), comma-separated: ",".join(["", *texts]) without a list.
        text = pl.DataFrame({"v": column.gather(firsts[:count])}).write_csv(
            include_header=False, quote_style="never"
        )
        joined = "," + text[:-1].replace("\n", ",") if count else ""
        return cls(column, keys, valid, offset, (slot_key, slot_code), joined)

    def encode(self, start: int, codes: np.ndarray) -> None:
        from daifa.reports import _rows

        _rows.call_encode(
            self.keys, self.valid, self.offset, start, self.slot_key, self.slot_code, codes
        )


class WordColumns:
    """The longest run of trailing columns (Enum, or floats with few distinct values),
    each cell a code into one word table."""

    def __init__(self, columns: list[_Enum | _Floats]) -> None:
        from daifa.reports._rows import CHUNK, SPAN_BITS

        self.columns = columns
        self.width = len(columns)
        # Each word carries its leading comma, so the table is the columns' words
        # joined by commas, and a word starts at each comma (no word holds one).
        text = "".join("," + column.joined for column in columns).encode("utf-8")
        self.table = np.frombuffer(text + bytes(CHUNK), dtype=np.uint8).copy()
        starts = np.flatnonzero(self.table[: len(text)] == 44)
        lengths = np.diff(starts, append=len(text))
        self.spans = (starts << SPAN_BITS) | lengths
        sizes = np.array([column.joined.count(",") + 1 for column in columns], dtype=np.int64)
        self.base = np.zeros(self.width, dtype=np.int64)
        np.cumsum(sizes[:-1], out=self.base[1:])
        # At most the longest word per column, and the line break.
        self.row_bound = int(np.maximum.reduceat(lengths, self.base).sum()) + 1

    @classmethod
    def of(cls, frame: pl.DataFrame) -> WordColumns | None:
        """None when the last column cannot be written from words.

        The candidate trailing columns are read on two threads (finding a float
        column's distinct values runs without the GIL); the run ends at the last
        column a table cannot take, as if they were read one by one from the end."""
        from concurrent.futures import ThreadPoolExecutor

        limit = _limit(frame.height)
        candidates: list[pl.Series] = []
        for column in reversed(frame.get_columns()):
            if _safe_words(column.dtype):
                if _longest(column.dtype.categories) >= _LONGEST:  # type: ignore[attr-defined]
                    break
            elif column.dtype not in _FLOAT_BITS:
                break
            candidates.append(_one_chunk(column))

        def read(column: pl.Series) -> _Enum | _Floats | None:
            if isinstance(column.dtype, pl.Enum):
                return _Enum(column)
            return _Floats.of(column, limit, np.empty(limit, dtype=np.int64))

        with ThreadPoolExecutor(2, thread_name_prefix="daifa-words") as pool:
            read_columns = list(pool.map(read, candidates))
        columns: list[_Enum | _Floats] = []
        for found in read_columns:
            if found is None:
                break
            columns.append(found)
        if not columns:
            return None
        columns.reverse()
        return cls(columns)

    def lead_text(self, lead: pl.DataFrame, rows: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The leading columns of ``rows`` rows as Polars writes (and quotes) them, with
        :data:`~daifa.reports._rows.CHUNK` bytes of slack, and where each line ends;
        None when their text holds a line break inside quotes."""
        from daifa.reports import _rows

        text = io.BytesIO()
        if lead.width:
            lead.write_csv(text, include_header=False)
        size = text.tell()
        text.write(bytes(_rows.CHUNK))
        head = np.frombuffer(text.getbuffer(), dtype=np.uint8)
        ends = np.flatnonzero(head[:size] == 10)
        if lead.width and ends.size != rows:
            return None
        return head, ends

    def rows(
        self, head: np.ndarray, ends: np.ndarray, start: int, rows: int, scratch: Scratch
    ) -> memoryview:
        """CSV lines for ``rows`` rows from ``start``, from :meth:`lead_text`'s text, built
        in ``scratch`` (valid until its next use). Runs without the GIL but for a call
        per column, so blocks can be built on threads of their own, each with its own
        scratch, while Polars writes the next rows' leading columns."""
        from daifa.reports import _rows

        codes = scratch.codes(self.width, rows)
        for j, column in enumerate(self.columns):
            column.encode(start, codes[j])
        out = scratch.out(head.size + rows * self.row_bound)
        written = _rows.call_assemble(head, ends, codes, self.base, self.spans, self.table, out)
        return out[:written].data


class Scratch:
    """One builder's buffers for :meth:`WordColumns.rows`, reused block after block (a
    block's few megabytes stay in cache; fresh ones each time cost system time)."""

    def __init__(self) -> None:
        self._out = np.empty(0, dtype=np.uint8)
        self._codes = np.empty((0, 0), dtype=np.int32)

    def codes(self, width: int, rows: int) -> np.ndarray:
        if self._codes.shape != (width, rows):
            self._codes = np.empty((width, rows), dtype=np.int32)
        return self._codes

    def out(self, size: int) -> np.ndarray:
        if self._out.size < size:
            self._out = np.empty(size, dtype=np.uint8)
        return self._out


# Words are at most this long, with their comma (:data:`daifa.reports._rows.SPAN_BITS`).
_LONGEST = (1 << 16) - 2


def _longest(words: pl.Series) -> int:
    return max(words.str.len_bytes().to_list(), default=0)


def _one_chunk(column: pl.Series) -> pl.Series:
    return column.rechunk() if column.n_chunks() > 1 else column
