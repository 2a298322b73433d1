from __future__ import annotations

import numpy as np
import polars as pl

from daifa.demo.draws import column, pick_levels, signal


def test_signal_has_the_asked_correlation() -> None:
    rng = np.random.default_rng(0)
    q = rng.standard_normal(20_000)
    z = signal(rng, q, 0.6)
    assert abs(np.corrcoef(q, z)[0, 1] - 0.6) < 0.03
    assert abs(z.std() - 1) < 0.03


def test_pick_levels_puts_high_signals_on_the_last_level() -> None:
    levels = pick_levels(np.array([-3.0, 0.0, 3.0]), [72, 48, 24])
    assert levels.tolist() == [72.0, 48.0, 24.0]


def test_column_nulls_the_unknown_values_even_in_list_columns() -> None:
    mask = np.array([True, False])
    s = column("certifications", [["CE"], ["FCC"]], pl.List(pl.String()), mask)
    assert s.to_list() == [["CE"], None]
    n = column("moq", np.array([1, 2]), pl.Int64(), mask)
    assert n.dtype == pl.Int64 and n.to_list() == [1, None]
