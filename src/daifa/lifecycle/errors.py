"""The lifecycle's refusal, in both languages."""

from __future__ import annotations


class StageChangeRefused(ValueError):
    """A stage change the rules do not allow; nothing was stored."""

    def __init__(self, message_en: str, message_zh: str, *, field: str = "") -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh
        self.field = field

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en
