"""The supplier page's explanations, built in bulk from a whole-workspace screening.

The page shows every criterion of the supplier's best row, and of its other rows
only the price against peers. The engine's records cost about 2 ms a row (45
criteria, messages in two languages), so only what the page shows is built:
full records for the best rows, and for the others the summary with the one
criterion the page lists (the engine's record narrowed to that criterion). The
page reads them back as typed verdicts (``RowVerdict.from_json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from daifa.engine.scorecard import ScreeningResult

# What the page shows of a supplier's rows other than its best one.
OTHER_ROW_CRITERIA = ("price_vs_peers",)


def explanations(result: ScreeningResult, best: Sequence[bool]) -> list[dict[str, Any]]:
    """One record per row of ``result`` (both languages, no ``lang`` keys)."""
    full = [i for i, is_best in enumerate(best) if is_best]
    other = [i for i, is_best in enumerate(best) if not is_best]
    out: list[dict[str, Any]] = [{} for _ in best]
    for i, record in zip(full, result.records(full), strict=True):
        out[i] = record
    for i, record in zip(other, result.records(other, criteria=OTHER_ROW_CRITERIA), strict=True):
        out[i] = record
    return out
