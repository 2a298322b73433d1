"""How fast read_tables parses a large messy supplier CSV, against plain polars.read_csv.

    .venv/bin/python bench/parse.py [--rows 100000] [--repeats 5]

Generates a CSV with the Chinese header of every canonical column and values
written the way sellers write them (41%, ≤15分钟, 1.2万, ￥12.50, 是/否, CE；FCC,
price tiers, 2024/5/1 ...), then times read_tables (detect encoding, find the
header, parse and validate every cell) and the baseline polars.read_csv of the
same file (every cell as text, no parsing). Prints best and median of the
repeats, rows per second and the ratio read_tables / read_csv.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from daifa.engine.schema import COLUMNS
from daifa.sources.spreadsheet import read_tables

TARGET_SECONDS = 3.0  # the brief: 100,000 rows parsed in <= 3 s


def _pick(rng: np.random.Generator, options: list[str], rows: int) -> list[str]:
    return [options[i] for i in rng.integers(0, len(options), rows)]


def _values(name: str, type_: str, rng: np.random.Generator, rows: int) -> list[str]:
    """Messy cells; numbers are drawn wide so most columns have thousands of distinct
    cells (read_tables parses each distinct cell once, so repetition would flatter it)."""
    wide = rng.integers(1, 100_000, rows)
    if name == "supplier_id":
        return [f"b2b-{i:08d}" for i in rng.integers(0, rows // 3 + 1, rows)]
    if name == "offer_id":
        ids = rng.integers(10**9, 10**10, rows)
        return [f"https://detail.1688.com/offer/{i}.html" for i in ids]
    if name == "retail_currency":
        return _pick(rng, ["USD", "usd", "$", "美元", "EUR", ""], rows)
    if type_ == "bool":
        return _pick(rng, ["是", "否", "有", "无", "✓", "✗", "Y", "N", "TRUE", "0", ""], rows)
    if type_ == "list":
        return _pick(rng, ["CE；FCC", "CE、ROHS", "FCC/CE", "云途;燕文", "4PX", "无", ""], rows)
    if type_ == "tiers":
        return [f"1-49:{n / 100};50-199:{n / 120:.2f};200+:{n / 150:.1f}" for n in wide]
    if type_ == "datetime":
        return [f"2024/{n % 12 + 1}/{n % 28 + 1} {n % 24}:{n % 60:02d}" for n in wide]
    if name.endswith("_pct"):
        return [f"{n / 1000:.1f}%" if n % 3 else f"{n / 1000:.1f}" for n in wide]
    if name.endswith(("_minutes", "_hours", "_days")):
        return [f"≤{n % 5000}分钟" if n % 2 else f"{n / 1000}小时" for n in wide]
    if name.endswith("_cny"):
        return [f"￥{n / 100:.2f}" if n % 2 else f"{n / 100}元" for n in wide]
    if type_ == "integer":
        return [f"{n / 10}万" if n % 2 else f"{n * 37:,}" for n in wide]
    if name == "answer_precision":
        return [f"{n % 401 / 100 + 1}分" for n in wide]
    if type_ == "number":
        return [f"{n / 100}" for n in wide]
    return [f"{name}-{n}" for n in wide]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    data = {c.label_zh: _values(c.name, c.type, rng, rows) for c in COLUMNS}
    pl.DataFrame(data).write_csv(path, include_bom=True)


def _time(action: Callable[[], object], repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each repeat (CPU time shows how busy the box was)."""
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "suppliers.csv"
        generate(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        tables = read_tables(path)
        assert tables.suppliers.height == args.rows, tables.report.to_text("en")[:2000]
        assert tables.report.ok, tables.report.to_text("en")[:2000]
        ours, ours_cpu = _time(lambda: read_tables(path), args.repeats)
        base, base_cpu = _time(lambda: pl.read_csv(path, infer_schema=False), args.repeats)
    print(f"file: {args.rows:,} rows x {len(COLUMNS)} columns, {size_mb:.1f} MB (UTF-8 BOM)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for label, walls, cpus in (
        ("read_tables", ours, ours_cpu),
        ("polars.read_csv (baseline)", base, base_cpu),
    ):
        best, median = min(walls), statistics.median(walls)
        print(
            f"{label:28s} best {best:6.3f} s  median {median:6.3f} s  "
            f"cpu {min(cpus):6.3f} s  {args.rows / best:10,.0f} rows/s (best)"
        )
    ratio = min(ours) / min(base)
    print(
        f"ratio read_tables / read_csv: {ratio:.1f}x (best), "
        f"{statistics.median(ours) / statistics.median(base):.1f}x (median)"
    )
    verdict = "OK" if min(ours) <= TARGET_SECONDS * args.rows / 100_000 else "SLOW"
    print(f"target <= {TARGET_SECONDS:.0f} s per 100,000 rows: {verdict}")


if __name__ == "__main__":
    main()
