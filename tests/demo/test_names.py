from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from daifa.demo import names
from daifa.demo.catalog import CATEGORIES


@given(n=st.integers(0, 300), seed=st.integers(0, 2**32 - 1))
def test_unique_numbers_are_distinct_and_in_range(n: int, seed: int) -> None:
    drawn = names.unique_numbers(np.random.default_rng(seed), n, 100, 100 + n + 5)
    assert drawn.size == n and np.unique(drawn).size == n
    assert ((drawn >= 100) & (drawn < 100 + n + 5)).all()


def test_company_names_are_distinct_even_in_one_city() -> None:
    rng = np.random.default_rng(1)
    cities, cats = ["义乌"] * 500, [CATEGORIES[2]] * 500
    drawn = names.company_names(rng, cities, cats)
    assert len(set(drawn)) == 500
    assert all(n.startswith("义乌市") for n in drawn)


def test_small_workshops_are_not_called_technology_factories() -> None:
    rng = np.random.default_rng(2)
    drawn = names.company_names(rng, ["深圳"] * 400, [CATEGORIES[0]] * 400)
    assert any(n.endswith("厂") for n in drawn)
    assert not any(n.endswith("科技厂") or n.endswith("贸易经营部") for n in drawn)


def test_ids_have_their_1688_shapes() -> None:
    rng = np.random.default_rng(3)
    assert all(len(i) == 12 and i.isdigit() for i in names.offer_ids(rng, 50))
    assert all(len(i) == 19 and i.isdigit() for i in names.order_ids(rng, 50))
    assert names.offer_url("612345678901") == "https://detail.1688.com/offer/612345678901.html"
