"""Claim amounts equal a hand computation from the agreement, for every claim type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from daifa.buying.compensation import ClaimFacts, compute
from daifa.buying.terms import TermsError, clean_terms, default_terms, legal_warnings

PAID = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
VALUE = Decimal("1250.00")


def test_late_pickup_percent_is_the_rate_times_the_order_value():
    terms = clean_terms(default_terms(late_rate_pct="8"))
    facts = ClaimFacts(order_value=VALUE, paid_at=PAID, picked_up_at=PAID + timedelta(hours=30))
    got = compute("late_pickup", terms, facts, now=PAID + timedelta(days=5))
    assert got.amount == Decimal("100.00")  # 1250 × 8 % = 100
    assert "8" in got.formula_zh and "1250" in got.formula_en


def test_late_pickup_in_time_gives_nothing():
    terms = clean_terms(default_terms())
    facts = ClaimFacts(order_value=VALUE, paid_at=PAID, picked_up_at=PAID + timedelta(hours=23))
    assert compute("late_pickup", terms, facts, now=PAID + timedelta(days=5)).amount == 0


def test_late_pickup_not_picked_up_yet_counts_to_now():
    terms = clean_terms(default_terms(late_rate_pct="5"))
    facts = ClaimFacts(order_value=VALUE, paid_at=PAID)
    assert compute("late_pickup", terms, facts, now=PAID + timedelta(hours=24)).amount == 0
    late = compute("late_pickup", terms, facts, now=PAID + timedelta(hours=25))
    assert late.amount == Decimal("62.50")  # 1250 × 5 %


def test_late_pickup_daily_counts_started_days_and_stops_at_the_cap():
    terms = clean_terms(
        default_terms(late_mode="daily", late_daily_pct="1.5", late_cap_pct="4", pickup_hours=24)
    )
    # due at +24 h; picked up at +24 h + 25 h → 25 h late = 2 started days → 3 %
    facts = ClaimFacts(order_value=VALUE, paid_at=PAID, picked_up_at=PAID + timedelta(hours=49))
    assert compute("late_pickup", terms, facts, now=PAID).amount == Decimal("37.50")
    # 4 days late → 6 %, capped at 4 % → 50
    facts = ClaimFacts(order_value=VALUE, paid_at=PAID, picked_up_at=PAID + timedelta(days=5))
    assert compute("late_pickup", terms, facts, now=PAID).amount == Decimal("50.00")


@pytest.mark.parametrize("kind", ["wrong_item", "missing_item"])
def test_wrong_or_missing_reshipped_in_time_owes_nothing_late_owes_ten_percent(kind):
    terms = clean_terms(default_terms())
    told = PAID + timedelta(days=4)
    in_time = ClaimFacts(
        order_value=VALUE, reported_at=told, reshipped_at=told + timedelta(hours=47)
    )
    assert compute(kind, terms, in_time, now=told + timedelta(days=9)).amount == 0
    waiting = ClaimFacts(order_value=VALUE, reported_at=told)
    pending = compute(kind, terms, waiting, now=told + timedelta(hours=10))
    assert pending.amount == 0 and pending.due_if_late_at == told + timedelta(hours=48)
    late = compute(kind, terms, waiting, now=told + timedelta(hours=49))
    assert late.amount == Decimal("125.00")  # 1250 × 10 %
    reshipped_late = ClaimFacts(
        order_value=VALUE, reported_at=told, reshipped_at=told + timedelta(hours=60)
    )
    assert compute(kind, terms, reshipped_late, now=told).amount == Decimal("125.00")


@pytest.mark.parametrize("kind", ["quality", "damaged", "not_as_described"])
def test_quality_is_freight_both_ways_plus_the_refund(kind):
    terms = clean_terms(default_terms())
    facts = ClaimFacts(
        order_value=VALUE,
        outbound_freight=Decimal("12.00"),
        return_freight=Decimal("15.50"),
        refund_goods=Decimal("250.00"),
        remedy="refund",
    )
    assert compute(kind, terms, facts, now=PAID).amount == Decimal("277.50")  # 12 + 15.5 + 250
    reship = ClaimFacts(
        order_value=VALUE,
        outbound_freight=Decimal("12.00"),
        return_freight=Decimal("15.50"),
        refund_goods=Decimal("250.00"),
        remedy="reship",
    )
    assert compute(kind, terms, reship, now=PAID).amount == Decimal("27.50")  # freight only


def test_terms_refuse_bad_numbers_naming_field_and_value():
    with pytest.raises(TermsError) as caught:
        clean_terms(default_terms(late_rate_pct="abc"))
    assert caught.value.field == "late_rate_pct" and "abc" in caught.value.zh
    with pytest.raises(TermsError):
        clean_terms(default_terms(pickup_hours="1.5"))
    with pytest.raises(TermsError):
        clean_terms(default_terms(late_mode="weekly"))


def test_high_penalty_warns_with_article_585():
    warnings = legal_warnings(clean_terms(default_terms(late_rate_pct="40", late_cap_pct="50")))
    assert any("585" in w.zh and "585" in w.en for w in warnings)
    assert not any("585" in w.en for w in legal_warnings(clean_terms(default_terms())))
