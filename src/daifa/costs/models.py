"""A workspace's own cost settings, rate cards and currency rates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daifa.accounts.models import Workspace

CARD_FIELDS = {
    "lines": "lines_toml",
    "bulk": "bulk_toml",
    "platforms": "platforms_toml",
    "duties": "duties_toml",
}


class CostProfile(models.Model):
    """The texts ``daifa.sources.ratecards`` reads, per workspace.

    An empty card or settings text means the dated example is in use. Currency rates
    are kept with the date the seller set them, so the app can say when they are old.
    """

    workspace = models.OneToOneField(Workspace, models.CASCADE, related_name="cost_profile")
    lines_toml = models.TextField(_("parcel lines (TOML)"), blank=True)
    bulk_toml = models.TextField(_("bulk sea and air (TOML)"), blank=True)
    platforms_toml = models.TextField(_("platforms (TOML)"), blank=True)
    duties_toml = models.TextField(_("duties (TOML)"), blank=True)
    settings_toml = models.TextField(_("cost settings (TOML)"), blank=True)
    currency_as_of = models.DateField(_("currency rates set on"), null=True, blank=True)
    cny_per_unit = models.JSONField(_("CNY per unit of each currency"), default=dict, blank=True)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"costs of {self.workspace}"

    def card_text(self, kind: str) -> str:
        return str(getattr(self, CARD_FIELDS[kind]))

    def set_card_text(self, kind: str, text: str) -> None:
        setattr(self, CARD_FIELDS[kind], text)

    def card_files(self) -> dict[str, str]:
        """The seller's own card texts as ``{"lines.toml": text}``; examples are left out."""
        return {
            f"{kind}.toml": self.card_text(kind)
            for kind in CARD_FIELDS
            if self.card_text(kind).strip()
        }

    @property
    def has_own_rates(self) -> bool:
        return self.currency_as_of is not None
