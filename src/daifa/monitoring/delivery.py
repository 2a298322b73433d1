"""Sending alerts: the outbox (``Delivery``) worked through by any number of workers.

Exactly once per event, across restarts:

* an alert and its outbox row are written in one transaction, and the alert's
  event key is unique, so an event never gets two rows;
* a worker claims a row with a conditional UPDATE (state and claim as it read
  them): of two workers, one wins, the other moves on;
* the row is marked ``sent`` right after the channel accepted it; a failure is
  kept with its error and retried later (backoff), never dropped;
* a claim left by a worker that died mid-send expires after ``LEASE`` and the row
  is tried again. (Only a crash in the instant between the channel's "accepted"
  and the database's "sent" can repeat a message; nothing is ever lost.)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.monitoring.models import Alert, Delivery
from daifa.monitoring.selectors import settings_of

LEASE = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)

Notify = Callable[[str, str, str], bool]  # (url, title, body) -> accepted


def apprise_notify(url: str, title: str, body: str) -> bool:
    import apprise

    sender = apprise.Apprise()
    if not sender.add(url):
        raise ValueError("the notification URL is not one apprise understands")
    return bool(sender.notify(title=title, body=body))


def message(alert: Alert) -> tuple[str, str]:
    """Title and body, both languages (a phone has no language switch)."""
    title = f"{alert.title_zh} / {alert.title_en}"
    body = "\n".join(
        [
            f"规则 Rule: {alert.rule}",
            f"证据：{alert.evidence_zh}",
            f"Evidence: {alert.evidence_en}",
            f"下一步：{alert.action_zh}",
            f"Next: {alert.action_en}",
            *([f"Link: {alert.link}"] if alert.link else []),
        ]
    )
    return title, body


def _claim(row: Delivery, worker: str, now: datetime) -> bool:
    won = Delivery.objects.filter(
        pk=row.pk, state=row.state, claimed_by=row.claimed_by, attempts=row.attempts
    ).update(state=Delivery.State.SENDING, claimed_by=worker, claimed_at=now)
    return won == 1


def due(workspace: Workspace, now: datetime) -> QuerySet[Delivery]:
    stale = now - LEASE
    return Delivery.objects.filter(alert__workspace=workspace).filter(
        Q(state__in=[Delivery.State.PENDING, Delivery.State.FAILED], next_try_at__lte=now)
        | Q(state=Delivery.State.SENDING, claimed_at__lt=stale)
    )


def deliveries_send(
    *,
    workspace: Workspace,
    notify: Notify = apprise_notify,
    worker: str | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Send every due alert of the workspace once; counts by outcome."""
    worker = worker or uuid.uuid4().hex
    now = now or timezone.now()
    url = settings_of(workspace).notify_url
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for row in list(due(workspace, now).select_related("alert").order_by("id")):
        if not _claim(row, worker, now):
            continue  # another worker has it
        if not url:
            Delivery.objects.filter(pk=row.pk).update(state=Delivery.State.SKIPPED, claimed_by="")
            counts["skipped"] += 1
            continue
        title, body = message(row.alert)
        try:
            accepted = notify(url, title, body)
            error = "" if accepted else "the channel did not accept the message"
        except Exception as exc:  # any failure of the channel is kept and retried
            accepted, error = False, f"{type(exc).__name__}: {exc}"[:500]
        attempts = row.attempts + 1
        if accepted:
            Delivery.objects.filter(pk=row.pk, claimed_by=worker).update(
                state=Delivery.State.SENT, attempts=attempts, sent_at=timezone.now(),
                last_error="", claimed_by="",
            )  # fmt: skip
            counts["sent"] += 1
        else:
            wait = min(timedelta(minutes=2**attempts), MAX_BACKOFF)
            Delivery.objects.filter(pk=row.pk, claimed_by=worker).update(
                state=Delivery.State.FAILED, attempts=attempts, last_error=error,
                next_try_at=now + wait, claimed_by="",
            )  # fmt: skip
            counts["failed"] += 1
    return counts


def deliveries_requeue_skipped(*, workspace: Workspace) -> int:
    """A channel was just configured: the alerts held for lack of one go out now."""
    return Delivery.objects.filter(alert__workspace=workspace, state=Delivery.State.SKIPPED).update(
        state=Delivery.State.PENDING, next_try_at=timezone.now()
    )
