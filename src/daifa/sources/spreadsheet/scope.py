"""Name intermediate results so Polars computes each of them once.

An eager ``select`` does not eliminate common sub-expressions, and the parsers
use a value several times (to return it, to check its sign, its range ...). A
:class:`Scope` turns each intermediate result into a column of its own, computed
in stages: stage k of every column is one ``with_columns``, so independent
columns still run in parallel.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl


class Scope:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.stages: list[pl.Expr] = []

    def let(self, expr: pl.Expr) -> pl.Expr:
        """``expr`` computed once, in the next stage; use the result freely."""
        name = f"__{self.prefix}__{len(self.stages)}"
        self.stages.append(expr.alias(name))
        return pl.col(name)

    def names(self) -> list[str]:
        return [f"__{self.prefix}__{i}" for i in range(len(self.stages))]


def run(frame: pl.DataFrame, scopes: Iterable[Scope], outputs: list[pl.Expr]) -> pl.DataFrame:
    """Compute every scope's stages on ``frame``, then select ``outputs``."""
    scopes = list(scopes)
    depth = max((len(s.stages) for s in scopes), default=0)
    for stage in range(depth):
        exprs = [s.stages[stage] for s in scopes if stage < len(s.stages)]
        frame = frame.with_columns(exprs)
    return frame.select(outputs)
