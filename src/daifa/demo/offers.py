"""Offers: one row per supplier offer, with prices, tiers, sizes, certificates and terms.

Peers in a product group are priced around a common mean (within ±10 %); in about
a fifth of the groups one offer is planted "too cheap", 35-55 % below its peers,
which is more than 20 % below the group mean whichever way the mean is taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl

from daifa.demo import names
from daifa.demo.catalog import TITLE_PREFIXES, TITLE_SUFFIXES, Category
from daifa.demo.draws import chance, column, known, pick_levels, signal
from daifa.demo.groups import Group
from daifa.engine.schema import COLUMNS_BY_NAME

TOO_CHEAP_GROUP_SHARE = 0.2
THIN_MARKUP_SHARE = 0.2
# Only to make target retail prices plausible; the engine does its own costing.
CNY_PER_USD = 7.2
FREIGHT_CNY_PER_PARCEL = 18.0
FREIGHT_CNY_PER_GRAM = 0.08


@dataclass(frozen=True)
class OfferDraft:
    """The offers as parallel arrays, before they become columns."""

    supplier: np.ndarray  # supplier row index per offer
    group: list[Group]  # the group of each offer
    base_price: np.ndarray  # the group's common price
    too_cheap: np.ndarray


def draft_offers(rng: np.random.Generator, groups: list[Group], q: np.ndarray) -> OfferDraft:
    supplier = np.array([s for g in groups for s in g.members], dtype=np.int64)
    per_offer = [g for g in groups for _ in g.members]
    base = np.array([rng.uniform(*g.product.price_cny) for g in groups])
    sizes = np.array([len(g.members) for g in groups])
    too_cheap = np.zeros(supplier.size, dtype=bool)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    k = max(1, round(TOO_CHEAP_GROUP_SHARE * len(groups)))
    for g in rng.choice(len(groups), size=k, replace=False):
        rows = np.arange(starts[g], starts[g] + sizes[g])
        weights = np.exp(-0.7 * q[supplier[rows]])  # weak shops undercut more often
        too_cheap[rng.choice(rows, p=weights / weights.sum())] = True
    return OfferDraft(supplier, per_offer, np.repeat(base, sizes), too_cheap)


def offer_columns(
    rng: np.random.Generator, draft: OfferDraft, suppliers: pl.DataFrame
) -> pl.DataFrame:
    """Offer-level canonical columns plus ``supplier_id`` and the internal ``_too_cheap``."""
    q = suppliers["_quality"].to_numpy()[draft.supplier]
    checked = suppliers["_checked"].to_numpy()[draft.supplier]
    dropship = suppliers["dropship_supported"].fill_null(True).to_numpy()[draft.supplier]
    n = draft.supplier.size
    ids = names.offer_ids(rng, n)
    price = _unit_prices(rng, draft)
    weight = np.round(np.array([rng.uniform(*g.product.weight_g) for g in draft.group]))
    columns = [
        pl.Series("supplier_id", suppliers["supplier_id"].gather(draft.supplier)),
        _col("offer_id", ids, None),
        _col("offer_url", [names.offer_url(i) for i in ids], None),
        _col("product_title", [_title(rng, g) for g in draft.group], None),
        _col("category", [g.category.name for g in draft.group], None),
        _col("product_group", [g.key for g in draft.group], None),
        _col("certifications", _certificates(rng, draft.group, q), known(rng, n, 0.88)),
        *_pricing(rng, price, dropship),
        *_packed_size(rng, draft.group, weight),
        *_retail(rng, price, weight),
        *_quote(rng, q),
        *_customisation(rng, q, checked),
        *_seller_checks(rng, q, checked),
        pl.Series("_too_cheap", draft.too_cheap),
    ]
    return pl.DataFrame(columns)


def _col(name: str, values: Iterable[object] | np.ndarray, mask: np.ndarray | None) -> pl.Series:
    return column(name, values, COLUMNS_BY_NAME[name].dtype, mask)


def _unit_prices(rng: np.random.Generator, draft: OfferDraft) -> np.ndarray:
    honest = draft.base_price * rng.uniform(0.9, 1.1, draft.base_price.size)
    cheap = draft.base_price * rng.uniform(0.45, 0.65, draft.base_price.size)
    price: np.ndarray = np.maximum(np.round(np.where(draft.too_cheap, cheap, honest), 2), 0.5)
    return price


def _title(rng: np.random.Generator, group: Group) -> str:
    features = rng.choice(group.product.features, size=2, replace=False)
    parts = [str(features[0]), group.product.name, str(features[1])]
    if rng.random() < 0.6:
        parts.insert(0, str(rng.choice(TITLE_PREFIXES)))
    if rng.random() < 0.6:
        parts.append(str(rng.choice(TITLE_SUFFIXES)))
    return ("" if rng.random() < 0.7 else " ").join(parts)


def _certificates(rng: np.random.Generator, groups: list[Group], q: np.ndarray) -> list[list[str]]:
    z = signal(rng, q, 0.6)
    return [
        _offer_certificates(rng, g.category, float(zi)) for g, zi in zip(groups, z, strict=True)
    ]


def _offer_certificates(rng: np.random.Generator, category: Category, z: float) -> list[str]:
    """Full, partial or none of what the category rule asks, plus some unrelated papers."""
    required = list(category.required_certs)
    extra = [
        str(c) for c in rng.choice(category.other_certs, size=rng.integers(0, 2), replace=False)
    ]
    if not required:
        return sorted(extra)
    p_full = 1 / (1 + np.exp(-(0.9 + z)))
    roll = rng.random()
    if roll < p_full:
        return required + sorted(extra)
    if roll < p_full + (1 - p_full) * 0.6:  # partial: at least one missing
        keep = rng.choice(required, size=rng.integers(1, len(required)), replace=False)
        return [c for c in required if c in set(keep)] + sorted(extra)
    return sorted(extra)


def _pricing(rng: np.random.Generator, price: np.ndarray, dropship: np.ndarray) -> list[pl.Series]:
    n = price.size
    moq = np.where(
        dropship & (rng.random(n) < 0.7), 1, rng.choice([2, 3, 5, 10, 20, 50], size=n)
    ).astype(np.int64)
    n_tiers = rng.choice([1, 2, 3], size=n, p=[0.12, 0.28, 0.6])
    tiers = [
        _tiers(rng, float(p), int(m), int(t)) for p, m, t in zip(price, moq, n_tiers, strict=True)
    ]
    drop_price = np.round(price * rng.uniform(1.0, 1.12, n), 2)
    return [
        _col("unit_price_cny", price, None),
        _col("price_tiers", tiers, known(rng, n, 0.88)),
        _col("moq", moq, known(rng, n, 0.95)),
        _col("dropship_price_cny", drop_price, dropship & known(rng, n, 0.8)),
    ]


_BREAKS = ((10, 100), (50, 200), (100, 500), (200, 1000))


def _tiers(rng: np.random.Generator, price: float, moq: int, count: int) -> list[dict[str, object]]:
    """Ascending quantity tiers starting at the MOQ, each a few percent cheaper."""
    breaks = [b for b in _BREAKS[int(rng.integers(len(_BREAKS)))] if b > moq][: count - 1]
    starts = [moq, *breaks]
    ends: list[int | None] = [s - 1 for s in starts[1:]] + [None]
    tiers: list[dict[str, object]] = []
    for lo, hi in zip(starts, ends, strict=True):
        tiers.append({"min_qty": lo, "max_qty": hi, "price_cny": round(price, 2)})
        price *= rng.uniform(0.88, 0.97)
    return tiers


def _packed_size(
    rng: np.random.Generator, groups: list[Group], weight: np.ndarray
) -> list[pl.Series]:
    n = weight.size
    dims = np.array([g.product.size_cm for g in groups]) * rng.uniform(0.9, 1.1, (n, 3))
    dims = np.round(dims, 1)
    dims_known = known(rng, n, 0.78)
    return [
        _col("weight_g", weight, known(rng, n, 0.88)),
        _col("length_cm", dims[:, 0], dims_known),
        _col("width_cm", dims[:, 1], dims_known),
        _col("height_cm", dims[:, 2], dims_known),
    ]


def _retail(rng: np.random.Generator, price: np.ndarray, weight: np.ndarray) -> list[pl.Series]:
    """The seller's planned retail price in USD: mostly 3.3-5.5x landed cost, some too thin."""
    n = price.size
    landed_usd = (price + FREIGHT_CNY_PER_PARCEL + FREIGHT_CNY_PER_GRAM * weight) / CNY_PER_USD
    thin = rng.random(n) < THIN_MARKUP_SHARE
    multiple = np.where(thin, rng.uniform(1.4, 2.4, n), rng.uniform(3.3, 5.5, n))
    retail = np.floor(landed_usd * multiple) + 0.99  # shop prices end in .99
    mask = known(rng, n, 0.85)
    return [
        _col("target_retail_price", retail, mask),
        _col("retail_currency", np.full(n, "USD"), mask),
    ]


