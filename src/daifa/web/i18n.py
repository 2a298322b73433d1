"""The page's language for domain words (``Text``), in one place.

Django's LocaleMiddleware sets ``request.LANGUAGE_CODE`` ("zh-hans" or "en"); the
domain phrases (criteria, decisions, errors) pick their language with the code
this module returns. Chinese first: anything that is not English reads Chinese.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

from daifa.text import Lang, lang_code


def lang_of(request: HttpRequest) -> Lang:
    """``"zh"`` or ``"en"`` for this request."""
    return lang_code(getattr(request, "LANGUAGE_CODE", None))


def active_lang() -> Lang:
    """``"zh"`` or ``"en"`` for the language active now (templates, forms)."""
    return lang_code(get_language())
