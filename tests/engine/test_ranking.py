from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm import normalizations
from pymcdm.methods import TOPSIS

from daifa.engine import rank_robustness_grouped, topsis, topsis_grouped
from daifa.engine.errors import InputError


def random_problem(seed: int, n: int = 12, m: int = 4):
    rng = np.random.default_rng(seed)
    matrix = rng.uniform(1.0, 100.0, size=(n, m))
    weights = rng.uniform(0.1, 1.0, size=m)
    benefit = rng.random(m) < 0.5
    return matrix, weights, benefit


# ----------------------------------------------------------------------- topsis


def test_it_reproduces_the_published_tzeng_huang_example():
    """Tzeng, G.-H. & Huang, J.-J. (2011), *Multiple Attribute Decision Making:
    Methods and Applications*, CRC Press, TOPSIS example: four alternatives,
    three benefit criteria, weights (0.3, 0.4, 0.3), vector normalisation.
    Published closeness: 0.5037, 0.6581, 0.7482, 0.3340 (ranks 3, 2, 1, 4).
    The same example pins scikit-criteria's TOPSIS (tests/agg/test_topsis.py).
    """
    matrix = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    closeness = topsis(matrix, [0.3, 0.4, 0.3], [True, True, True])
    np.testing.assert_allclose(closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)
    _, rank = topsis_grouped(matrix, [0.3, 0.4, 0.3], [True, True, True], [0, 0, 0, 0])
    assert rank.tolist() == [3, 2, 1, 4]


def test_it_matches_a_hand_computed_minmax_case():
    # minmax -> [[0, 1], [.5, 0], [1, .5]]; weighted by .5; ideal (.5, .5), anti (0, 0).
    # row 1: d+ = sqrt(.25**2 + .5**2) = sqrt(5)/4, d- = .25 -> 1 / (1 + sqrt 5)
    closeness = topsis([[0, 10], [5, 0], [10, 5]], [1, 1], [True, True], normalization="minmax")
    root5 = np.sqrt(5.0)
    np.testing.assert_allclose(closeness, [0.5, 1 / (1 + root5), root5 / (1 + root5)])


def test_a_cost_criterion_prefers_the_lower_value():
    # vector: col0 -> (.6, .8), col1 -> (.8, .6); row 1 is better on both.
    closeness = topsis([[3, 4], [4, 3]], [0.5, 0.5], [True, False])
    np.testing.assert_allclose(closeness, [0.0, 1.0])


def test_weights_are_scale_free():
    matrix, weights, benefit = random_problem(1)
    np.testing.assert_allclose(
        topsis(matrix, weights, benefit), topsis(matrix, weights * 17.0, benefit)
    )


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("vector", normalizations.vector_normalization),
        ("minmax", normalizations.minmax_normalization),
        ("sum", normalizations.sum_normalization),
    ],
)
def test_it_agrees_with_pymcdm_on_random_data(ours, theirs):
    for seed in range(5):
        matrix, weights, benefit = random_problem(seed, n=30, m=6)
        expected = TOPSIS(normalization_function=theirs)(
            matrix, weights / weights.sum(), np.where(benefit, 1, -1)
        )
        if ours == "sum":
            # pymcdm's sum normalisation turns a cost x into (1/x)/sum(1/x), a
            # different transform; compare on benefit criteria only.
            benefit = np.ones_like(benefit)
            expected = TOPSIS(normalization_function=theirs)(
                matrix, weights / weights.sum(), np.ones(6, dtype=int)
            )
        np.testing.assert_allclose(topsis(matrix, weights, benefit, ours), expected, atol=1e-12)


def test_identical_alternatives_sit_half_way():
    assert topsis([[2.0, 3.0], [2.0, 3.0]], [1, 1], [True, False]).tolist() == [0.5, 0.5]


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(0, 10_000), st.sampled_from(["vector", "minmax", "sum"]))
def test_row_order_does_not_change_closeness(seed, normalization):
    matrix, weights, benefit = random_problem(seed)
    perm = np.random.default_rng(seed + 1).permutation(matrix.shape[0])
    base = topsis(matrix, weights, benefit, normalization)
    shuffled = topsis(matrix[perm], weights, benefit, normalization)
    np.testing.assert_allclose(shuffled, base[perm], rtol=1e-12, atol=1e-14)


# ----------------------------------------------------------------------- grouped


