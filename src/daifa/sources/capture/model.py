"""What a paste gave: canonical values, where each came from, and what to check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from daifa.sources.spreadsheet.report import Note
from daifa.text import BilingualError

PageKind = Literal["shop", "offer", "unknown"]

# The longest paste we read: a full 1688 offer page copied with "select all" is
# 10-40 KB of text; anything far larger is not one page.
MAX_CHARS = 200_000


@dataclass(frozen=True)
class Found:
    """One value and the exact text it was read from (``回头率\\n41%``).

    ``canonical`` is False for facts that have no canonical column (好评率, 已售
    without a period, tags); those go to :attr:`Capture.extra`.
    """

    field: str
    value: Any
    snippet: str
    line: int
    canonical: bool = True


@dataclass(frozen=True)
class Capture:
    values: dict[str, Any]
    found: list[Found]
    page_kind: PageKind
    notes: list[Note] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def found_for(self, name: str) -> Found | None:
        return next((f for f in self.found if f.field == name), None)

    def snippets(self) -> dict[str, str]:
        """field -> snippet, the provenance to store beside the values."""
        return {f.field: f.snippet for f in self.found}


class CaptureError(BilingualError, ValueError):
    """The paste cannot be read at all (too long, not text)."""

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en, message_zh)


class CaptureValueError(CaptureError):
    """A value typed or confirmed by the seller that the field's parser cannot read."""

    def __init__(self, field_name: str, text: str, reason_en: str, reason_zh: str) -> None:
        super().__init__(
            f'{field_name}: "{text}" — {reason_en}', f"{field_name}：「{text}」— {reason_zh}"
        )
        self.field = field_name
        self.text = text
