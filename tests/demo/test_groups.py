from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daifa.demo.catalog import CATEGORIES
from daifa.demo.groups import group_sizes, min_offers, plan_groups, slots_per_category
from daifa.demo.suppliers import category_counts


@given(total=st.integers(3, 400), seed=st.integers(0, 2**32 - 1))
def test_group_sizes_are_three_to_five_and_add_up(total: int, seed: int) -> None:
    sizes = group_sizes(np.random.default_rng(seed), total)
    assert sum(sizes) == total
    assert all(3 <= s <= 5 for s in sizes)


@settings(max_examples=30, deadline=None)
@given(
    suppliers=st.integers(9, 120),
    extra=st.integers(0, 300),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_supplier_gets_an_offer_and_groups_never_repeat_a_supplier(
    suppliers: int, extra: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    offers = min_offers(category_counts(suppliers)) + extra
    categories = [CATEGORIES[i].name for i in np.repeat(np.arange(9), category_counts(suppliers))]
    groups = plan_groups(rng, categories, rng.lognormal(0, 0.7, suppliers), offers)
    members = [s for g in groups for s in g.members]
    assert len(members) == offers
    assert set(members) == set(range(suppliers))
    assert all(len(set(g.members)) == len(g.members) for g in groups)
    assert all(3 <= len(g.members) <= 5 for g in groups)
    assert len({g.key for g in groups}) == len(groups)


def test_a_category_with_one_supplier_borrows_peers_from_others() -> None:
    rng = np.random.default_rng(0)
    categories = ["3C数码"] * 10 + ["玩具"]
    groups = plan_groups(rng, categories, np.ones(11), 40)
    toys = [g for g in groups if g.category.name == "玩具"]
    assert len(toys) == 1 and 10 in toys[0].members
    assert 3 <= len(toys[0].members) <= 5 and len(set(toys[0].members)) == len(toys[0].members)


def test_slots_refuse_too_few_offers() -> None:
    with pytest.raises(ValueError, match="need at least 30 offers, got 29"):
        slots_per_category(np.array([10, 10, 10]), 29)


def test_slots_give_each_category_its_suppliers_and_share_the_rest() -> None:
    slots = slots_per_category(np.array([20, 10, 1, 0]), 100)
    assert slots.sum() == 100 and slots[3] == 0
    assert slots[0] > slots[1] > slots[2] >= 3
