"""Checking and normalising the frames the scorecard is given.

Everything here is vectorised: a check finds the *first* bad row with one pass
over the column and raises an :class:`~daifa.engine.errors.InputError` naming the
row, the field and the value, in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from daifa.engine.errors import InputError
from daifa.engine.schema import COLUMNS_BY_NAME

_PCT = (0.0, 100.0)
_NON_NEGATIVE = (0.0, None)
DOMAINS: dict[str, tuple[float | None, float | None]] = {
    **dict.fromkeys(
        (
            "repeat_rate_pct",
            "dispute_rate_pct",
            "late_compensation_pct",
            "wrong_item_compensation_pct",
            "unsold_return_loss_pct",
            "old_customer_ratio_pct",
        ),
        _PCT,
    ),
    **dict.fromkeys(
        (
            "trustpass_years",
            "years_in_business",
            "response_minutes",
            "sales_30d",
            "new_styles_per_month",
            "unit_price_cny",
            "moq",
            "dropship_price_cny",
            "weight_g",
            "length_cm",
            "width_cm",
            "height_cm",
            "target_retail_price",
            "extra_fees_cny",
            "test_order_ship_hours",
            "pickup_sla_hours",
            "transit_days_min",
            "transit_days_max",
            "custom_moq",
            "sample_days",
            "custom_cost_pct",
            "wrong_item_response_hours",
            "wrong_item_reship_hours",
            "unsold_return_days",
            "landed_unit_cost_cny",
            "target_retail_price_cny",
        ),
        _NON_NEGATIVE,
    ),
    "answer_precision": (1.0, 5.0),
}

# Extra numeric inputs a frame may carry (from the costing module).
EXTRA_NUMBERS: tuple[str, ...] = ("landed_unit_cost_cny", "target_retail_price_cny")
_TRUE = ("true", "1", "yes", "y", "t")
_FALSE = ("false", "0", "no", "n", "f")


def prepare(frame: Any) -> pl.DataFrame:
    """The supplier frame with canonical dtypes, NaN read as unknown, values checked."""
    if not isinstance(frame, pl.DataFrame):
        raise InputError(
            f"suppliers must be a polars DataFrame, got {type(frame).__name__}",
            f"供应商数据必须是 polars DataFrame，实际为 {type(frame).__name__}",
            field="suppliers",
            value=type(frame).__name__,
        )
    if "supplier_id" not in frame.columns:
        raise InputError(
            "the suppliers frame has no supplier_id column",
            "供应商数据缺少 supplier_id（供应商ID）列",
            field="supplier_id",
            allowed="a column named supplier_id",
        )
    frame = frame.with_columns(_conversions(frame))
    _check_ids(frame)
    _check_domains(frame)
    _check_order(frame, "transit_days_min", "transit_days_max")
    _check_order(frame, "test_order_paid_at", "test_order_shipped_at")
    checked: pl.DataFrame = frame
    return checked


ORDERED_PAIRS: tuple[tuple[str, str], ...] = (
    ("transit_days_min", "transit_days_max"),
    ("test_order_paid_at", "test_order_shipped_at"),
)


def findings(frame: pl.DataFrame, *, limit: int = 1000) -> list[tuple[int, InputError]]:
    """Every (0-based position, error) that :func:`prepare` would refuse, up to
    ``limit`` per check, in the same words.

    :func:`prepare` stops at the first bad row; an importer needs them all to
    name every bad row before it stores anything, and a screening needs them to
    set stored values aside rather than fail (:func:`without_findings`).
    A conversion failure is found one at a time (it stops the conversion).
    """
    try:
        frame = frame.with_columns(_conversions(frame))
    except InputError as exc:
        position = _position_of(exc, frame)
        return [(position, exc)] if position is not None else []
    found: list[tuple[int, InputError]] = []

    def every(mask: pl.Expr, field: str, allowed: str | Callable[..., str]) -> None:
        hits = frame.select(mask.fill_null(False).arg_true().head(limit)).to_series()
        for position in hits.to_list():
            text = allowed(position) if callable(allowed) else allowed
            found.append(
                (position, _bad_value(frame, position, field, frame[field][position], text))
            )

    sid = pl.col("supplier_id")
    every(
        sid.is_null() | (sid.cast(pl.String).str.strip_chars() == ""),
        "supplier_id",
        "a non-empty id",
    )
    for name in (n for n in DOMAINS if n in frame.columns):
        lo, hi = DOMAINS[name]
        allowed = f"a number from {lo:g} to {hi:g}" if hi is not None else f"a number ≥ {lo:g}"
        every(_outside(pl.col(name), lo, hi), name, allowed)
    for first, second in ORDERED_PAIRS:
        if first in frame.columns and second in frame.columns:
            every(
                pl.col(second) < pl.col(first),
                second,
                lambda p, first=first: f"not before {first} ({frame[first][p]})",
            )
    return sorted(found, key=lambda item: item[0])


def _position_of(exc: InputError, frame: pl.DataFrame) -> int | None:
    if exc.row is None:
        return None
    if "_row" in frame.columns:
        hits = frame.select(pl.col("_row").eq(exc.row).arg_true().first()).item()
        return None if hits is None else int(hits)
    return exc.row - 1


def without_findings(
    frame: pl.DataFrame, *, rounds: int = 100
) -> tuple[pl.DataFrame, list[InputError]]:
    """The frame with every value :func:`prepare` would refuse set to unknown
    (null), and the refusals. Stored data that an older version let in must not
    stop a whole workspace's screening; the value is then treated as missing."""
    removed: list[InputError] = []
    for _ in range(rounds):
        found = findings(frame, limit=frame.height or 1)
        blanked = [
            (p, e) for p, e in found if e.field != "supplier_id" and e.field in frame.columns
        ]
        if not blanked:
            break
        removed.extend(e for _, e in blanked)
        by_field: dict[str, list[int]] = {}
        for position, error in blanked:
            by_field.setdefault(error.field or "", []).append(position)
        index = pl.int_range(pl.len())
        frame = frame.with_columns(
            pl.when(index.is_in(positions)).then(None).otherwise(pl.col(name)).alias(name)
            for name, positions in by_field.items()
        )
    return frame, removed


