"""Screening results kept beside the catalog, recomputed when data or profile change."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer, Supplier


class WorkspaceProfile(models.Model):
    """The workspace's scoring profile as TOML (empty text = the built-in default)."""

    workspace = models.OneToOneField(Workspace, models.CASCADE, related_name="profile")
    toml = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)


class ScreenRow(models.Model):
    """One screened offer row. ``is_best`` marks each supplier's best-scoring row,
    which stands for the supplier in lists and counts."""

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="screen_rows")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="screen_rows")
    offer = models.OneToOneField(Offer, models.CASCADE, related_name="screen")
    is_best = models.BooleanField(default=False)
    score = models.FloatField(null=True)
    coverage = models.FloatField()
    # score x coverage: the list's default order inside a grade, stored so an
    # index serves it (a score earned on a third of the criteria counts a third).
    known_score = models.FloatField(null=True)
    # 1 when the row fails a gate or raises a flag: such rows go after the others
    # in the list's default order and are a supplier's best row only when all are.
    caution = models.PositiveSmallIntegerField(default=0)
    grade = models.CharField(max_length=1)
    decision = models.CharField(max_length=20)
    approvable = models.BooleanField()
    blocking = models.JSONField(default=list)
    to_verify = models.JSONField(default=list)
    flags = models.JSONField(default=list)
    flag_count = models.PositiveSmallIntegerField(default=0)
    peer_group = models.CharField(max_length=200, blank=True)
    peer_rank = models.PositiveIntegerField(null=True)
    closeness = models.FloatField(null=True)
    robustness = models.FloatField(null=True)
    landed_unit_cost_cny = models.FloatField(null=True)
    # Copied from the offer so the list filters and sorts without reading JSON.
    category = models.CharField(max_length=100, blank=True)
    unit_price_cny = models.FloatField(null=True)
    moq = models.IntegerField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "is_best", "grade"]),
            models.Index(fields=["workspace", "is_best", "score"]),
            # The list's default order (the row id last, as the order's tie-break),
            # then what its filters read (flags raised, approvable, the supplier
            # a search found): a filtered list in this order reads the index alone.
            models.Index(
                fields=[
                    "workspace", "is_best", "caution", "grade", "-known_score", "id",
                    "flag_count", "approvable", "supplier",
                ],
                name="screenrow_best_order_idx",
            ),
            models.Index(fields=["workspace", "peer_group"]),
            models.Index(fields=["workspace", "category"]),
            # The supplier list's filters and sorts read only these columns: with
            # all of them in one index, counting and sorting a filtered list
            # (a grade, approvable, flags) never reads the wide rows themselves.
            models.Index(
                fields=[
                    "workspace", "is_best", "grade", "approvable", "flag_count", "caution",
                    "known_score", "score", "coverage", "supplier",
                ],
                name="screenrow_list_cover_idx",
            ),
            # The same for an offer filter (category, price, MOQ): the columns
            # that pick each supplier's best matching offer.
            models.Index(
                fields=[
                    "workspace", "category", "unit_price_cny", "moq", "caution", "score",
                    "is_best", "supplier", "offer",
                ],
                name="screenrow_offer_cover_idx",
            ),
        ]  # fmt: skip


class SupplierSearch(models.Model):
    """One supplier's searchable text for the list's ``q=`` (``daifa.screening.search``):
    name, id and offer titles, and its offer ids, each part after a separator.

    Written only by the database's triggers on the catalog tables (see
    ``daifa.screening.search.install``), never by this code: no foreign key
    constraint, and deleting a supplier leaves its row to the trigger."""

    supplier = models.OneToOneField(
        Supplier, models.DO_NOTHING, primary_key=True, db_constraint=False, related_name="+"
    )
    workspace = models.ForeignKey(
        Workspace, models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    text = models.TextField()
    offer_ids = models.TextField()

    objects: models.Manager[SupplierSearch] = models.Manager()


class ScreenExplanation(models.Model):
    """Why one screened offer got its verdict, as the supplier page shows it: the
    engine's record (criteria with status, value, threshold, points, messages and
    actions in both languages, and evidence), computed for every row when the
    workspace is screened, so that opening a supplier costs a read, not a screening.

    Kept apart from ``ScreenRow`` so that the list's scans and counts never step
    over kilobytes of explanation per row."""

    offer = models.OneToOneField(
        Offer, models.CASCADE, primary_key=True, related_name="screen_explanation"
    )
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="+")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="screen_explanations")
    # The row's place in the screening: the order in which the page lists offers.
    position = models.PositiveIntegerField()
    is_best = models.BooleanField(default=False)
    record = models.JSONField()
    # Notes the screening made about its inputs (a costing it could not do).
    notes = models.JSONField(default=list)