def _quote(rng: np.random.Generator, q: np.ndarray) -> list[pl.Series]:
    """Whether the quote includes packaging; extras found later when it does not."""
    n = q.size
    inclusive = chance(rng, 0.8 + 0.6 * signal(rng, q, 0.5))
    inclusive_known = known(rng, n, 0.5)
    fees = np.where(inclusive, 0.0, np.round(rng.uniform(0.3, 6.0, n), 1))
    fees_known = inclusive_known & known(rng, n, np.where(inclusive, 0.5, 0.8))
    return [
        _col("quote_all_inclusive", inclusive, inclusive_known),
        _col("extra_fees_cny", fees, fees_known),
    ]


def _customisation(rng: np.random.Generator, q: np.ndarray, checked: np.ndarray) -> list[pl.Series]:
    n = q.size
    z = signal(rng, q, 0.6)
    custom_moq = pick_levels(z, [1000, 500, 500, 300, 200, 100, 100, 50, 30]).astype(np.int64)
    cost = np.clip(np.round(18 - 6 * signal(rng, q, 0.6)), 3, 45)
    return [
        _col("custom_moq", custom_moq, known(rng, n, np.where(checked, 0.85, 0.4))),
        _col("custom_cost_pct", cost, known(rng, n, np.where(checked, 0.8, 0.35))),
    ]


def _seller_checks(rng: np.random.Generator, q: np.ndarray, checked: np.ndarray) -> list[pl.Series]:
    """Second-account stock probe and sample tests: only for the shops the seller vetted."""
    n = q.size
    return [
        _col(
            "inventory_consistent",
            chance(rng, 1.6 + 1.1 * signal(rng, q, 0.6)),
            checked & known(rng, n, 0.85),
        ),
        _col(
            "sample_test_passed",
            chance(rng, 0.9 + 1.2 * signal(rng, q, 0.6)),
            checked & known(rng, n, 0.5),
        ),
    ]
