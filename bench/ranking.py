"""Benchmark: TOPSIS against a plain NumPy reference and pymcdm, and grouped ranking.

1. ``daifa.engine.topsis`` (validation included) on 1,000,000 x 8 against a
   plain NumPy TOPSIS written the textbook way (target: within 1.5x), and
   against pymcdm's TOPSIS with vector normalisation.
2. ``topsis_grouped`` on 250,000 groups of 3-5 suppliers (target: well under
   1 s), against a Python loop calling ``topsis`` per group on a 5,000-group
   sample, scaled.
3. ``rank_robustness_grouped`` (200 weight samples) on the same groups.

The machine is shared and noisy: every figure is the best (and median) of
several runs. Run: .venv/bin/python bench/ranking.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np
from pymcdm import normalizations
from pymcdm.methods import TOPSIS

from daifa.engine import rank_robustness_grouped, topsis, topsis_grouped


def plain_numpy_topsis(x: np.ndarray, w: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Textbook TOPSIS in plain NumPy, no validation."""
    v = x / np.sqrt((x**2).sum(axis=0)) * w
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    return d_minus / (d_plus + d_minus)


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def report(name: str, best: float, median: float, base: float, base_name: str) -> None:
    print(
        f"{name:44s} best {best * 1000:8.1f} ms  median {median * 1000:8.1f} ms  "
        f"ratio vs {base_name}: {best / base:.2f}x"
    )


def bench_topsis(repeats: int = 7) -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(1.0, 100.0, size=(1_000_000, 8))
    w = rng.uniform(0.1, 1.0, size=8)
    w /= w.sum()
    b = np.array([True, False] * 4)
    np.testing.assert_allclose(topsis(x, w, b), plain_numpy_topsis(x, w, b), rtol=1e-9)
    base, base_med = timed(lambda: plain_numpy_topsis(x, w, b), repeats)
    ours, ours_med = timed(lambda: topsis(x, w, b), repeats)
    method = TOPSIS(normalization_function=normalizations.vector_normalization)
    types = np.where(b, 1, -1)
    theirs, theirs_med = timed(lambda: method(x, w, types), max(2, repeats // 3))
    print("TOPSIS, 1,000,000 alternatives x 8 criteria")
    report("plain NumPy reference (baseline)", base, base_med, base, "NumPy")
    report("daifa.engine.topsis (validating)", ours, ours_med, base, "NumPy")
    report("pymcdm TOPSIS (vector)", theirs, theirs_med, base, "NumPy")
    verdict = "OK" if ours / base <= 1.5 else "MISSED"
    print(
        f"target daifa/NumPy <= 1.5x: {ours / base:.2f}x {verdict}; "
        f"daifa is {theirs / ours:.1f}x faster than pymcdm"
    )


def bench_grouped(repeats: int = 5) -> None:
    rng = np.random.default_rng(1)
    sizes = rng.integers(3, 6, size=250_000)
    groups = np.repeat(np.arange(sizes.size), sizes)
    x = rng.uniform(1.0, 100.0, size=(groups.size, 8))
    w, b = np.full(8, 1 / 8), np.array([True, False] * 4)
    ours, ours_med = timed(lambda: topsis_grouped(x, w, b, groups), repeats)

    sample = 5_000
    rows = np.flatnonzero(groups < sample)
    bounds = np.flatnonzero(np.diff(groups[rows])) + 1

    def loop() -> None:
        for part in np.split(rows, bounds):
            topsis(x[part], w, b)

    loop_best, loop_med = timed(loop, 3)
    scale = sizes.size / sample
    print(f"topsis_grouped, {sizes.size:,} groups of 3-5 ({groups.size:,} rows)")
    report(
        "per-group Python loop (scaled, baseline)",
        loop_best * scale,
        loop_med * scale,
        loop_best * scale,
        "loop",
    )
    report("daifa.engine.topsis_grouped", ours, ours_med, loop_best * scale, "loop")
    print(f"target well under 1 s: {ours:.3f} s {'OK' if ours < 1.0 else 'MISSED'}")
    rob, rob_med = timed(
        lambda: rank_robustness_grouped(x, w, b, groups, n_samples=200), max(2, repeats // 2)
    )
    report("rank_robustness_grouped, 200 samples", rob, rob_med, ours, "one grouped run")


if __name__ == "__main__":
    bench_topsis()
    print()
    bench_grouped()
