"""The one error a spreadsheet read raises: the file itself cannot be used.

Cells that cannot be read are not errors; they are listed in the ReadReport.
"""

from __future__ import annotations

from daifa.text import BilingualError


class SpreadsheetError(BilingualError, ValueError):
    """A file that cannot be read at all (missing, wrong type, unknown encoding)."""

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en, message_zh)
