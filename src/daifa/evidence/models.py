"""Files that back a check: photos, chat screenshots, certificates (PDF).

The bytes live under the data directory by content hash (one copy however often
they are attached); a row per workspace says who uploaded what, so a file is
served only to that workspace's members."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from daifa.accounts.models import Workspace


class EvidenceFile(models.Model):
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="evidence_files")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    # Sniffed from the bytes, never taken from the upload's name or header.
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "sha256"], name="evidence_unique_content")
        ]
        ordering = ["-uploaded_at", "-id"]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    def __str__(self) -> str:
        return self.original_name or self.sha256[:12]
