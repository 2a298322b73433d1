"""Rows built from word tables (statuses, points) are the bytes Polars writes, float for float."""

from __future__ import annotations

import io
import math
from unittest import mock

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from daifa.reports import _words, csv_text
from daifa.reports.csv_text import write_frame
from daifa.sources.spreadsheet.safe import neutralise_frame

STATUS = pl.Enum(["pass", "warn", "fail", "unknown"])
TEXT = st.none() | st.text(alphabet=st.sampled_from(list(",\"\r\n\t =+-@'; ab中文é")), max_size=6)
# Floats whose texts are easy to get wrong, often repeated (as points are), and any float.
ODD = [
    0.0,
    -0.0,
    1.0,
    0.1 + 0.2,
    1e-7,
    1e16,
    1e-45,  # the smallest Float32 subnormal
    5e-324,  # the smallest Float64 subnormal
    2.9605948205663494e-16,
    1 / 3,
    123456789.125,
    -8.0,
    math.inf,
    -math.inf,
    math.nan,
    None,
]
POINT = st.sampled_from(ODD) | st.floats(allow_nan=True, allow_infinity=True, width=32)
WIDE = st.sampled_from(ODD) | st.floats(allow_nan=True, allow_infinity=True)
ROW = st.tuples(TEXT, TEXT, st.sampled_from([*STATUS.categories.to_list(), None]), POINT, WIDE)


def _plain(frame: pl.DataFrame, **options: bool) -> bytes:
    out = io.BytesIO()
    neutralise_frame(frame).write_csv(out, **options)
    return out.getvalue()


def _fast(frame: pl.DataFrame, **options: bool) -> bytes:
    """The writer's bytes, word tables used however short the frame."""
    out = io.BytesIO()
    with mock.patch.object(csv_text, "_WORDS_FROM_ROWS", 1):
        write_frame(frame, out, **options)
    return out.getvalue()


def _result_shaped(rows: list[tuple]) -> pl.DataFrame:  # type: ignore[type-arg]
    """Text and scores in front, then status/points pairs (Float32 and Float64)."""
    return pl.DataFrame(
        {
            "supplier_id": [str(i) for i in range(len(rows))],
            "supplier_name": [r[0] for r in rows],
            "score": pl.Series([r[4] for r in rows], dtype=pl.Float64),
            "grade": pl.Series(["A"] * len(rows), dtype=pl.Enum(["A", "B"])),
            "flags": [r[1] for r in rows],
            "a__status": pl.Series([r[2] for r in rows], dtype=STATUS),
            "a__points": pl.Series([r[3] for r in rows], dtype=pl.Float32),
            "b__status": pl.Series([r[2] for r in reversed(rows)], dtype=STATUS),
            "b__points": pl.Series([r[4] for r in rows], dtype=pl.Float64),
        },
        schema_overrides={"supplier_name": pl.String, "flags": pl.String},
    )


OPTIONS = ({}, {"include_bom": True}, {"include_header": False, "include_bom": False})


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, max_size=14), st.sampled_from([1, 2, 5, 64]))
def test_result_shaped_frames_come_out_as_polars_writes_them(rows: list, block: int) -> None:  # type: ignore[type-arg]
    frame = _result_shaped(rows)
    with mock.patch.object(csv_text, "_BLOCK_ROWS", block):
        for options in OPTIONS:
            assert _fast(frame, **options) == _plain(frame, **options)
    # Without the tail (the last column is text): the path that quotes text itself.
    head = frame.select(frame.columns[:5])
    assert _words.WordColumns.of(head) is None
    for options in OPTIONS:
        assert _fast(head, **options) == _plain(head, **options)


@settings(max_examples=100, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=14), st.integers(0, 5), st.booleans())
def test_slices_and_chunked_frames_too(rows: list, start: int, chunked: bool) -> None:  # type: ignore[type-arg]
    frame = _result_shaped(rows)
    if chunked:  # as the batch writer's windows may be: several chunks per column
        frame = pl.concat([frame, frame.reverse()], rechunk=False)
    part = frame.slice(start)
    with mock.patch.object(csv_text, "_BLOCK_ROWS", 3):
        assert _fast(part, include_bom=True) == _plain(part, include_bom=True)


def test_the_words_are_used_for_the_trailing_status_and_points_columns() -> None:
    frame = _result_shaped([("x", "", "pass", 0.5, 1.0)] * 3)
    words = _words.WordColumns.of(frame)
    assert words is not None
    # Four columns from words; "flags" (text) stops the run, so Polars writes the rest.
    assert words.width == 4


