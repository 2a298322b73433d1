"""Shared pieces of the detectors: statuses and frame validation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import polars as pl

from daifa.engine.errors import InputError

PASS = "pass"
FAIL = "fail"
UNKNOWN = "unknown"


def require_columns(frame: pl.DataFrame, columns: Iterable[str], *, table: str) -> None:
    """Raise a bilingual InputError naming the first missing column."""
    if not isinstance(frame, pl.DataFrame):
        raise InputError(
            f"{table}: expected a polars DataFrame, got {type(frame).__name__}",
            f"{table}:应为 polars DataFrame,实际为 {type(frame).__name__}",
            field=table,
        )
    for name in columns:
        if name not in frame.columns:
            raise InputError(
                f"{table}: column {name!r} is missing (columns present: {frame.columns})",
                f"{table}:缺少列 {name!r}(现有列:{frame.columns})",
                field=name,
                allowed=", ".join(columns),
            )


def cast_column(frame: pl.DataFrame, name: str, dtype: pl.DataType, *, table: str) -> pl.Series:
    """Cast one column strictly; on failure name the first row that cannot be read."""
    column = frame.get_column(name)
    if column.dtype == pl.String and dtype == pl.Date:
        # Polars reads text dates with a parser, not a cast (ISO 2024-01-31 etc.).
        cast = column.str.to_date(strict=False)
    else:
        try:
            cast = column.cast(dtype, strict=False)
        except pl.exceptions.PolarsError as exc:
            raise InputError(
                f"{table}: column {name!r} of type {column.dtype} cannot be read as {dtype}",
                f"{table}:列 {name!r}(类型 {column.dtype})无法读取为 {dtype}",
                field=name,
                value=str(column.dtype),
            ) from exc
    bad = cast.is_null() & column.is_not_null()
    if bad.any():
        row = int(bad.arg_true()[0])
        value = column[row]
        raise InputError(
            f"{table} row {row}, {name}: value {value!r} cannot be read as {dtype}",
            f"{table} 第 {row} 行 {name}:值 {value!r} 无法读取为 {dtype}",
            field=name,
            value=value,
            row=row,
        )
    return cast


def first_bad_row(mask: pl.Series) -> int | None:
    """Index of the first True in ``mask`` (nulls count as False), or None."""
    hits = mask.fill_null(False)
    return int(hits.arg_true()[0]) if hits.any() else None


def check_limits(settings: object, limits: Mapping[str, tuple[float, float]]) -> None:
    """Raise InputError naming the first setting outside its allowed range."""
    for name, (low, high) in limits.items():
        value = getattr(settings, name)
        if not (np.isfinite(value) and low <= value <= high):
            raise InputError(
                f"{name}: {value!r} is not allowed; use a value in [{low}, {high}]",
                f"{name}:{value!r} 不允许;请使用 [{low}, {high}] 之间的值",
                field=name,
                value=value,
                allowed=f"[{low}, {high}]",
            )
