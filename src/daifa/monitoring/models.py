"""Monitoring after buying: settings and rules, alerts with their outbox, probation
records, offer watch history and screening snapshots taken at approval.

The notification URL (apprise) is stored encrypted like the 1688 credentials
(daifa.sourcing.secrets) and never rendered back into a page.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer, Supplier
from daifa.sourcing.secrets import SealedField
from daifa.text import Text

DEFAULT_RULES: dict[str, dict[str, Any]] = {
    # A KPI whose conservative bound crosses its threshold (the profile's kpi_* rule).
    "kpi_breach": {"enabled": True},
    # An order not picked up within the agreed (or the profile's) hours.
    "overdue_pickup": {"enabled": True},
    # A claim whose deadline passed (when claims exist).
    "claim_deadline": {"enabled": True},
    # A certificate expiring within `days` (when certificates exist).
    "certificate_expiry": {"enabled": True, "days": 30},
    # The offer's price at the seller's quantity up by more than `pct` %.
    "price_rise": {"enabled": True, "pct": 10.0},
    # Stock below the seller's need (`units`; 0 = the seller's quantity).
    "low_stock": {"enabled": True, "units": 0},
    # A SKU that was there before is gone.
    "sku_gone": {"enabled": True},
    # The backup supplier is not ready (when backups exist).
    "backup_not_ready": {"enabled": True},
}


# Each rule's name as the pages show it (the key stays in the data and the API).
RULE_LABELS = {
    "kpi_breach": _("KPI breach"),
    "overdue_pickup": _("overdue pickup"),
    "claim_deadline": _("claim deadline passed"),
    "certificate_expiry": _("certificate expiring"),
    "price_rise": _("price rise"),
    "low_stock": _("low stock"),
    "sku_gone": _("SKU gone"),
    "backup_not_ready": _("backup not ready"),
}


class MonitorSettings(models.Model):
    workspace = models.OneToOneField(Workspace, models.CASCADE, related_name="monitor_settings")
    window_days = models.PositiveIntegerField(_("window (days)"), default=180)
    half_life_days = models.FloatField(_("half-life (days)"), null=True, blank=True, default=60.0)
    clean_orders_to_exit = models.PositiveIntegerField(
        _("clean orders to leave probation"), default=10
    )
    quantity = models.PositiveIntegerField(_("your quantity per order"), default=50)
    rules = models.JSONField(default=dict)
    notify_url = SealedField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __repr__(self) -> str:
        return f"<MonitorSettings workspace={self.workspace_id}>"

    def rule(self, name: str) -> dict[str, Any]:
        return {**DEFAULT_RULES.get(name, {}), **(self.rules or {}).get(name, {})}

    @property
    def has_notify_url(self) -> bool:
        return bool(self.notify_url)


class Alert(models.Model):
    class State(models.TextChoices):
        UNREAD = "unread", _("unread")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        RESOLVED = "resolved", _("resolved")

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="alerts")
    # One event, one alert: the key names the rule and what it is about
    # ("kpi_breach:S-1:kpi_return_rate"), so evaluating again never repeats it.
    event_key = models.CharField(max_length=200)
    rule = models.CharField(max_length=40)
    supplier = models.ForeignKey(Supplier, models.CASCADE, null=True, blank=True)
    offer = models.ForeignKey(Offer, models.SET_NULL, null=True, blank=True)
    title_en = models.CharField(max_length=300)
    title_zh = models.CharField(max_length=300)
    evidence_en = models.TextField()
    evidence_zh = models.TextField()
    action_en = models.CharField(max_length=300)
    action_zh = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    evidence = models.JSONField(default=dict)
    state = models.CharField(max_length=12, choices=State.choices, default=State.UNREAD)
    created_at = models.DateTimeField()
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "event_key"], name="alert_once_per_event")
        ]
        ordering = ["-created_at", "-id"]

    @property
    def rule_label(self) -> str:
        return str(RULE_LABELS.get(self.rule, self.rule))

    def __str__(self) -> str:
        return self.title_en


class Delivery(models.Model):
    """The outbox: one row per alert, its delivery state kept across restarts."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will retry")
        SKIPPED = "skipped", _("no channel configured")

    alert = models.OneToOneField(Alert, models.CASCADE, related_name="delivery")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_try_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)


class Probation(models.Model):
    """Monitoring's record of a KPI-driven probation (entry and exit, with reasons)."""

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="probations")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="probations")
    kpi = models.CharField(max_length=40)
    reason_en = models.TextField()
    reason_zh = models.TextField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # Why it ended, in 简体中文 (``end_reason``) and English (``end_reason_en``).
    end_reason = models.TextField(blank=True)
    end_reason_en = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["supplier"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_probation_per_supplier",
            )
        ]
        ordering = ["-started_at"]

    @property
    def reason(self) -> Text:
        return Text(zh=self.reason_zh, en=self.reason_en)

    @property
    def end_text(self) -> Text:
        return Text(zh=self.end_reason, en=self.end_reason_en or self.end_reason)


class OfferWatch(models.Model):
    """An offer re-checked on a schedule: ordered from, or marked watched."""

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="offer_watches")
    offer = models.OneToOneField(Offer, models.CASCADE, related_name="watch")
    watched = models.BooleanField(default=True)
    next_check_at = models.DateTimeField()
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # A worker's claim: several workers never check the same offer at once.
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)


class OfferObservation(models.Model):
    """Price and stock of an offer (and SKU) at one check."""

    class Source(models.TextChoices):
        API = "api", _("1688 API")
        CAPTURE = "capture", _("captured page")
        IMPORT = "import", _("imported file")

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="offer_observations")
    offer = models.ForeignKey(Offer, models.CASCADE, related_name="observations_watched")
    sku = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField()
    source = models.CharField(max_length=10, choices=Source.choices)
    price_cny = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    stock = models.IntegerField(null=True, blank=True)
    tiers = models.JSONField(default=list)
    landed_cost_cny = models.FloatField(null=True, blank=True)
    margin_pct = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["offer_id", "sku", "at"]
        indexes = [models.Index(fields=["offer", "sku", "at"])]


class ApprovalSnapshot(models.Model):
    """The supplier's screening at approval: every criterion's status, kept for calibration."""

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="approval_snapshots")
    supplier = models.OneToOneField(Supplier, models.CASCADE, related_name="approval_snapshot")
    taken_at = models.DateTimeField()
    statuses = models.JSONField(default=dict)  # criterion id -> pass/warn/fail/unknown
    score = models.FloatField(null=True, blank=True)
    grade = models.CharField(max_length=4, blank=True)
