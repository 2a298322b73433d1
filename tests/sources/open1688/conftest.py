from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.sources.open1688.open1688_fake_gateway import (
    ACCESS_TOKEN,
    APP_KEY,
    APP_SECRET,
    FakeGateway,
)

from daifa.sources.open1688 import Open1688Client, RetryPolicy


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    fake = FakeGateway(APP_KEY, APP_SECRET, ACCESS_TOKEN, stall=0.5).start()
    yield fake
    fake.stop()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(gateway: FakeGateway, sleeps: list[float]) -> Iterator[Open1688Client]:
    with Open1688Client(
        APP_KEY,
        APP_SECRET,
        access_token=ACCESS_TOKEN,
        base_url=gateway.url,
        timeout=0.2,
        retry=RetryPolicy(attempts=3, base_delay=0.01, seed=7),
        sleep=sleeps.append,
    ) as made:
        yield made
