from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from daifa.engine.criteria import criterion as catalogue_criterion
from daifa.engine.criteria import format_number
from daifa.engine.schema import COLUMNS_BY_NAME

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
    if isinstance(value, dict):
        known = [f"{field_label(k)} {show(v)}" for k, v in value.items() if v is not None]
        return "; ".join(known) or "—"
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


KIND_LABELS = {
    "gate": gettext_lazy("gate"),
    "score": gettext_lazy("score"),
    "flag": gettext_lazy("flag"),
    "kpi": gettext_lazy("KPI"),
}
STATUS_LABELS = {
    "pass": gettext_lazy("pass"),
    "warn": gettext_lazy("warn"),
    "fail": gettext_lazy("fail"),
    "unknown": gettext_lazy("unknown"),
}


def _lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@register.filter
def criterion_label(criterion_id: str) -> str:
    """A catalogue id as the seller reads it, in the page's language."""
    try:
        return catalogue_criterion(criterion_id).label.get(_lang())
    except (KeyError, ValueError, LookupError):
        return criterion_id


@register.filter
def field_label(name: str) -> str:
    column = COLUMNS_BY_NAME.get(name)
    if column is None:
        return name
    return column.label_en if _lang() == "en" else column.label_zh


@register.filter
def cny(value: Any) -> str:
    """12.3 -> '¥12.30'; unknown stays a dash, with no unit to suggest a number."""
    return "—" if value is None or value == "" else f"¥{float(value):,.2f}"


@register.filter
def suffix(value: Any, unit: str) -> str:
    """48.9 with '%' -> '48.9%'; unknown -> '—'."""
    shown = num(value, 2 if unit == "×" else 1)
    return shown if shown == "—" else f"{shown}{unit}"


@register.simple_tag
def sort_header(query: str, current: str, label: str, first: str, other: str = "") -> str:
    """A column header that sorts the list by ``first`` (clicked again: by ``other``,
    the opposite direction), keeping the page's filters; htmx swaps only the results.

    ``query`` is the page's query string without ``page``; its ``sort`` is replaced.
    """
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    params["sort"] = other if other and current == first else first
    href = "?" + params.urlencode()
    if current in (first, other) and current:
        arrow = " ▼" if current.startswith("-") else " ▲"
    else:
        arrow = ""
    return format_html(
        '<a class="sort" href="{href}" hx-get="{href}" hx-target="#results" hx-swap="outerHTML" '
        'hx-push-url="true">{label}{arrow}</a>',
        href=href,
        label=label,
        arrow=arrow,
    )


@register.filter
def with_unit(value: Any, criterion_id: str) -> str:
    """A threshold as the seller reads it, with its criterion's unit from the
    catalogue: 48 -> '48 小时' / '48 h', 25 -> '25%', [5, 10] -> '5–10%'.
    Values without a unit (yes/no, certificate lists) read as ``show`` has them."""
    try:
        unit = catalogue_criterion(criterion_id).unit.get(_lang())
    except (KeyError, ValueError, LookupError):
        unit = ""
    numbers = value if isinstance(value, list) else [value]
    if not unit or not numbers or not all(_is_number(v) for v in numbers):
        return show(value)
    if _lang() == "en" and numbers == [1] and unit.endswith("s"):
        unit = unit[:-1]  # "1 year", not "1 years"
    return "–".join(format_number(float(v)) for v in numbers) + unit


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
