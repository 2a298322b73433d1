"""Tiered prices (阶梯价): parse the text form, look prices up for many offers at once.

A tier applies from its ``min_qty``: at a quantity ``q`` an offer's price is the price of
the tier with the largest ``min_qty ≤ q``. That is how 1688 publishes tiers ("≥50 件
¥11.8"), so 49 pieces take the 1–49 price and 50 take the 50–199 price; a quantity
above a closed last tier keeps the last tier's price, and a quantity below the first
tier is below the minimum order (no price).
"""

from __future__ import annotations

import re
from typing import TypedDict

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.errors import InputError
from daifa.engine.schema import POLARS_TYPES

FloatArray = npt.NDArray[np.float64]
TIERS_DTYPE = POLARS_TYPES["tiers"]

_TIER = re.compile(
    r"^\s*(?P<min>\d+)\s*(?:(?P<plus>\+)|[-–~]\s*(?P<max>\d+))?\s*[:：=]\s*[¥￥]?\s*(?P<price>\d+(?:\.\d+)?)\s*元?\s*$"
)
_ALLOWED_TIERS = "e.g. 1-49:12.5;50-199:11.8;200+:10.9"


class Tier(TypedDict):
    min_qty: int
    max_qty: int | None
    price_cny: float


def parse_tiers(text: str) -> list[Tier]:
    """Parse ``"1-49:12.5;50-199:11.8;200+:10.9"`` into tiers sorted by ``min_qty``.

    Examples
    --------
    >>> [t["price_cny"] for t in parse_tiers("50+:11.8;1-49:12.5")]
    [12.5, 11.8]
    >>> parse_tiers("200+:10.9")[0]["max_qty"] is None
    True
    """
    tiers: list[Tier] = []
    for part in re.split(r"[;；,，\n]", text):
        if not part.strip():
            continue
        match = _TIER.match(part)
        if match is None:
            raise InputError(
                f"Cannot read the price tier {part.strip()!r}; write tiers as {_ALLOWED_TIERS}.",
                f"无法识别阶梯价 {part.strip()!r};格式示例:1-49:12.5;50-199:11.8;200+:10.9。",
                field="price_tiers",
                value=part.strip(),
                allowed=_ALLOWED_TIERS,
            )
        high = match["max"]
        tiers.append(
            Tier(
                min_qty=int(match["min"]),
                max_qty=None if high is None else int(high),
                price_cny=float(match["price"]),
            )
        )
    if not tiers:
        raise InputError(
            f"No price tiers in {text!r}; write tiers as {_ALLOWED_TIERS}.",
            f"{text!r} 中没有阶梯价;格式示例:1-49:12.5;50-199:11.8;200+:10.9。",
            field="price_tiers",
            value=text,
            allowed=_ALLOWED_TIERS,
        )
    return sorted(tiers, key=lambda t: t["min_qty"])


def tier_prices_at(
    tiers: pl.Series, quantity: int, *, check: bool = False
) -> tuple[FloatArray, FloatArray]:
    """Price at ``quantity`` and the first tier's ``min_qty`` for every offer.

    Both arrays are NaN where an offer has no tiers; the price is also NaN where the
    quantity is below the first tier. Vectorised over a flat view of all tiers: one
    ``reduceat`` finds each offer's best qualifying ``min_qty``, no per-offer loop.
    ``check=True`` first refuses negative prices and quantities below 1 (``InputError``).
    """
    n = len(tiers)
    price = np.full(n, np.nan)
    first_min = np.full(n, np.nan)
    flat = _flat_tiers(tiers)
    if flat is None:
        return price, first_min
    if check:
        _check_flat(flat)
    rows, starts, mins, prices = flat
    key = np.where(mins <= quantity, mins, -1.0)
    owners = rows[starts]
    best = np.maximum.reduceat(key, starts)
    first_min[owners] = np.minimum.reduceat(mins, starts)
    best_flat = np.full(n, -1.0)
    best_flat[owners] = best
    # the element holding its row's best min_qty carries the price; if two tiers start
    # at the same quantity the first listed wins (hits are in row order, so keep firsts)
    hit = np.flatnonzero((key >= 0) & (key == best_flat[rows]))
    hit_rows = rows[hit]
    first = np.ones(hit.size, dtype=bool)
    first[1:] = hit_rows[1:] != hit_rows[:-1]
    price[hit_rows[first]] = prices[hit[first]]
    return price, first_min


def _flat_tiers(
    tiers: pl.Series,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray, FloatArray] | None:
    lengths = tiers.list.len().fill_null(0).to_numpy().astype(np.int64)
    if lengths.sum() == 0:
        return None
    flat = tiers.explode(empty_as_null=False, keep_nulls=False)
    # a null min_qty can never qualify, so it becomes +inf rather than a guess
    mins = flat.struct.field("min_qty").cast(pl.Float64).fill_null(np.inf).to_numpy()
    prices = flat.struct.field("price_cny").cast(pl.Float64).fill_null(np.nan).to_numpy()
    rows = np.repeat(np.arange(len(tiers), dtype=np.int64), lengths)
    ends = np.cumsum(lengths)
    starts = (ends - lengths)[lengths > 0]
    return rows, starts, mins, prices


def check_tiers(tiers: pl.Series) -> None:
    """Raise ``InputError`` naming the first row with a tier price < 0 or min_qty < 1."""
    flat = _flat_tiers(tiers)
    if flat is not None:
        _check_flat(flat)


def _check_flat(
    flat: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray, FloatArray],
) -> None:
    rows, _, mins, prices = flat
    bad_price = np.flatnonzero(prices < 0)
    bad_min = np.flatnonzero(mins < 1)
    for bad, name, allowed_en, allowed_zh, values in (
        (bad_price, "price_cny", "a price ≥ 0", "≥ 0 的价格", prices),
        (bad_min, "min_qty", "a whole number ≥ 1", "≥ 1 的整数", mins),
    ):
        if bad.size:
            row = int(rows[bad[0]])
            value = float(values[bad[0]])
            raise InputError(
                f"Row {row + 1}: price_tiers has {name} = {value:g}; allowed: {allowed_en}.",
                f"第 {row + 1} 行:阶梯价的 {name} = {value:g} 无效;应为 {allowed_zh}。",
                field="price_tiers",
                value=value,
                row=row + 1,
                allowed=allowed_en,
            )