def per_group_reference(matrix, weights, benefit, groups, normalization="vector"):
    """The plain loop the vectorised path must equal."""
    closeness = np.empty(matrix.shape[0])
    rank = np.empty(matrix.shape[0], dtype=int)
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        c = topsis(matrix[rows], weights, benefit, normalization)
        closeness[rows] = c
        rank[rows] = [1 + int((c > v).sum()) for v in c]
    return closeness, rank


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    st.integers(0, 10_000),
    st.integers(1, 40),
    st.sampled_from(["vector", "minmax", "sum"]),
)
def test_grouped_equals_topsis_run_on_each_group(seed, n, normalization):
    rng = np.random.default_rng(seed)
    matrix, weights, benefit = random_problem(seed, n=n, m=3)
    groups = rng.integers(-3, 5, size=n)
    closeness, rank = topsis_grouped(matrix, weights, benefit, groups, normalization=normalization)
    ref_closeness, ref_rank = per_group_reference(matrix, weights, benefit, groups, normalization)
    np.testing.assert_allclose(closeness, ref_closeness, rtol=1e-10, atol=1e-12)
    assert rank.tolist() == ref_rank.tolist()


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.integers(0, 10_000))
def test_grouped_row_order_does_not_change_results(seed):
    rng = np.random.default_rng(seed)
    matrix, weights, benefit = random_problem(seed, n=25, m=4)
    groups = rng.integers(0, 6, size=25)
    perm = rng.permutation(25)
    c1, r1 = topsis_grouped(matrix, weights, benefit, groups)
    c2, r2 = topsis_grouped(matrix[perm], weights, benefit, groups[perm])
    np.testing.assert_allclose(c2, c1[perm], rtol=1e-12, atol=1e-14)
    assert r2.tolist() == r1[perm].tolist()


