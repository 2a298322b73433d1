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