def _conversions(frame: pl.DataFrame) -> list[pl.Expr]:
    exprs: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        column = COLUMNS_BY_NAME.get(name)
        if column is None and name not in EXTRA_NUMBERS:
            continue
        target = column.dtype if column else pl.Float64()
        if dtype == target and not dtype.is_float():
            continue
        exprs.append(_convert(frame, name, dtype, target))
    return exprs


def _convert(frame: pl.DataFrame, name: str, dtype: pl.DataType, target: pl.DataType) -> pl.Expr:
    col = pl.col(name)
    if dtype == pl.Null:
        return pl.lit(None, dtype=target).alias(name)
    if target == pl.Boolean and dtype == pl.String:
        text = col.str.strip_chars().str.to_lowercase()
        flag = pl.when(text.is_in(_TRUE)).then(True).when(text.is_in(_FALSE)).then(False)
        _fail_on_lost(frame, name, col.is_not_null() & (text != "") & flag.is_null(), "true/false")
        return flag.alias(name)
    if isinstance(target, pl.List) and dtype == pl.String:
        return (
            col.str.split(";")
            .list.eval(pl.element().str.strip_chars())
            .list.eval(pl.element().filter(pl.element() != ""))
            .alias(name)
        )
    out: pl.Expr
    if target == pl.Datetime("us") and dtype == pl.String:
        out = col.str.to_datetime(strict=False, time_unit="us")
    else:
        out = col.cast(target, strict=False)
    if target.is_float() and dtype.is_float():
        out = out.fill_nan(None)
    if dtype == target:
        return out.alias(name)
    lost = col.is_not_null() & out.is_null()
    if dtype.is_float():
        lost = lost & col.is_not_nan()
        if target.is_integer():
            # A cast would truncate 3.4 to 3 silently; a count must be whole.
            lost = lost | (col.is_finite() & (col != col.round())).fill_null(False)
    _fail_on_lost(frame, name, lost, _ALLOWED.get(str(target), str(target)))
    return out.alias(name)


