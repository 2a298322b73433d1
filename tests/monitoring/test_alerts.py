"""Alerts fire only when the bound says so; probation in and out; the kpi_* criteria see orders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from daifa.catalog.models import Supplier
from daifa.monitoring import stats
from daifa.monitoring.models import Alert, Delivery, Probation
from daifa.monitoring.services import alerts_evaluate, monitor_refresh, settings_save
from daifa.screening.models import ScreenExplanation
from tests.monitoring.conftest import order_rows

N = 40


def first_breaching_returns(n: int) -> int:
    """The fewest returns in n orders whose Clopper-Pearson lower bound exceeds 5 %."""
    return next(k for k in range(n + 1) if stats.clopper_pearson(k, n)[0] > 0.05)


def test_the_kpi_alert_fires_exactly_at_the_bound(personas, screened, no_decay, store):
    ws = personas.workspace
    k = first_breaching_returns(N)
    assert stats.clopper_pearson(k - 1, N)[0] <= 0.05
    store(order_rows("S-BEST", N, returns=k - 1))
    assert [a.rule for a in alerts_evaluate(workspace=ws)] == []
    assert not Probation.objects.filter(workspace=ws).exists()
    # One more return (the same 40 orders): now even the lower bound is above 5 %.
    store(order_rows("S-BEST", N, returns=k))
    created = alerts_evaluate(workspace=ws)
    assert [a.rule for a in created] == ["kpi_breach"]
    alert = created[0]
    assert alert.supplier.external_id == "S-BEST"
    assert f"{k} of {N} orders" in alert.evidence_en and "Clopper" in alert.evidence_en
    assert alert.link.endswith(f"/suppliers/{alert.supplier_id}/")
    assert Delivery.objects.get(alert=alert).state == Delivery.State.PENDING
    assert Probation.objects.get(workspace=ws, ended_at__isnull=True).supplier == alert.supplier
    # Evaluating again raises nothing new: one event, one alert.
    assert alerts_evaluate(workspace=ws) == []
    assert Alert.objects.filter(workspace=ws).count() == 1


def test_thin_evidence_is_silent_and_says_how_many_orders_would_decide(
    personas, screened, no_decay, store
):
    ws = personas.workspace
    store(order_rows("S-BEST", 5, returns=1))  # 20 % of 5: far above 5 %, but 5 orders
    assert alerts_evaluate(workspace=ws) == []
    from daifa.monitoring.selectors import kpi_rows

    row = next(r for r in kpi_rows(ws) if r["kpi"] == "kpi_return_rate")
    assert row["status"] == "warn" and row["more_orders"] > 0


def test_clean_orders_end_the_probation(personas, screened, no_decay, store):
    ws = personas.workspace
    settings_save(workspace=ws, clean_orders_to_exit=5)
    now = datetime.now(UTC)
    store(order_rows("S-BEST", N, returns=first_breaching_returns(N), days_ago=10, now=now))
    alerts_evaluate(workspace=ws, now=now - timedelta(days=5))
    probation = Probation.objects.get(workspace=ws)
    store(order_rows("S-BEST", 4, start=1000, days_ago=1, now=now))
    alerts_evaluate(workspace=ws, now=now)
    probation.refresh_from_db()
    assert probation.ended_at is None  # 4 clean orders of 5
    store(order_rows("S-BEST", 5, start=1000, days_ago=1, now=now))
    alerts_evaluate(workspace=ws, now=now)
    probation.refresh_from_db()
    assert probation.ended_at is not None and "5 clean orders" in probation.end_text.en


def test_overdue_pickup_alerts_once_per_order(personas, screened, store):
    ws = personas.workspace
    rows = order_rows("S-CHEAP", 1, days_ago=2)
    rows[0].update(picked_up_at=None, status=None)
    store(rows)
    created = alerts_evaluate(workspace=ws)
    assert [a.rule for a in created] == ["overdue_pickup"]
    assert alerts_evaluate(workspace=ws) == []


def test_the_stored_orders_feed_the_engines_kpi_criteria(personas, screened, no_decay, store):
    ws = personas.workspace
    store(order_rows("S-BEST", N, returns=first_breaching_returns(N)))
    monitor_refresh(workspace=ws)
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    record = ScreenExplanation.objects.filter(supplier=best).first().record
    kpi = next(c for c in record["criteria"] if c["id"] == "kpi_return_rate")
    assert kpi["status"] == "fail"
    other = ScreenExplanation.objects.filter(supplier__external_id="S-CHEAP").first().record
    assert next(c for c in other["criteria"] if c["id"] == "kpi_return_rate")["status"] == "unknown"
