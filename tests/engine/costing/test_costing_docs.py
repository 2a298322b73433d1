"""The runnable examples in the costing docstrings stay true; the public API is pinned."""

from __future__ import annotations

import doctest
import importlib

import pytest

import daifa.engine
import daifa.engine.costing

MODULES = ["cards", "choice", "landed", "tiers"]


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"daifa.engine.costing.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_costing_api_is_pinned_and_exported_by_the_engine() -> None:
    names = daifa.engine.costing.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    assert set(names) - {"tier_prices_at"} <= set(daifa.engine.__all__)
    for name in names:
        assert getattr(daifa.engine.costing, name) is not None
