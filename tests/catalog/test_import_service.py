"""The import service: atomic upserts with a history of every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl
import pytest

from daifa.catalog.models import Observation, Offer, Review, SalesPoint, Supplier
from daifa.catalog.services import ImportRejected, import_tables, supplier_record_facts
from daifa.engine.schema import REVIEW_COLUMNS, SALES_COLUMNS


@dataclass
class Report:
    ok: bool = True
    problems: list = field(default_factory=list)


@dataclass
class Tables:
    suppliers: pl.DataFrame
    sales: pl.DataFrame | None = None
    reviews: pl.DataFrame | None = None
    report: Report = field(default_factory=Report)


def rows(*dicts) -> pl.DataFrame:
    frame = pl.DataFrame(list(dicts))
    return frame.with_columns(
        pl.int_range(2, frame.height + 2).alias("_row"),
        pl.lit(None, dtype=pl.String).alias("_sheet"),
    )


def test_it_creates_suppliers_offers_and_one_observation_per_row(personas):
    tables = Tables(
        rows(
            {
                "supplier_id": "S1",
                "supplier_name": "义乌甲",
                "offer_id": "O1",
                "repeat_rate_pct": 41.0,
            },
            {
                "supplier_id": "S1",
                "supplier_name": "义乌甲",
                "offer_id": "O2",
                "repeat_rate_pct": 41.0,
            },
            {
                "supplier_id": "S2",
                "supplier_name": "深圳乙",
                "offer_id": None,
                "repeat_rate_pct": None,
            },
        )
    )
    result = import_tables(workspace=personas.workspace, tables=tables, filename="s.csv")
    assert (result.suppliers_created, result.offers_created) == (2, 3)
    s1 = Supplier.objects.get(workspace=personas.workspace, external_id="S1")
    assert s1.name == "义乌甲"
    assert s1.facts == {"supplier_name": "义乌甲", "repeat_rate_pct": 41.0}
    source = Observation.objects.get(pk=s1.fact_sources["repeat_rate_pct"])
    assert source.detail == "s.csv, row 2"
    assert sorted(s1.offers.values_list("external_id", flat=True)) == ["O1", "O2"]
    assert Offer.objects.get(supplier__external_id="S2").external_id == ""


def test_reimporting_newer_values_keeps_the_older_ones_as_history(personas):
    first = Tables(rows({"supplier_id": "S1", "repeat_rate_pct": 30.0, "response_minutes": 20.0}))
    import_tables(workspace=personas.workspace, tables=first, filename="old.csv")
    second = Tables(rows({"supplier_id": "S1", "repeat_rate_pct": 41.0, "response_minutes": 20.0}))
    result = import_tables(workspace=personas.workspace, tables=second, filename="new.csv")

    supplier = Supplier.objects.get(external_id="S1")
    assert supplier.facts["repeat_rate_pct"] == 41.0
    assert result.suppliers_updated == 1
    history = list(Observation.objects.filter(supplier=supplier).order_by("recorded_at"))
    assert [o.values for o in history] == [
        {"repeat_rate_pct": 30.0, "response_minutes": 20.0},
        {"repeat_rate_pct": 41.0},
    ]
    # the unchanged value still points at the file it first came from
    assert Observation.objects.get(pk=supplier.fact_sources["response_minutes"]).detail.startswith(
        "old.csv"
    )


def test_an_identical_reimport_adds_nothing(personas):
    tables = Tables(rows({"supplier_id": "S1", "offer_id": "O1", "unit_price_cny": 9.5}))
    import_tables(workspace=personas.workspace, tables=tables, filename="a.csv")
    result = import_tables(workspace=personas.workspace, tables=tables, filename="a.csv")
    assert result.as_dict()["observations"] == 0
    assert Observation.objects.count() == 1


def test_a_rejected_file_changes_nothing(personas):
    import_tables(
        workspace=personas.workspace, tables=Tables(rows({"supplier_id": "S1"})), filename="a"
    )
    before = (Supplier.objects.count(), Observation.objects.count())
    bad = Tables(rows({"supplier_id": "S9"}), report=Report(ok=False, problems=["x"]))
    with pytest.raises(ImportRejected):
        import_tables(workspace=personas.workspace, tables=bad, filename="bad.csv")
    assert (Supplier.objects.count(), Observation.objects.count()) == before


def test_a_failure_midway_rolls_back_the_whole_import(personas, monkeypatch):
    from daifa.catalog import services

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_import_reviews", explode)
    reviews = pl.DataFrame(
        [{"supplier_id": "S1", "offer_id": None, "text": "好", "rating": 5.0, "created_at": None}],
        schema=REVIEW_COLUMNS,
    )
    tables = Tables(rows({"supplier_id": "S1"}), reviews=reviews)
    with pytest.raises(RuntimeError):
        import_tables(workspace=personas.workspace, tables=tables, filename="a.csv")
    assert Supplier.objects.count() == 0 and Observation.objects.count() == 0


def test_sales_upsert_and_reviews_deduplicate(personas):
    sales = pl.DataFrame(
        [
            {
                "supplier_id": "S1",
                "offer_id": None,
                "period_start": date(2026, 1, 1),
                "period_days": 1,
                "units": 3.0,
            },
            {
                "supplier_id": "S1",
                "offer_id": None,
                "period_start": date(2026, 1, 2),
                "period_days": 1,
                "units": 4.0,
            },
        ],
        schema=SALES_COLUMNS,
    )
    reviews = pl.DataFrame(
        [
            {
                "supplier_id": "S1",
                "offer_id": "O1",
                "text": "质量好",
                "rating": 5.0,
                "created_at": datetime(2026, 1, 3, 10),
            }
        ],
        schema=REVIEW_COLUMNS,
    )
    tables = Tables(rows({"supplier_id": "S1"}), sales=sales, reviews=reviews)
    import_tables(workspace=personas.workspace, tables=tables, filename="a.xlsx")
    corrected = sales.with_columns(
        pl.when(pl.col("units") == 4.0).then(5.0).otherwise(pl.col("units")).alias("units")
    )
    result = import_tables(
        workspace=personas.workspace,
        tables=Tables(rows({"supplier_id": "S1"}), corrected, reviews),
        filename="b.xlsx",
    )
    assert sorted(SalesPoint.objects.values_list("units", flat=True)) == [3.0, 5.0]
    assert Review.objects.count() == 1 and result.reviews_added == 0


def test_sales_of_an_unlisted_supplier_create_it_bare(personas):
    sales = pl.DataFrame(
        [
            {
                "supplier_id": "NEW",
                "offer_id": None,
                "period_start": date(2026, 1, 1),
                "period_days": 30,
                "units": 90.0,
            }
        ],
        schema=SALES_COLUMNS,
    )
    import_tables(
        workspace=personas.workspace,
        tables=Tables(rows({"supplier_id": "S1"}), sales),
        filename="a",
    )
    assert Supplier.objects.get(external_id="NEW").offers.count() == 1


def test_recorded_checks_say_who_checked_and_keep_the_old_value(personas):
    import_tables(
        workspace=personas.workspace,
        tables=Tables(rows({"supplier_id": "S1", "offer_id": "O1"})),
        filename="a",
    )
    supplier = Supplier.objects.get(external_id="S1")
    obs = supplier_record_facts(
        supplier=supplier,
        values={"test_order_ship_hours": 30.0, "sample_test_passed": True},
        kind=Observation.Kind.CHECK,
        detail="test order #123",
    )
    supplier.refresh_from_db()
    offer = supplier.offers.get()
    assert supplier.facts["test_order_ship_hours"] == 30.0
    assert offer.facts["sample_test_passed"] is True
    assert offer.fact_sources["sample_test_passed"] == obs.pk.hex
    assert (
        supplier_record_facts(
            supplier=supplier, values={"test_order_ship_hours": 30.0}, kind="check", detail="again"
        )
        is None
    )


def test_workspaces_do_not_share_suppliers(personas):
    tables = Tables(rows({"supplier_id": "S1", "repeat_rate_pct": 10.0}))
    import_tables(workspace=personas.workspace, tables=tables, filename="a")
    other = Tables(rows({"supplier_id": "S1", "repeat_rate_pct": 50.0}))
    import_tables(workspace=personas.charlie_workspace, tables=other, filename="b")
    assert Supplier.objects.get(workspace=personas.workspace).facts["repeat_rate_pct"] == 10.0


def test_repeated_identical_reviews_are_all_kept_but_a_reimport_adds_none(personas):
    text = "物流快，质量好，好评！"
    reviews = pl.DataFrame(
        [{"supplier_id": "S1", "offer_id": None, "text": text, "rating": 5.0, "created_at": None}]
        * 4,
        schema=REVIEW_COLUMNS,
    )
    tables = Tables(rows({"supplier_id": "S1"}), reviews=reviews)
    assert (
        import_tables(workspace=personas.workspace, tables=tables, filename="a").reviews_added == 4
    )
    assert (
        import_tables(workspace=personas.workspace, tables=tables, filename="a").reviews_added == 0
    )
    assert Review.objects.filter(text=text).count() == 4
