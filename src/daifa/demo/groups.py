"""Product groups: 3-5 peer offers of the same product from different suppliers.

Each supplier sells in its own category. Every supplier gets at least one offer;
big shops get more. Within a group every offer comes from a different supplier,
because "compare 3-5 suppliers of the same product" is the point of a group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from daifa.demo.catalog import CATEGORIES, Category, Product

MIN_GROUP, MAX_GROUP = 3, 5


@dataclass(frozen=True)
class Group:
    key: str
    category: Category
    product: Product
    members: tuple[int, ...]  # supplier row indices, all distinct


def slots_per_category(pool_sizes: np.ndarray, n_offers: int) -> np.ndarray:
    """Offers per category: at least one per supplier and at least one group's worth."""
    base = np.where(pool_sizes > 0, np.maximum(pool_sizes, MIN_GROUP), 0)
    extra = n_offers - int(base.sum())
    if extra < 0:
        raise ValueError(f"need at least {int(base.sum())} offers, got {n_offers}")
    exact = extra * pool_sizes / pool_sizes.sum()
    slots = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - slots), kind="stable")
    slots[order[: extra - int(slots.sum())]] += 1
    out: np.ndarray = base + slots
    return out


def min_offers(pool_sizes: np.ndarray) -> int:
    return int(np.where(pool_sizes > 0, np.maximum(pool_sizes, MIN_GROUP), 0).sum())


def group_sizes(rng: np.random.Generator, total: int) -> list[int]:
    """Sizes in 3..5 that add up to ``total`` (``total >= 3``), about 4 on average."""
    lo, hi = -(-total // MAX_GROUP), total // MIN_GROUP
    count = int(np.clip(round(total / rng.uniform(3.6, 4.4)), lo, hi))
    sizes = [MIN_GROUP] * count
    for _ in range(total - MIN_GROUP * count):
        open_ = [i for i, s in enumerate(sizes) if s < MAX_GROUP]
        sizes[int(rng.choice(open_))] += 1
    return sizes


def plan_groups(
    rng: np.random.Generator, categories: list[str], shop_size: np.ndarray, n_offers: int
) -> list[Group]:
    """Split ``n_offers`` into groups and give every group distinct suppliers.

    ``categories`` is each supplier's category name, ``shop_size`` a positive
    weight: how likely the shop is to list one more product.
    """
    cats = np.asarray(categories)
    pools = [np.flatnonzero(cats == c.name) for c in CATEGORIES]
    slots = slots_per_category(np.array([p.size for p in pools]), n_offers)
    groups: list[Group] = []
    for category, pool, total in zip(CATEGORIES, pools, slots, strict=True):
        if total:
            groups.extend(_category_groups(rng, category, pool, int(total), shop_size))
    return groups


def _category_groups(
    rng: np.random.Generator,
    category: Category,
    pool: np.ndarray,
    total: int,
    shop_size: np.ndarray,
) -> list[Group]:
    sizes = group_sizes(rng, total)
    members = _deal(rng, pool, sizes, shop_size)
    products = rng.permutation(len(category.products))
    seen: dict[str, int] = {}
    groups = []
    for g, group_members in enumerate(members):
        product = category.products[products[g % len(products)]]
        seen[product.name] = seen.get(product.name, 0) + 1
        key = f"{category.code}-{product.name}-{seen[product.name]:02d}"
        groups.append(Group(key, category, product, tuple(group_members)))
    return groups


def _deal(
    rng: np.random.Generator, pool: np.ndarray, sizes: list[int], shop_size: np.ndarray
) -> list[list[int]]:
    """Every pool supplier once (round robin), then fill by shop size, no repeats in a group."""
    members: list[list[int]] = [[] for _ in sizes]
    g = 0
    for supplier in rng.permutation(pool):
        while len(members[g]) >= sizes[g]:
            g = (g + 1) % len(sizes)
        members[g].append(int(supplier))
        g = (g + 1) % len(sizes)
    everyone = np.arange(shop_size.size)
    for group, size in zip(members, sizes, strict=True):
        need = size - len(group)
        if need:
            group.extend(_draw_peers(rng, pool, everyone, group, need, shop_size))
    return members


def _draw_peers(
    rng: np.random.Generator,
    pool: np.ndarray,
    everyone: np.ndarray,
    group: list[int],
    need: int,
    shop_size: np.ndarray,
) -> list[int]:
    candidates = np.setdiff1d(pool, group)
    if candidates.size < need:  # a tiny category borrows peers from other categories
        candidates = np.setdiff1d(everyone, group)
    weights = shop_size[candidates]
    picked = rng.choice(candidates, size=need, replace=False, p=weights / weights.sum())
    return [int(s) for s in picked]
