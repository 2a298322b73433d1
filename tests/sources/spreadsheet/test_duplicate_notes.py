"""duplicate_notes (narrowed by a hash first) says what grouping every row says."""

from __future__ import annotations

import numpy as np
import polars as pl

from daifa.sources.spreadsheet.parse import ROW, SHEET
from daifa.sources.spreadsheet.reader import DUPLICATE_NOTES, duplicate_notes


def _grouped(suppliers: pl.DataFrame) -> list[tuple[object, ...]]:
    """The repeated keys and their rows, by grouping every row (the plain way)."""
    keys = ["supplier_id"] + (["offer_id"] if "offer_id" in suppliers.columns else [])
    repeated = (
        suppliers.filter(pl.col("supplier_id").is_not_null())
        .group_by(keys, maintain_order=True)
        .agg(pl.col(ROW))
        .filter(pl.col(ROW).list.len() > 1)
    )
    return [tuple(r) for r in repeated.head(DUPLICATE_NOTES).iter_rows()]


def _frame(n: int, seed: int, with_offer: bool = True) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    ids = [None if v == 0 else f"S{v}" for v in rng.integers(0, n // 3 + 1, n)]
    columns: dict[str, object] = {"supplier_id": ids}
    if with_offer:
        columns["offer_id"] = [None if v == 0 else str(v) for v in rng.integers(0, 3, n)]
    return pl.DataFrame(columns).with_columns(
        pl.int_range(2, n + 2, dtype=pl.Int64).alias(ROW), pl.lit("x.csv").alias(SHEET)
    )


def test_the_same_repeated_rows_in_the_same_order() -> None:
    for seed in range(20):
        for with_offer in (True, False):
            frame = _frame(60, seed, with_offer)
            notes = duplicate_notes(frame)
            expected = _grouped(frame)
            assert len(notes) == len(expected)
            for note, (sid, *rest) in zip(notes, expected, strict=True):
                assert f"supplier {sid}" in note.en
                rows = rest[-1]
                assert ", ".join(str(r) for r in rows[:10]) in note.en


def test_no_repeats_no_notes() -> None:
    frame = pl.DataFrame(
        {"supplier_id": ["S1", "S2", None, None], "offer_id": ["A", "A", "A", "A"]}
    ).with_columns(pl.int_range(2, 6, dtype=pl.Int64).alias(ROW), pl.lit("x").alias(SHEET))
    assert duplicate_notes(frame) == []
