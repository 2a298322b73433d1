"""Suppliers: identity, a latent quality, and every supplier-level column.

Columns a seller reads off the shop page (商家档案) are known for most shops;
answers to inquiry messages and written terms for fewer; the seller's own checks
(test order, stock probe) only for the ~20 % of shops the seller has vetted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import numpy as np
import polars as pl

from daifa.demo import names
from daifa.demo.catalog import CATEGORIES, INTL_LINES
from daifa.demo.draws import chance, column, known, pick_levels, signal
from daifa.engine.schema import COLUMNS_BY_NAME

SPIKED_SHARE = 0.08
TEMPLATED_SHARE = 0.05
CHECKED_SHARE = 0.20


def category_counts(n: int) -> np.ndarray:
    """Suppliers per category by largest remainder, so the split does not depend on the seed."""
    weights = np.array([c.weight for c in CATEGORIES])
    exact = n * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: n - counts.sum()]] += 1
    out: np.ndarray = counts
    return out


def draw_suppliers(rng: np.random.Generator, n: int, as_of: date) -> pl.DataFrame:
    """One row per supplier: canonical supplier columns plus ``_``-prefixed internals."""
    q = rng.standard_normal(n)
    plants = _plants(rng, q)
    frame = pl.DataFrame(_identity(rng, n))
    frame = frame.with_columns(
        pl.Series("_quality", q),
        *(pl.Series(name, values) for name, values in plants.items()),
        *_shop_page(rng, q),
        *_inquiry_answers(rng, q, plants["_checked"]),
        *_test_order(rng, q, plants["_checked"], as_of),
    )
    return frame


def _plants(rng: np.random.Generator, q: np.ndarray) -> dict[str, np.ndarray]:
    """Which suppliers fake their sales or reviews, and which the seller has vetted."""
    # Faking is likelier in weak shops; vetting likelier for promising ones.
    return {
        "_spiked": _pick(rng, np.exp(-0.7 * q), SPIKED_SHARE),
        "_templated": _pick(rng, np.exp(-0.7 * q), TEMPLATED_SHARE),
        "_checked": _pick(rng, np.exp(0.5 * q), CHECKED_SHARE),
    }


def _pick(rng: np.random.Generator, weights: np.ndarray, share: float) -> np.ndarray:
    n = weights.size
    k = max(1, round(share * n))
    chosen = rng.choice(n, size=k, replace=False, p=weights / weights.sum())
    mask = np.zeros(n, dtype=bool)
    mask[chosen] = True
    return mask


def _identity(rng: np.random.Generator, n: int) -> dict[str, list[str]]:
    counts = category_counts(n)
    cat_idx = rng.permutation(np.repeat(np.arange(len(CATEGORIES)), counts))
    categories = [CATEGORIES[i] for i in cat_idx]
    origins = []
    for cat in categories:
        cities, p = zip(*cat.origins, strict=True)
        origins.append(str(rng.choice(cities, p=np.asarray(p) / sum(p))))
    return {
        "supplier_id": names.supplier_ids(rng, n),
        "supplier_name": names.company_names(rng, origins, categories),
        "shop_url": names.shop_urls(rng, n),
        "origin": origins,
        "_category": [c.name for c in categories],
    }


def _col(name: str, values: Iterable[object] | np.ndarray, mask: np.ndarray | None) -> pl.Series:
    return column(name, values, COLUMNS_BY_NAME[name].dtype, mask)


def _shop_page(rng: np.random.Generator, q: np.ndarray) -> list[pl.Series]:
    """What the shop page and 商家档案 show; a few shops hide a figure or two."""
    n = q.size
    years = np.clip(np.round(np.exp(1.3 + 0.6 * signal(rng, q, 0.6))), 0, 15)
    trustpass = np.floor(years * rng.uniform(0.5, 1.0, n))
    factory = chance(rng, -0.5 + 0.9 * signal(rng, q, 0.5))
    design = chance(rng, -1.0 + 0.9 * signal(rng, q, 0.5))
    styles_mean = np.exp(np.log(7) + 0.6 * signal(rng, q, 0.6) + 0.4 * factory + 0.4 * design)
    styles = np.minimum(rng.poisson(styles_mean), 80)
    return [
        _col("dropship_supported", chance(rng, 2.4 + signal(rng, q, 0.5)), known(rng, n, 0.95)),
        _col(
            "cross_border_tag", chance(rng, -0.2 + 1.2 * signal(rng, q, 0.6)), known(rng, n, 0.97)
        ),
        _col("neutral_packaging", chance(rng, 0.8 + signal(rng, q, 0.5)), known(rng, n, 0.7)),
        _col("intl_logistics", _intl_lines(rng, q), known(rng, n, 0.65)),
        _col("years_in_business", years, known(rng, n, 0.92)),
        _col("trustpass_years", trustpass, known(rng, n, 0.88)),
        _col(
            "repeat_rate_pct",
            np.clip(np.round(24 + 11 * signal(rng, q, 0.7)), 5, 60),
            known(rng, n, 0.92),
        ),
        _col("response_minutes", _response_minutes(rng, q), known(rng, n, 0.85)),
        _col("dispute_rate_pct", _dispute_rate(rng, q), known(rng, n, 0.8)),
        _col("own_factory", factory, known(rng, n, 0.88)),
        _col("original_design", design, known(rng, n, 0.8)),
        _col("new_styles_per_month", styles, known(rng, n, 0.6)),
    ]


def _intl_lines(rng: np.random.Generator, q: np.ndarray) -> list[list[str]]:
    """Cross-border lines; weak shops often have none (an empty list is a known "none")."""
    counts = np.clip(rng.poisson(np.exp(0.4 + 0.5 * signal(rng, q, 0.6))), 0, 4)
    lines = np.asarray(INTL_LINES)
    return [sorted(rng.choice(lines, size=k, replace=False).tolist()) for k in counts]


def _response_minutes(rng: np.random.Generator, q: np.ndarray) -> np.ndarray:
    minutes: np.ndarray = np.clip(
        np.round(np.exp(np.log(14) - 0.9 * signal(rng, q, 0.6)), 1), 1, 120
    )
    return minutes


def _dispute_rate(rng: np.random.Generator, q: np.ndarray) -> np.ndarray:
    rate = np.clip(np.round(np.exp(np.log(0.7) - 0.8 * signal(rng, q, 0.6)), 2), 0, 5)
    rate[rate < 0.05] = 0.0  # 1688 shows 0.00% for the cleanest shops
    out: np.ndarray = rate
    return out


def _inquiry_answers(
    rng: np.random.Generator, q: np.ndarray, checked: np.ndarray
) -> list[pl.Series]:
    """Answers to the seller's inquiry messages and written terms.

    A vetted shop has usually been asked everything; others only sometimes.
    """

    def asked(share: float) -> np.ndarray:
        return known(rng, q.size, np.where(checked, 0.9, share))

    def z() -> np.ndarray:
        return signal(rng, q, 0.6)

    transit_min = pick_levels(z(), [14, 12, 10, 9, 8, 7, 6, 5])
    transit_mask = asked(0.5)
    terms_mask, wrong_mask, unsold_mask = asked(0.4), asked(0.3), asked(0.25)
    return [
        _col("inventory_sheet", chance(rng, -0.3 + 1.1 * z()), asked(0.4)),
        _col("pickup_sla_hours", pick_levels(z(), [72, 48, 48, 24, 24, 24, 12, 6]), asked(0.55)),
        _col(
            "late_compensation_pct", pick_levels(z(), [0, 0, 3, 5, 5, 8, 10, 10, 15]), asked(0.35)
        ),
        _col("transit_days_min", transit_min, transit_mask),
        _col("transit_days_max", transit_min + pick_levels(z(), [12, 9, 7, 5, 4, 3]), transit_mask),
        _col("sample_days", np.clip(np.round(np.exp(np.log(6) - 0.45 * z())), 2, 25), asked(0.45)),
        _col("sample_fee_deductible", chance(rng, 0.2 + 0.9 * z()), asked(0.4)),
        _col("quality_return_terms", chance(rng, 1.1 * z()), terms_mask),
        _col("wrong_item_response_hours", pick_levels(z(), [72, 48, 24, 24, 12, 6, 2]), wrong_mask),
        _col("wrong_item_reship_hours", pick_levels(z(), [120, 96, 72, 48, 48, 24]), wrong_mask),
        _col(
            "wrong_item_compensation_pct", pick_levels(z(), [0, 0, 5, 10, 10, 15, 20]), wrong_mask
        ),
        _col("unsold_return_days", pick_levels(z(), [0, 0, 7, 15, 30, 30, 45, 60]), unsold_mask),
        _col("unsold_return_loss_pct", pick_levels(z(), [20, 15, 10, 8, 5, 5, 3, 0]), unsold_mask),
        _col("english_communication", chance(rng, -0.5 + 0.9 * z()), asked(0.4)),
        _col("platform_rules_knowledge", chance(rng, -0.3 + 0.9 * z()), asked(0.35)),
        _col("answer_precision", np.clip(np.round(3.2 + 1.1 * z()), 1, 5), asked(0.4)),
        _col("old_customer_ratio_pct", np.clip(np.round(45 + 16 * z()), 10, 90), asked(0.3)),
        _col("media_support", chance(rng, 0.3 + 0.9 * z()), asked(0.5)),
        _col("trend_recommendations", chance(rng, -0.6 + 0.9 * z()), asked(0.35)),
    ]


def _test_order(
    rng: np.random.Generator, q: np.ndarray, checked: np.ndarray, as_of: date
) -> list[pl.Series]:
    """The seller's 1-2 piece test order: hours from payment to dispatch.

    Sellers record it either as hours or as the two timestamps (or both), so the
    demo mixes the forms; only vetted shops have one.
    """
    n = q.size
    hours = np.clip(np.round(np.exp(np.log(24) - 0.55 * signal(rng, q, 0.7)), 1), 2, 120)
    seconds_ago = rng.integers(
        6 * 86_400, 75 * 86_400, n
    )  # a 120 h dispatch still lands before as_of
    midnight = datetime.combine(as_of, time())
    paid = [midnight - timedelta(seconds=int(s)) for s in seconds_ago]
    shipped = [p + timedelta(seconds=round(h * 3600)) for p, h in zip(paid, hours, strict=True)]
    form = rng.choice(3, size=n, p=[0.7, 0.2, 0.1])  # hours only / both / timestamps only
    return [
        _col("test_order_ship_hours", hours, checked & (form != 2)),
        _col("test_order_paid_at", paid, checked & (form != 0)),
        _col("test_order_shipped_at", shipped, checked & (form != 0)),
    ]
