"""One exception tree for the engine.

    EngineError                 anything the engine refuses, with zh and en text
    ├── InputError              a value or frame the engine cannot use
    │                           (names the row, field, value and what is allowed)
    └── ProfileError            a scoring profile key or value is not allowed

Every error is a :class:`daifa.text.BilingualError`: ``message_en`` and
``message_zh`` (``error.text``) so the CLI and the web app can show it in the
seller's language; ``str(error)`` is the English text.
"""

from __future__ import annotations

from typing import Any

from daifa.text import BilingualError


class EngineError(BilingualError, ValueError):
    """Anything the engine refuses; ``field``, ``value``, ``row`` and ``allowed``
    say where and what, when known."""

    def __init__(
        self,
        message_en: str,
        message_zh: str,
        *,
        field: str | None = None,
        value: Any = None,
        row: int | None = None,
        allowed: str | None = None,
    ) -> None:
        super().__init__(message_en, message_zh)
        self.field = field
        self.value = value
        self.row = row
        self.allowed = allowed


class InputError(EngineError):
    """A value or frame the engine cannot use."""


class ProfileError(EngineError):
    """A scoring-profile key or value that is not allowed."""
