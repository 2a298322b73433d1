"""Values the seller edits on the confirmation page are read like pasted ones."""

from __future__ import annotations

import pytest

from daifa.sources.capture import CaptureValueError, format_value, label, read_value


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("repeat_rate_pct", 41.0),
        ("moq", 2),
        ("dropship_supported", False),
        ("certifications", ["CE", "FCC"]),
        ("origin", "浙江 金华"),
        (
            "price_tiers",
            [
                {"min_qty": 1, "max_qty": 49, "price_cny": 12.5},
                {"min_qty": 50, "max_qty": None, "price_cny": 11.0},
            ],
        ),
    ],
)
def test_a_formatted_value_reads_back_as_itself(field, value):
    assert read_value(field, format_value(field, value)) == value


def test_edited_text_is_read_as_the_seller_writes_it():
    assert read_value("response_minutes", "0.5小时") == 30.0
    assert read_value("dropship_supported", "是") is True
    assert read_value("repeat_rate_pct", "暂无") is None
    assert format_value("moq", None) == ""


def test_an_unreadable_edit_names_field_value_and_reason_in_both_languages():
    with pytest.raises(CaptureValueError) as error:
        read_value("repeat_rate_pct", "很高")
    assert error.value.field == "repeat_rate_pct" and error.value.text == "很高"
    assert "很高" in error.value.message("en") and "not a percentage" in error.value.message("en")
    assert "不是百分比" in error.value.message("zh")


def test_an_unknown_field_is_a_programming_error():
    with pytest.raises(KeyError):
        read_value("colour", "red")


def test_labels_come_from_the_schema_and_the_extra_facts():
    assert label("repeat_rate_pct", "zh") == "回头率"
    assert label("repeat_rate_pct", "en") == "Repeat rate %"
    assert label("sold_units", "zh").startswith("已售")
