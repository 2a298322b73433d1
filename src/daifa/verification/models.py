"""Verification as records: each check the screening asks for (a stock probe, a
test order, a sample, a certificate, a question to the supplier) with its status,
due date, who did it and when, the evidence files, and what it wrote to the
supplier's facts. Quotes are kept per offer for the negotiation history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from daifa.accounts.models import Workspace
from daifa.catalog.models import Observation, Offer, Supplier
from daifa.evidence.models import EvidenceFile


class CheckType(models.TextChoices):
    STOCK_PROBE = "stock_probe", _("second-account stock probe")
    TEST_ORDER = "test_order", _("test order")
    SAMPLE_ORDER = "sample_order", _("sample order")
    SAMPLE_TEST = "sample_test", _("sample test")
    CERTIFICATE = "certificate", _("certificates")
    INQUIRY = "inquiry", _("questions to the supplier")


class CheckStatus(models.TextChoices):
    TODO = "todo", _("to do")
    WAITING = "waiting", _("waiting for the supplier")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


OPEN = (CheckStatus.TODO, CheckStatus.WAITING)


class Check(models.Model):
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="checks")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="checks")
    offer = models.ForeignKey(Offer, models.CASCADE, null=True, blank=True, related_name="checks")
    type = models.CharField(max_length=20, choices=CheckType.choices)
    # For questions: which group of questions (one message asks them all).
    topic = models.CharField(max_length=30, blank=True)
    # The criteria this check answers (ids), as the screening asked for them.
    criteria = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=CheckStatus.choices, default=CheckStatus.TODO)
    due = models.DateField(null=True, blank=True)
    skip_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the question was sent / the order paid: the supplier has the ball.
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # What the seller entered in the check's form (answers, times, items)...
    data = models.JSONField(default=dict, blank=True)
    # ...what it meant for the criteria (the values written), and the verdict.
    values = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=10, blank=True)  # pass / fail / partial
    observation = models.ForeignKey(
        Observation, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence = models.ManyToManyField(EvidenceFile, blank=True, related_name="checks")
    # A passed sample test is the reference sample later quality claims compare against.
    is_reference = models.BooleanField(default=False)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "type", "topic"],
                condition=Q(status__in=["todo", "waiting"]),
                name="one_open_check_per_kind",
            )
        ]
        indexes = [models.Index(fields=["workspace", "status", "type"])]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class SampleItem(models.Model):
    """One line of a sample test: what was measured against which limit, with a photo."""

    check_record = models.ForeignKey(Check, models.CASCADE, related_name="items")
    key = models.CharField(max_length=40)
    measured = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True)
    note = models.CharField(max_length=500, blank=True)
    photo = models.ForeignKey(
        EvidenceFile, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["check_record", "key"], name="sample_item_once")
        ]


class Certificate(models.Model):
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="certificates")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="certificates")
    offer = models.ForeignKey(Offer, models.CASCADE, null=True, blank=True, related_name="+")
    check_record = models.ForeignKey(
        Check, models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    kind = models.CharField(max_length=40)
    number = models.CharField(max_length=100)
    issuer = models.CharField(max_length=200)
    valid_until = models.DateField()
    file = models.ForeignKey(EvidenceFile, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_until", "id"]


class Quote(models.Model):
    """A supplier's quote for one offer: the negotiation history stays with it."""

    class Shipping(models.TextChoices):
        EXPRESS = "express", _("domestic express")
        LINE = "line", _("dedicated line")
        AIR = "air", _("air")
        SEA = "sea", _("sea")

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="quotes")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="quotes")
    offer = models.ForeignKey(Offer, models.CASCADE, related_name="quotes")
    quoted_at = models.DateField()
    quantity = models.PositiveIntegerField()
    unit_price_cny = models.DecimalField(max_digits=12, decimal_places=2)
    moq = models.PositiveIntegerField(null=True, blank=True)
    lead_time_days = models.PositiveIntegerField(null=True, blank=True)
    payment_terms = models.CharField(max_length=200, blank=True)
    shipping = models.CharField(max_length=10, choices=Shipping.choices, blank=True)
    customisation_cost_cny = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    inclusions = models.CharField(max_length=500, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-quoted_at", "-id"]
