"""Numbers as sellers write them, parsed as Polars expressions (no per-cell Python).

Every parser takes a :class:`~.scope.Scope` (so each intermediate result is
computed once) and a *cleaned* text column (see :func:`clean`), and returns a
:class:`Parsed`: the typed value and a reason code (null when the cell was read,
or blank). The codes are explained to the user in :mod:`.report`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import polars as pl

from .scope import Scope

# Cells that mean "unknown" rather than a value nobody could read.
NULL_TOKENS = ("", *"- -- — —— / n/a na null none nan #n/a 未知 不详 暂无".split())
# Matching all spellings beats lower-casing every cell first (parsing is per cell).
_NULL_ANY_CASE = tuple({v for t in NULL_TOKENS for v in (t, t.upper(), t.title(), t.capitalize())})

_PREFIX = r"(?:≤|<=|<|≥|>=|>|约|大约|~|≈|小于|低于|不超过|不到|超过|高于|平均|均|第)?"
_SUFFIX = r"(?:以内|以下|以上|之内|内|左右|\+)?"
# A number (``1,234.5`` and ``1.5e+05`` included) or Chinese numerals up to 99 (``二十五``).
_NUM = (
    r"(?:(?<num>[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)"
    r"|(?<zh>[零〇一二两三四五六七八九十]+))"
)

DURATION_MINUTES: dict[str, float] = {
    **dict.fromkeys(("分钟", "分", "min", "mins", "minute", "minutes", "m"), 1.0),
    **dict.fromkeys(("小时", "个小时", "时", "h", "hr", "hrs", "hour", "hours"), 60.0),
    **dict.fromkeys(("天", "日", "d", "day", "days", "工作日", "个工作日"), 1440.0),
    **dict.fromkeys(("周", "星期", "个星期", "w", "week", "weeks"), 10080.0),
    **dict.fromkeys(("个月", "月", "month", "months"), 43200.0),
}
YEAR_UNITS: dict[str, float] = {
    **dict.fromkeys(("年", "y", "yr", "yrs", "year", "years"), 1.0),
    **dict.fromkeys(("个月", "月", "month", "months"), 1 / 12),
}
COUNT_MULTIPLIERS: dict[str, float] = {
    "万": 1e4,
    "w": 1e4,
    "千": 1e3,
    "k": 1e3,
    "百": 1e2,
    "亿": 1e8,
}
WEIGHT_GRAMS: dict[str, float] = {
    **dict.fromkeys(("g", "克", "gram", "grams"), 1.0),
    **dict.fromkeys(("kg", "千克", "公斤", "kgs"), 1000.0),
    "斤": 500.0,
}
LENGTH_CM: dict[str, float] = {
    **dict.fromkeys(("cm", "厘米", "公分"), 1.0),
    **dict.fromkeys(("mm", "毫米"), 0.1),
    **dict.fromkeys(("m", "米"), 100.0),
}
CNY_UNITS: dict[str, float] = {
    **dict.fromkeys(("元", "块", "cny", "rmb", "人民币"), 1.0),
    **dict.fromkeys(("万", "万元"), 1e4),
}
# Retail prices may be in any currency; the code fills `retail_currency` when blank.
CURRENCY_CODES: dict[str, str] = {
    **dict.fromkeys(("¥", "cny", "rmb", "元", "人民币"), "CNY"),
    **dict.fromkeys(("$", "us$", "usd", "美元"), "USD"),
    **dict.fromkeys(("€", "eur", "欧元"), "EUR"),
    **dict.fromkeys(("£", "gbp", "英镑"), "GBP"),
}
# Counts are stored as 64-bit integers; past 2**53 a float no longer holds every
# whole number, and no MOQ or monthly sales figure comes near it.
MAX_COUNT = 2.0**53
_ITEM_UNITS = r"(?:件|个|pcs|pc|单|笔|次|款|套|双|只|条)?"


@dataclass(frozen=True)
class Parsed:
    value: pl.Expr
    reason: pl.Expr  # String code; null when the cell was read or blank


def _zh_numerals() -> dict[str, str]:
    digits = "零一二三四五六七八九"
    table = {d: str(i) for i, d in enumerate(digits)} | {"〇": "0", "两": "2", "十": "10"}
    for tens in range(1, 10):
        head = "" if tens == 1 else digits[tens]
        for unit in range(10):
            tail = "" if unit == 0 else digits[unit]
            table[f"{head}十{tail}"] = str(tens * 10 + unit)
    return table


ZH_NUMERALS = _zh_numerals()


def fold_width(values: pl.Series) -> pl.Series:
    """NFKC (full-width ``１２％`` -> ``12%``, ``￥`` -> ``¥``) of the cells that need it.

    ASCII text is already in NFKC form, and NFKC is the costliest step of
    parsing, so only cells with other characters go through it.
    """
    # A cell has non-ASCII characters exactly when it has more bytes than characters.
    wide = (values.str.len_bytes() > values.str.len_chars()).fill_null(False).arg_true()
    if wide.len() == 0:
        return values
    return values.clone().scatter(wide, values.gather(wide).str.normalize("NFKC"))


def clean(s: Scope, raw: pl.Expr, *, folded: bool = False) -> pl.Expr:
    """NFKC (unless ``folded`` by :func:`fold_width`), strip, blank/`-`/`未知` -> null."""
    text = s.let((raw if folded else raw.str.normalize("NFKC")).str.strip_chars())
    return s.let(pl.when(text.is_in(_NULL_ANY_CASE)).then(None).otherwise(text))


def no_reason() -> pl.Expr:
    return pl.lit(None, dtype=pl.String)


def failed(text: pl.Expr, value: pl.Expr, code: str) -> pl.Expr:
    """The reason ``code`` where a non-blank cell gave no value."""
    return pl.when(text.is_not_null() & value.is_null()).then(pl.lit(code)).otherwise(None)


def first_reason(*reasons: pl.Expr) -> pl.Expr:
    return pl.coalesce(reasons)


def alternatives(units: dict[str, float] | dict[str, str]) -> str:
    return "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))


def number_of(parts: pl.Expr) -> pl.Expr:
    """The number matched by ``_NUM`` in a struct of regex groups (``1,234`` -> 1234.0)."""
    digits = parts.struct.field("num").str.replace_all(",", "", literal=True)
    chinese = parts.struct.field("zh").replace_strict(
        ZH_NUMERALS, default=None, return_dtype=pl.String
    )
    number = pl.coalesce(digits, chinese).cast(pl.Float64, strict=False)
    # ``1e309`` parses as infinity: no cell means that, so it is unreadable.
    return pl.when(number.is_finite()).then(number).otherwise(None)


def _unit_factor(unit: pl.Expr, units: dict[str, float], default: float) -> pl.Expr:
    # Patterns match case-insensitively; the few matched units are lower-cased here.
    mapped = unit.str.to_lowercase().replace_strict(units, default=None, return_dtype=pl.Float64)
    return pl.when(unit.is_null()).then(pl.lit(default)).otherwise(mapped)


def hint_factor(hint: str | None, units: dict[str, float], target: float) -> float:
    """How many target units one bare number is worth, given the header's unit."""
    if hint is None:
        return 1.0
    key = hint.strip().lower()
    return units[key] / target if key in units else 1.0


