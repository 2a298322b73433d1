from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()

STATUS_TEXT = {"pass": "✓", "warn": "!", "fail": "✗", "unknown": "?"}


@register.filter
def pct(value: Any, digits: int = 0) -> str:
    """0.73 -> '73%'."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def num(value: Any, digits: int = 1) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return f"{value:,.{int(digits)}f}".rstrip("0").rstrip(".") if digits else f"{value:,.0f}"
    return str(value)


@register.filter
def show(value: Any) -> str:
    """A fact as a person reads it: lists joined, booleans as yes/no, tiers spelled out."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list) and value and isinstance(value[0], dict) and "price_cny" in value[0]:
        return "; ".join(_tier(t) for t in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return _plain(value)
    return str(value)


def _plain(value: float) -> str:
    """12000.0 -> '12,000'; 3.97407 -> '3.97'; 0.14 -> '0.14'."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _tier(tier: dict[str, Any]) -> str:
    low, high = tier.get("min_qty"), tier.get("max_qty")
    span = f"{low}+" if high is None else f"{low}–{high}"
    return f"{span}: ¥{tier.get('price_cny'):g}"


@register.filter
def status_icon(status: str) -> str:
    return STATUS_TEXT.get(status, "?")


@register.filter
def get(mapping: dict, key: str) -> Any:
    return mapping.get(key) if mapping else None
