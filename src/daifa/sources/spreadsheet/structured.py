"""Booleans, lists, dates (Polars expressions) and price tiers (a frame function)."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from daifa.sources.links import BARE_HOST, EDGES, INVISIBLE, WEB_SCHEME

from .numbers import Parsed, failed, no_reason
from .scope import Scope

TRUE_WORDS = tuple(
    "是 有 支持 可以 可 能 会 通过 合格 已通过 包 对 y yes true t 1 1.0 ✓ ✔ √ ☑ ok o".split()
)
FALSE_WORDS = tuple(
    "否 无 没有 不支持 不可以 不可 不能 不会 不通过 不合格 未通过 不包 错".split()
    + "n no false f 0 0.0 ✗ ✘ × x ☐".split()
)
BOOLEANS: dict[str, bool] = dict.fromkeys(TRUE_WORDS, True) | dict.fromkeys(FALSE_WORDS, False)

# "无" in a list cell is knowledge (no certificates), not a blank: it reads as [].
EMPTY_LIST_WORDS = ("无", "没有", "暂无认证", "无认证")
LIST_SEPARATORS = r"\s*[;,、/|\n]+\s*"

_TIER = (
    r"(?i)^(?:≥|>=|>)?\s*(?<min>\d+)\s*(?:(?:-|~|至|到)\s*(?<max>\d+))?\s*(?:\+|以上)?\s*"
    r"(?:件|个|pcs|pc|套|双|只|条)?\s*(?:以上)?\s*(?::|=|\s)\s*(?:¥|cny|rmb)?\s*"
    r"(?<price>\d+(?:\.\d+)?)\s*(?:元|cny|rmb)?\s*(?:/\s*(?:件|个|pcs|pc))?$"
)
_DATE = (
    r"(?i)^(?<y>\d{4})\s*[-/.年]\s*(?<mo>\d{1,2})\s*月?\s*(?:[-/.]?\s*(?<d>\d{1,2})\s*[日号]?)?"
    r"(?:\s*[t\s]\s*(?<h>\d{1,2})\s*[:时点]\s*(?<mi>\d{1,2})\s*分?"
    r"(?:\s*:?\s*(?<s>\d{1,2})(?<f>\.\d{1,9})?\s*秒?)?)?$"
)
_EXCEL_EPOCH = datetime(1899, 12, 30)
# 1688 opened in 1999: a date outside these years is a typing or Excel mistake
# (serial 00000 is 1899-12-30), which the screening would otherwise trip over.
EARLIEST, LATEST = datetime(1990, 1, 1), datetime(2100, 1, 1)


def boolean(s: Scope, text: pl.Expr) -> Parsed:
    """是/否, 有/无, yes/no, Y/N, ✓/✗, 1/0, TRUE/FALSE; blank stays unknown (null)."""
    lowered = text.str.to_lowercase()
    value = s.let(lowered.replace_strict(BOOLEANS, default=None, return_dtype=pl.Boolean))
    return Parsed(value, failed(text, value, "bool"))


def text_list(s: Scope, text: pl.Expr, *, upper: bool) -> Parsed:
    """``CE；FCC``, ``CE、FCC``, ``CE/FCC`` -> ["CE", "FCC"]; ``无`` -> []."""
    source = text.str.to_uppercase() if upper else text
    items = s.let(
        source.str.replace_all(LIST_SEPARATORS, ";")
        .str.split(";")
        .list.eval(pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != ""))
        .list.unique(maintain_order=True)
    )
    empty = text.str.to_lowercase().is_in(EMPTY_LIST_WORDS)
    found = pl.when(items.list.len() > 0).then(items).otherwise(None)
    value = s.let(pl.when(empty).then(pl.lit([], dtype=pl.List(pl.String))).otherwise(found))
    return Parsed(value, failed(text, value, "list"))


def price_tiers(texts: pl.Series) -> pl.DataFrame:
    """``1-49:12.5;50-199:11.8;200+:10.9`` -> [{min_qty, max_qty, price_cny}, ...].

    ``texts`` is cleaned text; returns columns ``value`` and ``reason`` row for
    row. A tier without an upper bound that is not the last ends one below the
    next tier's start (``≥1:12.5;≥50:11.8`` is how 1688 shows tiers). Works on the
    exploded tiers of all cells at once: a per-list ``list.eval`` with ``shift``
    would run once per cell.
    """
    cells = pl.DataFrame({"text": texts}).with_row_index("cell")
    pieces = (
        cells.select(
            "cell",
            pl.col("text")
            .str.replace_all(r"[;,、|\n]+", ";")
            .str.strip_chars("; ")
            .str.split(";")
            .alias("piece"),
        )
        .explode("piece")
        .with_columns(pl.col("piece").str.strip_chars().str.extract_groups(_TIER).alias("g"))
        .unnest("g")
    )
    tiers = (
        pieces.select("cell", *_tier_bounds())
        .group_by("cell", maintain_order=True)
        .agg(
            pl.struct("min_qty", "max_qty", "price_cny").alias("tiers"),
            pl.col("unread").any(),
            pl.col("disorder").any(),
        )
    )
    reason = (
        pl.when(pl.col("text").is_null())
        .then(None)
        .when(pl.col("unread"))
        .then(pl.lit("tiers"))
        .when(pl.col("disorder"))
        .then(pl.lit("tiers_order"))
        .otherwise(None)
    )
    joined = cells.join(tiers, on="cell", how="left", maintain_order="left")
    return joined.select(
        pl.when(reason.is_null() & pl.col("text").is_not_null())
        .then(pl.col("tiers"))
        .otherwise(None)
        .alias("value"),
        reason.alias("reason"),
    )


def _tier_bounds() -> list[pl.Expr]:
    """Per exploded tier: bounds, price, and whether it is unreadable or out of order."""
    same_next = pl.col("cell").shift(-1) == pl.col("cell")
    same_prev = pl.col("cell").shift(1) == pl.col("cell")
    low = pl.col("min").cast(pl.Int64, strict=False)
    given_high = pl.col("max").cast(pl.Int64, strict=False)
    high = pl.coalesce(given_high, pl.when(same_next).then(low.shift(-1) - 1))
    disorder = (high < low) | (same_prev & ((low <= high.shift(1)) | (low <= low.shift(1))))
    return [
        low.alias("min_qty"),
        high.alias("max_qty"),
        pl.col("price").cast(pl.Float64, strict=False).alias("price_cny"),
        (pl.col("price").is_null() | low.is_null()).alias("unread"),
        disorder.fill_null(False).alias("disorder"),
    ]


def _clock(parts: pl.Expr) -> pl.Expr:
    def padded(name: str, default: str) -> pl.Expr:
        return parts.struct.field(name).fill_null(default).str.zfill(2)

    return pl.concat_str(
        parts.struct.field("y"),
        pl.lit("-"),
        padded("mo", "1"),
        pl.lit("-"),
        padded("d", "1"),
        pl.lit(" "),
        padded("h", "0"),
        pl.lit(":"),
        padded("mi", "0"),
        pl.lit(":"),
        padded("s", "0"),
        parts.struct.field("f").fill_null(""),
    )


def _datetime_value(s: Scope, text: pl.Expr) -> pl.Expr:
    parts = s.let(text.str.extract_groups(_DATE))
    written = _clock(parts).str.to_datetime("%Y-%m-%d %H:%M:%S%.f", time_unit="us", strict=False)
    # Excel stores dates as days since 1899-12-30; a CSV saved from Excel may keep them.
    serial = s.let(text.str.extract(r"^(\d{5}(?:\.\d+)?)$", 1).cast(pl.Float64, strict=False))
    excel = pl.lit(_EXCEL_EPOCH, dtype=pl.Datetime("us")) + pl.duration(
        microseconds=(serial * 86_400_000_000).round(0).cast(pl.Int64)
    )
    return s.let(pl.coalesce(written, excel))


def datetime_(s: Scope, text: pl.Expr) -> Parsed:
    """ISO, ``2024/5/1``, ``2024年5月1日 10:30``, Excel serial numbers -> Datetime(us)."""
    read = _datetime_value(s, text)
    value = s.let(pl.when(_plausible(read)).then(read).otherwise(None))
    reason = pl.when(_plausible(read).not_()).then(pl.lit("date_range"))
    return Parsed(value, pl.coalesce(reason, failed(text, read, "datetime")))


def date(s: Scope, text: pl.Expr) -> Parsed:
    read = _datetime_value(s, text)
    value = s.let(pl.when(_plausible(read)).then(read).otherwise(None).dt.date())
    reason = pl.when(_plausible(read).not_()).then(pl.lit("date_range"))
    return Parsed(value, pl.coalesce(reason, failed(text, read, "date")))


def _plausible(value: pl.Expr) -> pl.Expr:
    return value.is_between(pl.lit(EARLIEST), pl.lit(LATEST), closed="left")


def web_link(s: Scope, raw: pl.Expr) -> Parsed:
    """Shop and offer addresses: http(s) or a bare host only (see daifa.sources.links).

    ``javascript:``, ``data:``, ``vbscript:`` and every other scheme are a cell
    problem, so no such link is ever stored.
    """
    value = s.let(raw.str.replace_all(f"[{INVISIBLE}]", "").str.strip_chars(EDGES))
    blank = value.is_null() | (value == "")
    ok = value.str.contains(WEB_SCHEME) | value.str.contains(BARE_HOST)
    kept = pl.when(blank | ~ok).then(None).otherwise(value)
    return Parsed(kept, pl.when(~blank & ~ok).then(pl.lit("link")).otherwise(None))


def text_value(s: Scope, raw: pl.Expr) -> Parsed:
    """Free text keeps its characters (no NFKC), only trimmed; blank -> null."""
    value = s.let(raw.str.strip_chars())
    return Parsed(pl.when(value == "").then(None).otherwise(value), no_reason())
