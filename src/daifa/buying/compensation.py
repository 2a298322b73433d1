"""What an agreement gives for a claim: the amount, the inputs and the formula, in zh and en.

Pure functions of the agreement's terms (:mod:`daifa.buying.terms`) and the order's
facts, so a test can put the same numbers through a hand computation. Amounts are
``Decimal`` yuan rounded to the fen (half up, as money is).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

FEN = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)

CLAIM_TYPES = (
    "late_pickup",
    "quality",
    "wrong_item",
    "missing_item",
    "damaged",
    "not_as_described",
)
# Claim types settled as a quality problem: supplier pays freight both ways, plus refund or reship.
QUALITY_LIKE = ("quality", "damaged", "not_as_described")
WRONG_OR_MISSING = ("wrong_item", "missing_item")


def money(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Computed:
    """An amount with the reason for it, so the claim message can quote the clause."""

    amount: Decimal
    formula_en: str
    formula_zh: str
    # When nothing is owed *yet* but will be if the supplier misses this time (reship).
    due_if_late_at: datetime | None = None
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimFacts:
    """What a claim computation needs from the order and the claim."""

    order_value: Decimal  # 实付款 (or goods + freight) in yuan
    paid_at: datetime | None = None
    pickup_due_at: datetime | None = None
    picked_up_at: datetime | None = None
    reported_at: datetime | None = None  # when the supplier was told (wrong/missing)
    reshipped_at: datetime | None = None
    outbound_freight: Decimal = ZERO  # freight the buyer paid on the order (运费)
    return_freight: Decimal = ZERO  # freight the buyer paid to send the goods back
    refund_goods: Decimal = ZERO  # value of the affected goods when the remedy is a refund
    remedy: str = "refund"  # refund / reship / exchange


def hours_late(due: datetime, done: datetime | None, now: datetime) -> float:
    """Hours past ``due`` at ``done`` (or ``now`` while still not done); 0 when in time."""
    end = done if done is not None else now
    return max(0.0, (end - due).total_seconds() / 3600.0)


def late_pickup(terms: dict[str, Any], facts: ClaimFacts, now: datetime) -> Computed:
    """Compensation for a pickup (揽收) later than ``pickup_hours`` after payment."""
    due = facts.pickup_due_at
    if due is None and facts.paid_at is not None:
        due = facts.paid_at + timedelta(hours=int(terms["pickup_hours"]))
    if due is None:
        return Computed(ZERO, "not paid yet: no pickup clock", "尚未付款，揽收时限未开始计算")
    late = hours_late(due, facts.picked_up_at, now)
    value = facts.order_value
    cap = Decimal(terms["late_cap_pct"])
    inputs = {"hours_late": round(late, 2), "order_value": str(value), "cap_pct": str(cap)}
    if late <= 0:
        return Computed(ZERO, "picked up in time", "按时揽收", inputs=inputs)
    if terms["late_mode"] == "percent":
        pct = min(Decimal(terms["late_rate_pct"]), cap)
        amount = money(value * pct / HUNDRED)
        return Computed(
            amount,
            f"{pct} % × order value ¥{value} (picked up {late:.1f} h late) = ¥{amount}",
            f"订单金额 ¥{value} × {pct}%（逾期揽收 {late:.1f} 小时）= ¥{amount}",
            inputs={**inputs, "rate_pct": str(pct)},
        )
    # Daily rate: every started day of delay counts as a whole day (the clause says so).
    days = math.ceil(late / 24.0)
    daily = Decimal(terms["late_daily_pct"])
    pct = min(daily * days, cap)
    amount = money(value * pct / HUNDRED)
    return Computed(
        amount,
        f"min({days} day(s) × {daily} %, cap {cap} %) = {pct} % × order value ¥{value} = ¥{amount}",
        f"min（{days} 天 × {daily}%，上限 {cap}%）= {pct}% × 订单金额 ¥{value} = ¥{amount}",
        inputs={**inputs, "days_late": days, "daily_pct": str(daily)},
    )


def wrong_or_missing(terms: dict[str, Any], facts: ClaimFacts, now: datetime) -> Computed:
    """Nothing if reshipped within ``reship_hours`` of the report, else ``late_reship_pct``."""
    if facts.reported_at is None:
        return Computed(ZERO, "not reported to the supplier yet", "尚未通知供应商")
    due = facts.reported_at + timedelta(hours=int(terms["reship_hours"]))
    pct = Decimal(terms["late_reship_pct"])
    value = facts.order_value
    inputs = {"reship_due": due.isoformat(), "order_value": str(value), "rate_pct": str(pct)}
    if facts.reshipped_at is not None and facts.reshipped_at <= due:
        return Computed(ZERO, "reshipped in time", "已按时补发", inputs=inputs)
    if facts.reshipped_at is None and now <= due:
        return Computed(
            ZERO,
            f"reship due by {due:%Y-%m-%d %H:%M}; after that {pct} % of the order value",
            f"应在 {due:%Y-%m-%d %H:%M} 前补发；逾期按订单金额 {pct}% 赔偿",
            due_if_late_at=due,
            inputs=inputs,
        )
    amount = money(value * pct / HUNDRED)
    return Computed(
        amount,
        f"not reshipped within {terms['reship_hours']} h: "
        f"{pct} % × order value ¥{value} = ¥{amount}",
        f"未在 {terms['reship_hours']} 小时内补发：订单金额 ¥{value} × {pct}% = ¥{amount}",
        inputs=inputs,
    )


def quality(terms: dict[str, Any], facts: ClaimFacts, now: datetime) -> Computed:
    """Freight both ways, plus the refunded goods when the remedy is a refund (else reship)."""
    freight = money(facts.outbound_freight + facts.return_freight)
    refund = money(facts.refund_goods) if facts.remedy == "refund" else ZERO
    amount = freight + refund
    inputs = {
        "outbound_freight": str(facts.outbound_freight),
        "return_freight": str(facts.return_freight),
        "refund_goods": str(refund),
        "remedy": facts.remedy,
    }
    if facts.remedy == "refund":
        return Computed(
            amount,
            f"freight both ways ¥{facts.outbound_freight} + ¥{facts.return_freight} "
            f"+ refund ¥{refund} = ¥{amount}",
            f"往返运费 ¥{facts.outbound_freight} + ¥{facts.return_freight} "
            f"+ 退款 ¥{refund} = ¥{amount}",
            inputs=inputs,
        )
    return Computed(
        amount,
        f"freight both ways ¥{facts.outbound_freight} + ¥{facts.return_freight} = ¥{amount}, "
        "and conforming goods reshipped",
        f"往返运费 ¥{facts.outbound_freight} + ¥{facts.return_freight} = ¥{amount}，并补发合格品",
        inputs=inputs,
    )


def compute(kind: str, terms: dict[str, Any], facts: ClaimFacts, now: datetime) -> Computed:
    """The compensation the agreement gives for a claim of ``kind``."""
    if kind == "late_pickup":
        return late_pickup(terms, facts, now)
    if kind in WRONG_OR_MISSING:
        return wrong_or_missing(terms, facts, now)
    if kind in QUALITY_LIKE:
        return quality(terms, facts, now)
    raise ValueError(f"unknown claim type {kind!r}")
