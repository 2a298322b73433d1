from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django import template
from django.http import QueryDict
from django.template.defaultfilters import date as date_format_filter
from django.utils.html import format_html
from django.utils.translation import gettext as _

from daifa import display
from daifa.engine import words
from daifa.engine.criteria import criterion as catalogue_criterion
from daifa.engine.criteria import format_number
from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.sources.links import web_link
from daifa.text import Text
from daifa.web.i18n import active_lang

register = template.Library()

STATUS_TEXT = {"pass": "✓", "warn": "!", "fail": "✗", "unknown": "?"}


_unsigned_zero = display.unsigned_zero


@register.filter
def web_href(value: Any) -> str:
    """A supplier-given address fit for ``href`` (http or https), or "" for anything else.

    Rows stored before links were checked may hold ``javascript:`` or ``data:``;
    the template then shows no link at all.
    """
    return web_link(value) or ""


@register.filter
def pct(value: Any, digits: int = 0) -> str:
    """0.73 -> '73%'."""
    if value is None or value == "":
        return "—"
    return _unsigned_zero(f"{float(value) * 100:.{int(digits)}f}") + "%"


@register.filter
def num(value: Any, digits: int = 1) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return display.fixed(value, int(digits))
    return str(value)


_PASTED = re.compile(r"pasted from 1688 page(?: \((shop profile|offer)\))?(?: on [\d-]+)?")
_ROW = re.compile(r", row (\d+)$")
_SHEET = re.compile(r", sheet ([^,]+)")


@register.filter
def source_text(detail: Any) -> str:
    """Where a value came from, in the page's language. Stored details are
    written once in English ("pasted from 1688 page (offer) on …", "file.csv,
    row 5"); the date is left out because every page shows it beside."""
    if not detail:
        return ""
    text = str(detail)
    if text == "orders":  # the KPIs' evidence: the seller's own orders
        return _("your orders")
    zh = _lang() == "zh"
    found = _PASTED.fullmatch(text)
    if found:
        page = {"shop profile": _("shop profile"), "offer": _("offer page")}.get(found[1] or "")
        return _("pasted from a 1688 %(page)s") % {"page": page} if page else _("pasted from 1688")
    if zh:
        text = _SHEET.sub(r"，工作表 \1", text)
        text = _ROW.sub(r"，第 \1 行", text)
    return text


@register.filter
def show(value: Any) -> str:
    """A fact as a person reads it: lists joined, booleans as yes/no, tiers spelled out."""
    return display.fact(value, _lang(), label=field_label)


# One date format for the whole workbench, in both languages: ISO order reads
# the same to a Chinese and an English seller, and sorts. Shown in the active
# zone, which daifa.web.middleware sets to the workspace's.
DATE_FORMAT, DATETIME_FORMAT = "Y-m-d", "Y-m-d H:i"


@register.filter(expects_localtime=True)
def when(value: Any) -> str:
    """A moment as the workbench shows it: '2026-12-07 01:20' in the workspace's zone."""
    if isinstance(value, datetime):  # DATETIME_FORMAT written out: Django's formatter is slow
        v = value
        return f"{v.year:04d}-{v.month:02d}-{v.day:02d} {v.hour:02d}:{v.minute:02d}"
    return date_format_filter(value, DATETIME_FORMAT) if value else "—"


@register.filter(expects_localtime=True)
def day(value: Any) -> str:
    """A day as the workbench shows it: '2026-12-07' (a moment: its day in the workspace's zone)."""
    return date_format_filter(value, DATE_FORMAT) if value else "—"


@register.filter
def status_icon(status: str) -> str:
    return STATUS_TEXT.get(status, "?")


@register.filter
def get(mapping: Mapping[str, Any] | None, key: str) -> Any:
    return mapping.get(key) if mapping else None


# The vocabulary's words (daifa.engine.words), one per kind and status everywhere.
KIND_LABELS = words.KINDS
STATUS_LABELS = words.STATUSES


_lang = active_lang  # one language rule for every page (daifa.web.i18n)


@register.filter
def kind_label(kind: str) -> str:
    return words.word(KIND_LABELS, kind, _lang())


@register.filter
def status_label(status: str) -> str:
    return words.word(STATUS_LABELS, status, _lang())


