from __future__ import annotations

from daifa.engine.profile import Profile
from daifa.screening.models import ScreenRow, WorkspaceProfile
from daifa.screening.services import profile_save, screening_refresh


def row(external_id):
    return ScreenRow.objects.get(supplier__external_id=external_id)


def test_refresh_stores_one_row_per_offer_with_the_engine_verdicts(personas, screened):
    assert ScreenRow.objects.filter(workspace=personas.workspace).count() == 5
    assert row("S-BEST").approvable is True and row("S-BEST").grade == "A"
    assert row("S-FAIL").approvable is False and "dropship_supported" in row("S-FAIL").blocking
    assert "sales_spike" in row("S-CHEAP").flags and "template_reviews" in row("S-CHEAP").flags
    assert row("S-BEST").peer_rank == 1 and row("S-LONE").peer_rank is None
    assert row("S-MID").to_verify and "test_order_ship_hours" in row("S-MID").to_verify


def test_refresh_replaces_results_and_marks_one_best_row_per_supplier(personas, screened):
    screening_refresh(workspace=personas.workspace)
    assert ScreenRow.objects.count() == 5
    assert ScreenRow.objects.filter(is_best=True).count() == 5


def test_unknown_is_not_zero_and_coverage_says_how_much_was_known(personas, screened):
    lone = row("S-LONE")
    assert lone.coverage < row("S-BEST").coverage
    assert lone.score is None and lone.grade != "D"  # nothing known: no score, not "bad"


def test_saving_a_profile_rescreens_with_it(personas, screened):
    assert row("S-MID").grade != "A"
    lenient = Profile.default().replace(grades={"A": 0.0, "B": 0.0, "C": 0.0, "min_coverage": {}})
    profile_save(workspace=personas.workspace, profile=lenient, user=personas.alice)
    assert row("S-MID").grade == "A"
    assert "[grades]" in WorkspaceProfile.objects.get(workspace=personas.workspace).toml


VERDICT = ("offer_id", "score", "coverage", "grade", "decision", "approvable", "blocking",
           "to_verify", "flags", "peer_rank")  # fmt: skip


def test_importing_one_supplier_with_newer_sales_changes_no_other_verdict(personas, screened):
    """Issue 10.2: a new supplier whose sales run later than everyone's used to
    move every supplier's "last 30 days" and clear their sales-spike flags."""
    from datetime import date, timedelta

    import polars as pl
    from tests.catalog.test_import_service import Tables, rows

    from daifa.catalog.services import import_tables
    from daifa.engine.schema import SALES_COLUMNS

    workspace = personas.workspace
    before = {r.supplier.external_id: r for r in ScreenRow.objects.select_related("supplier")}
    start = date(2026, 8, 1)  # the screened workspace's sales end on 2026-10-27
    sales = pl.DataFrame(
        [{"supplier_id": "S-NEW", "offer_id": None, "period_start": start + timedelta(days=d),
          "period_days": 1, "units": 10.0} for d in range(120)],
        schema=SALES_COLUMNS,
    )  # fmt: skip
    offer = {"supplier_id": "S-NEW", "supplier_name": "新店", "offer_id": "O-NEW",
             "category": "家居日用", "product_group": "保温杯-新",
             "unit_price_cny": 12.0}  # fmt: skip
    offers = rows(offer)
    import_tables(workspace=workspace, tables=Tables(offers, sales), filename="new.csv")
    screening_refresh(workspace=workspace)
    after = {r.supplier.external_id: r for r in ScreenRow.objects.select_related("supplier")}
    assert set(after) == {*before, "S-NEW"}
    assert "sales_spike" in after["S-CHEAP"].flags
    for supplier, old in before.items():
        new = after[supplier]
        assert [getattr(new, f) for f in VERDICT] == [getattr(old, f) for f in VERDICT], supplier
