"""Suppliers, offers and the observations behind every value.

``Supplier.facts`` / ``Offer.facts`` hold the current value of each canonical
field (JSON, see daifa.engine.schema) and ``*.fact_sources`` the id of the
Observation each one came from. Observations are never updated or deleted by
an import: a newer value adds an observation, so every value has a history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daifa.accounts.models import Workspace


class ImportBatch(models.Model):
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    stats = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created"]


class Supplier(models.Model):
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="suppliers")
    external_id = models.CharField(_("supplier id"), max_length=100)
    name = models.CharField(_("name"), max_length=255, blank=True)
    # The seller's own remarks (a 备注 column, or typed on the facts page); like
    # ``name``, a copy of the current fact ``supplier_note`` for pages and queries.
    note = models.TextField(_("notes"), blank=True)
    facts = models.JSONField(default=dict)
    fact_sources = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "external_id"], name="supplier_unique_in_workspace"
            )
        ]
        ordering = ["external_id"]

    def __str__(self) -> str:
        return self.name or self.external_id


class Offer(models.Model):
    """One product of a supplier. ``external_id`` is "" for a supplier row without an offer id."""

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="offers")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="offers")
    external_id = models.CharField(_("offer id"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True, db_index=True)
    product_group = models.CharField(_("product group"), max_length=200, blank=True, db_index=True)
    facts = models.JSONField(default=dict)
    fact_sources = models.JSONField(default=dict)
    position = models.PositiveIntegerField(default=0)  # keeps the file's row order for export
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "external_id"], name="offer_unique_per_supplier"
            )
        ]
        ordering = ["position", "id"]


class Observation(models.Model):
    """Canonical values seen together from one source at one moment."""

    # A UUID key lets an import know each observation's id before inserting it,
    # so suppliers and offers are written once with their sources.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Kind(models.TextChoices):
        FILE = "file", _("imported file")
        API = "api", _("1688 Open Platform API")
        MANUAL = "manual", _("typed by hand")
        CHECK = "check", _("seller's own check")

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="observations")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="observations")
    offer = models.ForeignKey(
        Offer, models.CASCADE, null=True, blank=True, related_name="observations"
    )
    batch = models.ForeignKey(
        ImportBatch, models.CASCADE, null=True, blank=True, related_name="observations"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    detail = models.CharField(max_length=500)
    observed_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    values = models.JSONField(default=dict)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-observed_at", "-id"]


class SalesPoint(models.Model):
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="sales")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="sales")
    offer_external_id = models.CharField(max_length=100, blank=True)
    period_start = models.DateField()
    period_days = models.PositiveIntegerField()
    units = models.FloatField()
    batch = models.ForeignKey(ImportBatch, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "offer_external_id", "period_start", "period_days"],
                name="sales_point_unique",
            )
        ]
        indexes = [
            # The supplier page's sales chart sums a supplier's daily units per
            # day (daifa.screening.charts.sales_chart): read from this index alone,
            # in day order, not row by row from the table (2-3x less CPU).
            models.Index(
                fields=["supplier", "period_days", "period_start", "units"],
                name="sales_point_daily",
            )
        ]
        ordering = ["period_start"]


class Review(models.Model):
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="reviews")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="reviews")
    offer_external_id = models.CharField(max_length=100, blank=True)
    text = models.TextField()
    rating = models.FloatField(null=True, blank=True)
    written_at = models.DateTimeField(null=True, blank=True)
    # sha1 of (offer, text, written_at): re-importing the same review adds nothing
    fingerprint = models.CharField(max_length=40)
    batch = models.ForeignKey(ImportBatch, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["supplier", "fingerprint"], name="review_unique")
        ]
        ordering = ["-written_at", "id"]


class ImportJob(models.Model):
    """An uploaded file on its way into a workspace: preview first, then import."""

    class Status(models.TextChoices):
        READING = "reading", _("reading the file")
        PREVIEWED = "previewed", _("ready to import")
        REJECTED = "rejected", _("has unreadable rows")
        QUEUED = "queued", _("waiting to import")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(max_length=255)
    path = models.CharField(max_length=500)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.READING)
    rows = models.PositiveIntegerField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)
    preview = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)  # English (and the fallback)
    error_zh = models.TextField(blank=True)
    # When a worker took the job; with the heartbeat in the cache (see
    # importers.spreadsheet.services) it tells a job still running from one whose worker died.
    started = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    @property
    def finished(self) -> bool:
        return self.status in {
            self.Status.PREVIEWED,
            self.Status.REJECTED,
            self.Status.DONE,
            self.Status.FAILED,
        }
