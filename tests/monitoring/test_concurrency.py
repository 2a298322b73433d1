"""Several workers at once on PostgreSQL (CI's second run): each alert sent once, each
watched offer checked once. (SQLite's test database is per connection: skipped there.)"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from daifa.catalog.models import Offer
from daifa.monitoring.delivery import deliveries_send
from daifa.monitoring.models import Delivery, OfferObservation
from daifa.monitoring.services import alerts_evaluate, orders_store, settings_save
from daifa.monitoring.watch import from_facts, offer_watch_set, watch_run
from tests.monitoring.conftest import order_rows

pytestmark = pytest.mark.django_db(transaction=True)


def together(target, n: int = 4) -> None:
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            target(i)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database shared by threads (PostgreSQL)")


def test_workers_racing_through_the_outbox_send_each_alert_once(postgres_only, personas, screened):
    ws = personas.workspace
    settings_save(workspace=ws, notify_url="json://127.0.0.1:9/", half_life_days=None)
    for sid in ("S-BEST", "S-CHEAP"):
        rows = order_rows(sid, 40, returns=12)
        assert orders_store(workspace=ws, rows=rows)[2] == []
    assert len(alerts_evaluate(workspace=ws)) == 2
    sent: list[str] = []
    lock = threading.Lock()

    def slow(url, title, body):
        time.sleep(0.2)
        with lock:
            sent.append(title)
        return True

    together(lambda i: deliveries_send(workspace=ws, notify=slow, worker=f"w{i}"))
    assert sorted(sent) == sorted(set(sent)) and len(sent) == 2
    assert Delivery.objects.filter(state=Delivery.State.SENT).count() == 2


def test_workers_racing_on_the_watch_check_each_offer_once(postgres_only, personas, screened):
    ws = personas.workspace
    for offer in Offer.objects.filter(workspace=ws):
        offer_watch_set(workspace=ws, offer=offer, watched=True)
    offers = Offer.objects.filter(workspace=ws).count()

    def slow(offer, quantity):
        time.sleep(0.1)
        return from_facts(offer, quantity)

    together(lambda i: watch_run(workspace=ws, fetch=slow, worker=f"w{i}"))
    assert OfferObservation.objects.count() == offers
