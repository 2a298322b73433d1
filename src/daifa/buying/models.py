"""Purchase agreements (terms as data), claims and backup suppliers.

An ``Agreement`` row is one *version* of the terms agreed with a supplier: editing an
agreement adds a new version, so an order keeps pointing at the terms it was placed under
and a claim is computed from those, not from whatever was typed later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daifa.accounts.models import Workspace
from daifa.catalog.models import Supplier


class Agreement(models.Model):
    """One version of a purchase agreement; ``terms`` is the data the clocks and claims read."""

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="agreements")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="agreements")
    # The agreement's number, shared by all its versions (e.g. "PA-20261206-01").
    reference = models.CharField(_("agreement number"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    terms = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "reference", "version"], name="agreement_version_unique"
            )
        ]
        ordering = ["reference", "-version"]

    def __str__(self) -> str:
        return f"{self.reference} v{self.version}"


class Claim(models.Model):
    """A claim against one order, its compensation computed from the order's agreement."""

    class Kind(models.TextChoices):
        LATE_PICKUP = "late_pickup", _("late pickup")
        QUALITY = "quality", _("quality problem")
        WRONG_ITEM = "wrong_item", _("wrong item")
        MISSING_ITEM = "missing_item", _("missing item")
        DAMAGED = "damaged", _("damaged")
        NOT_AS_DESCRIBED = "not_as_described", _("not as described")

    class Remedy(models.TextChoices):
        REFUND = "refund", _("refund")
        RESHIP = "reship", _("reship")
        EXCHANGE = "exchange", _("exchange")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        SENT = "sent", _("sent to the supplier")
        REPLIED = "replied", _("supplier replied")
        AGREED = "agreed", _("agreed")
        REJECTED = "rejected", _("rejected")
        SETTLED = "settled", _("settled")

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="claims")
    order = models.ForeignKey("sourcing.PurchaseOrder", models.CASCADE, related_name="claims")
    kind = models.CharField(_("claim type"), max_length=20, choices=Kind.choices)
    remedy = models.CharField(
        _("requested remedy"), max_length=10, choices=Remedy.choices, default=Remedy.REFUND
    )
    description = models.TextField(_("what happened"), blank=True)
    affected_quantity = models.PositiveIntegerField(_("pieces affected"), null=True, blank=True)
    return_freight_cny = models.DecimalField(
        _("return freight (CNY)"), max_digits=12, decimal_places=2, default=0
    )
    reported_at = models.DateTimeField(_("reported to the supplier"), null=True, blank=True)
    reshipped_at = models.DateTimeField(_("reshipped"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # The computation when last refreshed: amount and the formula in both languages.
    amount_cny = models.DecimalField(_("compensation (CNY)"), max_digits=14, decimal_places=2)
    formula_en = models.TextField(blank=True)
    formula_zh = models.TextField(blank=True)
    received_cny = models.DecimalField(
        _("received (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    evidence = models.ManyToManyField("evidence.EvidenceFile", blank=True, related_name="+")
    history = models.JSONField(default=list)  # [{"status", "at", "note"}]
    # The 1688 refund filed for this claim (createRefund); the synced sourcing.Refund
    # with this id is how its progress is followed.
    refund_id = models.CharField(_("1688 refund id"), max_length=40, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.order}"


class Product(models.Model):
    """One of the seller's own products (their SKU), supplied by a ranked list of offers."""

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="own_products")
    sku = models.CharField(_("your SKU"), max_length=100)
    name = models.CharField(_("name"), max_length=255, blank=True)
    # A backup is ready when its price is within this many % of the primary's.
    price_band_pct = models.DecimalField(
        _("price band (%)"), max_digits=5, decimal_places=1, default=15
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "sku"], name="own_product_sku_unique")
        ]
        ordering = ["sku"]

    def __str__(self) -> str:
        return self.sku


class SupplyLink(models.Model):
    """An offer that can supply a product; rank 0 is the primary, then the backups in order."""

    product = models.ForeignKey(Product, models.CASCADE, related_name="links")
    offer = models.ForeignKey("catalog.Offer", models.CASCADE, related_name="supply_links")
    rank = models.PositiveIntegerField(default=0)
    # What the seller last learned about stock (None: never asked).
    in_stock = models.BooleanField(null=True, blank=True)
    stock_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "offer"], name="supply_link_unique")
        ]
        ordering = ["rank", "id"]


class SupplySwitch(models.Model):
    """A change of primary offer for a product, with the reason (the history)."""

    product = models.ForeignKey(Product, models.CASCADE, related_name="switches")
    from_offer = models.ForeignKey(
        "catalog.Offer", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_offer = models.ForeignKey(
        "catalog.Offer", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
