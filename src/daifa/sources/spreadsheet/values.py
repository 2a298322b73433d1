"""Which parser reads which canonical field, and the typed result of each.

The parser is chosen from the field's schema type and the unit in its name
(``*_pct``, ``*_minutes``, ``*_hours``, ``*_days``, ``*_cny``, ``*_g``, ``*_cm``),
as data-format.md names every column with its unit.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from daifa.engine.schema import COLUMNS_BY_NAME, REVIEW_COLUMNS, SALES_COLUMNS

from . import numbers as num
from . import structured as st
from .certificates import certificate_list
from .headers import TRANSIT_RANGE, TableKind
from .numbers import Parsed, PercentMode, clean, first_reason
from .scope import Scope

OFFER_URL_ID = r"1688\.com/offer/(\d+)"
# Rendered as links: only http(s) may be stored (structured.web_link).
LINK_FIELDS = ("shop_url", "offer_url")
_DAYS, _HOURS = 1440.0, 60.0
MAX_PERIOD_DAYS = 3660  # ten years: a sales period is days to months long


def dtype_of(field: str, kind: TableKind) -> pl.DataType:
    if kind == "sales":
        return SALES_COLUMNS[field]
    if kind == "reviews":
        return REVIEW_COLUMNS[field]
    return COLUMNS_BY_NAME[field].dtype


def identifier(s: Scope, text: pl.Expr) -> Parsed:
    """Ids stay text: Excel's ``123.0`` -> ``123``; ``1.23E+11`` lost digits: a problem."""
    value = s.let(text.str.replace(r"^(\d+)\.0+$", "${1}"))
    rounded = value.str.contains(r"(?i)^\d(?:\.\d+)?e\+?\d+$")
    return Parsed(
        pl.when(rounded).then(None).otherwise(value),
        pl.when(rounded).then(pl.lit("id_rounded")).otherwise(None),
    )


def offer_id(s: Scope, text: pl.Expr) -> Parsed:
    """An offer id, also read from ``https://detail.1688.com/offer/<id>.html``."""
    parsed = identifier(s, text)
    return Parsed(pl.coalesce(text.str.extract(OFFER_URL_ID, 1), parsed.value), parsed.reason)


def offer_id_from_url(url: pl.Expr) -> pl.Expr:
    return url.str.extract(OFFER_URL_ID, 1)


def currency_code(s: Scope, text: pl.Expr) -> Parsed:
    """``usd``, ``$``, ``美元`` -> ``USD``: a three-letter code."""
    named = text.str.to_lowercase().replace_strict(
        num.CURRENCY_CODES, default=None, return_dtype=pl.String
    )
    code = pl.coalesce(named, text.str.to_uppercase())
    value = s.let(pl.when(code.str.contains(r"^[A-Z]{3}$")).then(code).otherwise(None))
    return Parsed(value, num.failed(text, value, "currency"))


def _number(s: Scope, field: str, text: pl.Expr, hint: str | None, mode: PercentMode) -> Parsed:
    if field.endswith("_pct"):
        return num.percent(s, text, mode)
    if field.endswith("_minutes"):
        return num.duration(s, text, 1.0, hint)
    if field.endswith("_hours"):
        return num.duration(s, text, _HOURS, hint)
    if field.endswith("_days") or field.startswith("transit_days"):
        return num.duration(s, text, _DAYS, hint)
    if field.endswith("_years") or field == "years_in_business":
        return num.years(s, text, hint)
    if field.endswith("_cny"):
        return num.money(s, text)
    if field == "target_retail_price":
        return num.retail_price(s, text)
    if field.endswith("_g"):
        return num.weight(s, text, hint)
    if field.endswith("_cm"):
        return num.length(s, text, hint)
    if field == "answer_precision":
        return num.plain_number(s, text, 1, 5)
    raise KeyError(field)


