"""Rates from small samples: Wilson intervals and empirical-Bayes shrinkage.

A seller's own KPIs (return rate, late-shipment rate, defect rate) come from a
handful of orders per supplier. "0 returns out of 3 orders" does not mean a 0 %
return rate, so the engine never shows a raw ratio for a small sample:

* :func:`wilson_interval` gives the Wilson score interval (Wilson, 1927), which
  stays inside [0, 1] and is honest at 0 and n successes.
* :func:`beta_binomial_shrink` gives the posterior mean under a beta prior
  fitted across all suppliers by the method of moments, so a supplier with few
  orders is pulled towards the typical rate and one with many keeps its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from daifa.engine.errors import InputError

FloatArray = npt.NDArray[np.float64]

# When the fitted prior cannot be estimated (fewer than two units with data),
# fall back to Jeffreys' prior Beta(1/2, 1/2): weak, symmetric and never 0.
JEFFREYS: tuple[float, float] = (0.5, 0.5)


def _counts(successes: Any, n: Any) -> tuple[FloatArray, FloatArray]:
    s = np.atleast_1d(np.asarray(successes, dtype=np.float64))
    t = np.atleast_1d(np.asarray(n, dtype=np.float64))
    try:
        s, t = np.broadcast_arrays(s, t)
    except ValueError as exc:
        raise InputError(
            f"successes and n have incompatible shapes {s.shape} and {t.shape}",
            f"successes(成功数)与 n(样本数)形状不一致:{s.shape} 与 {t.shape}",
            field="n",
            value=(s.shape, t.shape),
        ) from exc
    _check_counts(s, t)
    return np.asarray(s, dtype=np.float64), np.asarray(t, dtype=np.float64)


def _check_counts(s: FloatArray, t: FloatArray) -> None:
    checks = (
        ("n", t, ~np.isfinite(t) | (t < 0) | (t != np.round(t)), "a whole number >= 0"),
        ("successes", s, ~np.isfinite(s) | (s < 0) | (s != np.round(s)), "a whole number >= 0"),
        ("successes", s, s > t, "<= n"),
    )
    for field, values, bad, allowed in checks:
        if bad.any():
            row = int(np.flatnonzero(bad.ravel())[0])
            value = float(values.ravel()[row])
            raise InputError(
                f"row {row}, {field}: value {value:g} is not allowed; it must be {allowed}",
                f"第 {row} 行 {field}:值 {value:g} 不允许;必须为{_ZH_ALLOWED[allowed]}",
                field=field,
                value=value,
                row=row,
                allowed=allowed,
            )


_ZH_ALLOWED = {"a whole number >= 0": " >= 0 的整数", "<= n": "不大于 n 的数"}


def wilson_interval(
    successes: Any, n: Any, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval for a binomial proportion, element-wise.

    Parameters
    ----------
    successes, n : array_like of int
        Counts; broadcast against each other. ``0 <= successes <= n``.
    confidence : float
        Two-sided confidence level in (0, 1).

    Returns
    -------
    lower, upper : numpy.ndarray
        Bounds in [0, 1]. With ``n == 0`` nothing is known: (0, 1).

    Examples
    --------
    >>> lo, hi = wilson_interval(0, 3)
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.0, 0.5615)
    """
    if not (np.isfinite(confidence) and 0.0 < confidence < 1.0):
        raise InputError(
            f"confidence: {confidence!r} is not allowed; use a number in (0, 1)",
            f"confidence(置信水平):{confidence!r} 不允许;请使用 (0, 1) 之间的数",
            field="confidence",
            value=confidence,
            allowed="(0, 1)",
        )
    s, t = _counts(successes, n)
    from scipy import stats  # here: ~0.7 s of import that most screenings never need

    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    safe_n = np.where(t == 0, 1.0, t)
    p = s / safe_n
    denom = 1.0 + z * z / safe_n
    centre = (p + z * z / (2.0 * safe_n)) / denom
    half = z * np.sqrt(p * (1.0 - p) / safe_n + z * z / (4.0 * safe_n * safe_n)) / denom
    lower = np.where(t == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    upper = np.where(t == 0, 1.0, np.clip(centre + half, 0.0, 1.0))
    # At the edges the formula gives the bound exactly; rounding must not hide it.
    lower = np.where(s == 0, 0.0, lower)
    upper = np.where((s == t) & (t > 0), 1.0, upper)
    return np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)


