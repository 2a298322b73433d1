"""The catalogue of screening criteria (shared/design/criteria.md).

Every criterion has an id, a dimension, a kind (gate / score / flag / kpi), the
canonical columns it reads, a rule with its default threshold (and the value at
which partial credit reaches zero), a default weight, and bilingual messages and
next actions. The built-in profile (:func:`daifa.engine.profile.Profile.default`)
is this catalogue as it stands; a user profile replaces rules, weights and kinds.

Examples
--------
>>> from daifa.engine.criteria import CATALOGUE, criterion
>>> len(CATALOGUE) >= 40
True
>>> c = criterion("response_minutes")
>>> (c.kind, c.rule.op, c.rule.good, c.rule.bad)
('score', 'at_most', 15.0, 60.0)
>>> c.message("fail", "en", value="38", good="15", bad="60")
'Average response 38 min, above 15 min'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from daifa.engine.criteria._catalogue import CATALOGUE
from daifa.engine.criteria._model import (
    DIMENSION_LABELS,
    DIMENSIONS,
    KINDS,
    OPS,
    STATUS_LABELS,
    STATUSES,
    Criterion,
    Dimension,
    Kind,
    Op,
    Rule,
    Status,
    format_number,
)
from daifa.engine.criteria._values import KNOWN_LINES
from daifa.text import Text

__all__ = [
    "CATALOGUE",
    "CATALOGUE_IDS",
    "DIMENSIONS",
    "DIMENSION_LABELS",
    "KINDS",
    "KNOWN_LINES",
    "OPS",
    "STATUSES",
    "STATUS_LABELS",
    "Criterion",
    "Dimension",
    "Kind",
    "Op",
    "Rule",
    "Status",
    "Text",
    "criterion",
    "format_number",
]

CATALOGUE_IDS: tuple[str, ...] = tuple(c.id for c in CATALOGUE)
_BY_ID: Mapping[str, Criterion] = MappingProxyType({c.id: c for c in CATALOGUE})


def criterion(criterion_id: str) -> Criterion:
    """The catalogue entry ``criterion_id`` (``KeyError`` names the allowed ids)."""
    try:
        return _BY_ID[criterion_id]
    except KeyError:
        raise KeyError(
            f"unknown criterion {criterion_id!r}; allowed: {', '.join(CATALOGUE_IDS)}"
        ) from None