def _supplier_field(
    s: Scope, field: str, raw: pl.Expr, text: pl.Expr, hint: str | None, mode: PercentMode
) -> Parsed:
    column = COLUMNS_BY_NAME[field]
    if field == "supplier_id":
        return identifier(s, text)
    if field == "offer_id":
        return offer_id(s, text)
    if field == "retail_currency":
        return currency_code(s, text)
    if field in LINK_FIELDS:
        return st.web_link(s, raw)
    if column.type == "text":
        return st.text_value(s, raw)
    if column.type == "bool":
        return st.boolean(s, text)
    if column.type == "list":
        if field == "certifications":
            return certificate_list(s, text)
        return st.text_list(s, text, upper=False)
    if column.type == "tiers":
        # Tiers need their cells exploded: see structured.price_tiers (a frame function).
        raise ValueError("price tiers are parsed with structured.price_tiers")
    if column.type == "datetime":
        return st.datetime_(s, text)
    if column.type == "integer":
        return num.count(s, text, integer=True)
    return _number(s, field, text, hint, mode)


def _whole_days(s: Scope, text: pl.Expr, hint: str | None) -> Parsed:
    days = num.duration(s, text, _DAYS, hint)
    bad = (days.value % 1 != 0) | (days.value < 1) | (days.value > MAX_PERIOD_DAYS)
    whole = pl.when(bad).then(pl.lit("period_days"))
    value = pl.when(~bad).then(days.value).otherwise(None).cast(pl.Int64)
    return Parsed(value, first_reason(days.reason, whole.otherwise(None)))


def _companion_field(s: Scope, field: str, raw: pl.Expr, text: pl.Expr, hint: str | None) -> Parsed:
    parsers: dict[str, Callable[[], Parsed]] = {
        "supplier_id": lambda: identifier(s, text),
        "offer_id": lambda: offer_id(s, text),
        "period_start": lambda: st.date(s, text),
        "period_days": lambda: _whole_days(s, text, hint),
        "units": lambda: num.count(s, text, integer=False),
        "text": lambda: st.text_value(s, raw),
        "rating": lambda: num.plain_number(s, text, 0, 5),
        "created_at": lambda: st.datetime_(s, text),
    }
    return parsers[field]()


def parse_field(
    s: Scope,
    field: str,
    raw: pl.Expr,
    kind: TableKind,
    *,
    hint: str | None = None,
    mode: PercentMode = "percent",
    folded: pl.Expr | None = None,
) -> Parsed:
    """The typed value of ``field`` read from the raw text ``raw``, and why it failed.

    ``folded`` is ``raw`` already passed through :func:`~.numbers.fold_width`.
    """
    text = clean(s, raw) if folded is None else clean(s, folded, folded=True)
    if kind == "suppliers":
        parsed = _supplier_field(s, field, raw, text, hint, mode)
    else:
        parsed = _companion_field(s, field, raw, text, hint)
    return Parsed(parsed.value.cast(dtype_of(field, kind)), parsed.reason)


def transit_range(s: Scope, raw: pl.Expr, hint: str | None) -> tuple[Parsed, Parsed]:
    """``7-12天`` -> (7, 12) days; ``10天`` -> (10, 10)."""
    text = clean(s, raw)
    parts = s.let(text.str.extract_groups(r"^(?<a>[^-~至到]+?)\s*(?:[-~至到]\s*(?<b>.+))?$"))
    low, high = parts.struct.field("a"), parts.struct.field("b")
    unit = high.str.extract(r"([^\d.\s]+)$", 1)
    bare = low.str.contains(r"^[\d.]+$") & unit.is_not_null()
    low = s.let(pl.when(bare).then(low + unit).otherwise(low))
    high = s.let(pl.coalesce(high, low))
    first = num.duration(s, low, _DAYS, hint)
    last = num.duration(s, high, _DAYS, hint)
    order = pl.when(first.value > last.value).then(pl.lit("range_order")).otherwise(None)
    reason = pl.when(text.is_not_null()).then(first_reason(first.reason, last.reason, order))
    return Parsed(first.value, reason.otherwise(None)), Parsed(last.value, num.no_reason())


def is_range_field(field: str) -> bool:
    return field == TRANSIT_RANGE
