"""``template_reviews``: reviews that are mostly stock phrases or copies (好评模板).

The seed guide (1.2): reviews that are mostly templates ("物流快", "质量好", no
specifics) may be bought. Per supplier the detector measures:

* **templated share**: a review is *generic* when, after jieba tokenisation,
  at least ``generic_min_share`` of its content characters are stock phrases
  (:mod:`daifa.engine.detectors.lexicon`) and it has no digit. Filler words
  (的, 了, the) are ignored; anything else (a product noun, a size, a
  complaint) is a specific and counts against. A review with no words at all
  (only emoji) is generic too.
* **duplicate share**: reviews of at least ``min_duplicate_chars`` characters
  that are exact copies or near-copies of another review of the same supplier.
  Near-copies are found with MinHash LSH over character 2-grams (they suit
  Chinese, which has no spaces) and confirmed with rapidfuzz
  ``ratio >= near_duplicate_ratio``.

* **scripted share**: bought reviews are written from a script whose slots
  change (the product, the courier, a colour or size). With the slots masked
  (颜色：黑色, 尺码：XL, digits), a review is *scripted* when most of its
  clauses, or most of its character n-grams, recur in many of the shop's
  reviews (``script_common_share``), or about a third of them do and the
  review came in a burst.
* **bursts**: reviews dated within ``burst_days`` of each other, far more than
  the shop's own rate over its whole history gives (when the file has dates).

Platform default praise ("系统默认好评", "此用户没有填写评价") is dropped before
judging; it says nothing about the supplier. Very short reviews ("好", "不错",
"回购了", "质量不错": ``short_max_chars`` or fewer) are counted apart
(``n_short``) and are never evidence: most honest wholesale buyers write them.
Generic praise is common on honest shops too, so on its own it is evidence
only in a burst or when it makes up ``generic_alone_share`` of all written
reviews. A review is *suspicious* when it is duplicated, scripted or such
evidenced praise. The flag is raised (``fail``) when at least ``flag_share`` of
the considered reviews are suspicious, or ``burst_flag_share`` are suspicious
and came in bursts, and there are at least ``min_reviews`` considered reviews
(fewer: ``unknown``). ``tests/engine/detectors/review_shops.py`` generates the
honest and bought shops the thresholds are measured on.

Speed (1,000,000 reviews in well under two minutes on two cores): texts are
normalised in Polars; jieba only sees distinct texts that a cheap regex test
cannot rule out; MinHash signatures are computed for all texts at once in NumPy
with datasketch's own permutations (``MinHash(scheme="affine32")``), and the
LSH banding uses datasketch's optimal (bands, rows) for the threshold but is
done as one Polars group-by, because querying ``MinHashLSH`` one review at a
time costs ~100 us a review in Python. A test checks that both give the same
signatures and candidates. In each LSH bucket, every member is confirmed
against the bucket's first member.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import polars as pl

from daifa.engine.detectors._common import FAIL, PASS, UNKNOWN, check_limits, require_columns
from daifa.engine.detectors.lexicon import DEFAULT_PRAISE_MARKERS, FILLER, STOCK_PHRASES
from daifa.engine.errors import InputError

if TYPE_CHECKING:
    import jieba

# jieba, datasketch, rapidfuzz and scipy.sparse are imported where they are used:
# together ~0.2 s that a screening without reviews (daifa screen, most pages) never needs.

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

_TABLE = "reviews"
_MAX_CLUSTERS = 5
_MAX_EXAMPLES = 5
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class ReviewSettings:
    """Thresholds of the detector (see the module docstring)."""

    min_reviews: int = 10
    flag_share: float = 0.5
    generic_min_share: float = 0.8
    min_duplicate_chars: int = 6
    near_duplicate_ratio: float = 90.0
    lsh_threshold: float = 0.5
    num_perm: int = 64
    seed: int = 1
    short_max_chars: int = 4
    script_gram: int = 6
    script_common_share: float = 0.15
    script_min_reviews: int = 4
    script_coverage: float = 0.6
    generic_alone_share: float = 0.55
    burst_days: int = 7
    burst_factor: float = 3.0
    burst_min: int = 5
    burst_flag_share: float = 0.3

    def check(self) -> None:
        limits: dict[str, tuple[float, float]] = {
            "min_reviews": (1, 1e9),
            "flag_share": (0.0, 1.0),
            "generic_min_share": (0.0, 1.0),
            "min_duplicate_chars": (2, 1e6),
            "near_duplicate_ratio": (0.0, 100.0),
            "lsh_threshold": (0.01, 0.99),
            "num_perm": (8, 1024),
            "seed": (0, 2**31),
            "short_max_chars": (0, 1e6),
            "script_gram": (2, 64),
            "script_common_share": (0.0, 1.0),
            "script_min_reviews": (2, 1e9),
            "script_coverage": (0.0, 1.0),
            "generic_alone_share": (0.0, 1.0),
            "burst_days": (1, 3650),
            "burst_factor": (1.0, 1e6),
            "burst_min": (2, 1e9),
            "burst_flag_share": (0.0, 1.0),
        }
        check_limits(self, limits)


def detect_template_reviews(reviews: pl.DataFrame, **settings: Any) -> pl.DataFrame:
    """Flag suppliers whose reviews are mostly templates or copies.

    Parameters
    ----------
    reviews : polars.DataFrame
        ``supplier_id`` and ``text`` (other review columns are ignored). A null
        text is not a review.
    **settings
        Any field of :class:`ReviewSettings` (``min_reviews``, ``flag_share``...).

    Returns
    -------
    polars.DataFrame
        One row per ``supplier_id`` (order of first appearance): ``supplier_id``,
        ``status`` and ``evidence``, a struct of ``n_reviews``, ``n_considered``
        (after dropping platform default praise), ``templated_share``,
        ``duplicate_share``, ``suspicious_share`` (generic or duplicated; the
        share the verdict uses), ``clusters`` (largest first: list of
        ``{size, example}``) and ``templated_examples`` (a handful of texts).

    Examples
    --------
    >>> frame = pl.DataFrame({"supplier_id": ["s"] * 12,
    ...                       "text": ["物流快,质量好!五星好评"] * 6 + ["很好,下次还来"] * 6})
    >>> out = detect_template_reviews(frame)
    >>> out["status"].to_list(), out["evidence"].struct.field("templated_share").to_list()
    (['fail'], [1.0])
    """
    config = _settings(settings)
    frame = _normalised(reviews, config)
    considered = frame.filter(
        ~pl.col("is_default") & pl.col("text").is_not_null() & ~pl.col("is_short")
    ).with_row_index("review")
    generic = _generic_keys(considered, config)
    items, dup_of_item = _duplicate_items(considered, config)
    judged = (
        considered.join(generic, on="spaced", how="left")
        .join(dup_of_item, on=["supplier_id", "key"], how="left")
        .join(_script_coverage(considered, config), on="review", how="left")
        .with_columns(
            pl.col("generic").fill_null(False),
            pl.col("cluster_size").fill_null(1),
            pl.col("coverage").fill_null(0.0),
        )
    )
    counts = _counts(frame)
    judged = judged.join(
        counts.select("supplier_id", pl.col("n_short").alias("shop_short")),
        on="supplier_id",
        how="left",
    )
    return _summarise(counts, _with_bursts(judged, config), items, config)


def _settings(settings: dict[str, Any]) -> ReviewSettings:
    names = {f.name for f in fields(ReviewSettings)}
    unknown = sorted(set(settings) - names)
    if unknown:
        raise InputError(
            f"detect_template_reviews: unknown option(s) {unknown}",
            f"detect_template_reviews:未知选项 {unknown}",
            field=unknown[0],
            allowed=", ".join(sorted(names)),
        )
    config = ReviewSettings(**settings)
    config.check()
    return config


# --------------------------------------------------------------------------- normalise


def normalise(texts: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(spaced, key): NFKC, lower case, punctuation/emoji -> one space; key drops spaces."""
    spaced = (
        texts.str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )
    return spaced, spaced.str.replace_all(" ", "", literal=True)


