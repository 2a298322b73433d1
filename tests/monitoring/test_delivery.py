"""Alerts reach a fake webhook on loopback exactly once per event, across worker restarts."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from daifa.monitoring.delivery import LEASE, apprise_notify, deliveries_send
from daifa.monitoring.models import Delivery, MonitorSettings
from daifa.monitoring.services import alerts_evaluate, settings_save
from tests.monitoring.conftest import order_rows
from tests.monitoring.test_alerts import N, first_breaching_returns


class Hook:
    """A webhook on 127.0.0.1 that records every JSON body; can be told to fail."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.fail = 0  # how many of the next requests answer 500
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if hook.fail:
                    hook.fail -= 1
                    self.send_response(500)
                else:
                    hook.bodies.append(json.loads(body))
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    h = Hook()
    yield h
    h.stop()


@pytest.fixture
def breach(personas, screened, no_decay, store):
    store(order_rows("S-BEST", N, returns=first_breaching_returns(N)))
    rows = order_rows("S-CHEAP", 1, days_ago=2)
    rows[0].update(picked_up_at=None, status=None)  # an overdue pickup too
    store(rows)
    return alerts_evaluate(workspace=personas.workspace)


def test_each_alert_reaches_the_webhook_exactly_once(personas, hook, breach):
    ws = personas.workspace
    settings_save(workspace=ws, notify_url=hook.url)
    assert len(breach) == 2
    assert deliveries_send(workspace=ws, notify=apprise_notify)["sent"] == 2
    # A second worker, and the first again (a restart): nothing more to send.
    assert deliveries_send(workspace=ws, worker="other")["sent"] == 0
    assert deliveries_send(workspace=ws)["sent"] == 0
    alerts_evaluate(workspace=ws)  # the same events again: no new alerts
    assert deliveries_send(workspace=ws)["sent"] == 0
    assert len(hook.bodies) == 2
    titles = sorted(b["title"] for b in hook.bodies)
    assert any("breaches its threshold" in t for t in titles)
    assert any("Clopper" in b["message"] and "规则 Rule: kpi_breach" in b["message"]
               for b in hook.bodies)  # fmt: skip


def test_a_failed_delivery_is_kept_and_retried_once_it_works(personas, hook, breach):
    ws = personas.workspace
    settings_save(workspace=ws, notify_url=hook.url)
    hook.fail = 2
    assert deliveries_send(workspace=ws)["failed"] == 2
    assert hook.bodies == []
    failed = Delivery.objects.filter(state=Delivery.State.FAILED)
    assert failed.count() == 2 and all(d.last_error for d in failed)
    # Not before the backoff...
    assert deliveries_send(workspace=ws)["sent"] == 0
    # ...then once each.
    later = timezone.now() + timedelta(hours=1)
    assert deliveries_send(workspace=ws, now=later)["sent"] == 2
    assert deliveries_send(workspace=ws, now=later + timedelta(hours=1))["sent"] == 0
    assert len(hook.bodies) == 2


def test_a_worker_killed_mid_send_leaves_nothing_lost_or_doubled(personas, hook, breach):
    ws = personas.workspace
    settings_save(workspace=ws, notify_url=hook.url)
    # A worker claimed one row and died before calling the channel.
    row = Delivery.objects.order_by("id").first()
    claimed_at = timezone.now()
    Delivery.objects.filter(pk=row.pk).update(
        state=Delivery.State.SENDING, claimed_by="dead", claimed_at=claimed_at
    )
    # The new worker sends the other at once, and leaves the claimed one alone...
    assert deliveries_send(workspace=ws, worker="new")["sent"] == 1
    # ...until the dead worker's lease has run out.
    assert deliveries_send(workspace=ws, worker="new", now=claimed_at + LEASE / 2)["sent"] == 0
    assert deliveries_send(workspace=ws, worker="new", now=claimed_at + 2 * LEASE)["sent"] == 1
    assert len(hook.bodies) == 2
    assert len({b["title"] for b in hook.bodies}) == 2


def test_two_workers_never_send_the_same_row(personas, breach):
    ws = personas.workspace
    settings_save(workspace=ws, notify_url="json://127.0.0.1:9/")
    sent: list[str] = []

    def racing(url, title, body):
        # While this worker sends, another one runs through the outbox.
        if not sent:
            sent.append(title)
            deliveries_send(workspace=ws, worker="b", notify=record)
        else:
            sent.append(title)
        return True

    def record(url, title, body):
        sent.append(title)
        return True

    deliveries_send(workspace=ws, worker="a", notify=racing)
    assert sorted(sent) == sorted(set(sent)) and len(sent) == 2


def test_without_a_channel_alerts_wait_and_go_once_one_is_set(client, personas, hook, breach):
    ws = personas.workspace
    assert deliveries_send(workspace=ws)["skipped"] == 2
    client.force_login(personas.alice)
    response = client.post(
        f"/monitoring/w/{ws.pk}/settings/",
        {
            "window_days": 180,
            "half_life_days": "",
            "clean_orders_to_exit": 10,
            "quantity": 50,
            "kpi_breach": "on",
            "overdue_pickup": "on",
            "notify_url": hook.url,
        },  # fmt: skip
    )
    assert response.status_code == 302
    assert deliveries_send(workspace=ws)["sent"] == 2
    assert len(hook.bodies) == 2


def test_the_url_is_stored_encrypted_and_never_shown(client, personas, hook):
    ws = personas.workspace
    secret = hook.url + "?token=very-secret-token"
    settings_save(workspace=ws, notify_url=secret)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT notify_url FROM monitoring_monitorsettings")
        (raw,) = cursor.fetchone()
    assert raw.startswith("fernet1:") and "very-secret-token" not in raw
    assert MonitorSettings.objects.get(workspace=ws).notify_url == secret
    client.force_login(personas.alice)
    page = client.get(f"/monitoring/w/{ws.pk}/settings/").content.decode()
    assert "very-secret-token" not in page and "127.0.0.1" not in page
    assert "very-secret-token" not in repr(MonitorSettings.objects.get(workspace=ws))
