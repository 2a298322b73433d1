"""Criteria computed once per distinct key combination match every row exactly.

``intl_logistics`` and ``certifications`` are judged on the distinct combinations
of their key columns and matched back to the rows by a 64-bit hash of the keys;
when two combinations share a hash the keys themselves decide. Either way every
row gets the credit its own keys earn, the same as judging the row alone.
"""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from tests.engine.test_scorecard_properties import random_suppliers

import daifa.engine.scorecard as scorecard
from daifa.engine import screen

KEYED = ("intl_logistics", "certifications")


def _keyed_columns(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(f"{cid}__{part}" for cid in KEYED for part in ("status", "points"))


def test_every_row_gets_the_credit_of_its_own_keys() -> None:
    suppliers = random_suppliers(7, 400)
    whole = _keyed_columns(screen(suppliers, rank=False).frame)
    # Each row screened alone has only its own keys to go by.
    alone = pl.concat(
        [_keyed_columns(screen(suppliers.slice(i, 1), rank=False).frame) for i in range(0, 400, 23)]
    )
    assert_frame_equal(whole.gather(list(range(0, 400, 23))), alone)


def test_combinations_sharing_a_hash_are_told_apart_by_their_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suppliers = random_suppliers(11, 300)
    expected = screen(suppliers, rank=False).frame
    # Every combination colliding is the worst case: the keys themselves must decide.
    monkeypatch.setattr(
        scorecard, "_key_hashes", lambda frame: pl.Series("_hash", [0] * frame.height, pl.UInt64)
    )
    got = screen(suppliers, rank=False).frame
    assert_frame_equal(got, expected)
    assert _keyed_columns(got).n_unique() > 1


def test_a_file_without_the_key_columns_is_judged_once_for_every_row() -> None:
    suppliers = random_suppliers(3, 50).drop("intl_logistics", "certifications", "category")
    frame = screen(suppliers, rank=False).frame
    assert frame.get_column("intl_logistics__status").unique().to_list() == ["unknown"]