def test_ties_share_the_better_rank_and_a_lone_row_is_first():
    matrix = [[1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [5.0, 5.0]]
    closeness, rank = topsis_grouped(matrix, [1, 1], [True, True], [0, 0, 0, 9])
    assert rank.tolist() == [1, 1, 3, 1]
    assert closeness[3] == 0.5


def test_grouped_handles_many_small_groups():
    rng = np.random.default_rng(3)
    sizes = rng.integers(3, 6, size=20_000)
    groups = np.repeat(np.arange(sizes.size), sizes)
    matrix = rng.uniform(1, 10, size=(groups.size, 5))
    closeness, rank = topsis_grouped(matrix, np.ones(5), np.ones(5, dtype=bool), groups)
    assert (np.bincount(groups, weights=(rank == 1)) >= 1).all()
    sample = np.flatnonzero(groups == 1234)
    np.testing.assert_allclose(
        closeness[sample], topsis(matrix[sample], np.ones(5), np.ones(5, dtype=bool))
    )


# ----------------------------------------------------------------------- robustness


def test_a_dominant_supplier_is_first_under_every_perturbation():
    matrix = [[9.0, 9.0, 1.0], [5.0, 5.0, 5.0], [1.0, 2.0, 9.0]]
    share = rank_robustness_grouped(matrix, [1, 1, 1], [True, True, False], [0, 0, 0])
    assert share.tolist() == [1.0, 0.0, 0.0]


def test_a_close_race_is_shared_and_shares_sum_to_one_per_group():
    # Row 0 wins on criterion 0, row 1 on criterion 1: the weights decide.
    matrix = np.array([[10.0, 5.0], [5.0, 10.0], [1.0, 1.0], [3.0, 4.0], [4.0, 3.0]])
    groups = np.array([0, 0, 0, 1, 1])
    share = rank_robustness_grouped(matrix, [1, 1.05], [True, True], groups, n_samples=400)
    assert 0.1 < share[0] < 0.9 and 0.1 < share[1] < 0.9
    assert share[2] == 0.0
    np.testing.assert_allclose(np.bincount(groups, weights=share), [1.0, 1.0])


def test_robustness_equals_a_loop_over_the_same_weight_samples():
    from daifa.engine.ranking import perturbed_weights

    rng = np.random.default_rng(7)
    matrix = rng.uniform(1, 10, size=(40, 4))
    groups = rng.integers(0, 8, size=40)
    weights, benefit = np.array([1.0, 2.0, 1.0, 0.5]), np.array([True, False, True, True])
    share = rank_robustness_grouped(matrix, weights, benefit, groups, n_samples=50, seed=3)
    samples = perturbed_weights(weights / weights.sum(), 50, 0.25, 3)
    wins = np.zeros(40)
    for w in samples:
        wins += topsis_grouped(matrix, w, benefit, groups)[1] == 1
    np.testing.assert_allclose(share, wins / 50)


def test_robustness_is_reproducible_with_a_seed_and_zero_spread_gives_the_plain_winner():
    matrix, weights, benefit = random_problem(11, n=30, m=4)
    groups = np.arange(30) % 7
    a = rank_robustness_grouped(matrix, weights, benefit, groups, seed=5)
    b = rank_robustness_grouped(matrix, weights, benefit, groups, seed=5)
    assert a.tolist() == b.tolist()
    still = rank_robustness_grouped(matrix, weights, benefit, groups, spread=0.0, n_samples=3)
    _, rank = topsis_grouped(matrix, weights, benefit, groups)
    assert still.tolist() == (rank == 1).astype(float).tolist()


# ----------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("call", "field", "fragment"),
    [
        (lambda: topsis([[1.0, np.nan]], [1, 1], [True, True]), "matrix", "row 0, criterion 1"),
        (lambda: topsis([1.0, 2.0], [1], [True]), "matrix", "2-D"),
        (lambda: topsis([[1.0, 2.0]], [1, -1], [True, True]), "weights", "weights[1]"),
        (lambda: topsis([[1.0, 2.0]], [0, 0], [True, True]), "weights", "positive"),
        (lambda: topsis([[1.0, 2.0]], [1], [True, True]), "weights", "expected 2"),
        (lambda: topsis([[1.0, 2.0]], [1, 1], [1, 0]), "benefit", "booleans"),
        (lambda: topsis([[1.0, 2.0]], [1, 1], [True, True], "l2"), "normalization", "'l2'"),
        (lambda: topsis([[-1.0, 2.0]], [1, 1], [True, True], "sum"), "matrix", "negative"),
        (lambda: topsis_grouped([[1.0], [2.0]], [1], [True], [0]), "groups", "2 integer"),
        (lambda: topsis_grouped([[1.0], [2.0]], [1], [True], [0.5, 1]), "groups", "integer"),
        (
            lambda: rank_robustness_grouped([[1.0]], [1], [True], [0], n_samples=0),
            "n_samples",
            ">= 1",
        ),
        (
            lambda: rank_robustness_grouped([[1.0]], [1], [True], [0], spread=1.0),
            "spread",
            "[0, 1)",
        ),
    ],
)
def test_it_rejects_bad_input_with_a_bilingual_message(call, field, fragment):
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.field == field
    assert fragment in caught.value.message_en
    assert caught.value.message_zh and caught.value.message_zh != caught.value.message_en


def test_large_groups_rank_like_small_ones():
    # Groups above the neighbour-comparison size are ranked by sorting instead.
    matrix, weights, benefit = random_problem(5, n=90, m=3)
    groups = np.repeat([4, 1, 9], 30)
    matrix[3] = matrix[7]  # a tie inside a large group
    closeness, rank = topsis_grouped(matrix, weights, benefit, groups)
    ref_closeness, ref_rank = per_group_reference(matrix, weights, benefit, groups)
    np.testing.assert_allclose(closeness, ref_closeness, rtol=1e-12)
    assert rank.tolist() == ref_rank.tolist() and rank[3] == rank[7]


def test_rank_groups_equals_topsis_grouped_and_robustness_on_random_data():
    from daifa.engine.ranking import rank_groups

    rng = np.random.default_rng(11)
    matrix = rng.uniform(0.1, 10.0, size=(400, 5))
    weights = rng.uniform(0.1, 1.0, size=5)
    benefit = [True, False, True, True, False]
    groups = rng.integers(0, 90, size=400)
    closeness, rank, robust = rank_groups(matrix, weights, benefit, groups, n_samples=30, seed=3)
    expected_c, expected_r = topsis_grouped(matrix, weights, benefit, groups)
    expected_rob = rank_robustness_grouped(matrix, weights, benefit, groups, n_samples=30, seed=3)
    np.testing.assert_allclose(closeness, expected_c)
    np.testing.assert_array_equal(rank, expected_r)
    np.testing.assert_allclose(robust, expected_rob)