def _normalised(reviews: pl.DataFrame, config: ReviewSettings) -> pl.DataFrame:
    require_columns(reviews, ("supplier_id", "text"), table=_TABLE)
    for name in ("supplier_id", "text"):
        dtype = reviews.schema[name]
        if dtype not in (pl.String, pl.Null):
            raise InputError(
                f"{_TABLE}: column {name!r} must hold text, got {dtype}",
                f"{_TABLE}:列 {name!r} 应为文本,实际为 {dtype}",
                field=name,
                value=str(dtype),
            )
    missing = reviews.get_column("supplier_id").is_null()
    if missing.any():
        row = int(missing.arg_true()[0])
        raise InputError(
            f"{_TABLE} row {row}, supplier_id: value None is not allowed; every review needs "
            "a supplier id",
            f"{_TABLE} 第 {row} 行 supplier_id:值为空;每条评价都需要供应商ID",
            field="supplier_id",
            row=row,
        )
    spaced, key = normalise(pl.col("text").cast(pl.String))
    masked_spaced = _without_specs(spaced).str.replace_all(r"\d+", "").str.replace_all(" +", " ")
    return reviews.select(
        pl.col("supplier_id").cast(pl.String),
        pl.col("text").cast(pl.String),
        spaced.alias("spaced"),
        key.alias("key"),
        masked_spaced.alias("clauses"),
        masked_spaced.str.replace_all(" ", "", literal=True).alias("masked"),
        _day(reviews).alias("day"),
    ).with_columns(
        pl.col("key")
        .str.contains_any(list(DEFAULT_PRAISE_MARKERS))
        .fill_null(False)
        .alias("is_default"),
        (pl.col("key").str.len_chars() <= config.short_max_chars)
        .fill_null(False)
        .alias("is_short"),
    )


