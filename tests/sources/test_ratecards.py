from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from daifa.engine.costing import CostSettings, RateCards
from daifa.engine.errors import InputError
from daifa.sources.ratecards import (
    DEFAULT_SETTINGS,
    EXAMPLES_DIR,
    load_cards,
    load_currency_rates,
    load_seller_dir,
    load_settings,
    save_cards,
    save_currency_rates,
    save_settings,
    settings_from_mapping,
)

DESTINATIONS = {"US", "GB", "DE", "FR", "JP", "AU", "CA"}


def test_the_example_cards_say_they_are_dated_examples() -> None:
    cards = load_cards()
    assert cards.example is True
    assert cards.as_of == date(2026, 11, 1)
    assert "Example" in cards.note_en and "示例" in cards.note_zh
    for name in ("lines", "bulk", "platforms", "duties", "currency"):
        text = (EXAMPLES_DIR / f"{name}.toml").read_text(encoding="utf-8")
        assert "example = true" in text and 'as_of = "2026-' in text
        assert "not quotes" in text and "不是报价" in text


def test_the_example_cards_cover_the_main_lines_platforms_and_destinations() -> None:
    cards = load_cards()
    assert {line.id for line in cards.lines} == {"yunexpress", "yanwen", "4px", "epacket"}
    for line in cards.lines:
        assert set(line.destinations) == DESTINATIONS, line.id
    assert {d.destination for d in cards.duties} == DESTINATIONS
    assert {"amazon_us", "tiktok_us", "shopify", "ebay_us", "temu"} <= {
        p.id for p in cards.platforms
    }
    assert {(lane.mode, lane.destination) for lane in cards.bulk} >= {("sea", "US"), ("air", "US")}
    assert cards.platform("temu").model == "supply_price"
    assert cards.platform("amazon_us").referral_for("3C") == 15.0  # Electronics Accessories
    assert cards.platform("amazon_us").referral_for("consumer electronics") == 8.0


def test_default_settings_come_from_the_examples() -> None:
    assert isinstance(DEFAULT_SETTINGS, CostSettings)
    assert DEFAULT_SETTINGS.cards.example
    assert DEFAULT_SETTINGS.rates.rate("USD") == pytest.approx(7.10)
    assert (DEFAULT_SETTINGS.line, DEFAULT_SETTINGS.platform) == ("yunexpress", "amazon_us")


@pytest.mark.parametrize("fmt", ["toml", "csv"])
def test_cards_survive_a_save_and_load(tmp_path: Path, fmt: str) -> None:
    cards = load_cards()
    save_cards(cards, tmp_path, fmt=fmt)
    again = load_cards(tmp_path)
    assert again.lines == cards.lines
    assert again.bulk == cards.bulk
    assert again.platforms == cards.platforms
    assert again.duties == cards.duties


