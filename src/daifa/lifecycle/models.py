"""Where a supplier stands with the seller: candidate → verifying → approved →
probation → blocked (and back). The current stage is one row per supplier; every
change is kept as a ``StageChange`` with who, when and why, so the timeline on the
supplier page is the history itself, never a summary of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daifa.accounts.models import Workspace
from daifa.catalog.models import Supplier
from daifa.text import Text


class Stage(models.TextChoices):
    CANDIDATE = "candidate", _("candidate")
    VERIFYING = "verifying", _("verifying")
    APPROVED = "approved", _("approved")
    PROBATION = "probation", _("on probation")
    BLOCKED = "blocked", _("blocked")


class SupplierStage(models.Model):
    """The supplier's current stage (no row = candidate)."""

    supplier = models.OneToOneField(
        Supplier, models.CASCADE, primary_key=True, related_name="lifecycle_stage"
    )
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.CANDIDATE)
    # The change that put it there: its reason (and override) stay visible.
    change = models.ForeignKey("StageChange", models.SET_NULL, null=True, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "stage"])]


class StageChange(models.Model):
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="+")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=10, choices=Stage.choices)
    to_stage = models.CharField(max_length=10, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    # A reason daifa wrote (monitoring, a check begun) is kept in both languages:
    # ``reason`` is its 简体中文, this its English, so each page shows its own. A
    # reason the seller typed is theirs, in their words, and leaves this blank.
    reason_en = models.TextField(blank=True)
    # Approved although the latest screening had gates not passed: the reason
    # says why, and the badge keeps saying "override" until the next change.
    override = models.BooleanField(default=False)
    # The gates that were not passed when an override was given (ids), kept so
    # the timeline can say what was overridden.
    open_gates = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    @property
    def reason_text(self) -> Text:
        """The reason as one bilingual phrase (the seller's own words read the same in both)."""
        return Text(zh=self.reason, en=self.reason_en or self.reason)

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang`` ("zh" or "en")."""
        return self.reason_text.get(lang)
