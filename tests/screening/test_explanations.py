"""The supplier page's explanations are stored at screening time and equal what a
fresh screening of the supplier with its peers says."""

from __future__ import annotations

import polars as pl
import pytest
from django.urls import reverse
from tests.catalog.test_import_service import Tables

from daifa.catalog.models import Supplier
from daifa.catalog.services import import_tables
from daifa.demo import generate_demo
from daifa.engine.scorecard import screen
from daifa.engine.verdicts import RowVerdict
from daifa.screening.explanations import OTHER_ROW_CRITERIA, explanations
from daifa.screening.models import ScreenExplanation, ScreenRow
from daifa.screening.selectors import screen_subset, supplier_scorecard
from daifa.screening.services import screening_refresh


def fresh_records(workspace, supplier, lang):
    """What the page computed before explanations were stored: the supplier
    screened with its product groups."""
    groups = [g for g in supplier.offers.values_list("product_group", flat=True) if g]
    result, _ = screen_subset(workspace, [supplier.external_id], groups)
    mine = [i for i, s in enumerate(result.frame["supplier_id"]) if s == supplier.external_id]
    return list(result.records(mine, lang=lang))


def narrowed(record):
    return {**record, "criteria": [c for c in record["criteria"] if c["id"] in OTHER_ROW_CRITERIA]}


def assert_page_records_equal(stored, fresh, lang):
    # The best row: an offer without a failed gate or a raised flag when there is
    # one, then the highest score, then the first. The page reads typed verdicts:
    # in the page's language they are exactly the engine's records.
    best = max(fresh, key=lambda r: (not (r["blocking"] or r["flags"]), r["score"] or -1))
    assert stored["best"].to_json(lang) == best
    assert len(stored["records"]) == len(fresh)
    for kept, record in zip(stored["records"], fresh, strict=True):
        assert kept.to_json(lang) == (record if record is best else narrowed(record))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_stored_explanations_equal_a_fresh_screening_of_each_supplier(personas, screened, lang):
    for supplier in screened.values():
        stored = supplier_scorecard(personas.workspace, supplier, lang)
        assert_page_records_equal(stored, fresh_records(personas.workspace, supplier, lang), lang)
        assert stored["flags"] and all(c.kind == "flag" for c in stored["flags"])


def test_the_page_reads_its_explanations_without_running_the_engine(
    personas, screened, monkeypatch
):
    def no_engine(*args, **kwargs):
        raise AssertionError("the supplier page must not screen")

    monkeypatch.setattr("daifa.screening.services.run_screen", no_engine)
    scorecard = supplier_scorecard(personas.workspace, screened["S-CHEAP"], "en")
    assert scorecard["best"].supplier_id == "S-CHEAP"
    assert {"sales_spike", "template_reviews"} <= set(scorecard["best"].flags)


@pytest.fixture
def demo_workspace(personas):
    data = generate_demo(seed=3, suppliers=12, offers=40)
    offers = data.offers.with_columns(pl.int_range(2, data.offers.height + 2).alias("_row"))
    import_tables(
        workspace=personas.workspace,
        tables=Tables(offers, data.sales, data.reviews),
        filename="demo.csv",
    )
    screening_refresh(workspace=personas.workspace)
    return personas.workspace


def test_suppliers_with_several_offers_keep_one_full_record_and_their_peer_prices(
    demo_workspace,
):
    suppliers = Supplier.objects.filter(workspace=demo_workspace)
    several = [s for s in suppliers if s.offers.count() > 1]
    assert several, "the demo should give some supplier several offers"
    for supplier in suppliers:
        stored = supplier_scorecard(demo_workspace, supplier, "zh")
        assert_page_records_equal(stored, fresh_records(demo_workspace, supplier, "zh"), "zh")


def test_refresh_stores_one_explanation_per_offer_and_replaces_them(demo_workspace):
    rows = ScreenRow.objects.filter(workspace=demo_workspace)
    stored = ScreenExplanation.objects.filter(workspace=demo_workspace)
    assert stored.count() == rows.count()
    assert set(stored.filter(is_best=True).values_list("offer_id", flat=True)) == set(
        rows.filter(is_best=True).values_list("offer_id", flat=True)
    )
    screening_refresh(workspace=demo_workspace)
    assert ScreenExplanation.objects.filter(workspace=demo_workspace).count() == rows.count()


def test_explanations_are_the_engines_records_full_for_best_rows_and_narrow_for_others():
    data = generate_demo(seed=5, suppliers=9, offers=30)
    result = screen(data.offers, sales=data.sales, reviews=data.reviews)
    best = [i % 3 == 0 for i in range(result.frame.height)]
    built = explanations(result, best)
    for record, fresh, is_best in zip(built, result.records(), best, strict=True):
        assert record == (fresh if is_best else narrowed(fresh))


def test_a_stored_record_read_typed_gives_what_records_give_for_a_language():
    data = generate_demo(seed=5, suppliers=9, offers=27)
    result = screen(data.offers)
    for lang in ("zh", "en"):
        stored = next(result.records([0]))  # as stored: both languages, no lang keys
        assert RowVerdict.from_json(stored).to_json(lang) == next(result.records([0], lang=lang))


@pytest.mark.parametrize(
    ("lang", "spike", "verdict", "source"),
    [
        (
            "en",
            "Spike: the last 30 days jump far above the earlier history.",
            "Not approvable",
            "s.csv, row 5",
        ),
        (
            "zh-hans",
            "销量突增：近 30 天远高于此前水平。",
            "不可合作：未通过的硬性条件",
            "s.csv，第 5 行",
        ),
    ],
)
def test_the_supplier_page_shows_verdicts_flags_and_evidence_from_stored_explanations(
    client, personas, screened, monkeypatch, lang, spike, verdict, source
):
    def no_engine(*args, **kwargs):
        raise AssertionError("the supplier page must not screen")

    monkeypatch.setattr("daifa.screening.selectors.screen_subset", no_engine)
    monkeypatch.setattr("daifa.screening.services.run_screen", no_engine)
    client.force_login(personas.alice)

    def page(key):
        url = reverse("supplier_detail", args=[personas.workspace.pk, screened[key].pk])
        return client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()

    cheap, failed = page("S-CHEAP"), page("S-FAIL")
    assert spike in cheap and '"window_start"' in cheap and '"baseline"' in cheap
    assert 'class="templated"' in cheap and "物流快，质量好，好评！" in cheap
    assert verdict in failed and source in failed  # the evidence's file and row, in words
    best = supplier_scorecard(personas.workspace, screened["S-BEST"], "en")["best"]
    assert f"grade-{best.grade}" in page("S-BEST")
