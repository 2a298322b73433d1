"""Import a generated 100,000-row supplier file into a fresh SQLite workspace.

Prints rows per second end to end (read + parse + store) and, as the baseline
measured in the same run, how long Polars alone takes to read the same file.
Target: >= 5,000 rows/s on a 2-core machine.

    .venv/bin/python bench/import.py [--rows 100000] [--db sqlite|postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HEADERS = [
    "供应商ID",
    "店铺名称",
    "商品ID",
    "商品标题",
    "类目",
    "同款分组",
    "发货地",
    "回头率",
    "响应时间",
    "纠纷率",
    "经营年限",
    "一件代发",
    "跨境专供",
    "认证",
    "单价",
    "阶梯价",
    "起订量",
    "重量",
    "近30天成交",
    "国际物流",
]
CATEGORIES = [
    "3C数码",
    "美妆个护",
    "家居日用",
    "服饰配件",
    "母婴用品",
    "宠物用品",
    "户外运动",
    "箱包",
]


def make_file(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    suppliers = max(1, rows // 4)
    with path.open("w", encoding="gb18030", newline="") as out:
        out.write(",".join(HEADERS) + "\n")
        for i in range(rows):
            s = rng.randrange(suppliers)
            cat = CATEGORIES[s % len(CATEGORIES)]
            price = round(rng.uniform(3, 80), 2)
            out.write(
                ",".join(
                    [
                        f"b2b-{2200000000 + s}",
                        f"义乌市商行{s}号",
                        str(600000000000 + i),
                        f"{cat}热销款{i}",
                        cat,
                        f"{cat}-{i // 4}",
                        rng.choice(["义乌", "深圳", "广州", "东莞"]),
                        f"{rng.randint(5, 60)}%",
                        f"≤{rng.randint(1, 90)}分钟",
                        rng.choice(["0.3%", "1.2%", "", "0.8%"]),
                        rng.choice(["3年以上", "5年", "1年", ""]),
                        rng.choice(["是", "否", ""]),
                        rng.choice(["是", "否"]),
                        rng.choice(["CE;FCC", "CE", "", "MSDS"]),
                        f"¥{price}",
                        f"1-49:{price};50-199:{round(price * 0.95, 2)}"
                        f";200+:{round(price * 0.9, 2)}",
                        str(rng.choice([1, 2, 10, 50])),
                        f"{rng.randint(50, 2000)}克",
                        rng.choice(["1.2万", "350", "80", "2000+"]),
                        rng.choice(["云途;燕文", "4PX", ""]),
                    ]
                )
                + "\n"
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="daifa-bench-import-"))
    os.environ["DAIFA_DATA_DIR"] = str(workdir)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

    path = workdir / "suppliers.csv"
    make_file(path, args.rows)

    import polars as pl

    from daifa.cli import _django

    _django.setup()
    from daifa.accounts.services import local_user, workspace_create
    from daifa.catalog.services import import_tables
    from daifa.sources.spreadsheet import read_tables

    start = time.perf_counter()
    pl.read_csv(path, encoding="gb18030", infer_schema_length=0)
    floor = time.perf_counter() - start

    workspace = workspace_create(owner=local_user(), name="bench")
    start = time.perf_counter()
    tables = read_tables(path)
    read = time.perf_counter() - start
    assert tables.report.ok, tables.report.to_text("en")[:2000]
    result = import_tables(workspace=workspace, tables=tables, filename=path.name)
    total = time.perf_counter() - start
    print(
        f"rows: {args.rows:,}  suppliers: {result.suppliers_created:,}"
        f"  offers: {result.offers_created:,}"
    )
    print(f"polars read_csv alone (baseline): {floor:.2f} s")
    print(f"read + parse: {read:.2f} s ({read / floor:.1f}x the baseline)")
    print(f"end to end:   {total:.2f} s ({total / floor:.1f}x the baseline)")
    print(f"rows per second: {args.rows / total:,.0f} (target >= 5,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
