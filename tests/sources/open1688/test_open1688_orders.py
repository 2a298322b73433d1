"""Orders never happen twice: fault injection against the fake gateway."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.sources.open1688.open1688_fake_gateway import FakeGateway

from daifa.sources.open1688 import (
    Address,
    Attempt,
    CargoLine,
    GatewayError,
    InvalidRequestError,
    JournalError,
    JsonlJournal,
    MemoryJournal,
    NetworkError,
    Open1688Client,
    OrderDraft,
    OrderNotPlacedError,
    OrderOutcomeUnknownError,
    ReferenceReusedError,
    find_orders,
    place_order,
)
from daifa.sources.open1688.client import BUYER_ORDER_LIST
from daifa.sources.open1688.orders import request_hash

CREATE = "alibaba.trade.createCrossOrder"
LIST = "alibaba.trade.getBuyerOrderList"


def draft(quantity: int = 2, message: str = "请用中性包装") -> OrderDraft:
    address = Address(
        full_name="张三",
        mobile="15251667788",
        province="浙江省",
        city="杭州市",
        area="滨江区",
        address="网商路699号",
        post_code="310000",
    )
    return OrderDraft(
        address, (CargoLine("548818919805", quantity, "eb81c61de14f"),), message=message
    )


def place(client: Open1688Client, journal: MemoryJournal | JsonlJournal, ref: str = "SO-1001"):
    return place_order(client, draft(), reference=ref, journal=journal, sleep=lambda _s: None)


def test_it_places_an_order_and_journals_the_attempt(client, gateway) -> None:
    journal = MemoryJournal()
    placed = place(client, journal)
    assert placed.how == "created"
    assert placed.order_ids == (gateway.orders[0]["id"],)
    assert placed.total_cny == pytest.approx(36)  # 2 × 1800 fen
    assert [a.outcome for a in journal.entries] == ["started", "created"]
    assert gateway.orders[0]["outOrderId"] == "SO-1001"
    assert gateway.orders[0]["message"] == "请用中性包装 [daifa:SO-1001]"
    assert gateway.bad_signatures == 0


@pytest.mark.parametrize(
    "fault", ["timeout_before", "timeout_after", "5xx_before", "5xx_after", "drop_after"]
)
def test_an_unclear_failure_never_creates_a_second_order(client, gateway, fault) -> None:
    gateway.inject(CREATE, fault)
    journal = MemoryJournal()
    placed = place(client, journal)
    assert len(gateway.orders_for("SO-1001")) == 1
    assert placed.order_ids == (gateway.orders_for("SO-1001")[0]["id"],)
    did_work = fault.endswith("_after")
    assert placed.how == ("found" if did_work else "created")
    assert gateway.call_count(CREATE) == (1 if did_work else 2)
    outcomes = [a.outcome for a in journal.entries]
    assert outcomes[:2] == ["started", "unknown"]
    assert outcomes[-1] == ("found" if did_work else "created")
    assert "1688 order" in placed.message("en") and "1688 订单号" in placed.message("zh")


@pytest.mark.parametrize(
    ("fault", "error_code", "advice_en", "advice_zh"),
    [
        ("quota", "gw.NoUsageLeftError", "00:00 Beijing time", "北京时间 00:00"),
        ("acl", "gw.APIACLDecline", "subscribe the app", "订购"),
    ],
)
def test_a_refusal_is_reported_with_what_to_do(
    client, gateway, fault, error_code, advice_en, advice_zh
) -> None:
    gateway.inject(CREATE, fault)
    journal = MemoryJournal()
    with pytest.raises(OrderNotPlacedError) as caught:
        place(client, journal)
    error = caught.value
    assert gateway.orders == []
    assert gateway.call_count(CREATE) == 1
    assert error.error_code == error_code
    assert error.request_id and error.request_id.startswith("fake-")
    assert advice_en in error.message("en") and "safe to place it again" in error.message("en")
    assert advice_zh in error.message("zh") and "可以放心重新下单" in error.message("zh")
    assert [a.outcome for a in journal.entries] == ["started", "refused"]


def test_a_rate_limit_waits_and_retries_without_looking_up(client, gateway, sleeps) -> None:
    gateway.inject(CREATE, "rate_limit")
    waits: list[float] = []
    placed = place_order(
        client, draft(), reference="SO-7", journal=MemoryJournal(), sleep=waits.append
    )
    assert placed.how == "created"
    assert len(gateway.orders_for("SO-7")) == 1
    assert waits == [0.0]  # Retry-After: 0 from the gateway
    assert gateway.call_count(LIST) == 0


def test_every_injected_fault_in_a_row_still_yields_one_order(client, gateway) -> None:
    for index, fault in enumerate(["timeout_before", "timeout_after", "5xx_after", "drop_after"]):
        gateway.inject(CREATE, fault)
        place(client, MemoryJournal(), ref=f"SO-{index}")
    gateway.inject(CREATE, "quota")
    with pytest.raises(OrderNotPlacedError):
        place(client, MemoryJournal(), ref="SO-quota")
    gateway.inject(CREATE, "acl")
    with pytest.raises(OrderNotPlacedError):
        place(client, MemoryJournal(), ref="SO-acl")
    references = [order["outOrderId"] for order in gateway.orders]
    assert sorted(references) == ["SO-0", "SO-1", "SO-2", "SO-3"]  # 0 duplicates, 0 for refusals


def test_when_the_look_up_fails_too_the_outcome_is_unknown_and_nothing_is_resent(
    client, gateway
) -> None:
    gateway.inject(CREATE, "timeout_after")
    gateway.inject(LIST, "5xx_before", "5xx_before", "5xx_before")  # all 3 read attempts fail
    journal = MemoryJournal()
    with pytest.raises(OrderOutcomeUnknownError) as caught:
        place(client, journal)
    assert gateway.call_count(CREATE) == 1
    assert "[daifa:SO-1001]" in caught.value.message("en")
    assert "不要手动重新下单" in caught.value.message("zh")
    # Running the same order later looks it up first and does not buy again.
    placed = place(client, journal)
    assert placed.how == "found"
    assert gateway.call_count(CREATE) == 1
    assert len(gateway.orders_for("SO-1001")) == 1


def test_a_crash_after_started_is_looked_up_before_creating(client, gateway) -> None:
    journal = MemoryJournal()
    # A previous process wrote "started", created the order on 1688 and died.
    gateway.inject(CREATE, "drop_after")
    with pytest.raises(NetworkError):
        client.create_cross_order(draft(), out_order_id="SO-9", message="[daifa:SO-9]")
    journal.record(Attempt("SO-9", request_hash(draft()), 1, "started", client.now()))
    placed = place(client, journal, ref="SO-9")
    assert placed.how == "found"
    assert len(gateway.orders_for("SO-9")) == 1


def test_a_placed_reference_is_answered_from_the_journal(client, gateway) -> None:
    journal = MemoryJournal()
    first = place(client, journal)
    again = place(client, journal)
    assert again.how == "journal"
    assert again.order_ids == first.order_ids
    assert gateway.call_count(CREATE) == 1


def test_a_reference_cannot_be_reused_for_different_contents(client, gateway) -> None:
    journal = MemoryJournal()
    place(client, journal)
    with pytest.raises(ReferenceReusedError) as caught:
        place_order(client, draft(quantity=5), reference="SO-1001", journal=journal)
    assert "SO-1001" in caught.value.message("en") and "新的参考号" in caught.value.message("zh")
    assert gateway.call_count(CREATE) == 1


@pytest.mark.parametrize("reference", ["", "has space", "x" * 65, "订单1"])
def test_it_refuses_references_it_cannot_write_back(client, reference) -> None:
    with pytest.raises(InvalidRequestError):
        place_order(client, draft(), reference=reference, journal=MemoryJournal())


def test_find_orders_ignores_orders_without_the_reference(client, gateway) -> None:
    place(client, MemoryJournal(), ref="SO-A")
    since = client.now().replace(year=2020)
    assert [o.order_id for o in find_orders(client, "SO-A", since=since)] == [
        gateway.orders_for("SO-A")[0]["id"]
    ]
    assert find_orders(client, "SO-B", since=since) == []


def test_the_jsonl_journal_survives_a_restart(client, gateway, tmp_path: Path) -> None:
    path = tmp_path / "journal" / "orders.jsonl"
    place(client, JsonlJournal(path))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["outcome"] for line in lines] == ["started", "created"]
    assert lines[1]["order_ids"] == [gateway.orders[0]["id"]]
    again = place(client, JsonlJournal(path))
    assert again.how == "journal"
    assert gateway.call_count(CREATE) == 1


def test_a_damaged_journal_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "orders.jsonl"
    path.write_text('{"reference": "SO-1"}\nnot json\n', encoding="utf-8")
    with pytest.raises(JournalError) as caught:
        JsonlJournal(path).attempts("SO-1")
    assert "line 1" in caught.value.message("en") and "第 1 行" in caught.value.message("zh")


def test_an_empty_order_is_refused_before_sending() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        OrderDraft(draft().address, ())
    assert "lines" in str(caught.value)
    with pytest.raises(InvalidRequestError) as caught:
        OrderDraft(draft().address, (CargoLine("548818919805", 0),))
    assert "lines[0].quantity" in str(caught.value)


def test_the_fake_gateway_rejects_a_wrong_signature(gateway: FakeGateway) -> None:
    bad = Open1688Client(
        gateway.app_key,
        "wrong-secret",
        access_token=gateway.access_token,
        base_url=gateway.url,
        timeout=1,
    )
    with pytest.raises(GatewayError) as caught:
        bad.call(BUYER_ORDER_LIST, {})
    assert gateway.bad_signatures == 1
    assert "gw.SignatureInvalid" in str(caught.value)
