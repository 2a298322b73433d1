"""Small random helpers shared by the demo generators.

Every supplier has a latent quality ``q`` (standard normal). Each observed signal
is drawn from a standard normal that correlates with ``q``, so a good supplier
looks good on most things but not on everything, as in real data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import polars as pl


def sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-x))
    return out


def signal(rng: np.random.Generator, q: np.ndarray, corr: float) -> np.ndarray:
    """A standard normal whose correlation with ``q`` is ``corr``."""
    out: np.ndarray = corr * q + np.sqrt(1.0 - corr**2) * rng.standard_normal(q.shape)
    return out


def chance(rng: np.random.Generator, logit: np.ndarray) -> np.ndarray:
    """Booleans, true with probability ``sigmoid(logit)``."""
    out: np.ndarray = rng.random(logit.shape) < sigmoid(logit)
    return out


def known(rng: np.random.Generator, n: int, share: float | np.ndarray) -> np.ndarray:
    """Which of ``n`` values the seller knows (the rest are unknown, not zero)."""
    out: np.ndarray = rng.random(n) < share
    return out


_erf = np.vectorize(math.erf, otypes=[np.float64])


def pick_levels(z: np.ndarray, levels: Sequence[float]) -> np.ndarray:
    """Map a standard normal to one of ``levels``, best last, each about equally likely."""
    # the normal CDF via math.erf: scipy.special would add ~0.3 s to `daifa demo` start-up
    cdf = 0.5 * (1.0 + _erf(z / math.sqrt(2.0)))
    idx = np.minimum((cdf * len(levels)).astype(np.int64), len(levels) - 1)
    out: np.ndarray = np.asarray(levels, dtype=np.float64)[idx]
    return out


def column(
    name: str, values: Iterable[object] | np.ndarray, dtype: pl.DataType, mask: np.ndarray | None
) -> pl.Series:
    """A typed series with the values where ``mask`` is false replaced by null (unknown)."""
    series = pl.Series(name, values, dtype=dtype, strict=False)
    if mask is None:
        return series
    # when/then rather than Series.scatter, which cannot null list columns
    return pl.select(pl.when(pl.Series(mask)).then(series).alias(name)).to_series()
