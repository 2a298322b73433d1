"""1688 credentials, the order journal and synced orders of a workspace.

The app secret and the buyer tokens are stored encrypted (daifa.sourcing.secrets)
in a database file only the seller can read (0600). They are never rendered into
a page, a form's initial value, a log line, an exception or a ``repr``.
"""

from __future__ import annotations

from typing import cast

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer, Supplier
from daifa.sources.open1688 import Attempt, Token
from daifa.sources.open1688.orders import Outcome
from daifa.sourcing.secrets import SealedField

PLACED_OUTCOMES = ("created", "found")


class Open1688Account(models.Model):
    """The 1688 Open Platform app a workspace calls the gateway with."""

    workspace = models.OneToOneField(Workspace, models.CASCADE, related_name="open1688_account")
    app_key = models.CharField(_("app key"), max_length=64)
    app_secret = SealedField()
    orders_synced_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"1688 app {self.app_key}"

    def __repr__(self) -> str:
        # The default repr would call __str__, which is safe; this pins it.
        return f"<Open1688Account workspace={self.workspace_id} app_key={self.app_key!r}>"

    @property
    def has_secret(self) -> bool:
        return bool(self.app_secret)


class BuyerToken(models.Model):
    """The OAuth token of the buyer account connected to an app."""

    account = models.OneToOneField(Open1688Account, models.CASCADE, related_name="buyer_token")
    access_token = SealedField()
    refresh_token = SealedField(blank=True)
    expires_at = models.DateTimeField()
    refresh_expires_at = models.DateTimeField(null=True, blank=True)
    member_id = models.CharField(max_length=100, blank=True)
    ali_id = models.CharField(max_length=100, blank=True)
    resource_owner = models.CharField(_("buyer account"), max_length=100, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"1688 buyer {self.resource_owner or self.member_id or '?'}"

    def __repr__(self) -> str:
        return f"<BuyerToken account={self.account_id} expires_at={self.expires_at!s}>"

    def as_token(self) -> Token:
        return Token(
            access_token=self.access_token,
            refresh_token=self.refresh_token or None,
            expires_at=self.expires_at,
            refresh_expires_at=self.refresh_expires_at,
            member_id=self.member_id or None,
            ali_id=self.ali_id or None,
            resource_owner=self.resource_owner or None,
        )

    def take(self, token: Token) -> None:
        """Copy ``token``'s fields onto this row (the caller saves)."""
        self.access_token = token.access_token
        self.refresh_token = token.refresh_token or ""
        self.expires_at = token.expires_at
        self.refresh_expires_at = token.refresh_expires_at
        self.member_id = token.member_id or ""
        self.ali_id = token.ali_id or ""
        self.resource_owner = token.resource_owner or ""


class OrderAttempt(models.Model):
    """One line of the order journal (see daifa.sourcing.journal).

    Two partial unique constraints keep an order from happening twice, even
    across processes: one placed order per reference, and at most one attempt
    in flight (``open``) per reference.
    """

    class Outcome(models.TextChoices):
        STARTED = "started", _("sent")
        CREATED = "created", _("created")
        FOUND = "found", _("found on 1688")
        UNKNOWN = "unknown", _("outcome unknown")
        REFUSED = "refused", _("refused")
        RATE_LIMITED = "rate_limited", _("rate limited")

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="order_attempts")
    reference = models.CharField(_("reference"), max_length=64)
    request_hash = models.CharField(max_length=64)
    number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    at = models.DateTimeField()
    order_ids = models.JSONField(default=list)
    error_code = models.CharField(max_length=100, blank=True)
    detail = models.TextField(blank=True)
    # Set on a "started" line while its call is in flight; `holder` names the
    # journal (one per place_order call) that holds it.
    open = models.BooleanField(default=False)
    holder = models.CharField(max_length=32, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "reference"],
                condition=Q(outcome__in=PLACED_OUTCOMES),
                name="order_placed_once_per_reference",
            ),
            models.UniqueConstraint(
                fields=["workspace", "reference"],
                condition=Q(open=True),
                name="order_one_attempt_in_flight",
            ),
        ]
        ordering = ["recorded_at", "id"]

    def as_attempt(self) -> Attempt:
        return Attempt(
            reference=self.reference,
            request_hash=self.request_hash,
            number=self.number,
            outcome=cast(Outcome, self.outcome),  # a choice of Outcome's values
            at=self.at,
            order_ids=tuple(self.order_ids),
            error_code=self.error_code or None,
            detail=self.detail,
        )


