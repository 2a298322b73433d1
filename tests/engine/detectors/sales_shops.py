"""Seeded generator of realistic 1688 shops' daily sales, honest and brushed.

It builds what the sales-spike detector meets on real shops, so that recall and
false-positive rate can be measured per scenario (``tests/engine/detectors/
test_sales_shops.py``) rather than on one tidy data set. Every shop has 180
days of negative-binomial daily sales (overdispersed, a weekly cycle); half of
the exports omit the zero days, as 1688's do.

honest shops
  * ``flat``; ``trend`` (growing 0.3-1 % a day);
  * ``promo_1111``, ``promo_618``, ``promo_spring`` (年货节): a whole category
    sells 2-8x during the big sale, ``promo_big`` 6-10x (双11), each with three
    peers in its product group that rise with it; ``promo_alone_*``: the same
    without peers (then "warn", never "fail");
  * ``season_fans`` (summer) and ``season_heaters`` (winter): a yearly cycle of
    3-6x, with peers and alone;
  * ``new_listing``: first sale 30-60 days ago, ramping up;
  * ``stockout``: 7-25 days without sales, then a short restock surge;
  * ``bulk``: one honest 300-unit order in the last month;
  * ``distributor``: two distributor orders (10-30x a day's sales) in a month;
brushed shops
  * ``steady_2_3`` and ``steady_3_6``: 2-3x or 3-6x over the last 14-30 days;
  * ``bursty``: one to three bursts of 2-6 days at 15-40x in the last month,
    three days or more in all (two days alone look like two honest
    distributor orders);
  * ``early``: 3-6x that began 35-49 days before the export's last day;
  * ``low_volume``: +60-90 units over 14-30 days on 0.3-0.7 a day;
  * ``single_offer``: one 爆款 link of 5-8 offers, < 20 % of the shop's sales,
    brushed 3-6x over 14-30 days.

Brushed shops sit in a product group with three honest flat peers half of the
time. Every brushed shop adds at least 60 brushed units and (apart from
``steady_2_3``) at least 3x over at least two weeks, or bursts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

DAYS = 180
HONEST = (
    "flat",
    "trend",
    "promo_1111",
    "promo_618",
    "promo_spring",
    "promo_big",
    "promo_alone_1111",
    "promo_alone_618",
    "promo_alone_spring",
    "season_fans",
    "season_heaters",
    "season_alone_fans",
    "season_alone_heaters",
    "new_listing",
    "stockout",
    "bulk",
    "distributor",
)
BRUSHED = ("steady_2_3", "steady_3_6", "bursty", "early", "low_volume", "single_offer")
# Must-show recall is over brushing of at least 3x (bursts included).
TARGETS = ("steady_3_6", "bursty", "early", "low_volume", "single_offer")
_SPRING = {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17)}


@dataclass(frozen=True)
class Shops:
    """Sales rows, product groups, and the shops whose verdict is measured."""

    sales: pl.DataFrame
    groups: pl.DataFrame
    judged: list[str]
    brushed_offer: dict[str, str]


def generate(scenario: str, n: int, seed: int) -> Shops:
    """``n`` judged shops of ``scenario`` (plus their peers), reproducibly."""
    rng = np.random.default_rng(
        [seed, HONEST.index(scenario) if scenario in HONEST else 100 + BRUSHED.index(scenario)]
    )
    if scenario in BRUSHED:
        return _brushed(scenario, n, rng)
    return _honest(scenario, n, rng)


# --------------------------------------------------------------------------- building blocks


def _base(rng: np.random.Generator, n: int, low: float = 2.0, high: float = 80.0) -> np.ndarray:
    """Expected daily units (n x DAYS): a level, a weekly cycle."""
    mu = np.exp(rng.uniform(np.log(low), np.log(high), n))[:, None]
    t = np.arange(DAYS)[None, :]
    phase = rng.integers(0, 7, n)[:, None]
    weekly = 1 + rng.uniform(0, 0.4, n)[:, None] * np.sin(2 * np.pi * (t + phase) / 7)
    return mu * weekly


def _draw(rng: np.random.Generator, lam: np.ndarray) -> np.ndarray:
    k = rng.uniform(0.5, 5.0, lam.shape[0])[:, None]
    lam = np.maximum(lam, 1e-9)
    return rng.negative_binomial(k, k / (k + lam)).astype(float)


def _ends(rng: np.random.Generator, n: int) -> list[date]:
    """Export end dates anywhere in 2025."""
    return [date(2025, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 365, n)]


def _frame(
    units: np.ndarray,
    ends: list[date],
    ids: list[str],
    rng: np.random.Generator,
    *,
    offers: list[str | None] | None = None,
    first: list[int] | None = None,
) -> pl.DataFrame:
    """Daily rows; half of the shops' exports omit zero days."""
    n = units.shape[0]
    offers = offers if offers is not None else [None] * n
    first = np.asarray(first if first is not None else [0] * n)
    sparse = rng.random(n) < 0.5
    keep = np.arange(DAYS)[None, :] >= first[:, None]
    keep &= ~sparse[:, None] | (units > 0)
    shop, day = np.nonzero(keep)
    start = np.array([e - timedelta(days=DAYS - 1) for e in ends], dtype="datetime64[D]")
    return pl.DataFrame(
        {
            "supplier_id": np.asarray(ids, dtype=object)[shop],
            "offer_id": np.asarray(offers, dtype=object)[shop],
            "period_start": start[shop] + day.astype("timedelta64[D]"),
            "period_days": np.ones(len(shop), dtype=np.int64),
            "units": units[shop, day],
        },
        schema_overrides={"offer_id": pl.String, "supplier_id": pl.String},
    ).with_columns(pl.col("period_start").cast(pl.Date))


