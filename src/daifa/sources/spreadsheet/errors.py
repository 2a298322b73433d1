"""The one error a spreadsheet read raises: the file itself cannot be used.

Cells that cannot be read are not errors; they are listed in the ReadReport.
"""

from __future__ import annotations


class SpreadsheetError(ValueError):
    """A file that cannot be read at all (missing, wrong type, unknown encoding)."""

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en
