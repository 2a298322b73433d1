from __future__ import annotations

import pytest

from daifa.demo import DemoData, generate_demo


@pytest.fixture(scope="session")
def demo() -> DemoData:
    """The default workspace (seed 1688, 300 suppliers, 1,200 offers), generated once."""
    return generate_demo()