class PurchaseOrder(models.Model):
    """A buyer order: synced from 1688 (``getBuyerOrderList``), imported from the buyer
    order export or a plain orders sheet, or recorded by hand. Amounts in CNY (yuan).

    ``status`` keeps the platform's own word (e.g. ``waitsellersend``, 交易成功); the
    timeline is the ``*_at`` times, which is what the SLA clocks and the KPIs read.
    """

    class Source(models.TextChoices):
        SYNC = "sync", _("synced from 1688")
        EXPORT = "export", _("1688 order export")
        SHEET = "sheet", _("orders sheet")
        MANUAL = "manual", _("recorded by hand")

    class CancelReason(models.TextChoices):
        # "no stock" is the supplier selling what it did not have: the oversell KPI counts it.
        NO_STOCK = "no_stock", _("supplier out of stock")
        SUPPLIER = "supplier", _("cancelled by the supplier")
        BUYER = "buyer", _("cancelled by the buyer")
        PRICE = "price", _("price changed")
        UNPAID = "unpaid", _("not paid in time")
        OTHER = "other", _("other")

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="purchase_orders")
    order_id = models.CharField(_("1688 order id"), max_length=40)
    supplier = models.ForeignKey(
        Supplier, models.SET_NULL, null=True, blank=True, related_name="purchase_orders"
    )
    seller_login_id = models.CharField(_("seller"), max_length=100, blank=True)
    seller_member_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    refund_status = models.CharField(max_length=40, blank=True)
    total_cny = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    goods_cny = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    shipping_fee_cny = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    discount_cny = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    refund_cny = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    out_order_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    modified_at = models.DateTimeField(null=True, blank=True)
    raw = models.JSONField(default=dict)
    synced_at = models.DateTimeField()
    # Where the row came from, and what was ordered.
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.SYNC
    )
    offer = models.ForeignKey(
        Offer, models.SET_NULL, null=True, blank=True, related_name="purchase_orders"
    )
    title = models.CharField(_("product title"), max_length=500, blank=True)
    sku = models.CharField(_("SKU / spec"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit_price_cny = models.DecimalField(
        _("unit price (CNY)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    ship_to = models.TextField(_("dropship address"), blank=True)
    payment_method = models.CharField(_("payment method"), max_length=40, blank=True)
    remark = models.TextField(_("order remark"), blank=True)
    # The terms the order was placed under; the pickup clock and claims read them.
    agreement = models.ForeignKey(
        "buying.Agreement", models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    # The rest of the timeline (created_at, paid_at, shipped_at, received_at are above).
    pickup_due_at = models.DateTimeField(_("pickup due"), null=True, blank=True)
    picked_up_at = models.DateTimeField(_("picked up (揽收)"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("cancel reason"), max_length=10, choices=CancelReason.choices, blank=True
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    disputed = models.BooleanField(_("disputed"), default=False)
    after_sales_days = models.FloatField(_("after-sales days"), null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_no = models.CharField(_("tracking number"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "order_id"], name="purchase_order_unique_in_workspace"
            )
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.order_id


class Refund(models.Model):
    """A refund or return request synced from 1688. Amounts in CNY (yuan)."""

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="refunds")
    refund_id = models.CharField(_("refund id"), max_length=40)
    purchase_order = models.ForeignKey(
        PurchaseOrder, models.SET_NULL, null=True, blank=True, related_name="refunds"
    )
    order_id = models.CharField(_("1688 order id"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    product_name = models.CharField(max_length=500, blank=True)
    apply_cny = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    refunded_cny = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    modified_at = models.DateTimeField(null=True, blank=True)
    raw = models.JSONField(default=dict)
    synced_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "refund_id"], name="refund_unique_in_workspace"
            )
        ]
        ordering = ["-applied_at", "-id"]

    def __str__(self) -> str:
        return self.refund_id