@register.filter
def lang(text: Text | None) -> str:
    """A domain phrase (``Text``: a verdict's message, action, value) in the page's language."""
    return "" if text is None else text.get(_lang())


@register.filter
def criterion_label(criterion_id: str) -> str:
    """A catalogue id as the seller reads it, in the page's language."""
    try:
        return catalogue_criterion(criterion_id).label.get(_lang())
    except (KeyError, ValueError, LookupError):
        return criterion_id


@register.filter
def field_label(name: str) -> str:
    return field_label_in(name, _lang())


def field_label_in(name: str, code: str) -> str:
    """:func:`field_label` in the language ``code`` ("zh" or "en")."""
    column = COLUMNS_BY_NAME.get(name)
    if column is None:
        return name
    return column.label_en if code == "en" else column.label_zh


def show_in(value: Any, code: str) -> str:
    """:func:`show` in the language ``code``: for a loop that knows it already."""
    return display.fact(value, code, label=lambda name: field_label_in(name, code))


@register.filter
def cny(value: Any) -> str:
    """12.3 -> '¥12.30'; unknown stays a dash, with no unit to suggest a number."""
    return "—" if value is None or value == "" else f"¥{float(value):,.2f}"


@register.filter
def amount(value: Any) -> str:
    """11055 -> '11,055.00': money as every page and sentence writes it (one format
    in both languages; Django's zh-hans format would print 11055.00)."""
    if value is None or value == "":
        return "—"
    return _unsigned_zero(f"{float(value):,.2f}")


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
    href = "?" + _with_sort(query, other if other and current == first else first)
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


@functools.lru_cache(maxsize=64)
def _encoded_parts(query: str) -> tuple[tuple[str, str], ...]:
    """``query`` without ``page``, as (key, that key's encoded ``k=v&k=v``) in
    QueryDict's order: parsed and encoded once for the list's 13 sort headers."""
    params = QueryDict(query)
    return tuple((key, _encode(params, key)) for key in params if key != "page")


def _encode(params: QueryDict, key: str) -> str:
    one = QueryDict(mutable=True)
    one.setlist(key, params.getlist(key))
    return one.urlencode()


def _with_sort(query: str, sort: str) -> str:
    """``QueryDict(query)`` without ``page``, its ``sort`` set to ``sort``, urlencoded:
    the sort keeps its place when the query has one, else comes last."""
    mine = QueryDict(mutable=True)
    mine["sort"] = sort
    encoded_sort = mine.urlencode()
    parts = [encoded_sort if key == "sort" else encoded for key, encoded in _encoded_parts(query)]
    if not any(key == "sort" for key, _encoded in _encoded_parts(query)):
        parts.append(encoded_sort)
    return "&".join(p for p in parts if p)


@register.filter
def with_unit(value: Any, criterion_id: str) -> str:
    """A threshold as the seller reads it, with its criterion's unit from the
    catalogue: 48 -> '48 小时' / '48 h', 25 -> '25%', [5, 10] -> '5–10%'.
    Values without a unit (yes/no, certificate lists) read as ``show`` has them."""
    return with_unit_in(value, criterion_id, _lang())


def with_unit_in(value: Any, criterion_id: str, code: str) -> str:
    """:func:`with_unit` in the language ``code``: for a loop that knows it already."""
    try:
        unit = catalogue_criterion(criterion_id).unit.get(code)
    except (KeyError, ValueError, LookupError):
        unit = ""
    numbers = value if isinstance(value, list) else [value]
    if not unit or not numbers or not all(_is_number(v) for v in numbers):
        return show_in(value, code)
    if code == "en" and numbers == [1] and unit.endswith("s"):
        unit = unit[:-1]  # "1 year", not "1 years"
    return "–".join(format_number(float(v)) for v in numbers) + unit


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# The long tables' rows, rendered in Python (daifa.screening.tables: the same HTML,
# a fraction of the template engine's time). Imported on use: tables uses the filters above.
@register.filter
def criterion_rows(criteria: Any) -> str:
    from daifa.screening.tables import criterion_rows as rows

    return rows(criteria)


@register.filter
def scorecard_sections(dimensions: Any) -> str:
    from daifa.screening.tables import scorecard_sections as sections

    return sections(dimensions)


@register.filter
def history_rows(history: Any) -> str:
    from daifa.screening.tables import history_rows as rows

    return rows(history)
