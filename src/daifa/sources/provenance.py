"""Where a value came from, so every fact in a workspace can say why we believe it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

SourceKind = Literal["file", "api", "manual", "check"]

SOURCE_LABELS: dict[str, tuple[str, str]] = {
    # kind: (简体中文, English)
    "file": ("导入文件", "imported file"),
    "api": ("1688 开放平台接口", "1688 Open Platform API"),
    "manual": ("手工录入", "typed by hand"),
    "check": ("卖家自查", "seller's own check"),
}


@dataclass(frozen=True)
class Provenance:
    """One source at one moment, e.g. ``file`` / ``suppliers.csv, row 12``."""

    kind: SourceKind
    detail: str
    observed_at: datetime

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "observed_at": self.observed_at.isoformat(),
        }


@dataclass(frozen=True)
class Observation:
    """Canonical field values (see data-format.md) seen together from one source.

    ``supplier_id`` is required; ``offer_id`` is set when the values belong to one offer.
    ``raw`` keeps source-specific values that have no canonical column (for example a
    1688 dispute *score* where the catalogue asks for a dispute *rate*).
    """

    supplier_id: str
    values: dict[str, Any]
    provenance: Provenance
    offer_id: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)
