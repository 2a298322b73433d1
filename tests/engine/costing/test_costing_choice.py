from __future__ import annotations

import math

import pytest

from daifa.engine.costing import CostSettings, choose_freight
from daifa.engine.errors import InputError

PARCEL = {"weight_g": 200.0, "length_cm": 20.0, "width_cm": 10.0, "height_cm": 5.0}


def test_a_small_urgent_order_goes_by_dropship_parcel(settings: CostSettings) -> None:
    choice = choose_freight(settings, units=20, deadline_days=12, **PARCEL)
    # parcel: chargeable max(200, 1000/8000 kg = 125 g) → 0.2 × 100 + 20 = 40 a unit
    assert choice.winner is not None and choice.winner.id == "line"
    assert choice.winner.total_cny == 800.0
    air = next(o for o in choice.options if o.id == "air_us")
    # air: 20 units × 0.2 kg = 4 kg → the 800 minimum + 200 + 20 × 20 fulfilment
    assert air.total_cny == 1400.0
    assert "Test line" in choice.reason_en and "测试专线" in choice.reason_zh


def test_a_large_order_with_time_goes_by_sea(settings: CostSettings) -> None:
    choice = choose_freight(settings, units=2000, deadline_days=60, **PARCEL)
    sea = next(o for o in choice.options if o.id == "sea_us")
    # 2000 × 1000 cm³ = 2 cbm (400 kg is less) → 2000 + 1000 + 2000 × 20
    assert sea.total_cny == 43000.0
    assert choice.winner is not None and choice.winner.id == "sea_us"
    assert "Sea" in choice.reason_en


def test_a_mid_size_order_on_a_deadline_goes_by_air(settings: CostSettings) -> None:
    choice = choose_freight(settings, units=500, deadline_days=15, **PARCEL)
    # air: 100 kg actual vs 500 × 1000 / 5000 = 100 kg → 4000 + 200 + 10000 = 14200
    assert choice.winner is not None and choice.winner.id == "air_us"
    assert choice.winner.total_cny == 14200.0
    assert choice.winner.per_unit_cny == pytest.approx(28.4)
    assert "too slow" in choice.reason_en and "Sea" in choice.reason_en
    assert "太慢" in choice.reason_zh


def test_nothing_on_time_names_the_fastest_option(settings: CostSettings) -> None:
    choice = choose_freight(settings, units=10, deadline_days=3, **PARCEL)
    assert choice.winner is None
    assert "No option arrives within 3 days" in choice.reason_en
    assert "Test line" in choice.reason_en


def test_duty_counts_when_a_goods_value_is_given(settings: CostSettings) -> None:
    settings = settings.replace(include_duty=True, destination="DE")
    # 80 CNY a unit = €10: each parcel is under €150 and pays €3 flat (24 CNY)
    choice = choose_freight(settings, units=10, deadline_days=30, goods_value_cny=80.0, **PARCEL)
    parcel = next(o for o in choice.options if o.id == "line")
    assert parcel.duty_cny == pytest.approx(240.0)
    assert "Duty not included" not in choice.reason_en


def test_sea_without_a_size_cannot_be_priced(settings: CostSettings) -> None:
    choice = choose_freight(settings, units=2000, deadline_days=60, weight_g=200.0)
    sea = next(o for o in choice.options if o.id == "sea_us")
    assert not sea.available and math.isnan(sea.total_cny)
    assert "size" in sea.note_en
    assert choice.winner is not None and choice.winner.id != "sea_us"


def test_the_table_frame_marks_the_winner(settings: CostSettings) -> None:
    frame = choose_freight(settings, units=20, deadline_days=12, **PARCEL).as_frame()
    assert frame.filter("winner")["id"].to_list() == ["line"]
    assert frame["total_cny"].to_list() == sorted(frame["total_cny"].to_list())


def test_a_destination_nobody_serves_lists_the_served_ones(settings: CostSettings) -> None:
    with pytest.raises(InputError) as info:
        choose_freight(settings, units=10, deadline_days=10, destination="BR", **PARCEL)
    assert (info.value.field, info.value.allowed) == ("destination", "DE, US")


@pytest.mark.parametrize(
    ("field", "changes"),
    [("weight_g", {"weight_g": -1.0}), ("units", {"units": 0}), ("height_cm", {"height_cm": 0.0})],
)
def test_it_rejects_impossible_orders(
    settings: CostSettings, field: str, changes: dict[str, float]
) -> None:
    arguments = {"units": 10, "deadline_days": 10, **PARCEL, **changes}
    with pytest.raises(InputError) as info:
        choose_freight(settings, **arguments)
    assert info.value.field == field
