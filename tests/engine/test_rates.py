from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daifa.engine import beta_binomial_shrink, fit_beta_prior, wilson_interval
from daifa.engine.errors import InputError


def test_wilson_matches_newcombe_1998_table():
    """Newcombe, R. G. (1998). Two-sided confidence intervals for the single
    proportion: comparison of seven methods. Statistics in Medicine 17, 857-872,
    Table I, method 3 (Wilson score, no continuity correction), 95 %:
    81/263 -> 0.2553-0.3662; 15/148 -> 0.0624-0.1605; 0/20 -> 0-0.1611;
    1/29 -> 0.0061-0.1718.
    """
    lower, upper = wilson_interval([81, 15, 0, 1], [263, 148, 20, 29])
    np.testing.assert_allclose(lower, [0.2553, 0.0624, 0.0, 0.0061], atol=1e-4)
    np.testing.assert_allclose(upper, [0.3662, 0.1605, 0.1611, 0.1718], atol=1e-4)


def test_zero_of_three_is_not_shown_as_certain():
    # Hand: z = 1.959964, z^2 = 3.841459; upper = (z^2/6) / (1 + z^2/3) * 2 = 0.56150
    lower, upper = wilson_interval(0, 3)
    assert lower[0] == 0.0
    assert upper[0] == pytest.approx(0.5614970, abs=1e-6)


def test_no_observations_means_nothing_is_known():
    lower, upper = wilson_interval([0, 0], [0, 0])
    assert lower.tolist() == [0.0, 0.0] and upper.tolist() == [1.0, 1.0]


def test_a_higher_confidence_gives_a_wider_interval():
    lo90, hi90 = wilson_interval(4, 20, confidence=0.90)
    lo99, hi99 = wilson_interval(4, 20, confidence=0.99)
    assert lo99[0] < lo90[0] and hi99[0] > hi90[0]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(1, 500), st.floats(0.0, 1.0))
def test_wilson_bounds_contain_the_estimate_and_shrink_with_n(n, share):
    s = int(round(share * n))
    lower, upper = wilson_interval(s, n)
    assert 0.0 <= lower[0] <= s / n <= upper[0] <= 1.0
    lower4, upper4 = wilson_interval(4 * s, 4 * n)
    assert upper4[0] - lower4[0] < upper[0] - lower[0]


def test_a_given_prior_gives_the_posterior_mean():
    # (0 + 1) / (3 + 1 + 19) = 1/23 ; (5 + 1) / (100 + 20) = 0.05
    np.testing.assert_allclose(
        beta_binomial_shrink([0, 5], [3, 100], prior=(1.0, 19.0)), [1 / 23, 0.05]
    )


def test_zero_of_three_is_never_zero():
    rates = beta_binomial_shrink([0, 0, 0], [3, 5, 10])
    assert (rates > 0).all() and (rates < 1).all()


def test_the_fitted_prior_follows_the_method_of_moments_by_hand():
    s, n = np.array([1, 2, 0, 3]), np.array([10, 10, 10, 10])
    mu = 6.5 / 41
    spread = (n * (s / n - mu) ** 2).sum()
    # the moment estimator's denominator: N - sum n_i^2 / N - (k - 1) = 40 - 10 - 3 = 27
    tau2 = (spread - 3 * mu * (1 - mu)) / 27
    strength = mu * (1 - mu) / tau2 - 1
    assert strength == pytest.approx(34.07, abs=0.01)  # not the 40 of a denominator of N
    if tau2 <= 0:
        strength = 40.0
    strength = min(max(strength, 1.0), 40.0)
    alpha, beta = fit_beta_prior(s, n)
    assert alpha == pytest.approx(mu * strength) and beta == pytest.approx((1 - mu) * strength)
    shrunk = beta_binomial_shrink(s, n)
    assert shrunk[2] == pytest.approx(0.1226, abs=1e-4)  # 0 of 10: 0.1268 with the old prior


def test_small_samples_are_pulled_to_the_typical_rate_and_large_ones_keep_their_own():
    rng = np.random.default_rng(0)
    true = rng.beta(2, 38, size=300)  # typical return rate ~5 %
    n = np.where(np.arange(300) < 150, 3, 2000)
    s = rng.binomial(n, true)
    rates = beta_binomial_shrink(s, n)
    pooled = s.sum() / n.sum()
    small, large = slice(0, 150), slice(150, 300)
    raw = s / n
    # Shrinkage: small samples move most of the way to the pool, large ones barely move.
    assert np.abs(rates[small] - pooled).mean() < 0.5 * np.abs(raw[small] - pooled).mean()
    assert np.abs(rates[large] - raw[large]).max() < 0.005
    # And the shrunk rates are closer to the truth than the raw ratios.
    assert np.abs(rates[small] - true[small]).mean() < np.abs(raw[small] - true[small]).mean()


def test_alike_units_get_a_strong_prior_and_one_unit_falls_back_to_jeffreys():
    alpha, beta = fit_beta_prior([5, 5, 5, 5], [100, 100, 100, 100])
    assert alpha + beta == pytest.approx(400.0)  # capped at all the data together
    assert fit_beta_prior([2], [10]) == (0.5, 0.5)
    assert fit_beta_prior([2, 0], [10, 0]) == (0.5, 0.5)


@pytest.mark.parametrize(
    ("call", "field", "fragment"),
    [
        (lambda: wilson_interval(4, 3), "successes", "row 0"),
        (lambda: wilson_interval([1, -1], [3, 3]), "successes", "row 1"),
        (lambda: wilson_interval(1, 2.5), "n", "2.5"),
        (lambda: wilson_interval(1, 3, confidence=1.0), "confidence", "(0, 1)"),
        (lambda: wilson_interval([1, 2], [3, 3, 3]), "n", "shapes"),
        (lambda: beta_binomial_shrink([1], [3], prior=(0.0, 1.0)), "prior", "> 0"),
        (lambda: beta_binomial_shrink([1], [3], prior="ab"), "prior", "pair"),
    ],
)
def test_it_rejects_bad_counts_with_a_bilingual_message(call, field, fragment):
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.field == field
    assert fragment in caught.value.message_en
    assert caught.value.message_zh
