"""The flags: each flag criterion's runner, as its catalogue entry names it.

The runners and their outcome type live with the catalogue
(:mod:`daifa.engine.criteria._detect`); this module only runs them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from daifa.engine.criteria import Criterion
from daifa.engine.criteria._detect import FlagInputs, FlagOutcome, unknown_flag
from daifa.engine.groups import GroupedRows

__all__ = ["FlagOutcome", "run_flags"]


def run_flags(
    frame: pl.DataFrame,
    criteria: Iterable[Criterion],
    *,
    sales: pl.DataFrame | None,
    reviews: pl.DataFrame | None,
    as_of: date | None,
    groups: GroupedRows | None = None,
    sales_start: date | None = None,
) -> dict[str, FlagOutcome]:
    """Every flag's per-row status and its evidence table, keyed by criterion id.

    ``groups`` is the rows grouped by ``product_group``, when already known.
    """
    inputs = FlagInputs(
        frame, sales=sales, reviews=reviews, as_of=as_of, groups=groups, sales_start=sales_start
    )
    return {c.id: (c.detector or unknown_flag)(inputs) for c in criteria if c.rule.op == "detector"}
