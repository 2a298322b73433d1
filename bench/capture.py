"""How fast quick capture reads a pasted 1688 page, against reading the same facts from a file.

    .venv/bin/python bench/capture.py [--repeats 30]

Times parse_pasted on every sample paste in tests/sources/capture/data, on a
realistic full offer page (the sample buried in ~40 KB of navigation, specs and
reviews, as "select all, copy" gives) and on the largest paste accepted
(MAX_CHARS of shop-profile lines). The baseline, measured in the same run, is
read_tables on a one-row CSV holding the same facts as the offer sample: the
other way a seller enters them. Prints best and median (ms) and the ratio of
medians paste / CSV.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from daifa.sources.capture import MAX_CHARS, parse_pasted
from daifa.sources.spreadsheet import read_tables

DATA = Path(__file__).resolve().parents[1] / "tests" / "sources" / "capture" / "data"
CSV = (
    "供应商ID,供应商,诚信通年限,回头率,商品ID,商品标题,阶梯价,代发价,起批量,发货地\n"
    "jiamei,义乌市佳美饰品有限公司,8年,41%,712345678901,韩版ins风珍珠发夹,"
    '"1-49:12.5;50-199:11.8;200+:10.9",¥13.80,≥2件,浙江金华\n'
)
JUNK = [
    "首页",
    "全部商品",
    "联系方式",
    "找货源",
    "采购车",
    "颜色分类",
    "白色珍珠",
    "黑色",
    "材质 合金",
    "风格 韩版",
    "买家评价",
    "质量很好，和图片一样，发货也快，会回购的",
    "物流快",
    "包装完好",
    "规格 均码",
    "品牌 其他",
    "货号 JM-2024-118",
    "库存 35620件",
]


def _timed(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    fn()  # warm up (regex compilation, Polars thread pool)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def _full_page() -> str:
    sample = (DATA / "offer_interleaved.txt").read_text(encoding="utf-8")
    filler = "\n".join(JUNK[i % len(JUNK)] for i in range(2400))
    return filler[: len(filler) // 2] + "\n" + sample + "\n" + filler[len(filler) // 2 :]


def _largest() -> str:
    block = (DATA / "shop_profile_lines.txt").read_text(encoding="utf-8")
    return (block * (MAX_CHARS // len(block) + 1))[:MAX_CHARS]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    pastes = {p.name: p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))}
    pastes["full offer page (~40 KB)"] = _full_page()
    pastes[f"largest paste ({MAX_CHARS // 1000} K chars)"] = _largest()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.csv"
        path.write_text(CSV, encoding="utf-8")
        base_best, base_median = _timed(lambda: read_tables(path), args.repeats)
    print(
        f"baseline read_tables, one-row CSV: best {base_best:.2f} ms, median {base_median:.2f} ms"
    )
    for name, text in pastes.items():
        repeats = args.repeats if len(text) < 50_000 else max(3, args.repeats // 10)
        best, median = _timed(lambda text=text: parse_pasted(text), repeats)
        print(
            f"{name:32} {len(text):>7} chars  best {best:8.2f} ms  median {median:8.2f} ms  "
            f"paste/CSV {median / base_median:5.2f}x"
        )


if __name__ == "__main__":
    main()
