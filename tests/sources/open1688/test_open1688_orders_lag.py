"""Never twice, even when 1688's order list shows a new order only seconds later.

The probe's F12: with a 5 s listing lag, a create that timed out (or answered
5xx) after 1688 had made the order was looked up once, not found, and sent
again: 2 orders. The look-up is now repeated over a window, and a file journal
is locked against a second process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from tests.sources.open1688.test_open1688_orders import CREATE, LIST, draft

from daifa.sources.open1688 import (
    Attempt,
    JournalError,
    JsonlJournal,
    MemoryJournal,
    place_order,
)
from daifa.sources.open1688.orders import LOOKUP_DELAYS, marker, request_hash


class FakeClock:
    """Time that passes only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(gateway) -> FakeClock:
    fake = FakeClock()
    gateway.clock = fake
    gateway.list_lag = 5.0
    return fake


@pytest.mark.parametrize("fault", ["timeout_after", "5xx_after", "drop_after"])
def test_a_lagging_list_still_finds_the_order_exactly_once(client, gateway, clock, fault):
    gateway.inject(CREATE, fault)
    placed = place_order(
        client, draft(), reference="SO-LAG", journal=MemoryJournal(), sleep=clock.sleep
    )
    assert len(gateway.orders_for("SO-LAG")) == 1
    assert placed.how == "found"
    assert placed.order_ids == (gateway.orders_for("SO-LAG")[0]["id"],)
    assert gateway.call_count(CREATE) == 1
    assert 5.0 <= sum(clock.slept) <= sum(LOOKUP_DELAYS)  # waited for the lag, no longer


@pytest.mark.parametrize("fault", ["timeout_after", "5xx_after"])
def test_a_single_list_read_would_have_ordered_twice(client, gateway, clock, fault):
    # The control: the same lag against the old single look-up makes a second order.
    gateway.inject(CREATE, fault)
    place_order(
        client,
        draft(),
        reference="SO-ONCE",
        journal=MemoryJournal(),
        sleep=clock.sleep,
        lookup_delays=(),
    )
    # At least two (a busy machine can let the lag swallow a further retry too).
    assert len(gateway.orders_for("SO-ONCE")) >= 2


@pytest.mark.parametrize("fault", ["timeout_before", "5xx_before"])
def test_an_order_never_made_is_sent_again_after_the_window(client, gateway, clock, fault):
    gateway.inject(CREATE, fault)
    placed = place_order(
        client, draft(), reference="SO-NONE", journal=MemoryJournal(), sleep=clock.sleep
    )
    assert placed.how == "created" and len(gateway.orders_for("SO-NONE")) == 1
    assert gateway.call_count(LIST) >= 1 + len(LOOKUP_DELAYS)  # looked up over the window
    assert sum(clock.slept) >= sum(LOOKUP_DELAYS)


def test_a_rerun_after_a_crash_also_waits_for_the_list(client, gateway, clock, tmp_path):
    # Killed right after 1688 made the order: the journal says only "started".
    path = tmp_path / "orders.jsonl"
    started = Attempt("SO-CRASH", request_hash(draft()), 1, "started", client.now())
    JsonlJournal(path).record(started)
    client.create_cross_order(draft(), out_order_id="SO-CRASH", message=marker("SO-CRASH"))
    again = place_order(
        client, draft(), reference="SO-CRASH", journal=JsonlJournal(path), sleep=clock.sleep
    )
    assert again.how == "found" and len(gateway.orders_for("SO-CRASH")) == 1
    assert gateway.call_count(CREATE) == 1


HOLDER = textwrap.dedent(
    """
    import sys, time
    from daifa.sources.open1688 import JsonlJournal
    with JsonlJournal(sys.argv[1]).hold(sys.argv[2]):
        print("held", flush=True)
        sys.stdin.readline()
    """
)


def test_a_file_journal_is_locked_against_another_process(client, gateway, tmp_path):
    path = tmp_path / "orders.jsonl"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), "SO-2P"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(JournalError) as busy:
            place_order(client, draft(), reference="SO-2P", journal=JsonlJournal(path))
        assert "another daifa process" in busy.value.message_en
        assert "另一个 daifa 进程" in busy.value.message_zh
        assert gateway.call_count(CREATE) == 0
        # Another reference is not held up.
        other = place_order(client, draft(), reference="SO-OTHER", journal=JsonlJournal(path))
        assert other.how == "created"
    finally:
        holder.communicate("done\n", timeout=30)
    # The lock ends with the process that held it: now the order goes through, once.
    placed = place_order(client, draft(), reference="SO-2P", journal=JsonlJournal(path))
    assert placed.how == "created" and len(gateway.orders_for("SO-2P")) == 1
