"""Choosing the freight: per-parcel dropship lines against bulk sea and air to a warehouse.

For an order of ``units`` identical units and a deadline, every line that serves the
destination is priced in full (freight, warehouse fulfilment, and duty when a goods
value is given, since a bulk shipment rarely stays under de minimis while a single
parcel may). The cheapest option that arrives within the deadline (by its slowest
published transit time) wins; the reason says by how much and what was too slow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl

from daifa.engine.costing import freight as fk
from daifa.engine.costing.cards import BulkLane, CostSettings, DutyRule, ParcelLine
from daifa.engine.costing.landed import duty_rule_for
from daifa.engine.errors import InputError

OptionKind = Literal["parcel", "sea", "air"]
KIND_LABELS: dict[str, tuple[str, str]] = {
    "parcel": ("dropship parcel line", "一件代发专线"),
    "sea": ("bulk sea to warehouse", "海运头程到海外仓"),
    "air": ("bulk air to warehouse", "空运头程到海外仓"),
}


@dataclass(frozen=True)
class FreightOption:
    """One way to move the order, priced in full (all amounts in CNY, for all units)."""

    id: str
    kind: OptionKind
    name_zh: str
    name_en: str
    freight_cny: float
    fulfilment_cny: float
    duty_cny: float
    total_cny: float
    per_unit_cny: float
    days_min: int
    days_max: int
    meets_deadline: bool
    available: bool = True
    note_en: str = ""
    note_zh: str = ""


@dataclass(frozen=True)
class FreightChoice:
    units: int
    deadline_days: int
    destination: str
    options: tuple[FreightOption, ...]
    winner: FreightOption | None
    reason_en: str
    reason_zh: str

    def as_frame(self) -> pl.DataFrame:
        """One row per option, cheapest first, with a ``winner`` flag for tables."""
        rows = [
            {**option.__dict__, "winner": self.winner is not None and option.id == self.winner.id}
            for option in self.options
        ]
        return pl.DataFrame(rows)


@dataclass(frozen=True)
class _Parcel:
    weight_g: float
    volume_cm3: float
    goods_cny: float | None


def choose_freight(
    settings: CostSettings,
    *,
    units: int,
    deadline_days: int,
    weight_g: float,
    length_cm: float | None = None,
    width_cm: float | None = None,
    height_cm: float | None = None,
    goods_value_cny: float | None = None,
    destination: str | None = None,
) -> FreightChoice:
    """Compare every parcel line and bulk lane to ``destination`` for this order.

    ``goods_value_cny`` is the customs value of one unit; without it duty is left out
    of the comparison. Raises ``InputError`` for bad sizes, counts or a destination no
    card serves (the message lists the destinations that are served).

    Examples
    --------
    >>> from datetime import date
    >>> from daifa.engine.costing.cards import (
    ...     CostSettings, CurrencyRates, LineRate, ParcelLine, RateCards)
    >>> line = ParcelLine("demo", "示例", "Demo", 50, None, 2000,
    ...                   (LineRate("US", 100.0, 20.0, 7, 12),))
    >>> settings = CostSettings(RateCards((line,)), CurrencyRates(date(2026, 1, 1), ()),
    ...                         line="demo", include_duty=False)
    >>> choice = choose_freight(settings, units=10, deadline_days=14, weight_g=200)
    >>> choice.winner.id, choice.winner.total_cny
    ('demo', 400.0)
    """
    destination = destination or settings.destination
    _check_order(units, deadline_days, weight_g, (length_cm, width_cm, height_cm))
    dims = [np.nan if d is None else d for d in (length_cm, width_cm, height_cm)]
    parcel = _Parcel(float(weight_g), float(np.prod(dims)), goods_value_cny)
    rule = (
        duty_rule_for(settings.replace(destination=destination))
        if goods_value_cny is not None
        else None
    )
    duty_fx = settings.rates.rate(rule.currency, field_name="duty currency") if rule else 1.0
    options = [
        _price_parcel(line, destination, units, deadline_days, parcel, rule, duty_fx)
        for line in settings.cards.lines
        if destination in line.destinations
    ] + [
        _price_bulk(lane, units, deadline_days, parcel, rule, duty_fx)
        for lane in settings.cards.bulk
        if lane.destination == destination
    ]
    if not options:
        raise _no_route(settings, destination)
    options.sort(key=lambda o: (not o.available, o.total_cny, o.days_max))
    winner = _pick(options)
    en, zh = _reason(options, winner, deadline_days, goods_value_cny is not None)
    return FreightChoice(units, deadline_days, destination, tuple(options), winner, en, zh)


def _check_order(
    units: int, deadline_days: int, weight_g: float, dims: tuple[float | None, ...]
) -> None:
    checks: list[tuple[str, float | None, bool, str, str]] = [
        ("units", units, units >= 1, "a whole number ≥ 1", "≥ 1 的整数"),
        ("deadline_days", deadline_days, deadline_days >= 1, "a whole number ≥ 1", "≥ 1 的整数"),
        ("weight_g", weight_g, weight_g > 0, "a weight > 0 g", "> 0 克"),
    ]
    for name, value in zip(("length_cm", "width_cm", "height_cm"), dims, strict=True):
        ok = value is None or value > 0
        checks.append((name, value, ok, "a size > 0 cm", "> 0 厘米"))
    for name, value, ok, allowed_en, allowed_zh in checks:
        if not ok:
            raise InputError(
                f"{name} = {value!r} is not allowed; expected {allowed_en}.",
                f"{name} = {value!r} 无效;应为 {allowed_zh}。",
                field=name,
                value=value,
                allowed=allowed_en,
            )


def _no_route(settings: CostSettings, destination: str) -> InputError:
    served = {d for line in settings.cards.lines for d in line.destinations}
    served |= {lane.destination for lane in settings.cards.bulk}
    allowed = ", ".join(sorted(served)) or "(none)"
    return InputError(
        f"No line or bulk lane serves destination {destination!r}; served: {allowed}.",
        f"没有线路到达目的地 {destination!r};可选目的地:{allowed}。",
        field="destination",
        value=destination,
        allowed=allowed,
    )


def _duty_total(
    parcel: _Parcel, units: int, consignment: float, rule: DutyRule | None, fx: float
) -> float:
    if rule is None or parcel.goods_cny is None:
        return 0.0
    per_unit = fk.duty_cny(np.array([parcel.goods_cny]), consignment, rule, fx)[0]
    return float(per_unit) * units


def _price_parcel(
    line: ParcelLine,
    destination: str,
    units: int,
    deadline: int,
    parcel: _Parcel,
    rule: DutyRule | None,
    duty_fx: float,
) -> FreightOption:
    rate = line.rate_for(destination)
    chargeable = fk.parcel_chargeable_g(
        np.array([parcel.weight_g]), np.array([parcel.volume_cm3]), line
    )
    freight = float(fk.parcel_freight_cny(chargeable, rate.per_kg_cny, rate.registration_cny)[0])
    available = parcel.weight_g <= line.max_weight_g
    note_en = "" if available else f"over the line's {line.max_weight_g:g} g limit"
    note_zh = "" if available else f"超过该线路 {line.max_weight_g:g} 克上限"
    return _option(
        option_id=line.id,
        kind="parcel",
        name_zh=line.name_zh,
        name_en=line.name_en,
        units=units,
        deadline=deadline,
        freight=freight * units,
        fulfilment=0.0,
        # a DDP rate already includes the duty: never add it on top
        duty=0.0 if rate.duty_included else _duty_total(parcel, units, 1.0, rule, duty_fx),
        days=(rate.transit_days_min, rate.transit_days_max),
        available=available,
        notes=(note_en, note_zh),
    )


def _price_bulk(
    lane: BulkLane,
    units: int,
    deadline: int,
    parcel: _Parcel,
    rule: DutyRule | None,
    duty_fx: float,
) -> FreightOption:
    freight = float(fk.bulk_shipment_cny(float(units), parcel.weight_g, parcel.volume_cm3, lane))
    # sea is charged by volume: without a size it cannot be priced
    available = not (lane.mode == "sea" and np.isnan(parcel.volume_cm3))
    note_en = "" if available else "needs the packed size (sea freight is charged by volume)"
    note_zh = "" if available else "需要包装尺寸(海运按体积计费)"
    return _option(
        option_id=lane.id,
        kind=lane.mode,
        name_zh=lane.name_zh,
        name_en=lane.name_en,
        units=units,
        deadline=deadline,
        freight=freight if available else np.nan,
        fulfilment=lane.fulfilment_per_unit_cny * units,
        duty=_duty_total(parcel, units, float(units), rule, duty_fx),
        days=(lane.transit_days_min, lane.transit_days_max),
        available=available,
        notes=(note_en, note_zh),
    )


def _option(
    *,
    option_id: str,
    kind: OptionKind,
    name_zh: str,
    name_en: str,
    units: int,
    deadline: int,
    freight: float,
    fulfilment: float,
    duty: float,
    days: tuple[int, int],
    available: bool,
    notes: tuple[str, str],
) -> FreightOption:
    total = freight + fulfilment + duty
    return FreightOption(
        id=option_id,
        kind=kind,
        name_zh=name_zh,
        name_en=name_en,
        freight_cny=round(freight, 2),
        fulfilment_cny=round(fulfilment, 2),
        duty_cny=round(duty, 2),
        total_cny=round(total, 2),
        per_unit_cny=round(total / units, 4),
        days_min=days[0],
        days_max=days[1],
        meets_deadline=available and days[1] <= deadline,
        available=available,
        note_en=notes[0],
        note_zh=notes[1],
    )


def _pick(options: list[FreightOption]) -> FreightOption | None:
    candidates = [o for o in options if o.meets_deadline]
    return min(candidates, key=lambda o: (o.total_cny, o.days_max), default=None)


def _reason(
    options: list[FreightOption], winner: FreightOption | None, deadline: int, with_duty: bool
) -> tuple[str, str]:
    duty_en = "" if with_duty else " Duty not included (no goods value given)."
    duty_zh = "" if with_duty else " 未计关税(未提供货值)。"
    if winner is None:
        fastest = min((o for o in options if o.available), key=lambda o: o.days_max, default=None)
        if fastest is None:
            return "No option can carry this parcel.", "没有线路能承运此包裹。"
        return (
            f"No option arrives within {deadline} days; the fastest is {fastest.name_en} "
            f"({fastest.days_min}–{fastest.days_max} days, ¥{fastest.total_cny:,.2f}).{duty_en}",
            f"没有线路能在 {deadline} 天内送达;最快的是{fastest.name_zh}"
            f"({fastest.days_min}–{fastest.days_max} 天,¥{fastest.total_cny:,.2f})。{duty_zh}",
        )
    kind_en, kind_zh = KIND_LABELS[winner.kind]
    en = (
        f"{winner.name_en} ({kind_en}) wins: ¥{winner.total_cny:,.2f} in total, "
        f"¥{winner.per_unit_cny:,.2f} a unit, {winner.days_min}–{winner.days_max} days "
        f"within the {deadline}-day deadline."
    )
    zh = (
        f"{winner.name_zh}({kind_zh})胜出:总计 ¥{winner.total_cny:,.2f},"
        f"每件 ¥{winner.per_unit_cny:,.2f},{winner.days_min}–{winner.days_max} 天,"
        f"在 {deadline} 天期限内。"
    )
    runner = next((o for o in options if o.meets_deadline and o.id != winner.id), None)
    if runner is not None:
        gap = runner.total_cny - winner.total_cny
        en += f" Next: {runner.name_en} at ¥{runner.total_cny:,.2f} (¥{gap:,.2f} more)."
        zh += f" 其次:{runner.name_zh} ¥{runner.total_cny:,.2f}(贵 ¥{gap:,.2f})。"
    slow = [
        o
        for o in options
        if o.available and not o.meets_deadline and o.total_cny < winner.total_cny
    ]
    if slow:
        en += (
            " Cheaper but too slow: "
            + ", ".join(f"{o.name_en} ({o.days_max} days)" for o in slow)
            + "."
        )
        zh += " 更便宜但太慢:" + "、".join(f"{o.name_zh}({o.days_max} 天)" for o in slow) + "。"
    return en + duty_en, zh + duty_zh
