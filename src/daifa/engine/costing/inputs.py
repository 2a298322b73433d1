"""Pull offer columns out of a frame as arrays, refusing bad values by row and field.

A missing column or a null cell is unknown (NaN for numbers); a value of the wrong
kind or a negative number raises ``InputError`` naming the row (1-based, with the
offer id when there is one), the field, the value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.costing.tiers import TIERS_DTYPE
from daifa.engine.errors import InputError

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def row_label(offers: pl.DataFrame, index: int) -> tuple[str, str]:
    offer_id = offers["offer_id"][index] if "offer_id" in offers.columns else None
    if offer_id is None:
        return f"Row {index + 1}", f"第 {index + 1} 行"
    return f"Row {index + 1} (offer {offer_id})", f"第 {index + 1} 行(商品 {offer_id})"


def bad_value(offers: pl.DataFrame, index: int, name: str, value: Any, allowed: str) -> InputError:
    en, zh = row_label(offers, index)
    allowed_zh = {"a number ≥ 0": "≥ 0 的数", "true or false": "是或否"}.get(allowed, allowed)
    return InputError(
        f"{en}: {name} = {value!r} is not allowed; expected {allowed}.",
        f"{zh}:{name} = {value!r} 无效;应为 {allowed_zh}。",
        field=name,
        value=value,
        row=index + 1,
        allowed=allowed,
    )


def numbers(offers: pl.DataFrame, name: str) -> FloatArray:
    if name not in offers.columns:
        return np.full(offers.height, np.nan)
    column = offers.get_column(name)
    cast = column.cast(pl.Float64, strict=False)
    unreadable = (column.is_not_null() & cast.is_null()).arg_true()
    if unreadable.len():
        i = int(unreadable[0])
        raise bad_value(offers, i, name, column[i], "a number ≥ 0")
    values = cast.fill_null(np.nan).to_numpy()
    negative = np.flatnonzero(values < 0)
    if negative.size:
        i = int(negative[0])
        raise bad_value(offers, i, name, float(values[i]), "a number ≥ 0")
    return values


def flag(offers: pl.DataFrame, name: str) -> tuple[BoolArray, BoolArray]:
    """(is true, is known) for a yes/no column; a missing column is all unknown."""
    if name not in offers.columns or offers.schema[name] == pl.Null:
        unknown = np.zeros(offers.height, dtype=bool)
        return unknown, unknown
    column = offers.get_column(name)
    if column.dtype != pl.Boolean:
        i = int(column.is_not_null().arg_true()[0])
        raise bad_value(offers, i, name, column[i], "true or false")
    return column.fill_null(False).to_numpy(), column.is_not_null().to_numpy()


def tiers_column(offers: pl.DataFrame) -> pl.Series:
    if "price_tiers" not in offers.columns or offers.schema["price_tiers"] == pl.Null:
        # pl.repeat, not a list of a million Nones (40 ms at a million rows)
        return pl.repeat(None, offers.height, dtype=TIERS_DTYPE, eager=True).alias("price_tiers")
    tiers = offers.get_column("price_tiers")
    if tiers.dtype != TIERS_DTYPE:
        try:
            tiers = tiers.cast(TIERS_DTYPE)
        except pl.exceptions.PolarsError as exc:
            raise InputError(
                f"price_tiers has type {tiers.dtype}; expected a list of "
                "{min_qty, max_qty, price_cny} (parse text with parse_tiers).",
                f"阶梯价列类型为 {tiers.dtype};应为 {{min_qty, max_qty, price_cny}} 列表。",
                field="price_tiers",
                value=str(tiers.dtype),
                allowed="list of {min_qty, max_qty, price_cny}",
            ) from exc
    return tiers


def text_lookup(
    offers: pl.DataFrame, name: str, default: str | None, lookup: Callable[[str | None], float]
) -> FloatArray:
    """``lookup`` of each row's text (trimmed; null → ``default``), as a float array.

    Texts repeat a lot (a few currencies, some categories), so ``lookup`` runs once per
    distinct value and one ``replace_strict`` pass maps the column.
    """
    if name not in offers.columns or offers.schema[name] == pl.Null:
        return np.full(offers.height, lookup(default))
    texts = offers.get_column(name).cast(pl.String)
    mapping = {}
    for value in texts.drop_nulls().unique().to_list():
        cleaned = value.strip() or default
        try:
            mapping[value] = lookup(cleaned)
        except InputError as exc:
            raise row_error(offers, int((texts == value).arg_true()[0]), exc) from exc
    fallback = lookup(default)
    return texts.replace_strict(mapping, default=fallback, return_dtype=pl.Float64).to_numpy()


def row_error(offers: pl.DataFrame, index: int, exc: InputError) -> InputError:
    en, zh = row_label(offers, index)
    return InputError(
        f"{en}: {exc.message_en}",
        f"{zh}:{exc.message_zh}",
        field=exc.field,
        value=exc.value,
        row=index + 1,
        allowed=exc.allowed,
    )
