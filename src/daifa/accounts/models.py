from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_TIME_ZONE = "Asia/Shanghai"


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("%(value)s is not a time zone; use an IANA name such as Asia/Shanghai"),
            params={"value": value},
        ) from None


class Workspace(models.Model):
    """A seller's set of suppliers; owned by one user, shared with members."""

    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="owned_workspaces"
    )
    created = models.DateTimeField(auto_now_add=True)
    # Every date and time the workbench shows is in this zone: evidence dates,
    # history, imports, screening times (one rule, see daifa.web.middleware).
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Asia/Shanghai"),
    )
    # Bumped in the same transaction by every write that changes what the
    # screening reads (daifa.accounts.versions); cached pages are keyed on it.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    # The data version the stored screening results reflect: while it is behind
    # data_version, a re-screening is due and pages say so.
    screened_version = models.PositiveBigIntegerField(default=0, editable=False)
    # The data version a queued whole-workspace screening was asked for: while
    # it is ahead of screened_version, a supplier's own re-screening cannot
    # claim that everything is screened.
    queued_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"], name="workspace_name_unique_per_owner"
            )
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        """The workspace's time zone (the default one if the stored name is unusable)."""
        try:
            return ZoneInfo(self.time_zone or DEFAULT_TIME_ZONE)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(DEFAULT_TIME_ZONE)

    def role_of(self, user: User) -> str | None:
        if user.pk == self.owner_id:
            return Membership.Role.OWNER
        membership = self.memberships.filter(user=user).first()
        return membership.role if membership else None


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        MEMBER = "member", _("member")

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique")
        ]
