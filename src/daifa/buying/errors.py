"""Refusals of the buying services, in both languages, naming the field and the value."""

from __future__ import annotations

from django.utils.translation import get_language


class BuyingRefused(ValueError):
    def __init__(self, en: str, zh: str, *, field: str = "", value: object = None) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh
        self.field = field
        self.value = value

    def message(self, lang: str | None = None) -> str:
        lang = lang or (get_language() or "zh")
        return self.zh if lang.startswith("zh") else self.en

    def __str__(self) -> str:
        return self.message()
