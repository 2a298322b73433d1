"""``{% t "中文" "English" %}``: page text in the page's language, both written
side by side where they are used (escaped like any variable)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import template
from django.utils.translation import get_language

from daifa.text import Text

if TYPE_CHECKING:
    from daifa.verification.catalogue import Item
    from daifa.verification.models import Check

register = template.Library()


def lang() -> str:
    return "zh" if (get_language() or "zh").startswith("zh") else "en"


@register.simple_tag
def t(zh: str, en: str) -> str:
    return zh if lang() == "zh" else en


@register.filter
def pick(pair: Sequence[str] | Text | None, _: object = None) -> str:
    """A (zh, en) pair, or a ``Text`` (a verdict's message), in the page's language."""
    if not pair:
        return ""
    if isinstance(pair, Text):
        return pair.get(lang())
    return pair[0] if lang() == "zh" else pair[1]


@register.filter
def get(mapping: Any, key: str) -> Any:  # any template value; not a mapping: None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def check_title(check: Check) -> str:
    from daifa.verification.selectors import check_title as title

    return pick(title(check))


@register.filter
def limit_zh(item: Item) -> str:
    return item.limit_text("zh")


@register.filter
def limit_en(item: Item) -> str:
    return item.limit_text("en")


_STATUS = {"pass": ("通过", "pass"), "warn": ("注意", "warn"), "fail": ("未通过", "fail"),
           "unknown": ("未知", "unknown")}  # fmt: skip


@register.filter
def status_word(status: str | None) -> str:
    word = status or "unknown"
    return pick(_STATUS.get(word, (word, word)))
