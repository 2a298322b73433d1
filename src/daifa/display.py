"""How a value reads to a seller: one formatter for the pages, the reports and the forms.

Pure Python (the engine's messages use :func:`short_number` too). Numbers are
short (``41``, ``0.33``, never ``41.0`` or an exponent), a tiny negative never
reads ``-0``, booleans are 是/否 or yes/no, lists are joined, price tiers spelled
out, and an unknown is a dash.

    >>> number(12000.0), number(3.97407), number(-0.001), short_number(12000.0)
    ('12,000', '3.97', '0', '12000')
    >>> fact(True, "zh"), fact(["CE", "FCC"], "en"), fact(None, "en")
    ('是', 'CE, FCC', '—')
    >>> fact([{"min_qty": 1, "max_qty": 49, "price_cny": 12.5}], "en")
    '1–49: ¥12.5'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from daifa.text import Text

DASH = "—"
YES, NO = Text("是", "yes"), Text("否", "no")
_NEGATIVE_ZERO = re.compile(r"-(0(?:\.0*)?)")


def unsigned_zero(text: str) -> str:
    """'-0' and '-0.0' (a tiny negative rounded away) read as 0: a penalty of
    nothing is not "-0 / 10"."""
    return text[1:] if _NEGATIVE_ZERO.fullmatch(text) else text


def short_number(value: float) -> str:
    """``41.0`` → ``"41"``, ``0.333333`` → ``"0.33"``: short, no exponent, no grouping
    (the engine's messages: "达到 25%")."""
    return unsigned_zero(f"{value:.2f}".rstrip("0").rstrip("."))


def number(value: float) -> str:
    """A number on a page: :func:`short_number`, grouped from a thousand (``12,000``)."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return short_number(value)


def fixed(value: float, digits: int = 1) -> str:
    """At most ``digits`` decimals, grouped, trailing zeros dropped (``1,234.5``)."""
    if not digits:
        return unsigned_zero(f"{value:,.0f}")
    return unsigned_zero(f"{value:,.{int(digits)}f}".rstrip("0").rstrip("."))


def yes_no(value: bool, lang: str) -> str:
    return (YES if value else NO).get(lang)


def fact(value: Any, lang: str, *, label: Callable[[str], str] = str) -> str:
    """A fact as a person reads it: lists joined, booleans as yes/no, tiers spelled
    out, a struct as its known parts (``label`` names their fields)."""
    if value is None or value == "" or value == []:
        return DASH
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, list) and value and isinstance(value[0], dict) and "price_cny" in value[0]:
        return "; ".join(_tier(t) for t in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        known = [
            f"{label(k)} {fact(v, lang, label=label)}" for k, v in value.items() if v is not None
        ]
        return "; ".join(known) or DASH
    if isinstance(value, float):
        return number(value)
    return str(value)


def _tier(tier: dict[str, Any]) -> str:
    low, high = tier.get("min_qty"), tier.get("max_qty")
    span = f"{low}+" if high is None else f"{low}–{high}"
    return f"{span}: ¥{tier.get('price_cny'):g}"