def number_with_unit(
    s: Scope,
    text: pl.Expr,
    units: dict[str, float],
    *,
    target: float = 1.0,
    hint: str | None = None,
) -> pl.Expr:
    """``≤15分钟`` -> 15 (in ``target`` units); null when the text does not fit."""
    pattern = rf"(?i)^{_PREFIX}\s*{_NUM}\s*(?<unit>{alternatives(units)})?\s*{_SUFFIX}$"
    parts = s.let(text.str.extract_groups(pattern))
    number = number_of(parts)
    scale = {unit: factor / target for unit, factor in units.items()}
    default = hint_factor(hint, units, target)
    return s.let(number * _unit_factor(parts.struct.field("unit"), scale, default))


def non_negative(value: pl.Expr) -> pl.Expr:
    return pl.when(value < 0).then(pl.lit("negative")).otherwise(None)


def measure(
    s: Scope,
    text: pl.Expr,
    units: dict[str, float],
    code: str,
    *,
    target: float = 1.0,
    hint: str | None = None,
) -> Parsed:
    """A non-negative quantity with an optional unit, converted to ``target`` units."""
    value = number_with_unit(s, text, units, target=target, hint=hint)
    return Parsed(value, first_reason(failed(text, value, code), non_negative(value)))


_HOUR_UNITS = ("小时", "个小时", "时", "h", "hr", "hrs", "hour", "hours")
# ``1小时30分``: minutes may follow an hour unit (checked after matching).
_DURATION = (
    rf"(?i)^{_PREFIX}\s*{_NUM}\s*(?:(?<unit>{alternatives(DURATION_MINUTES)})"
    r"(?:\s*(?<extra>\d+(?:\.\d+)?)\s*(?:分钟|分|mins|min|m)?)?)?\s*"
    rf"{_SUFFIX}$"
)


