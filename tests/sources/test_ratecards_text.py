"""The text variants of the rate-card readers and writers (for web forms and uploads)."""

from __future__ import annotations

from datetime import date

import pytest

from daifa.engine.errors import InputError
from daifa.sources.ratecards import (
    CARD_KINDS,
    DEFAULT_SETTINGS,
    card_header,
    card_to_text,
    cards_from_texts,
    currency_rates_from_text,
    currency_rates_to_text,
    decode_card_bytes,
    example_text,
    load_cards,
    settings_from_text,
    settings_to_text,
)

LINES_CSV = (
    "id,max_weight_g,destination,per_kg_cny,transit_days_min,transit_days_max\n"
    "mine,2000,US,90,7,12\n"
)


def test_no_texts_give_the_example_cards() -> None:
    assert cards_from_texts({}) == load_cards()


def test_a_text_card_replaces_its_kind_and_examples_fill_the_rest() -> None:
    cards = cards_from_texts({"lines.csv": LINES_CSV})
    assert [line.id for line in cards.lines] == ["mine"]
    assert cards.platforms == load_cards().platforms
    assert cards.example and "lines" not in cards.note_en


def test_toml_is_preferred_over_csv_as_in_a_folder() -> None:
    toml = card_to_text(load_cards(), "lines", header={"example": False})
    cards = cards_from_texts({"lines.csv": LINES_CSV, "lines.toml": toml})
    assert cards.lines == load_cards().lines


def test_an_unknown_file_name_is_refused_with_the_allowed_names() -> None:
    with pytest.raises(InputError) as info:
        cards_from_texts({"rates.csv": LINES_CSV})
    assert (info.value.field, info.value.value) == ("file", "rates.csv")
    assert "lines.csv" in info.value.message_en and "lines.csv" in info.value.message_zh


def test_a_text_error_names_the_file_row_and_field() -> None:
    with pytest.raises(InputError) as info:
        cards_from_texts({"lines.csv": LINES_CSV + "mine,2000,GB,ninety,7,12\n"})
    assert (info.value.field, info.value.value) == ("per_kg_cny", "ninety")
    assert "lines.csv row 3" in info.value.message_en


def test_bad_toml_is_named_with_its_file() -> None:
    with pytest.raises(InputError) as info:
        cards_from_texts({"duties.toml": "[[duty]\n"})
    assert info.value.field == "duties.toml" and "not valid TOML" in info.value.message_en


@pytest.mark.parametrize("kind", CARD_KINDS)
@pytest.mark.parametrize("fmt", ["toml", "csv"])
def test_each_card_survives_text_and_back(kind: str, fmt: str) -> None:
    cards = load_cards()
    text = card_to_text(cards, kind, fmt=fmt)  # type: ignore[arg-type]
    again = cards_from_texts({f"{kind}.{fmt}": text})
    assert getattr(again, kind) == getattr(cards, kind)


def test_a_header_can_mark_a_card_as_the_sellers_own() -> None:
    text = card_to_text(
        load_cards(), "bulk", header={"example": False, "as_of": date(2026, 11, 20)}
    )
    header = card_header("bulk.toml", text)
    assert header["example"] is False and header["as_of"] == date(2026, 11, 20)
    assert card_header("bulk.toml", example_text("bulk.toml"))["example"] is True
    assert (
        card_header("bulk.csv", card_to_text(load_cards(), "bulk", fmt="csv"))["example"] is False
    )


def test_currency_rates_survive_text_in_both_formats() -> None:
    rates = DEFAULT_SETTINGS.rates
    for fmt, name in (("toml", "currency.toml"), ("csv", "currency.csv")):
        text = currency_rates_to_text(rates, fmt=fmt)  # type: ignore[arg-type]
        assert currency_rates_from_text(text, name=name) == rates


def test_currency_text_needs_a_table_of_rates() -> None:
    with pytest.raises(InputError) as info:
        currency_rates_from_text('as_of = "2026-11-20"\ncny_per_unit = 7\n')
    assert info.value.field == "cny_per_unit"


def test_settings_survive_text() -> None:
    mine = DEFAULT_SETTINGS.replace(quantity=80, platform="ebay_us", return_cost_cny=3.0)
    text = settings_to_text(mine)
    assert settings_from_text(text, cards=mine.cards, rates=mine.rates) == mine


def test_settings_text_errors_name_the_field() -> None:
    with pytest.raises(InputError) as info:
        settings_from_text("[cost]\nquantity = 0\n")
    assert info.value.field == "quantity"
    with pytest.raises(InputError) as info:
        settings_from_text('cost = "lots"\n')
    assert info.value.field == "cost"


def test_card_bytes_from_chinese_excel_are_decoded() -> None:
    assert decode_card_bytes("名称\n".encode("gbk")) == "名称\n"
    assert decode_card_bytes("\ufeff名称\n".encode()) == "名称\n"
