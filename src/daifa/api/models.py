"""Personal API tokens, stored hashed: the plain token is shown once, at creation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One personal token of a user: ``daifa_<prefix>_<secret>``.

    Only ``prefix`` (to find the row and to name the token in lists) and a salted
    SHA-256 of the whole token are kept; the token has 256 random bits, so a
    fast hash is enough (no guessing from the hash), and the salt makes two
    databases' hashes of one token differ.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)
    # Written at most once a minute (see daifa.api.tokens): each write is a
    # database write, and SQLite serialises them.
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"