def duration(s: Scope, text: pl.Expr, target_minutes: float, hint: str | None) -> Parsed:
    """``≤15分钟``, ``0.5小时``, ``2天`` and ``1小时30分`` in the column's unit."""
    parts = s.let(text.str.extract_groups(_DURATION))
    scale = {unit: minutes / target_minutes for unit, minutes in DURATION_MINUTES.items()}
    default = hint_factor(hint, DURATION_MINUTES, target_minutes)
    main = number_of(parts) * _unit_factor(parts.struct.field("unit"), scale, default)
    extra = parts.struct.field("extra").cast(pl.Float64, strict=False)
    after_hours = parts.struct.field("unit").str.to_lowercase().is_in(_HOUR_UNITS)
    value = s.let(
        pl.when(extra.is_null())
        .then(main)
        .when(after_hours)
        .then(main + extra / target_minutes)
        .otherwise(None)
    )
    return Parsed(value, first_reason(failed(text, value, "duration"), non_negative(value)))


def years(s: Scope, text: pl.Expr, hint: str | None) -> Parsed:
    return measure(s, text, YEAR_UNITS, "years", hint=hint)


def weight(s: Scope, text: pl.Expr, hint: str | None) -> Parsed:
    return measure(s, text, WEIGHT_GRAMS, "weight", hint=hint)


def length(s: Scope, text: pl.Expr, hint: str | None) -> Parsed:
    return measure(s, text, LENGTH_CM, "length", hint=hint)


def count(s: Scope, text: pl.Expr, *, integer: bool) -> Parsed:
    """``1.2万`` -> 12000, ``500+`` -> 500, ``1,234`` -> 1234, ``十`` -> 10."""
    pattern = (
        rf"(?i)^{_PREFIX}\s*{_NUM}\s*(?<unit>{alternatives(COUNT_MULTIPLIERS)})?\s*"
        rf"{_ITEM_UNITS}\s*{_SUFFIX}$"
    )
    parts = s.let(text.str.extract_groups(pattern))
    number = number_of(parts)
    value = s.let(number * _unit_factor(parts.struct.field("unit"), COUNT_MULTIPLIERS, 1.0))
    reason = first_reason(failed(text, value, "count"), non_negative(value))
    if not integer:
        return Parsed(value, reason)
    is_whole = value.round(6) % 1 == 0
    fits = value.abs() <= MAX_COUNT
    typed = pl.when(is_whole & fits).then(value.round(0)).otherwise(None).cast(pl.Int64)
    whole = pl.when(~is_whole).then(pl.lit("not_whole")).otherwise(None)
    too_large = pl.when(~fits).then(pl.lit("too_large")).otherwise(None)
    return Parsed(typed, first_reason(reason, too_large, whole))


def money(s: Scope, text: pl.Expr) -> Parsed:
    """``¥12.50``, ``12.5元``, ``CNY 12.5`` -> 12.5 (yuan)."""
    pattern = (
        rf"(?i)^(?:¥|cny|rmb|人民币)?\s*{_PREFIX}\s*{_NUM}\s*"
        rf"(?<unit>{alternatives(CNY_UNITS)})?\s*(?:/\s*{_ITEM_UNITS}|每件)?$"
    )
    parts = s.let(text.str.extract_groups(pattern))
    number = number_of(parts)
    value = s.let(number * _unit_factor(parts.struct.field("unit"), CNY_UNITS, 1.0))
    return Parsed(value, first_reason(failed(text, value, "money"), non_negative(value)))