def _dates(end: date) -> list[date]:
    return [end - timedelta(days=DAYS - 1 - k) for k in range(DAYS)]


def _window(end: date, first: date, last: date) -> np.ndarray:
    days = np.array([(d - first).days for d in _dates(end)])
    return (days >= 0) & (days <= (last - first).days)


# --------------------------------------------------------------------------- honest


def _honest(scenario: str, n: int, rng: np.random.Generator) -> Shops:
    if scenario.startswith(("promo", "season")):
        return _category(scenario, n, rng)
    lam = _base(rng, n)
    ends = _ends(rng, n)
    first: list[int] | None = None
    if scenario == "trend":
        g = rng.uniform(0.003, 0.01, n)[:, None]
        lam *= np.exp(g * (np.arange(DAYS)[None, :] - DAYS + 1))
    units = _draw(rng, lam)
    if scenario == "new_listing":
        age = rng.integers(30, 61, n)
        first = list(DAYS - age)
        t = np.arange(DAYS)[None, :] - (DAYS - age)[:, None]
        mid = rng.uniform(5, 20, n)[:, None]
        ramp = 1 / (1 + np.exp(-(t - mid) / rng.uniform(2, 6, n)[:, None]))
        units = _draw(rng, lam * ramp)
        units[t < 0] = 0
    elif scenario == "stockout":
        length = rng.integers(7, 26, n)
        start = rng.integers(DAYS - 110, DAYS - length - 10)
        for i in range(n):
            units[i, start[i] : start[i] + length[i]] = 0
            surge = slice(start[i] + length[i], start[i] + length[i] + rng.integers(3, 8))
            units[i, surge] = _draw(rng, lam[i : i + 1, surge] * rng.uniform(1.5, 2.0))[0]
    elif scenario == "bulk":
        lam = _base(rng, n, 3.0, 30.0)
        units = _draw(rng, lam)
        units[np.arange(n), rng.integers(DAYS - 30, DAYS, n)] += 300
    elif scenario == "distributor":
        level = lam.mean(axis=1)
        for i in range(n):
            days = rng.choice(np.arange(DAYS - 30, DAYS), 2, replace=False)
            units[i, days] += np.round(level[i] * rng.uniform(10, 30, 2))
    ids = [f"{scenario}-{i}" for i in range(n)]
    frame = _frame(units, ends, ids, rng, first=first)
    return Shops(frame, _no_groups(ids), ids, {})


