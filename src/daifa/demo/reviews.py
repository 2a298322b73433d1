"""Reviews: buyer remarks that fit each shop's products, and planted template reviews.

Honest reviews are put together from ``reviews.toml``, a small corpus written for
the demo with one set of remarks per category (a luggage shop's buyers talk about
zips and straps, an earphone shop's about sound and battery), the offer's own
product named in them, plus short ones ("好", "回购了") and remarks on delivery.
For the planted suppliers most reviews are stock phrases with small variations
and exact duplicates, plus platform default praise, which ``template_reviews``
must catch.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources

import numpy as np
import polars as pl

from daifa.demo.catalog import CATEGORIES
from daifa.demo.draws import sigmoid
from daifa.engine.schema import REVIEW_COLUMNS

HISTORY_DAYS = 180
SHORT_SHARE = 0.08  # buyers who write a word or two ("好", "回购了")
SHOP_WORD = "东西"  # an offer whose title names no catalogue product


@dataclass(frozen=True)
class Remarks:
    """What buyers of one category say: remarks that fit all its products, remarks
    per product (``{name: (good, bad)}``) and the parts every category shares."""

    good: tuple[str, ...]
    bad: tuple[str, ...]
    products: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    short: tuple[str, ...]
    short_meh: tuple[str, ...]
    context: tuple[str, ...]
    service_good: tuple[str, ...]
    service_bad: tuple[str, ...]

    def about(self, product: str, positive: bool) -> tuple[str, ...]:
        """The remarks that fit ``product``: its category's and its own."""
        own = self.products.get(product, ((), ()))[0 if positive else 1]
        return (self.good if positive else self.bad) + own


@cache
def corpus() -> dict[str, Remarks]:
    """``reviews.toml`` by category name (the demo catalogue's ``Category.name``)."""
    text = resources.files("daifa.demo").joinpath("reviews.toml").read_text("utf-8")
    data = tomllib.loads(text)
    shared = [
        tuple(data["shared"][k])
        for k in ("short", "short_meh", "context", "service_good", "service_bad")
    ]
    by_category: dict[str, Remarks] = {}
    for category in CATEGORIES:
        lines = data["category"][category.name]
        own = {
            p.name: (
                tuple(data["product"].get(p.name, {}).get("good", ())),
                tuple(data["product"].get(p.name, {}).get("bad", ())),
            )
            for p in category.products
        }
        by_category[category.name] = Remarks(
            tuple(lines["good"]), tuple(lines["bad"]), own, *shared
        )
    return by_category


STOCK_PHRASES = (
    "物流快，质量好，好评！",
    "质量很好，下次还会再来",
    "Good quality, fast shipping",
    "东西不错，物流很快",
    "质量好，价格实惠，好评",
    "宝贝收到了，质量很好",
    "发货速度快，包装完好",
    "和描述一致，很满意",
    "非常好，五星好评",
    "Very good, fast delivery",
    "Nice product, good seller",
    "性价比高，推荐购买",
)
DEFAULT_PRAISE = ("系统默认好评", "此用户没有填写评价。", "评价方未及时做出评价，系统默认好评！")
_ENDINGS = ("", "！", "!", "。", "~", "！！", "👍", "，五星", "，赞")


def simulate_reviews(
    rng: np.random.Generator, suppliers: pl.DataFrame, offers: pl.DataFrame, as_of: date
) -> pl.DataFrame:
    """Reviews for every supplier, about 3 per offer listed.

    ``suppliers`` has ``supplier_id``, ``_quality``, ``_templated`` and
    ``_category``; ``offers`` has ``supplier_id``, ``offer_id`` and
    ``product_title`` (which names the product a review talks about).
    """
    remarks = corpus()
    product_of = dict(
        zip(
            offers["offer_id"].to_list(),
            (_product(t) for t in offers["product_title"].to_list()),
            strict=True,
        )
    )
    listed = offers.group_by("supplier_id", maintain_order=True).agg("offer_id")
    shops = suppliers.select("supplier_id", "_quality", "_templated", "_category").join(
        listed, on="supplier_id", how="left", maintain_order="left"
    )
    rows: list[tuple[str, str | None, str, float]] = []
    for supplier, q, planted, category, offer_list in shops.iter_rows():
        said = remarks[category]
        for stock in _stock_or_not(rng, _review_count(rng, len(offer_list), planted), planted):
            bought = str(rng.choice(offer_list))
            # about one review in ten is about the shop, not a particular offer
            # (the buyer still writes about what they bought)
            offer = None if rng.random() < 0.1 else bought
            if stock:
                rows.append((supplier, offer, _bought(rng), 5.0))
            else:
                text, rating = _honest(rng, q, said, product_of[bought])
                rows.append((supplier, offer, text, rating))
    return _frame(rng, rows, as_of)


