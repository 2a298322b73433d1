"""Grouping rows by name, and the compiled kernels under concurrent callers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import polars as pl
import pytest

from daifa.engine import groups
from daifa.engine.groups import group_rows


def _as_sets(grouped: groups.GroupedRows) -> list[set[int]]:
    bounds = zip(grouped.starts[:-1], grouped.starts[1:], strict=True)
    return sorted((set(grouped.order[a:b].tolist()) for a, b in bounds), key=min)


def test_rows_of_a_name_are_together_and_blank_names_are_no_group() -> None:
    grouped = group_rows(pl.Series(["cup", "bag", None, " cup ", "", "bag", "pen"]))
    assert _as_sets(grouped) == [{0, 3}, {1, 5}, {6}]
    assert grouped.names.to_list() == ["cup", "bag", None, "cup", None, "bag", "pen"]
    assert grouped.size_of_rows().tolist() == [2, 2, 0, 2, 0, 2, 1]


def test_rows_keep_their_input_order_inside_a_group() -> None:
    grouped = group_rows(pl.Series(["b", "a", "b", "a", "b"]))
    bounds = zip(grouped.starts[:-1], grouped.starts[1:], strict=True)
    assert [grouped.order[a:b].tolist() for a, b in bounds] in (
        [[1, 3], [0, 2, 4]],
        [[0, 2, 4], [1, 3]],
    )


def test_a_hash_shared_by_two_names_still_groups_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    names = pl.Series(np.random.default_rng(1).choice(["cup", "bag", "pen", "hat"], 200))
    expected = _as_sets(group_rows(names))
    # Every name colliding is the worst case: the names themselves must decide.
    monkeypatch.setattr(groups, "_hashes", lambda values: pl.Series([0] * values.len()))
    assert _as_sets(group_rows(names)) == expected and len(expected) == 4


def test_no_named_rows_gives_no_groups() -> None:
    grouped = group_rows(pl.Series([None, "  "], dtype=pl.String))
    assert grouped.n_groups == 0 and grouped.order.size == 0


def test_kernels_survive_concurrent_callers_on_the_fallback_threading_layer() -> None:
    # Web requests screen from several threads; Numba's workqueue layer aborts
    # the process on concurrent parallel launches unless calls are serialised.
    script = textwrap.dedent(
        """
        from concurrent.futures import ThreadPoolExecutor
        import polars as pl
        from daifa.engine import screen
        frame = pl.DataFrame({"supplier_id": [str(i) for i in range(40)],
                              "product_group": [str(i % 8) for i in range(40)],
                              "unit_price_cny": [float(i % 7 + 1) for i in range(40)],
                              "repeat_rate_pct": [float(i % 50) for i in range(40)]})
        with ThreadPoolExecutor(8) as pool:
            ranks = list(pool.map(lambda _: screen(frame).frame["peer_rank"].to_list(), range(32)))
        assert all(r == ranks[0] for r in ranks)
        import numba
        print(numba.threading_layer())
        """
    )
    env = {**os.environ, "NUMBA_THREADING_LAYER": "workqueue"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "workqueue"
