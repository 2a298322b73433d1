"""Re-screening some suppliers with their product groups stores exactly what a
whole-workspace screening stores (issue #12, P1): rows, best rows and explanations."""

from __future__ import annotations

import polars as pl
import pytest

from daifa.catalog.models import Supplier
from daifa.catalog.services import import_tables, supplier_record_facts
from daifa.demo import generate_demo
from daifa.screening.models import ScreenExplanation, ScreenRow
from daifa.screening.services import screening_refresh, screening_refresh_suppliers
from daifa.sources.spreadsheet import Tables


def _stored(workspace):
    rows = {r["offer_id"]: r for r in ScreenRow.objects.filter(workspace=workspace).values()}
    for r in rows.values():
        r.pop("id"), r.pop("computed_at")
    explained = {
        e["offer_id"]: e for e in ScreenExplanation.objects.filter(workspace=workspace).values()
    }
    return rows, explained


@pytest.fixture
def demo(personas):
    data = generate_demo(seed=7, suppliers=40, offers=160)
    offers = data.offers.with_columns(
        pl.lit(None, dtype=pl.String).alias("_sheet"),
        pl.int_range(2, data.offers.height + 2).alias("_row"),
    )
    import_tables(
        workspace=personas.workspace,
        tables=Tables(offers, data.sales, data.reviews),
        filename="demo.csv",
    )
    screening_refresh(workspace=personas.workspace)
    return personas.workspace


def test_a_suppliers_rescreening_equals_the_whole_workspaces(demo):
    suppliers = list(Supplier.objects.filter(workspace=demo).order_by("pk"))
    changed = suppliers[::7]
    before = _stored(demo)
    for i, supplier in enumerate(changed):
        # Facts that move the grade and the peer ranks: a failed gate for some,
        # a much better price for others.
        values = {"dropship_supported": False} if i % 2 else {"repeat_rate_pct": 90.0}
        supplier_record_facts(supplier=supplier, values=values, kind="manual", detail="t")
    assert screening_refresh_suppliers(workspace=demo, supplier_pks={s.pk for s in changed})
    incremental = _stored(demo)
    assert incremental[0] != before[0]  # the changes moved verdicts
    screening_refresh(workspace=demo)
    whole = _stored(demo)
    assert incremental[0].keys() == whole[0].keys()
    for offer, row in whole[0].items():
        assert incremental[0][offer] == row, offer
    for offer, explanation in whole[1].items():
        assert incremental[1][offer] == explanation, offer
    assert sum(r["is_best"] for r in whole[0].values()) == len(suppliers)


def test_a_peer_whose_best_row_moves_outside_the_groups_is_screened_with_its_own(demo):
    """Widening: when a change in a group moves a peer's best row back into that
    group, the peer's row in its other group (stored as its best, with the full
    explanation) must become an ordinary row again: the peer's other groups are
    screened too."""
    from collections import defaultdict

    from daifa.catalog.models import Offer

    offers = list(Offer.objects.filter(workspace=demo).exclude(product_group=""))
    groups_of, members = defaultdict(set), defaultdict(set)
    for offer in offers:
        groups_of[offer.supplier_id].add(offer.product_group)
        members[offer.product_group].add(offer.supplier_id)
    best_group = dict(
        ScreenRow.objects.filter(workspace=demo, is_best=True).values_list(
            "supplier_id", "offer__product_group"
        )
    )
    peer, group, changed = next(
        (t, best_group[t], s)
        for t, groups in sorted(groups_of.items())
        if len(groups) > 1 and best_group.get(t) in groups
        for s in sorted(members[best_group[t]] - {t})
        if not groups_of[s] & (groups - {best_group[t]})
    )
    # Make the peer's offers of that group fail a gate, screen everything (its best
    # row moves to another group), then take the change back without screening.
    in_group = [o for o in offers if o.supplier_id == peer and o.product_group == group]
    saved = {o.pk: dict(o.facts) for o in in_group}
    for offer in in_group:
        offer.facts["inventory_consistent"] = False
        offer.save()
    screening_refresh(workspace=demo)
    moved = ScreenRow.objects.get(supplier_id=peer, is_best=True)
    assert moved.offer.product_group != group
    for offer in in_group:
        offer.facts = saved[offer.pk]
        offer.save()
    assert screening_refresh_suppliers(workspace=demo, supplier_pks={changed})
    incremental = _stored(demo)
    screening_refresh(workspace=demo)
    whole = _stored(demo)
    assert ScreenRow.objects.get(supplier_id=peer, is_best=True).offer.product_group == group
    assert incremental == whole


def test_a_new_listing_is_judged_against_the_whole_workspaces_first_sales_day(demo):
    """The sales-spike rule calls a shop whose first sale came more than a week after
    the sales table's first day a new listing. That table is the workspace's, not the
    re-screened rows': a shop alone in its product group, listed 40 days ago, is a
    new listing in a re-screen of it alone as in a full screening."""
    from datetime import timedelta

    from django.db.models import Max

    from daifa.catalog.models import Offer, SalesPoint

    supplier = Supplier.objects.filter(workspace=demo, sales__isnull=False).first()
    for offer in Offer.objects.filter(supplier=supplier):  # alone in its product group
        offer.product_group = offer.facts["product_group"] = "新品独家"
        offer.save()
    last = SalesPoint.objects.filter(supplier=supplier).aggregate(day=Max("period_start"))["day"]
    SalesPoint.objects.filter(
        supplier=supplier, period_start__lt=last - timedelta(days=40)
    ).delete()
    screening_refresh(workspace=demo)
    assert _spike_reasons(supplier.pk) == {"new_listing"}  # "上架仅 41 天"
    supplier_record_facts(supplier=supplier, values={"repeat_rate_pct": 41.0}, kind="manual",
                          detail="t")  # fmt: skip
    assert screening_refresh_suppliers(workspace=demo, supplier_pks={supplier.pk})
    incremental = _stored(demo)
    assert _spike_reasons(supplier.pk) == {"new_listing"}
    screening_refresh(workspace=demo)
    assert incremental == _stored(demo)


def _spike_reasons(supplier_pk: int) -> set[str]:
    """The sales-spike finding's ``reason`` on each stored row of the supplier."""
    reasons = set()
    for record in ScreenExplanation.objects.filter(supplier_id=supplier_pk).values_list(
        "record", flat=True
    ):
        for item in record["criteria"]:
            if item["id"] == "sales_spike":
                reasons.add(item["evidence"].get("reason"))
    return reasons