# What a buyer "chose" (颜色：黑色, 尺码：XL) is the slot a script fills per review;
# masked out, the script's skeleton is the same text every time.
# Applied to normalised text, where "颜色：黑色" has become "颜色 黑色".
_SPEC = r"(颜色分类|颜色|尺码|尺寸|规格|型号|款式|套餐|color|colour|size) [^ ]{1,12}"
_COLOURS = r"(米白|墨绿|藏青|酒红|透明|(黑|白|红|蓝|绿|黄|紫|粉|灰|棕|橙|咖啡|卡其|米|金|银)色)"


def _without_specs(texts: pl.Expr) -> pl.Expr:
    return texts.str.replace_all(_SPEC, " ").str.replace_all(_COLOURS + "(?:款|的)?", " ")


def _day(reviews: pl.DataFrame) -> pl.Expr:
    """Days since 1970 of each review, or null when the file has no usable dates."""
    dtype = reviews.schema.get("created_at")
    if dtype is None or not dtype.is_temporal():
        return pl.lit(None, dtype=pl.Int32)
    return pl.col("created_at").cast(pl.Date).cast(pl.Int32)


# --------------------------------------------------------------------------- generic


_jieba_lock = threading.Lock()


@cache
def _tokenizer() -> jieba.Tokenizer:
    """A private jieba tokenizer that knows the stock phrases (loaded once, lazily).

    Private so that adding our words does not change jieba for anyone else in
    the process.
    """
    import jieba

    with _jieba_lock:
        jieba.setLogLevel(60)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for phrase in STOCK_PHRASES:
            if not phrase.isascii():
                tokenizer.add_word(phrase, freq=200_000)
        return tokenizer


@cache
def _stock_tokens() -> frozenset[str]:
    """Stock phrases plus every piece jieba may cut them into."""
    tokenizer = _tokenizer()
    pieces = {t for phrase in STOCK_PHRASES for t in tokenizer.lcut(phrase, HMM=False)}
    return frozenset(STOCK_PHRASES | (pieces - FILLER))


def is_generic(spaced: str, *, min_share: float = 0.8) -> bool:
    """The per-review rule: no digit and >= ``min_share`` of content chars are stock."""
    if _DIGIT.search(spaced):
        return False
    stock = _stock_tokens()
    stock_chars = other_chars = 0
    for token in _tokenizer().lcut(spaced, HMM=False):
        token = token.strip()
        if not token or token in FILLER:
            continue
        if token in stock:
            stock_chars += len(token)
        else:
            other_chars += len(token)
    total = stock_chars + other_chars
    return total == 0 or stock_chars / total >= min_share


