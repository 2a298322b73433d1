"""A value seen on the page before it is read: its field, text and where it was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Candidate:
    field: str
    text: str | None  # the lexeme for the parser; None when ``constant`` is the value
    spans: tuple[tuple[int, int], ...]  # offsets of the snippet in the paste
    line: int
    index: int  # cell index, for reading order
    parse_as: str = ""
    priority: int = 0
    extra: bool = False
    constant: Any = None

    @property
    def reader(self) -> str:
        return self.parse_as or self.field

    def snippet(self, paste: str) -> str:
        """The exact pasted text; separate pieces are joined by `` … ``."""
        return " … ".join(paste[start:end] for start, end in self.spans)
