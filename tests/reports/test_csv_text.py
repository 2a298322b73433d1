"""The fast CSV writer gives the bytes Polars' own quoting (and the formula guard) gives."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from daifa.reports.csv_text import prepared, write_frame
from daifa.sources.spreadsheet.safe import neutralise_frame

STATUS = pl.Enum(["pass", "warn", "fail", "unknown"])
# Characters that matter to CSV quoting and the formula guard, and some that do not.
CELL = st.none() | st.text(
    alphabet=st.sampled_from(list(",\"\r\n\t =+-@'; ab中文é\u00a0"))
    | st.characters(blacklist_categories=("Cs",)),
    max_size=8,
)


def _plain(frame: pl.DataFrame, **options: bool) -> bytes:
    out = io.BytesIO()
    neutralise_frame(frame).write_csv(out, **options)
    return out.getvalue()


def _fast(frame: pl.DataFrame, **options: bool) -> bytes:
    out = io.BytesIO()
    write_frame(frame, out, **options)
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CELL, CELL, st.sampled_from(STATUS.categories.to_list())), max_size=12))
def test_same_bytes_as_polars_on_any_text(rows: list[tuple[str | None, str | None, str]]) -> None:
    frame = pl.DataFrame(
        {
            "name": [r[0] for r in rows],
            "flags": [r[1] for r in rows],
            "x__status": pl.Series([r[2] for r in rows], dtype=STATUS),
            "x__points": pl.Series([float(len(r[2])) / 3 for r in rows], dtype=pl.Float32),
        },
        schema_overrides={"name": pl.String, "flags": pl.String},
    )
    assert prepared(frame) is not None  # the fast path is the one tested
    for options in ({}, {"include_bom": True}, {"include_header": False, "include_bom": False}):
        assert _fast(frame, **options) == _plain(frame, **options)


def test_columns_it_cannot_vouch_for_are_written_the_plain_way() -> None:
    odd_words = pl.DataFrame({"s": pl.Series(["a,b", ""], dtype=pl.Enum(["a,b", ""]))})
    odd_header = pl.DataFrame({"a,b": ["x"]})
    dates = pl.DataFrame({"d": [date(2026, 1, 1)]})
    for frame in (odd_words, odd_header, dates):
        assert prepared(frame) is None
        assert _fast(frame, include_bom=True) == _plain(frame, include_bom=True)


def test_a_screening_result_is_written_as_before(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from daifa.engine import screen
    from daifa.reports import csv_frame, write_csv

    suppliers = pl.DataFrame(
        {
            "supplier_id": ["s1", "=cmd", "s3"],
            "supplier_name": ['店, "好"', "", None],
            "product_group": ["g", "g", "h"],
            "unit_price_cny": [10.0, 12.5, None],
            "dropship_supported": [True, False, None],
        }
    )
    result = screen(suppliers)
    out = tmp_path / "out.csv"
    write_csv(result, out, lang="en")
    expected = io.BytesIO()
    neutralise_frame(csv_frame(result, lang="en")).write_csv(expected, include_bom=True)
    assert out.read_bytes() == expected.getvalue()
    assert b"'=cmd" in out.read_bytes()