def _no_groups(ids: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"supplier_id": ids, "product_group": [None] * len(ids)},
        schema_overrides={"product_group": pl.String},
    )


def _category(scenario: str, n: int, rng: np.random.Generator) -> Shops:
    """Whole product groups (4 shops; 1 when alone) moving together."""
    alone = "_alone" in scenario
    size = 1 if alone else 4
    kind = scenario.split("_")[-1]
    ids, groups, units_all, ends_all = [], [], [], []
    for g in range(n // size + (n % size > 0)):
        end, effect = _category_effect(kind, rng)
        factor = _category_factor(scenario, rng)
        lam = _base(rng, size, 3.0, 60.0)
        shops = rng.uniform(0.7, 1.4, size)[:, None]
        lam = lam * np.exp(np.log(np.maximum(effect(factor), 1e-3))[None, :] * shops)
        units_all.append(_draw(rng, lam))
        ends_all += [end] * size
        ids += [f"{scenario}-{g}-{i}" for i in range(size)]
        groups += [None if alone else f"{scenario}-{g}"] * size
    units = np.concatenate(units_all)[: len(ids)]
    frame = _frame(units, ends_all, ids, rng)
    group_frame = pl.DataFrame(
        {"supplier_id": ids, "product_group": groups}, schema_overrides={"product_group": pl.String}
    )
    return Shops(frame, group_frame, ids, {})


def _category_factor(scenario: str, rng: np.random.Generator) -> float:
    if scenario == "promo_big":
        return float(rng.uniform(6, 10))
    if scenario.startswith("promo"):
        return float(rng.uniform(2, 8))
    return float(rng.uniform(3, 6))


def _category_effect(kind: str, rng: np.random.Generator):
    """(export end, multiplier per day given the size) of a big sale or season."""
    if kind in ("1111", "big"):
        peak = date(2025, 11, 11)
        end = peak + timedelta(days=int(rng.integers(0, 25)))
        stock = _window(end, date(2025, 11, 1), peak).astype(float)
        return end, lambda f: 1 + (f - 1) * stock + f * (np.array(_dates(end)) == peak)
    if kind == "618":
        end = date(2025, 6, 18) + timedelta(days=int(rng.integers(0, 25)))
        stock = _window(end, date(2025, 6, 1), date(2025, 6, 18)).astype(float)
        return end, lambda f: 1 + (f - 1) * stock
    if kind == "spring":
        festival = _SPRING[2026]
        end = festival - timedelta(days=int(rng.integers(3, 15)))
        stock = _window(end, festival - timedelta(days=28), festival - timedelta(days=3))
        return end, lambda f: 1 + (f - 1) * stock.astype(float)
    # seasons: a yearly cycle peaking mid-July (fans) or early January (heaters)
    peak_day = 196 if kind == "fans" else 5
    if kind == "fans":
        end = date(2025, 5, 1) + timedelta(days=int(rng.integers(0, 110)))
    else:
        end = date(2025, 10, 1) + timedelta(days=int(rng.integers(0, 110)))
    doy = np.array([d.timetuple().tm_yday for d in _dates(end)])
    cycle = np.cos(2 * np.pi * (doy - peak_day) / 365.0)
    return end, lambda f: np.exp(np.log(f) / 2 * cycle)


# --------------------------------------------------------------------------- brushed


def _brushed(scenario: str, n: int, rng: np.random.Generator) -> Shops:
    if scenario == "single_offer":
        return _single_offer(n, rng)
    lam = _base(rng, n, 0.3, 0.7) if scenario == "low_volume" else _base(rng, n)
    units = _draw(rng, lam)
    level = lam.mean(axis=1)
    for i in range(n):
        units[i] += _brushing(scenario, level[i], rng)
    ends = _ends(rng, n)
    ids = [f"{scenario}-{i}" for i in range(n)]
    return _with_peers(units, ends, ids, rng, {})


def _brushing(scenario: str, level: float, rng: np.random.Generator) -> np.ndarray:
    """Brushed units a day (DAYS) added on top of a shop selling ``level``."""
    extra = np.zeros(DAYS)
    if scenario == "bursty":
        lengths = rng.integers(2, 7, int(rng.integers(1, 4)))
        while lengths.sum() < 3:  # two days alone are two honest distributor orders
            lengths = rng.integers(2, 7, int(rng.integers(1, 4)))
        for length in lengths:
            start = int(rng.integers(DAYS - 30, DAYS - length + 1))
            extra[start : start + length] = level * rng.uniform(14, 39)
        if extra.sum() < 60:
            extra *= 60 / extra.sum()
        return np.round(extra)
    if scenario == "low_volume":
        length = int(rng.integers(14, 31))
        total = rng.uniform(60, 90)
        days = rng.integers(DAYS - length, DAYS, int(total))
        np.add.at(extra, days, 1.0)
        return extra
    length = int(rng.integers(35, 50)) if scenario == "early" else int(rng.integers(14, 31))
    times = rng.uniform(2, 3) if scenario == "steady_2_3" else rng.uniform(3, 6)
    per_day = max(level * (times - 1), 60 / length)
    extra[DAYS - length :] = rng.poisson(per_day, length)
    return extra


def _with_peers(
    units: np.ndarray,
    ends: list[date],
    ids: list[str],
    rng: np.random.Generator,
    offers: dict[str, str],
) -> Shops:
    """Half of the brushed shops get three honest flat peers in their group."""
    n = units.shape[0]
    peered = rng.random(n) < 0.5
    peer_units = _draw(rng, _base(rng, 3 * int(peered.sum())))
    peer_ids, peer_ends, group_of = [], [], []
    for _k, i in enumerate(np.flatnonzero(peered)):
        peer_ids += [f"{ids[i]}-peer{j}" for j in range(3)]
        peer_ends += [ends[i]] * 3
        group_of += [f"group-{ids[i]}"] * 3
    frame = (
        pl.concat([_frame(units, ends, ids, rng), _frame(peer_units, peer_ends, peer_ids, rng)])
        if peer_ids
        else _frame(units, ends, ids, rng)
    )
    groups = pl.DataFrame(
        {
            "supplier_id": ids + peer_ids,
            "product_group": [f"group-{ids[i]}" if peered[i] else None for i in range(n)]
            + group_of,
        },
        schema_overrides={"product_group": pl.String},
    )
    return Shops(frame, groups, ids, offers)


def _single_offer(n: int, rng: np.random.Generator) -> Shops:
    """Shops of 5-8 offers; one offer under 20 % of the shop's sales is brushed."""
    rows, ids, brushed, shop_ids, offer_ids, ends = [], [], {}, [], [], []
    for i in range(n):
        k = int(rng.integers(5, 9))
        share = rng.dirichlet(np.ones(k) * 2)
        small = np.flatnonzero((share > 0.04) & (share < 0.18))
        target = int(small[0]) if small.size else int(np.argmin(share))
        if not small.size:
            share[target] = 0.1
            share /= share.sum()
        lam = _base(rng, 1, 20.0, 200.0) * share[:, None]
        units = _draw(rng, lam)
        length = int(rng.integers(14, 31))
        per_day = max(float(lam[target].mean()) * (rng.uniform(3, 6) - 1), 60 / length)
        units[target, DAYS - length :] += rng.poisson(per_day, length)
        sid = f"single_offer-{i}"
        offers = [f"{sid}-o{j}" for j in range(k)]
        end = _ends(rng, 1)[0]
        rows.append(units)
        shop_ids += [sid] * k
        offer_ids += offers
        ends += [end] * k
        ids.append(sid)
        brushed[sid] = offers[target]
    frame = _frame(np.concatenate(rows), ends, shop_ids, rng, offers=offer_ids)
    return Shops(frame, _no_groups(ids), ids, brushed)
