"""A demo workspace: about 300 1688 suppliers, 1,200 offers, sales, reviews and orders.

Pure Python, NumPy and Polars; nothing is written anywhere. ``daifa demo`` loads
the frames into a workspace. What was planted for the detectors to find (inflated
sales, template reviews, too-cheap offers) is in ``DemoData.truth``.

    >>> from daifa.demo import generate_demo
    >>> data = generate_demo(seed=1688)
"""

from __future__ import annotations

from daifa.demo.generate import DEFAULT_AS_OF, DEFAULT_SEED, DemoData, DemoError, generate_demo
from daifa.demo.orders import ORDER_COLUMNS

__all__ = [
    "DEFAULT_AS_OF",
    "DEFAULT_SEED",
    "ORDER_COLUMNS",
    "DemoData",
    "DemoError",
    "generate_demo",
]