@cache
def _stock_pattern() -> str:
    words = sorted(_stock_tokens() | FILLER, key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def _generic_keys(considered: pl.DataFrame, config: ReviewSettings) -> pl.DataFrame:
    """Distinct ``spaced`` texts with their generic flag.

    jieba is slow (~1 MB/s), so it only sees texts that a regex over the same
    word lists cannot rule out: with stock and filler words deleted, a generic
    text keeps at most ~(1 - min_share) of its characters; we keep any text
    keeping at most half (+2 characters), a safe superset.
    """
    distinct = considered.select(pl.col("spaced").unique())
    leftover = pl.col("spaced").str.replace_all(_stock_pattern(), "").str.replace_all(" ", "")
    length = pl.col("spaced").str.replace_all(" ", "").str.len_chars()
    candidates = distinct.filter(
        ~pl.col("spaced").str.contains(r"\d") & (leftover.str.len_chars() <= length * 0.5 + 2)
    )
    texts = candidates.get_column("spaced").to_list()
    flags = [is_generic(t, min_share=config.generic_min_share) for t in texts]
    return pl.DataFrame(
        {"spaced": texts, "generic": flags}, schema={"spaced": pl.String, "generic": pl.Boolean}
    )


# --------------------------------------------------------------------------- duplicates


def _duplicate_items(
    considered: pl.DataFrame, config: ReviewSettings
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Distinct (supplier, key) items and the size of the cluster each belongs to."""
    items = (
        considered.filter(pl.col("key").str.len_chars() >= config.min_duplicate_chars)
        .group_by("supplier_id", "key", maintain_order=True)
        .agg(pl.len().alias("count"), pl.col("text").first().alias("example"))
        .with_columns(pl.col("supplier_id").rank("dense").cast(pl.Int64).alias("supplier_code"))
    )
    labels = _near_duplicate_labels(items, config)
    items = items.with_columns(pl.Series("cluster", labels, dtype=pl.Int64))
    items = items.with_columns(pl.col("count").sum().over("cluster").alias("cluster_size"))
    return items, items.select("supplier_id", "key", "cluster_size")


def _near_duplicate_labels(items: pl.DataFrame, config: ReviewSettings) -> I64:
    """Connected components of confirmed near-duplicate pairs (one label per item)."""
    n = items.height
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    from rapidfuzz import fuzz, process
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    keys = items.get_column("key")
    signatures = minhash_signatures(keys, num_perm=config.num_perm, seed=config.seed)
    bands, rows = lsh_params(config.lsh_threshold, config.num_perm)
    left, right = _bucket_pairs(
        signatures, items.get_column("supplier_code").to_numpy(), bands, rows
    )
    if left.size:
        key_list = keys.to_list()
        scores = process.cpdist(
            [key_list[i] for i in left], [key_list[j] for j in right], scorer=fuzz.ratio, workers=-1
        )
        keep = scores >= config.near_duplicate_ratio
        left, right = left[keep], right[keep]
    graph = coo_array((np.ones(left.size, dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's optimal (bands, rows per band) for a Jaccard threshold."""
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(index.b), int(index.r)


def _fmix32(h: U32) -> U32:
    """MurmurHash3 32-bit finalizer, as datasketch's affine32 scheme applies it."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def shingle_hash(pair: str) -> int:
    """32-bit hash of a 2-character shingle (the reference, one at a time)."""
    a, b = (ord(c) for c in pair)
    return (a * 0x9E3779B1 + b) & 0xFFFFFFFF


def minhash_signatures(keys: pl.Series, *, num_perm: int, seed: int) -> U32:
    """MinHash signatures of the character 2-gram sets of ``keys``, all at once.

    Equal to ``datasketch.MinHash(num_perm, seed, scheme="affine32",
    hashfunc=shingle_hash)`` updated with each text's 2-grams. Texts shorter
    than 2 characters get an all-max signature (they are never compared).
    """
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    lengths = keys.str.len_chars().to_numpy().astype(np.int64)
    codes = np.frombuffer("".join(keys.to_list()).encode("utf-32-le"), dtype=np.uint32)
    ends = np.cumsum(lengths)
    valid = np.ones(codes.size, dtype=bool)
    valid[ends[lengths > 0] - 1] = False  # a shingle may not cross into the next text
    first = np.flatnonzero(valid[:-1]) if codes.size else np.zeros(0, dtype=np.int64)
    hashes = _fmix32(codes[first] * np.uint32(0x9E3779B1) + codes[first + 1])
    owner = np.repeat(np.arange(keys.len()), np.maximum(lengths - 1, 0))
    signatures = np.full((keys.len(), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    if hashes.size == 0:
        return signatures
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    rows = owner[starts]
    # One permutation at a time keeps the work in long 1-D passes (fast reduceat)
    # and the memory at one array of shingles.
    permuted = np.empty_like(hashes)
    for p in range(num_perm):
        np.multiply(hashes, a[p], out=permuted)
        permuted += b[p]
        signatures[rows, p] = np.minimum.reduceat(permuted, starts)
    return signatures


def _bucket_pairs(signatures: U32, supplier: I64, bands: int, rows: int) -> tuple[I64, I64]:
    """(member, bucket head) pairs: items of one supplier sharing a band of their signature."""
    n = signatures.shape[0]
    parts = []
    for band in range(bands):
        cols = signatures[:, band * rows : (band + 1) * rows]
        frame = {f"h{j}": cols[:, j] for j in range(rows)}
        parts.append(
            pl.DataFrame({"item": np.arange(n), "supplier": supplier, "band": band, **frame})
        )
    stacked = pl.concat(parts)
    keys = ["supplier", "band", *(f"h{j}" for j in range(rows))]
    pairs = (
        stacked.with_columns(pl.col("item").min().over(keys).alias("head"))
        .filter(pl.col("item") != pl.col("head"))
        .select("item", "head")
        .unique()
    )
    return (
        pairs.get_column("item").to_numpy().astype(np.int64),
        pairs.get_column("head").to_numpy().astype(np.int64),
    )


# --------------------------------------------------------------------------- scripts


def _script_coverage(considered: pl.DataFrame, config: ReviewSettings) -> pl.DataFrame:
    """Per review, the share of its character n-grams that the shop reuses widely.

    A bought-review script keeps its skeleton ("质量很好，做工精细 … 下次还来")
    and changes a slot (the product, the courier, a colour). Its n-grams then
    recur in many of the shop's reviews, while honest buyers who combine the
    same stock phrases freely rarely repeat a sequence longer than one phrase.
    An n-gram is *common* when at least ``script_min_reviews`` reviews and
    ``script_common_share`` of the shop's considered reviews contain it.
    Grams are hashed so the group-by runs on integers.
    """
    shop_size = considered.group_by("supplier_id").agg(pl.len().alias("n_shop"))
    # Clause level first, weighted by length: a paraphrasing writer swaps a
    # clause for a synonym, but keeps most clauses of the script as they are.
    clauses = (
        considered.select("review", "supplier_id", pl.col("clauses").str.split(" "))
        .explode("clauses")
        .filter(pl.col("clauses").str.len_chars() >= 3)
        .select(
            "review",
            "supplier_id",
            pl.col("clauses").str.len_chars().alias("chars"),
            pl.col("clauses").hash(config.seed).alias("clause"),
        )
    )
    by_clause = (
        clauses.join(_common(clauses, "clause", shop_size, config), on=["supplier_id", "clause"])
        .group_by("review")
        .agg(
            ((pl.col("chars") * pl.col("common")).sum() / pl.col("chars").sum()).alias(
                "clause_coverage"
            )
        )
    )
    # n-grams only where a script can be: a review sharing at least one clause
    # with many others (most honest reviews share none, and n-grams are costly).
    g = config.script_gram
    grams = (
        considered.select("review", "supplier_id", "masked")
        .join(by_clause.filter(pl.col("clause_coverage") > 0), on="review", how="semi")
        .filter(pl.col("masked").str.len_chars() >= g)
        .with_columns(pl.int_ranges(0, pl.col("masked").str.len_chars() - g + 1).alias("at"))
        .explode("at")
        .select(
            "review",
            "supplier_id",
            pl.col("masked").str.slice(pl.col("at"), g).hash(config.seed).alias("gram"),
        )
    )
    by_gram = (
        grams.join(_common(grams, "gram", shop_size, config), on=["supplier_id", "gram"])
        .group_by("review")
        .agg(pl.col("common").mean().alias("gram_coverage"))
    )
    return (
        considered.select("review")
        .join(by_gram, on="review", how="left")
        .join(by_clause, on="review", how="left")
        .select(
            "review",
            pl.max_horizontal(
                pl.col("gram_coverage").fill_null(0.0), pl.col("clause_coverage").fill_null(0.0)
            ).alias("coverage"),
        )
    )


def _common(
    pieces: pl.DataFrame, name: str, shop_size: pl.DataFrame, config: ReviewSettings
) -> pl.DataFrame:
    """Per shop and piece: is it in enough of the shop's reviews to be a script's?"""
    return (
        pieces.unique(["review", name])
        .group_by("supplier_id", name)
        .agg(pl.len().alias("n_with"))
        .join(shop_size, on="supplier_id")
        .select(
            "supplier_id",
            name,
            (
                (pl.col("n_with") >= config.script_min_reviews)
                & (pl.col("n_with") >= pl.col("n_shop") * config.script_common_share)
            ).alias("common"),
        )
    )


def _with_bursts(judged: pl.DataFrame, config: ReviewSettings) -> pl.DataFrame:
    """Mark stock or script-like reviews that came in a burst, and which are suspicious.

    A review is *in a burst* when, within ``burst_days`` around its date, the
    shop has at least ``burst_min`` such reviews and ``burst_factor`` times as
    many as its own average rate would give. Generic praise alone is common on
    honest shops, so it counts as evidence only in a burst or when it makes up
    ``generic_alone_share`` of the shop's written reviews (short ones included).
    """
    # Half a script's coverage: too little alone, evidence when it came in a burst.
    partly_scripted = pl.col("coverage") >= config.script_coverage / 2
    frame = judged.with_columns(
        (pl.col("generic") | partly_scripted).alias("candidate"),
        pl.col("supplier_id").rank("dense").cast(pl.Int64).alias("shop"),
    )
    frame = frame.with_columns(
        # Over every written review: short ones dilute, as they do for a reader.
        (
            pl.col("generic").sum().over("shop")
            / (pl.len().over("shop") + pl.col("shop_short").fill_null(0))
        ).alias("shop_generic"),
        ((pl.col("day").max() - pl.col("day").min()).over("shop") + 1).alias("span"),
        (pl.col("candidate") & pl.col("day").is_not_null()).sum().over("shop").alias("n_cand"),
    )
    dated = frame.filter(pl.col("candidate") & pl.col("day").is_not_null())
    in_burst = np.zeros(frame.height, dtype=bool)
    if dated.height:
        half = config.burst_days // 2
        day = dated.get_column("day").to_numpy().astype(np.int64)
        stride = int(day.max() - day.min()) + 4 * config.burst_days + 1
        key = dated.get_column("shop").to_numpy() * stride + (day - day.min())
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        count = np.empty(key.size, dtype=np.int64)
        count[order] = np.searchsorted(ordered, ordered + half, "right") - np.searchsorted(
            ordered, ordered - half, "left"
        )
        span = dated.get_column("span").to_numpy().astype(np.float64)
        expected = (
            dated.get_column("n_cand").to_numpy()
            * config.burst_days
            / np.maximum(span, config.burst_days)
        )
        burst = (count >= config.burst_min) & (count >= config.burst_factor * expected)
        rows = dated.get_column("review").to_numpy()
        position = np.empty(frame.height, dtype=np.int64)
        position[frame.get_column("review").to_numpy()] = np.arange(frame.height)
        in_burst[position[rows]] = burst
    frame = frame.with_columns(pl.Series("in_burst", in_burst))
    # A script reused in full, or in part and in a burst, is a bought review.
    scripted = (pl.col("coverage") >= config.script_coverage) | (
        pl.col("in_burst") & partly_scripted
    )
    stock_evidence = pl.col("generic") & (
        pl.col("in_burst") | (pl.col("shop_generic") >= config.generic_alone_share)
    )
    return frame.with_columns(
        scripted.alias("scripted"),
        (stock_evidence | scripted | (pl.col("cluster_size") >= 2)).alias("suspicious"),
    )


# --------------------------------------------------------------------------- summary


def _counts(frame: pl.DataFrame) -> pl.DataFrame:
    """Per supplier (first-seen order): written reviews, default praise, short ones."""
    written = pl.col("text").is_not_null()
    return frame.group_by("supplier_id", maintain_order=True).agg(
        written.sum().cast(pl.Int64).alias("n_reviews"),
        (written & pl.col("is_default")).sum().cast(pl.Int64).alias("n_default"),
        (written & ~pl.col("is_default") & pl.col("is_short"))
        .sum()
        .cast(pl.Int64)
        .alias("n_short"),
    )


def _summarise(
    suppliers: pl.DataFrame, judged: pl.DataFrame, items: pl.DataFrame, config: ReviewSettings
) -> pl.DataFrame:
    duplicated = pl.col("cluster_size") >= 2
    shares = judged.group_by("supplier_id").agg(
        pl.len().cast(pl.Int64).alias("n_considered"),
        pl.col("generic").mean().alias("templated_share"),
        duplicated.mean().alias("duplicate_share"),
        pl.col("scripted").mean().alias("scripted_share"),
        (pl.col("in_burst") & pl.col("suspicious")).mean().alias("burst_share"),
        pl.col("suspicious").mean().alias("suspicious_share"),
    )
    out = (
        suppliers.join(shares, on="supplier_id", how="left", maintain_order="left")
        .join(_clusters(items), on="supplier_id", how="left", maintain_order="left")
        .join(_examples(judged), on="supplier_id", how="left", maintain_order="left")
        .with_columns(pl.col("n_considered").fill_null(0))
    )
    status = (
        pl.when(pl.col("n_considered") < config.min_reviews)
        .then(pl.lit(UNKNOWN))
        .when(
            (pl.col("suspicious_share") >= config.flag_share)
            | (pl.col("burst_share") >= config.burst_flag_share)
        )
        .then(pl.lit(FAIL))
        .otherwise(pl.lit(PASS))
    )
    cluster_type = pl.List(pl.Struct({"size": pl.Int64, "example": pl.String}))
    return out.select(
        "supplier_id",
        status.alias("status"),
        pl.struct(
            "n_reviews",
            "n_considered",
            "templated_share",
            "duplicate_share",
            "suspicious_share",
            "n_default",
            "n_short",
            "scripted_share",
            "burst_share",
            pl.col("clusters").fill_null(pl.lit([], dtype=cluster_type)),
            pl.col("templated_examples").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        ).alias("evidence"),
    )


def _clusters(items: pl.DataFrame) -> pl.DataFrame:
    """Per supplier, its largest duplicate clusters as {size, example}."""
    heads = (
        items.filter(pl.col("cluster_size") >= 2)
        .sort("count", descending=True)
        .group_by("cluster", maintain_order=True)
        .agg(
            pl.col("supplier_id").first(),
            pl.col("cluster_size").first().cast(pl.Int64).alias("size"),
            pl.col("example").first(),
        )
        .sort(["size", "example"], descending=[True, False])
    )
    return heads.group_by("supplier_id", maintain_order=True).agg(
        pl.struct("size", "example").head(_MAX_CLUSTERS).alias("clusters")
    )


def _examples(judged: pl.DataFrame) -> pl.DataFrame:
    """Per supplier, its most frequent generic texts (a handful, as written)."""
    return (
        judged.filter(pl.col("generic"))
        .group_by("supplier_id", "key", maintain_order=True)
        .agg(pl.len().alias("n"), pl.col("text").first())
        .sort(["n", "key"], descending=[True, False])
        .group_by("supplier_id", maintain_order=True)
        .agg(pl.col("text").head(_MAX_EXAMPLES).alias("templated_examples"))
    )
