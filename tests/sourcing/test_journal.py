"""The database order journal: every attempt recorded, one order per reference."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from tests.sources.open1688.open1688_fake_gateway import ACCESS_TOKEN, APP_KEY, APP_SECRET

from daifa.sources.open1688 import (
    Address,
    Attempt,
    CargoLine,
    JournalError,
    Open1688Client,
    OrderDraft,
    RetryPolicy,
)
from daifa.sourcing.journal import DbJournal
from daifa.sourcing.models import OrderAttempt
from daifa.sourcing.services import order_place

AT = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
DRAFT = OrderDraft(
    address=Address(
        full_name="张三",
        mobile="13800000000",
        province="浙江省",
        city="金华市",
        area="义乌市",
        address="福田街道 1 号",
    ),
    lines=(CargoLine(offer_id="610000000001", quantity=2),),
)


def attempt(outcome, number=1, order_ids=(), reference="PO-1"):
    return Attempt(reference, "hash", number, outcome, AT, order_ids=order_ids)


def test_it_records_every_attempt_and_reads_them_back_in_order(personas):
    journal = DbJournal(personas.workspace)
    journal.record(attempt("started"))
    journal.record(attempt("unknown"))
    journal.record(attempt("started", 2))
    journal.record(attempt("created", 2, ("9001",)))
    outcomes = [(a.outcome, a.number, a.order_ids) for a in journal.attempts("PO-1")]
    assert outcomes == [
        ("started", 1, ()),
        ("unknown", 1, ()),
        ("started", 2, ()),
        ("created", 2, ("9001",)),
    ]
    assert journal.attempts("PO-2") == []
    assert not OrderAttempt.objects.filter(open=True).exists()


def test_a_second_process_cannot_start_while_the_first_is_in_flight(personas):
    first, second = DbJournal(personas.workspace), DbJournal(personas.workspace)
    first.record(attempt("started"))
    with pytest.raises(JournalError) as caught:
        second.record(attempt("started", 2))
    assert "another daifa process" in caught.value.message_en
    assert "另一个 daifa 进程" in caught.value.message_zh
    assert OrderAttempt.objects.filter(outcome="started").count() == 1


def test_the_in_flight_lease_survives_an_unclear_outcome_and_ends_with_the_run(personas):
    first, second = DbJournal(personas.workspace), DbJournal(personas.workspace)
    first.record(attempt("started"))
    first.record(attempt("unknown"))  # the run goes on to look the order up
    with pytest.raises(JournalError):
        second.record(attempt("started", 2))
    first.release("PO-1")
    second.record(attempt("started", 2))
    assert OrderAttempt.objects.get(open=True).number == 2


def test_a_lease_left_by_a_crashed_process_expires(personas):
    DbJournal(personas.workspace).record(attempt("started"))
    OrderAttempt.objects.update(recorded_at=datetime.now(UTC) - timedelta(minutes=6))
    DbJournal(personas.workspace).record(attempt("started", 2))
    assert list(OrderAttempt.objects.values_list("number", "open")) == [(1, False), (2, True)]


def test_nothing_starts_once_the_reference_is_placed(personas):
    DbJournal(personas.workspace).record(attempt("created", 1, ("9001",)))
    with pytest.raises(JournalError) as caught:
        DbJournal(personas.workspace).record(attempt("started", 2))
    assert "9001" in caught.value.message_en and "9001" in caught.value.message_zh


def test_the_same_order_found_twice_is_fine_but_two_orders_are_reported(personas):
    DbJournal(personas.workspace).record(attempt("found", 1, ("9001",)))
    DbJournal(personas.workspace).record(attempt("found", 1, ("9001",)))
    assert OrderAttempt.objects.filter(outcome="found").count() == 1
    with pytest.raises(JournalError) as caught:
        DbJournal(personas.workspace).record(attempt("created", 2, ("9002",)))
    assert "9001" in caught.value.message_en and "9002" in caught.value.message_en


def test_the_database_itself_refuses_a_second_placed_order_and_a_second_open_attempt(personas):
    def row(**kw):
        base = dict(
            workspace=personas.workspace,
            reference="PO-9",
            request_hash="h",
            number=1,
            at=AT,
            outcome="started",
        )
        return OrderAttempt(**(base | kw))

    row(outcome="created", order_ids=["1"]).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        row(outcome="found", order_ids=["2"]).save()
    row(open=True).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        row(open=True, number=2).save()
    # the same reference in another workspace is another order
    row(workspace=personas.charlie_workspace, outcome="created").save()


def test_references_are_per_workspace(personas):
    DbJournal(personas.workspace).record(attempt("started"))
    DbJournal(personas.charlie_workspace).record(attempt("started"))
    assert DbJournal(personas.charlie_workspace).attempts("PO-1")[0].outcome == "started"
    assert OrderAttempt.objects.filter(open=True).count() == 2


@pytest.fixture
def fake_client(gateway):
    with Open1688Client(
        APP_KEY,
        APP_SECRET,
        access_token=ACCESS_TOKEN,
        base_url=gateway.url,
        timeout=0.2,
        retry=RetryPolicy(attempts=3, base_delay=0.01, seed=7),
        sleep=lambda s: None,
    ) as made:
        yield made


def test_an_order_lost_in_a_timeout_is_found_not_placed_again(personas, gateway, fake_client):
    gateway.inject("alibaba.trade.createCrossOrder", "timeout_after")
    placed = order_place(
        workspace=personas.workspace, client=fake_client, draft=DRAFT, reference="PO-7"
    )
    assert placed.how == "found" and len(gateway.orders_for("PO-7")) == 1
    again = order_place(
        workspace=personas.workspace, client=fake_client, draft=DRAFT, reference="PO-7"
    )
    assert again.how == "journal" and again.order_ids == placed.order_ids
    assert len(gateway.orders_for("PO-7")) == 1
    outcomes = list(OrderAttempt.objects.values_list("outcome", flat=True))
    assert outcomes == ["started", "unknown", "found"]
    assert not OrderAttempt.objects.filter(open=True).exists()


def test_a_refused_order_releases_the_reference(personas, gateway, fake_client):
    gateway.inject("alibaba.trade.createCrossOrder", "quota")
    with pytest.raises(Exception) as caught:
        order_place(workspace=personas.workspace, client=fake_client, draft=DRAFT, reference="PO-8")
    assert type(caught.value).__name__ == "OrderNotPlacedError"
    placed = order_place(
        workspace=personas.workspace, client=fake_client, draft=DRAFT, reference="PO-8"
    )
    assert placed.how == "created" and len(gateway.orders_for("PO-8")) == 1


def test_a_second_process_sends_nothing_while_an_order_is_in_flight(personas, gateway, fake_client):
    DbJournal(personas.workspace).record(
        Attempt("PO-5", "whatever", 1, "started", datetime.now(UTC))
    )
    with pytest.raises(JournalError):
        order_place(workspace=personas.workspace, client=fake_client, draft=DRAFT, reference="PO-5")
    assert gateway.call_count("alibaba.trade.createCrossOrder") == 0