_ALLOWED = {"Float64": "a number", "Int64": "a whole number", "String": "text"}


def _fail_on_lost(frame: pl.DataFrame, name: str, lost: pl.Expr, allowed: str) -> None:
    position = _first(frame, lost)
    if position is not None:
        value = frame[name][position]
        raise _bad_value(frame, position, name, value, allowed)


def _check_ids(frame: pl.DataFrame) -> None:
    sid = pl.col("supplier_id")
    blank = sid.is_null() | (sid.cast(pl.String).str.strip_chars() == "")
    position = _first(frame, blank)
    if position is not None:
        raise _bad_value(
            frame, position, "supplier_id", frame["supplier_id"][position], "a non-empty id"
        )


def _check_domains(frame: pl.DataFrame) -> None:
    present = [name for name in DOMAINS if name in frame.columns]
    if not present:
        return
    outside = {name: _outside(pl.col(name), *DOMAINS[name]) for name in present}
    flags = frame.select([e.any().alias(n) for n, e in outside.items()]).row(0, named=True)
    for name, bad in flags.items():
        if bad:
            position = _first(frame, outside[name])
            assert position is not None
            lo, hi = DOMAINS[name]
            allowed = f"a number from {lo:g} to {hi:g}" if hi is not None else f"a number ≥ {lo:g}"
            raise _bad_value(frame, position, name, frame[name][position], allowed)


def _outside(col: pl.Expr, lo: float | None, hi: float | None) -> pl.Expr:
    out = pl.lit(False)
    if lo is not None:
        out = out | (col < lo).fill_null(False)
    if hi is not None:
        out = out | (col > hi).fill_null(False)
    return out


def _check_order(frame: pl.DataFrame, first: str, second: str) -> None:
    if first not in frame.columns or second not in frame.columns:
        return
    position = _first(frame, (pl.col(second) < pl.col(first)).fill_null(False))
    if position is not None:
        value = frame[second][position]
        raise _bad_value(
            frame, position, second, value, f"not before {first} ({frame[first][position]})"
        )


def _first(frame: pl.DataFrame, mask: pl.Expr) -> int | None:
    hits = frame.select(mask.fill_null(False).arg_true().first()).item()
    return None if hits is None else int(hits)


def row_label(frame: pl.DataFrame, position: int) -> tuple[int, str, str]:
    """(row number shown to the user, en and zh place) of a 0-based position."""
    row = int(frame["_row"][position]) if "_row" in frame.columns else position + 1
    sheet = (
        str(frame["_sheet"][position])
        if "_sheet" in frame.columns and frame["_sheet"][position]
        else ""
    )
    return (
        row,
        (f"sheet {sheet}, row {row}" if sheet else f"row {row}"),
        (f"工作表 {sheet} 第 {row} 行" if sheet else f"第 {row} 行"),
    )


def _bad_value(
    frame: pl.DataFrame, position: int, field: str, value: Any, allowed: str
) -> InputError:
    row, where_en, where_zh = row_label(frame, position)
    label = COLUMNS_BY_NAME[field].label_zh if field in COLUMNS_BY_NAME else field
    return InputError(
        f"{where_en}, field {field}: value {value!r} is not allowed; expected {allowed}",
        f"{where_zh}，字段 {field}（{label}）：值 {value!r} 不允许；应为 {allowed_zh(allowed)}",
        field=field,
        value=value,
        row=row,
        allowed=allowed,
    )


def allowed_zh(allowed: str) -> str:
    """The Chinese of an ``allowed`` text the checks above write."""
    return (
        allowed.replace("a number from ", "数字，范围 ")
        .replace(" to ", " 到 ")
        .replace("a number ≥ ", "不小于该值的数字 ≥ ")
        .replace("a number", "数字")
        .replace("a whole number", "整数")
        .replace("a non-empty id", "非空的ID")
        .replace("not before", "不早于")
    )