# 1688 quotes "面议" (price on request) instead of a number: the price is unknown,
# which is no reason to refuse the file.
_ON_REQUEST = (
    r"(?i)^(?:价格)?(?:面议|议价|电议|详询|询价|待定|咨询客服|咨询|请咨询|联系客服|另议)$"
    r"|^(?:n/?a|tbd|-+|—+|/)$"
)
ON_REQUEST_CELL = _ON_REQUEST
_RANGE = r"^(?<lo>[^-~～至到]+?)\s*(?:-|~|～|—|至|到)\s*(?<hi>[^-~～至到]+)$"
# Reasons that make a cell unknown with a notice, not an unreadable cell.
ON_REQUEST, PRICE_RANGE = "on_request", "price_range"


def money_cell(s: Scope, text: pl.Expr) -> Parsed:
    """A price cell as 1688 shows it: an amount; ``面议`` (unknown, reason
    ``on_request``); or a range ``8.5-12`` (a tiered price: read as its
    higher, smallest-order price 12, reason ``price_range``)."""
    plain = money(s, text)
    parts = s.let(text.str.extract_groups(_RANGE))
    low = money(s, parts.struct.field("lo"))
    high = money(s, parts.struct.field("hi"))
    ranged = s.let(
        plain.value.is_null()
        & low.value.is_not_null()
        & high.value.is_not_null()
        & (low.value >= 0)
        & (low.value <= high.value)
    )
    value = pl.when(ranged).then(high.value).otherwise(plain.value)
    reason = (
        pl.when(text.str.contains(_ON_REQUEST))
        .then(pl.lit(ON_REQUEST))
        .when(ranged)
        .then(pl.lit(PRICE_RANGE))
        .otherwise(plain.reason)
    )
    return Parsed(value, reason)


def retail_parts(s: Scope, text: pl.Expr) -> pl.Expr:
    """``$19.99`` -> {pre: "$", num: "19.99", post: null}."""
    codes = alternatives(CURRENCY_CODES)
    pattern = rf"(?i)^(?<pre>{codes})?\s*{_NUM}\s*(?<post>{codes})?$"
    return s.let(text.str.extract_groups(pattern))


def retail_price(s: Scope, text: pl.Expr) -> Parsed:
    """``$19.99``, ``19.99 EUR``, ``129元`` -> the number; see :func:`retail_currency`."""
    value = s.let(number_of(retail_parts(s, text)))
    return Parsed(value, first_reason(failed(text, value, "price"), non_negative(value)))


def retail_currency(parts: pl.Expr) -> pl.Expr:
    """The currency code written next to a retail price (``$`` -> ``USD``), or null."""
    symbol = pl.coalesce(parts.struct.field("pre"), parts.struct.field("post")).str.to_lowercase()
    return symbol.replace_strict(CURRENCY_CODES, default=None, return_dtype=pl.String)


def plain_number(s: Scope, text: pl.Expr, low: float, high: float) -> Parsed:
    """A score such as ``4``, ``4.5分``, ``5星`` or ``★★★★☆``, checked against [low, high]."""
    stars = text.str.count_matches("★").cast(pl.String)
    text = s.let(pl.when(text.str.contains(r"^[★☆]+$")).then(stars).otherwise(text))
    units = dict.fromkeys(("分", "星", "stars", "star", "points"), 1.0)
    value = number_with_unit(s, text, units)
    outside = pl.when((value < low) | (value > high)).then(pl.lit("out_of_range"))
    return Parsed(value, first_reason(failed(text, value, "number"), outside.otherwise(None)))


PercentMode = Literal["percent", "fractions"]


def percent_parts(s: Scope, text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The number and whether a ``%`` was written, e.g. ``41%`` -> (41, True)."""
    pattern = rf"(?i)^{_PREFIX}\s*{_NUM}\s*(?<pct>%|pct|percent)?\s*{_SUFFIX}$"
    parts = s.let(text.str.extract_groups(pattern))
    number = s.let(number_of(parts))
    return number, parts.struct.field("pct").is_not_null()


def percent(s: Scope, text: pl.Expr, mode: PercentMode) -> Parsed:
    """``41%``, ``41`` and ``0.3`` (0.3 %) -> percent; ``0.41`` -> 41 in a "fractions" column."""
    number, has_sign = percent_parts(s, text)
    if mode == "fractions":
        scale = pl.when(has_sign | (number > 1)).then(1.0).otherwise(100.0)
    else:
        scale = pl.lit(1.0)
    value = s.let(number * scale)
    over = pl.when(value > 100).then(pl.lit("pct_over_100")).otherwise(None)
    return Parsed(value, first_reason(failed(text, value, "percent"), non_negative(value), over))
