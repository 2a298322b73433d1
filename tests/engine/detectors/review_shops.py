"""Seeded generator of realistic 1688 review pages, honest and bought.

It builds the phenomena the template-review detector meets on real shops, so
that its recall and false-positive rate can be measured per scenario rather
than on one tidy data set:

honest shops
  * ``honest_specific``: buyers who say something concrete (a size, a flaw, a
    use), sometimes with a stock phrase around it;
  * ``honest_short``: most reviews are one short word or phrase ("好",
    "不错", "回购了", "发货快", "和描述一致"), as on most wholesale shops;
  * ``honest_mixed``: short words, stock combinations written freely
    ("质量很好，发货也快") and some concrete reviews;
bought shops (a share of the reviews bought, the rest honest)
  * ``stock_templates``: the seed guide's stock phrases glued together
    ("物流快，质量好！五星好评");
  * ``slot_script``: one script with slots filled per review ("这款{产品}质量很好，
    做工精细，{物流}，下次还来");
  * ``paraphrase``: one script rewritten with synonyms clause by clause;
  * ``noisy_script``: a script with emoji and punctuation noise;
  * ``spec_script``: a script with the colour or size the buyer "chose".

Every review has a date and a rating, as 1688's export has. Bought reviews
come in bursts over a few days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import polars as pl

HONEST_SCENARIOS = ("honest_specific", "honest_short", "honest_mixed")
BOUGHT_SCENARIOS = ("stock_templates", "slot_script", "paraphrase", "noisy_script", "spec_script")

PRODUCTS = (
    "手机壳",
    "数据线",
    "蓝牙耳机",
    "充电宝",
    "收纳盒",
    "保温杯",
    "双肩包",
    "拉杆箱",
    "发夹",
    "袜子",
    "台灯",
    "小风扇",
    "毛巾",
    "帆布袋",
    "钥匙扣",
)
COLOURS = ("黑色", "白色", "粉色", "蓝色", "灰色", "米白", "墨绿", "卡其色", "透明")
SIZES = ("S", "M", "L", "XL", "XXL", "大号", "小号", "均码", "20寸", "24寸", "1.5米")

SHORT = (
    "好",
    "好的",
    "不错",
    "很好",
    "可以",
    "还行",
    "满意",
    "好评",
    "回购了",
    "发货快",
    "和描述一致",
    "质量好",
    "挺好的",
    "没问题",
    "老客户了",
    "第二次买了",
    "一如既往",
    "👍",
    "👍👍",
    "ok",
    "还可以",
    "物流快",
    "便宜",
)
STOCK_CLAUSES = (
    "质量很好",
    "发货也快",
    "物流很快",
    "包装完好",
    "性价比高",
    "和图片一样",
    "老板人很好",
    "客服态度好",
    "下次还来",
    "值得购买",
    "很满意",
    "做工不错",
    "好评",
    "回购",
)
SPECIFIC = (
    "颜色比图片深一点",
    "尺寸刚刚好",
    "包装有点简陋但东西没坏",
    "充电挺快，用了三天还行",
    "拉链很顺滑",
    "线有点短，凑合用",
    "味道有点大，晾两天就好了",
    "有一个边角有点毛刺",
    "比超市便宜一半",
    "给店里补的货，卖得不错",
    "小孩很喜欢",
    "装了二十个还有空位",
    "客服回复慢，等了一下午",
    "少发了一个，联系后补发了",
    "跟上次的批次颜色有点差别",
    "按键有点松",
    "厚度一般，这个价格可以接受",
    "快递压扁了盒子，里面没事",
    "放车里用了一周没问题",
    "印的logo很清楚",
    "装箱数量对得上",
    "开机有点慢",
    "夏天用刚好",
    "第三次进货了，品质稳定",
    "比另一家的厚实",
    "螺丝孔对不上，自己扩了一下",
    "电池续航大概四个小时",
    "挂钩有点软",
    "颜色正，没有色差",
    "侧边走线歪了一点",
)
PUNCT = ("，", "。", "！", "～", " ", ",", "!!", "")
EMOJI = ("👍", "😊", "❤️", "🌹", "💯", "~~", "！！！", "。。。", "hhh")

SCRIPTS = (
    "这款{p}质量很好，做工精细，{l}，下次还来",
    "{p}收到了，和描述的一模一样，{l}，卖家服务很贴心，五星好评",
    "非常满意的一次购物，{p}手感很好，{l}，推荐大家购买",
    "{p}质量杠杠的，用料扎实，{l}，已经推荐给朋友了",
)
LOGISTICS = ("物流很快", "快递给力", "发货神速", "到货及时", "两天就到了")
# Clause-by-clause synonyms a paraphrasing writer uses.
PARAPHRASES = {
    "质量很好": ("质量非常好", "品质很好", "质量真的好", "质量没得说"),
    "做工精细": ("做工很细致", "做工精致", "做工很精细", "细节处理得好"),
    "下次还来": ("下次还会来", "还会再来", "会回购的", "以后还来买"),
    "和描述的一模一样": ("和描述完全一致", "跟图片一样", "与描述相符"),
    "卖家服务很贴心": ("卖家服务很周到", "店家很贴心", "客服很耐心"),
    "五星好评": ("必须五星", "给五星", "五分好评"),
    "非常满意的一次购物": ("很满意的一次购物", "购物体验非常好", "非常愉快的购物"),
    "手感很好": ("手感不错", "摸起来很舒服", "手感一流"),
    "推荐大家购买": ("推荐购买", "值得入手", "强烈推荐"),
}


def _pick(rng: np.random.Generator, items: Sequence[str]) -> str:
    return items[int(rng.integers(len(items)))]


def _join(rng: np.random.Generator, parts: Sequence[str]) -> str:
    return "".join(p + _pick(rng, PUNCT[:4]) for p in parts).rstrip("，。 ,")


def honest_review(rng: np.random.Generator, scenario: str) -> str:
    """One review as an honest buyer writes it in the given scenario."""
    short_share, stock_share = {
        "honest_specific": (0.15, 0.15),
        "honest_short": (0.75, 0.10),
        "honest_mixed": (0.45, 0.30),
    }[scenario]
    u = rng.random()
    if u < short_share:
        return _pick(rng, SHORT)
    if u < short_share + stock_share:
        k = int(rng.integers(2, 4))
        picks = rng.choice(len(STOCK_CLAUSES), k, replace=False)
        return _join(rng, [STOCK_CLAUSES[i] for i in picks])
    parts = [_pick(rng, SPECIFIC)]
    if rng.random() < 0.5:
        parts.insert(int(rng.integers(2)), _pick(rng, STOCK_CLAUSES))
    if rng.random() < 0.3:
        parts.append(_pick(rng, SPECIFIC))
    return _join(rng, parts)


def bought_review(rng: np.random.Generator, scenario: str, script: str) -> str:
    """One bought review of the given kind, from the shop's own script."""
    product, logistics = _pick(rng, PRODUCTS), _pick(rng, LOGISTICS)
    if scenario == "stock_templates":
        parts = (
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
        )
        k = int(rng.integers(2, 5))
        return _join(rng, [parts[i] for i in rng.choice(len(parts), k, replace=False)])
    text = script.format(p=product, l=logistics)
    if scenario == "paraphrase":
        for phrase, options in PARAPHRASES.items():
            if phrase in text and rng.random() < 0.6:
                text = text.replace(phrase, _pick(rng, options))
    elif scenario == "noisy_script":
        clauses = text.split("，")
        text = "".join(c + _pick(rng, EMOJI + PUNCT) for c in clauses)
    elif scenario == "spec_script":
        spec = (
            f"颜色：{_pick(rng, COLOURS)}" if rng.random() < 0.5 else f"尺码：{_pick(rng, SIZES)}"
        )
        text = f"{spec} {text}" if rng.random() < 0.5 else f"{text}，{spec}"
    return text