def test_a_quoted_line_break_in_front_is_written_the_plain_way() -> None:
    rows = [("a\nb", "", "pass", 1.0, 2.0), ("c", "x", "fail", 0.0, -0.0)] * 4
    frame = _result_shaped(rows)
    with mock.patch.object(csv_text, "_BLOCK_ROWS", 3):
        assert _fast(frame, include_bom=True) == _plain(frame, include_bom=True)


def test_blocks_built_on_two_threads_keep_their_order_around_plain_ones() -> None:
    # Blocks of 5: a line break in rows 12 and 41 sends their blocks the plain way,
    # between blocks the builder threads write; every byte must stay in place.
    rows = [(f"n{i}", "f" * (i % 7), "pass" if i % 3 else None, i / 8, -i / 3) for i in range(97)]
    rows[12] = ("a\nb", "", "fail", 0.0, -0.0)
    rows[41] = ("c\r\nd", "x", "warn", 1.0, 2.0)
    frame = _result_shaped(rows)
    with mock.patch.object(csv_text, "_BLOCK_ROWS", 5):
        for _ in range(5):  # the threads' interleaving differs from run to run
            assert _fast(frame, include_bom=True) == _plain(frame, include_bom=True)


def test_many_distinct_floats_are_left_to_polars() -> None:
    values = np.random.default_rng(7).random(3000)
    frame = pl.DataFrame(
        {
            "x": pl.Series(values, dtype=pl.Float64),
            "s": pl.Series(["pass"] * 3000, dtype=STATUS),
            "p": pl.Series(np.round(values * 4) / 4, dtype=pl.Float32),
        }
    )
    words = _words.WordColumns.of(frame)
    assert words is not None and words.width == 2  # "x" has more than the limit (1024)
    assert _fast(frame, include_bom=True) == _plain(frame, include_bom=True)


def test_a_frame_of_word_columns_only_and_an_empty_one() -> None:
    frame = pl.DataFrame(
        {
            "s": pl.Series(["pass", None, "warn"], dtype=STATUS),
            "p": pl.Series([1.5, None, -0.0], dtype=pl.Float32),
        }
    )
    for part in (frame, frame.clear()):
        for options in OPTIONS:
            assert _fast(part, **options) == _plain(part, **options)


def test_writes_to_a_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    frame = _result_shaped([("=1+1", "a,b", "pass", 0.1, None)] * 5)
    out = tmp_path / "out.csv"
    with mock.patch.object(csv_text, "_WORDS_FROM_ROWS", 1):
        write_frame(frame, out, include_bom=True)
    assert out.read_bytes() == _plain(frame, include_bom=True)
    assert b"'=1+1" in out.read_bytes()


def test_an_enum_with_a_very_long_word_is_left_to_polars() -> None:
    long = "x" * 70_000
    frame = pl.DataFrame(
        {
            "s": pl.Series([long, "a", None], dtype=pl.Enum([long, "a"])),
            "p": pl.Series([1.5, None, -0.0], dtype=pl.Float32),
        }
    )
    words = _words.WordColumns.of(frame)
    assert words is not None and words.width == 1
    assert _fast(frame, include_bom=True) == _plain(frame, include_bom=True)


def test_long_frames_use_the_word_tables_and_short_ones_do_not() -> None:
    rows = [("n", "", "pass", 0.5, 1.0), ("m", "f", None, None, -0.0)] * 12_000
    frame = _result_shaped(rows)
    built = []
    real = _words.WordColumns.rows

    def spy(self, *args):  # type: ignore[no-untyped-def]
        built.append(args[3])  # (head, ends, start, rows, scratch)
        return real(self, *args)

    with mock.patch.object(_words.WordColumns, "rows", spy):
        out = io.BytesIO()
        write_frame(frame, out, include_bom=True)
        assert out.getvalue() == _plain(frame, include_bom=True)
        assert sum(built) == frame.height
        built.clear()
        out = io.BytesIO()
        write_frame(frame.head(100), out, include_bom=True)
        assert out.getvalue() == _plain(frame.head(100), include_bom=True)
        assert built == []


def test_the_kernels_can_be_loaded_ahead_of_the_first_write() -> None:
    from daifa.reports import _rows
    from daifa.reports.csv_text import warm_kernels

    warm_kernels()
    # Float32 and Float64 keys, Enum codes, rows: every kernel a 1M-row result needs.
    assert len(_rows.distinct.signatures) >= 2
    assert len(_rows.encode.signatures) >= 2
    assert _rows.categories.signatures and _rows.assemble.signatures