def _product(title: str) -> str:
    """The product an offer sells, found in its title ("蓝牙耳机" in "2026新款无线蓝牙耳机降噪")."""
    found = [p.name for c in CATEGORIES for p in c.products if p.name in title]
    return max(found, key=len) if found else SHOP_WORD


def _review_count(rng: np.random.Generator, offers: int, planted: bool) -> int:
    """About 3 reviews per offer; shops that buy reviews have at least a dozen."""
    if planted:
        return 12 + int(rng.poisson(4.0 * offers))
    return 3 + int(rng.poisson(3.0 * offers))


def _stock_or_not(rng: np.random.Generator, count: int, planted: bool) -> list[bool]:
    """Which of a shop's reviews are bought: 70-90 % of a planted shop's (exactly,
    so even a dozen reviews are mostly stock), none of an honest one's."""
    stock = max(2, round(rng.uniform(0.7, 0.9) * count)) if planted else 0
    return [bool(b) for b in rng.permutation([True] * stock + [False] * (count - stock))]


def _honest(rng: np.random.Generator, q: float, said: Remarks, product: str) -> tuple[str, float]:
    """One buyer's review: mostly praise (more for better shops), some complaints."""
    roll = rng.random()
    if roll < 0.03:  # buyers who never rate get the platform's default praise
        return str(rng.choice(DEFAULT_PRAISE)), 5.0
    if roll < 0.03 + SHORT_SHARE:
        if rng.random() < 0.8:
            return str(rng.choice(said.short)), float(rng.choice([5, 5, 4]))
        return str(rng.choice(said.short_meh)), float(rng.choice([3, 3, 4]))
    positive = rng.random() < float(sigmoid(np.array(1.6 + 0.9 * q)))
    remark = str(rng.choice(said.about(product, positive)))
    if "{product}" in remark:
        remark = remark.format(product=product)
    elif rng.random() < 0.5:  # a remark of the product's own: named now and then
        remark = f"{product}{remark}"
    context = str(rng.choice(said.context)) if rng.random() < 0.3 else ""
    service = ""
    if rng.random() < 0.5:
        service = str(rng.choice(said.service_good if positive else said.service_bad))
    ending = "" if rng.random() < 0.6 else str(rng.choice(("。", "！", "~", "，推荐", "，会再来")))
    if not positive:
        ending = ending if ending in ("", "。") else "。"
    rating = float(rng.choice([5, 5, 5, 4, 4])) if positive else float(rng.choice([1, 2, 2, 3, 3]))
    return context + remark + service + ending, rating


def _bought(rng: np.random.Generator) -> str:
    """A bought review: a stock phrase, now and then the platform's default praise."""
    return _stock_phrase(rng) if rng.random() < 0.85 else str(rng.choice(DEFAULT_PRAISE))


def _stock_phrase(rng: np.random.Generator) -> str:
    phrase = str(rng.choice(STOCK_PHRASES))
    if rng.random() < 0.5:
        return phrase  # verbatim: the exact duplicates a detector should count
    stem = phrase.rstrip("！!。")
    if rng.random() < 0.3:
        stem = stem.replace("，", ",")
    return stem + str(rng.choice(_ENDINGS))


def _frame(
    rng: np.random.Generator, rows: list[tuple[str, str | None, str, float]], as_of: date
) -> pl.DataFrame:
    n = len(rows)
    midnight = datetime.combine(as_of, time())
    seconds = rng.integers(1, HISTORY_DAYS * 86_400, size=n)
    created = [midnight - timedelta(seconds=int(s)) for s in seconds]
    suppliers, offers, texts, ratings = (
        (list(col) for col in zip(*rows, strict=True)) if rows else ([], [], [], [])
    )
    frame = pl.DataFrame(
        {
            "supplier_id": suppliers,
            "offer_id": offers,
            "text": texts,
            "rating": ratings,
            "created_at": created,
        },
        schema=REVIEW_COLUMNS,
    )
    return frame
