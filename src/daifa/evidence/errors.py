"""The refusal of an evidence file, in both languages, naming the file."""

from __future__ import annotations


class EvidenceRefused(ValueError):
    """A file that cannot be kept as evidence; nothing was stored."""

    def __init__(self, message_en: str, message_zh: str, *, name: str = "") -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh
        self.name = name

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en
