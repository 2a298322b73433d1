"""``daifa.engine._joined.joined_where`` equals the ``concat_str`` of one ``when`` per
label it replaces (the scorecard's blocking/to_verify/flags, the costing notes)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_series_equal

from daifa.engine._joined import MAX_MASKS, joined_where


def _reference(masks: list[np.ndarray], labels: list[str], separator: str, none: str | None):
    frame = pl.DataFrame({f"m{i}": m for i, m in enumerate(masks)})
    parts = [pl.when(pl.col(f"m{i}")).then(pl.lit(label)) for i, label in enumerate(labels)]
    joined = frame.select(pl.concat_str(parts, separator=separator, ignore_nulls=True)).to_series()
    return joined.replace("", none) if none != "" else joined


@pytest.mark.parametrize("n_masks", [1, 3, 16, 17, 40, MAX_MASKS])
@pytest.mark.parametrize("none", ["", None])
def test_equals_concat_str_on_random_masks(n_masks, none):
    rng = np.random.default_rng(n_masks)
    height = 5_000
    # Sparse and dense masks, so rows share some combinations and not others.
    masks = [rng.random(height) < rng.uniform(0.01, 0.9) for _ in range(n_masks)]
    labels = [f"label_{i}" if i % 3 else f"很长的标签 {i} with spaces" for i in range(n_masks)]
    got = joined_where(masks, labels, "; ", none, height)
    assert_series_equal(got, _reference(masks, labels, "; ", none), check_names=False)


def test_no_mask_true_gives_none_and_no_masks_give_none_everywhere():
    masks = [np.zeros(4, dtype=bool), np.array([False, True, False, True])]
    assert joined_where(masks, ["a", "b"], ";", None, 4).to_list() == [None, "b", None, "b"]
    assert joined_where([], [], ";", "", 3).to_list() == ["", "", ""]


def test_too_many_masks_are_refused():
    masks = [np.zeros(2, dtype=bool)] * (MAX_MASKS + 1)
    with pytest.raises(ValueError, match="at most"):
        joined_where(masks, ["x"] * len(masks), ";", "", 2)