def shop(
    rng: np.random.Generator,
    supplier_id: str,
    scenario: str,
    *,
    n_reviews: int,
    bought_share: float = 0.0,
    end: date = date(2026, 11, 30),
) -> pl.DataFrame:
    """The reviews of one shop: ``supplier_id``, ``text``, ``created_at``, ``rating``."""
    script = _pick(rng, SCRIPTS)
    honest_kind = _pick(rng, HONEST_SCENARIOS)
    texts, dates, ratings = [], [], []
    burst_start = end - timedelta(days=int(rng.integers(10, 60)))
    for _ in range(n_reviews):
        if scenario in BOUGHT_SCENARIOS and rng.random() < bought_share:
            texts.append(bought_review(rng, scenario, script))
            dates.append(burst_start + timedelta(days=int(rng.integers(0, 6))))
            ratings.append(5)
        else:
            kind = scenario if scenario in HONEST_SCENARIOS else honest_kind
            texts.append(honest_review(rng, kind))
            dates.append(end - timedelta(days=int(rng.integers(0, 365))))
            ratings.append(int(rng.choice([5, 5, 5, 4, 4, 3, 2, 1])))
    return pl.DataFrame(
        {"supplier_id": supplier_id, "text": texts, "created_at": dates, "rating": ratings},
        schema={
            "supplier_id": pl.String,
            "text": pl.String,
            "created_at": pl.Date,
            "rating": pl.Float64,
        },
    ).with_columns(pl.col("created_at").cast(pl.Datetime("us")))


def shops(
    scenario: str,
    *,
    n_shops: int = 60,
    seed: int = 0,
    bought_share: tuple[float, float] = (0.5, 0.9),
) -> pl.DataFrame:
    """``n_shops`` shops of one scenario, 15-120 reviews each (seeded)."""
    rng = np.random.default_rng([seed, (HONEST_SCENARIOS + BOUGHT_SCENARIOS).index(scenario)])
    frames = []
    for i in range(n_shops):
        n = int(rng.integers(15, 121))
        share = float(rng.uniform(*bought_share))
        frames.append(shop(rng, f"{scenario}-{i:03d}", scenario, n_reviews=n, bought_share=share))
    return pl.concat(frames)
