"""Chinese company names and 1688-style identifiers, drawn with a seeded generator."""

from __future__ import annotations

import numpy as np

from daifa.demo.catalog import Category

# Two-character trade names are how most 1688 companies are called: 鑫悦, 恒达, 创优…
_FIRST = tuple("鑫恒创优美佳华盛源达顺金宏诚博锦嘉汇新远天海润康泰辰悦瑞晨星聚云品尚乐")
_SECOND = tuple("达盛源信诚发泰丰隆兴鑫辉耀华邦德利通祥悦宇航途创峰达美彩隆益")
_GENERIC_TRADES = ("电子商务", "贸易", "进出口", "供应链管理")
# Most are limited companies; small workshops and trading booths use 厂/商行/经营部.
_FORMS = (("有限公司", 0.82), ("厂", 0.06), ("商行", 0.07), ("经营部", 0.05))


def company_names(
    rng: np.random.Generator, cities: list[str], categories: list[Category]
) -> list[str]:
    """One distinct company name per supplier, e.g. ``深圳市恒达电子科技有限公司``."""
    forms = tuple(form for form, _ in _FORMS)
    form_p = [p for _, p in _FORMS]
    names: list[str] = []
    seen: set[str] = set()
    for city, category in zip(cities, categories, strict=True):
        name = _company_name(rng, city, category, forms, np.asarray(form_p))
        while name in seen:  # a clash is rare; redraw rather than number the shops
            name = _company_name(rng, city, category, forms, np.asarray(form_p))
        seen.add(name)
        names.append(name)
    return names


def _company_name(
    rng: np.random.Generator,
    city: str,
    category: Category,
    forms: tuple[str, ...],
    form_p: np.ndarray,
) -> str:
    brand = str(rng.choice(_FIRST)) + str(rng.choice(_SECOND))
    form = str(rng.choice(forms, p=form_p / form_p.sum()))
    # trading-company words (贸易, 供应链管理) only go with 有限公司
    generic = form == "有限公司" and rng.random() < 0.25
    trades = _GENERIC_TRADES if generic else category.trades
    trade = str(rng.choice(trades))
    if form != "有限公司":
        trade = trade.removesuffix("科技")  # "电子厂", not "电子科技厂"
    return f"{city}市{brand}{trade}{form}"


def unique_numbers(rng: np.random.Generator, n: int, low: int, high: int) -> np.ndarray:
    """``n`` distinct integers in ``[low, high)``, in random order."""
    drawn = np.unique(rng.integers(low, high, size=n + n // 10 + 8, dtype=np.int64))
    while drawn.size < n:  # only when the range is crowded
        more = rng.integers(low, high, size=n, dtype=np.int64)
        drawn = np.unique(np.concatenate([drawn, more]))
    picked: np.ndarray = rng.permutation(drawn)[:n]
    return picked


def supplier_ids(rng: np.random.Generator, n: int) -> list[str]:
    """1688 member ids such as ``b2b-2207654321``."""
    return [f"b2b-22{k:08d}" for k in unique_numbers(rng, n, 0, 10**8)]


def shop_urls(rng: np.random.Generator, n: int) -> list[str]:
    return [f"https://shop{k}.1688.com" for k in unique_numbers(rng, n, 10**12, 10**13)]


def offer_ids(rng: np.random.Generator, n: int) -> list[str]:
    """Twelve-digit offer ids, as in ``detail.1688.com/offer/<id>.html``."""
    return [str(k) for k in unique_numbers(rng, n, 520_000_000_000, 800_000_000_000)]


def offer_url(offer_id: str) -> str:
    return f"https://detail.1688.com/offer/{offer_id}.html"


def order_ids(rng: np.random.Generator, n: int) -> list[str]:
    """Nineteen-digit 1688 order numbers."""
    return [str(k) for k in unique_numbers(rng, n, 2 * 10**18, 4 * 10**18)]