def clopper_pearson_interval(
    successes: Any, n: Any, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Exact (Clopper–Pearson) interval for a binomial proportion, element-wise.

    Conservative at every sample size (coverage ≥ ``confidence``), which is what a
    KPI of a few orders needs: "0 of 3" is 0–70.8 %, never a point and never the
    narrower Wilson 0–56.2 %. With ``n == 0`` nothing is known: (0, 1).

    >>> lo, hi = clopper_pearson_interval(0, 3)
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.0, 0.7076)
    """
    wilson_interval(0, 1, confidence=confidence)  # the same check of ``confidence``
    s, t = _counts(successes, n)
    from scipy import stats  # here: ~0.7 s of import that most screenings never need

    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = stats.beta.ppf(alpha / 2.0, np.maximum(s, 1e-12), t - s + 1.0)
        upper = stats.beta.ppf(1.0 - alpha / 2.0, s + 1.0, np.maximum(t - s, 1e-12))
    lower = np.where((s == 0) | (t == 0), 0.0, lower)
    upper = np.where((s == t) | (t == 0), 1.0, upper)
    return np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)


def fit_beta_prior(successes: Any, n: Any) -> tuple[float, float]:
    """Method-of-moments Beta(alpha, beta) prior across units (suppliers).

    The pooled rate ``mu`` is smoothed as ``(sum s + 1/2) / (sum n + 1)`` so it is
    never exactly 0 or 1. The between-unit variance of the true rates is

        tau2 = (sum n_i (p_i - mu)**2 - (k - 1) mu (1 - mu)) / (N - sum n_i**2 / N - (k - 1))

    with N = sum n_i: the moment estimator's denominator (not N, which made the prior
    too strong: 40 instead of 34 for four suppliers of ten orders each)
    (the n-weighted spread minus what binomial noise alone explains), and the
    prior strength is ``alpha + beta = mu (1 - mu) / tau2 - 1``, kept within
    [1, sum n]: when the units look alike (tau2 <= 0) the prior is as strong as
    all the data together, never infinitely so. Fewer than two units with
    ``n > 0`` cannot show a spread; then Jeffreys' prior (1/2, 1/2) is used.

    Examples
    --------
    >>> a, b = fit_beta_prior([1, 2, 0, 3], [10, 10, 10, 10])
    >>> round(a / (a + b), 3)
    0.159
    """
    s, t = _counts(successes, n)
    has_data = t > 0
    k = int(has_data.sum())
    if k < 2:
        return JEFFREYS
    s, t = s[has_data], t[has_data]
    total = float(t.sum())
    mu = (float(s.sum()) + 0.5) / (total + 1.0)
    spread = float((t * (s / t - mu) ** 2).sum())
    denominator = total - float((t * t).sum()) / total - (k - 1)
    tau2 = (spread - (k - 1) * mu * (1.0 - mu)) / denominator if denominator > 0 else 0.0
    strength = total if tau2 <= 0 else mu * (1.0 - mu) / tau2 - 1.0
    strength = float(np.clip(strength, 1.0, max(total, 1.0)))
    return mu * strength, (1.0 - mu) * strength


def beta_binomial_shrink(
    successes: Any, n: Any, *, prior: tuple[float, float] | None = None
) -> FloatArray:
    """Empirical-Bayes posterior mean rate ``(s + alpha) / (n + alpha + beta)``.

    Parameters
    ----------
    successes, n : array_like of int
        One entry per unit (e.g. returns and orders per supplier).
    prior : (alpha, beta), optional
        Both > 0. Default: fitted across the given units by
        :func:`fit_beta_prior`.

    Returns
    -------
    numpy.ndarray
        Rates strictly inside (0, 1): "0 of 3" is never shown as 0 %.

    Examples
    --------
    >>> beta_binomial_shrink([0, 5], [3, 100], prior=(1.0, 19.0)).round(4).tolist()
    [0.0435, 0.05]
    """
    s, t = _counts(successes, n)
    alpha, beta = fit_beta_prior(s, t) if prior is None else _check_prior(prior)
    return np.asarray((s + alpha) / (t + alpha + beta), dtype=np.float64)


def _check_prior(prior: Any) -> tuple[float, float]:
    try:
        alpha, beta = (float(v) for v in prior)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"prior: {prior!r} is not a pair (alpha, beta)",
            f"prior(先验):{prior!r} 不是 (alpha, beta) 数对",
            field="prior",
            value=prior,
        ) from exc
    if not (np.isfinite(alpha) and np.isfinite(beta) and alpha > 0 and beta > 0):
        raise InputError(
            f"prior: ({alpha}, {beta}) is not allowed; alpha and beta must be > 0",
            f"prior(先验):({alpha}, {beta}) 不允许;alpha 和 beta 必须大于 0",
            field="prior",
            value=(alpha, beta),
            allowed="> 0",
        )
    return alpha, beta