def test_a_csv_card_error_names_the_row_field_and_value(tmp_path: Path) -> None:
    (tmp_path / "lines.csv").write_text(
        "id,max_weight_g,destination,per_kg_cny,transit_days_min,transit_days_max\n"
        "mine,2000,US,90,7,12\n"
        "mine,2000,GB,ninety,7,12\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_cards(tmp_path)
    error = info.value
    assert (error.field, error.value) == ("per_kg_cny", "ninety")
    assert "lines.csv row 3" in error.message_en and "a number" in error.message_en
    assert "lines.csv row 3" in error.message_zh and "数字" in error.message_zh


def test_a_negative_weight_limit_in_a_card_is_refused_with_its_place(tmp_path: Path) -> None:
    (tmp_path / "lines.csv").write_text(
        "id,max_weight_g,destination,per_kg_cny,transit_days_min,transit_days_max\nmine,-1,US,90,7,12\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_cards(tmp_path)
    assert info.value.field == "max_weight_g"
    assert "lines.csv row 2" in info.value.message_en and "≥ 0" in info.value.message_en


def test_a_misspelt_field_is_named_with_the_allowed_ones(tmp_path: Path) -> None:
    (tmp_path / "duties.toml").write_text(
        '[[duty]]\ndestination = "US"\ncurrency = "USD"\nduty_pct = 5\nde_minimus = 800\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_cards(tmp_path)
    assert info.value.field == "de_minimus"
    assert "de_minimis" in info.value.message_en
    assert "duties.toml [[duty]] #1" in info.value.message_en


def test_a_missing_required_field_is_named(tmp_path: Path) -> None:
    (tmp_path / "platforms.toml").write_text(
        '[[platform]]\nid = "mine"\ncurrency = "USD"\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_cards(tmp_path)
    assert info.value.field == "referral_pct"
    assert "required" in info.value.message_en and "必填" in info.value.message_zh


def test_rows_of_one_line_must_agree_on_the_line_fields(tmp_path: Path) -> None:
    (tmp_path / "lines.csv").write_text(
        "id,max_weight_g,destination,per_kg_cny,transit_days_min,transit_days_max\n"
        "mine,2000,US,90,7,12\nmine,3000,GB,60,5,9\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_cards(tmp_path)
    assert info.value.field == "max_weight_g"
    assert "row 2" in info.value.message_en


def test_a_gbk_csv_from_chinese_excel_is_read(tmp_path: Path) -> None:
    text = (
        "id,name_zh,max_weight_g,destination,per_kg_cny,registration_cny,transit_days_min,transit_days_max\n"
        "mine,我的专线,2000,US,90,18,7,12\n"
    )
    (tmp_path / "lines.csv").write_bytes(text.encode("gbk"))
    cards = load_cards(tmp_path)
    assert cards.lines[0].name_zh == "我的专线"
    assert cards.lines[0].rate_for("US").registration_cny == 18.0


def test_the_sellers_own_cards_are_used_and_examples_fill_the_rest(tmp_path: Path) -> None:
    (tmp_path / "platforms.csv").write_text(
        "id,currency,referral_pct,category_referral_pct\nmyshop,USD,12,3C:7;toys:9\n",
        encoding="utf-8",
    )
    cards = load_cards(tmp_path)
    assert [p.id for p in cards.platforms] == ["myshop"]
    assert cards.platform("myshop").referral_for("toys") == 9.0
    assert cards.example  # lines, bulk and duties are still examples
    assert "platforms" not in cards.note_en and "lines" in cards.note_en


def test_currency_rates_load_from_toml_and_csv(tmp_path: Path) -> None:
    rates = load_currency_rates()
    assert rates.as_of == date(2026, 11, 1)
    save_currency_rates(rates, tmp_path / "currency.csv")
    assert load_currency_rates(tmp_path / "currency.csv") == rates
    save_currency_rates(rates, tmp_path / "currency.toml")
    assert load_currency_rates(tmp_path / "currency.toml") == rates


def test_currency_rates_need_their_date_and_positive_values(tmp_path: Path) -> None:
    (tmp_path / "currency.toml").write_text("[cny_per_unit]\nUSD = 7.1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_currency_rates(tmp_path / "currency.toml")
    assert info.value.field == "as_of"
    (tmp_path / "currency.toml").write_text(
        'as_of = "2026-11-20"\n[cny_per_unit]\nUSD = 0\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_currency_rates(tmp_path / "currency.toml")
    assert "USD" in str(info.value.field)


def test_settings_from_a_web_form_parse_strings_and_name_bad_fields() -> None:
    settings = settings_from_mapping(
        {
            "quantity": "200",
            "include_vat": "是",
            "return_rate_pct": "4.5",
            "retail_currency": "eur",
            "line": "",
        },
        base=DEFAULT_SETTINGS,
    )
    assert (settings.quantity, settings.include_vat, settings.return_rate_pct) == (200, True, 4.5)
    assert settings.retail_currency == "EUR"
    assert settings.line == DEFAULT_SETTINGS.line  # empty keeps the base value
    with pytest.raises(InputError) as info:
        settings_from_mapping({"quantity": "2.5"}, base=DEFAULT_SETTINGS)
    assert (info.value.field, info.value.value) == ("quantity", "2.5")
    with pytest.raises(InputError) as info:
        settings_from_mapping({"packaging_cny": "-3"}, base=DEFAULT_SETTINGS)
    assert info.value.field == "packaging_cny"


def test_settings_survive_a_save_and_load(tmp_path: Path) -> None:
    mine = DEFAULT_SETTINGS.replace(
        quantity=120, platform="shopify", return_cost_cny=12.0, include_vat=True
    )
    save_settings(mine, tmp_path / "settings.toml")
    again = load_settings(tmp_path / "settings.toml", cards=mine.cards, rates=mine.rates)
    assert again == mine


def test_a_seller_folder_brings_cards_rates_and_settings_together(tmp_path: Path) -> None:
    save_cards(load_cards(), tmp_path)
    (tmp_path / "currency.csv").write_text(
        "currency,cny_per_unit,as_of\nUSD,7.3,2026-11-20\n", encoding="utf-8"
    )
    (tmp_path / "settings.toml").write_text(
        '[cost]\nquantity = 80\nplatform = "ebay_us"\n', encoding="utf-8"
    )
    settings = load_seller_dir(tmp_path)
    assert isinstance(settings.cards, RateCards)
    assert settings.rates.rate("USD") == 7.3 and settings.rates.as_of == date(2026, 11, 20)
    assert (settings.quantity, settings.platform) == (80, "ebay_us")


def test_a_missing_seller_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_seller_dir(tmp_path / "nope")
    assert info.value.field == "cards"
    assert "does not exist" in info.value.message_en and "不存在" in info.value.message_zh
