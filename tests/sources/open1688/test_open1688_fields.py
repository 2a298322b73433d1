from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from daifa.sources.open1688 import PlaceholderValueError, ResponseFormatError, fen_to_yuan
from daifa.sources.open1688._fields import Node, yuan_to_fen


def node(**data) -> Node:
    return Node(data, api="test.api", path="result")


@pytest.mark.parametrize(
    ("raw", "pct", "reading"),
    [
        ("13%", Decimal("13"), "percent-sign"),
        ("99.12%", Decimal("99.12"), "percent-sign"),
        ("0.4666", Decimal("46.66"), "fraction"),
        ("11", Decimal("11"), "number"),
        (33.9, Decimal("33.9"), "number"),
        ("1", Decimal("100"), "fraction"),
    ],
)
def test_percentages_say_how_they_were_read(raw, pct, reading) -> None:
    value = node(rate=raw).percent("rate")
    assert value is not None
    assert value.pct == pct and value.reading == reading


def test_a_placeholder_where_a_number_belongs_is_named_with_its_path() -> None:
    with pytest.raises(PlaceholderValueError) as caught:
        node(price="价格").number("price")
    error = caught.value
    assert error.path == "result.price" and error.value == "价格" and error.expected == "a number"
    assert "result.price" in error.message("en") and "placeholder" in error.message("en")
    assert "占位" in error.message("zh")


def test_a_malformed_number_is_a_format_error_not_a_placeholder() -> None:
    with pytest.raises(ResponseFormatError) as caught:
        node(price="12.5.3").number("price")
    assert not isinstance(caught.value, PlaceholderValueError)


@pytest.mark.parametrize("value", [None, ""])
def test_missing_and_empty_values_are_unknown_not_zero(value) -> None:
    assert node(x=value).number("x") is None
    assert node(x=value).percent("x") is None


def test_flags_accept_json_booleans_and_their_text() -> None:
    assert node(a=True, b="true", c="False").flag("a") is True
    assert node(b="true").flag("b") is True
    assert node(c="False").flag("c") is False
    with pytest.raises(PlaceholderValueError):
        node(s="是否成功").flag("s")


def test_ids_come_as_numbers_or_text() -> None:
    assert node(id=2203918107220135493).ident("id") == "2203918107220135493"
    assert node(id="196965465451498520").ident("id") == "196965465451498520"
    with pytest.raises(PlaceholderValueError):
        node(id="商品id").ident("id")


def test_money_in_fen_is_converted_to_yuan_exactly() -> None:
    assert node(x=156800).fen("x") == Decimal("1568.00")
    assert node(x=-3989).fen("x") == Decimal("-39.89")
    assert fen_to_yuan(1) == Decimal("0.01")
    with pytest.raises(ResponseFormatError):
        node(x=12.5).fen("x")


def test_yuan_to_fen_refuses_fractions_of_a_fen() -> None:
    assert yuan_to_fen(Decimal("12.34")) == 1234
    with pytest.raises(ValueError):
        yuan_to_fen(Decimal("0.001"))


def test_1688_dates_are_read_with_their_zone() -> None:
    cst = timezone(timedelta(hours=8))
    assert node(t="20240626145806000+0800").when("t") == datetime(
        2024, 6, 26, 14, 58, 6, tzinfo=cst
    )
    assert node(t="20121222222222+0800").when("t") == datetime(2012, 12, 22, 22, 22, 22, tzinfo=cst)
    assert node(t="2024-04-20 08:00:00").when("t") == datetime(2024, 4, 20, 8, tzinfo=cst)
    with pytest.raises(ResponseFormatError):
        node(t="2024/04/20").when("t")


def test_containers_of_the_wrong_type_are_named() -> None:
    with pytest.raises(ResponseFormatError) as caught:
        node(items="not a list").children("items")
    assert caught.value.path == "result.items"
    with pytest.raises(ResponseFormatError) as caught:
        node(items=[1]).children("items")
    assert caught.value.path == "result.items[0]"
