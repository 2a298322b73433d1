"""What keeps first views cheap: indexed list queries, the filter form rendered
once per query, the sales chart summed by the database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from daifa.screening import charts
from daifa.screening.selectors import best_rows, filter_rows, supplier_scorecard


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_list_finds_best_rows_through_an_index_in_score_order(personas, screened):
    sql, params = filter_rows(personas.workspace, {}).values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "is_best=?" in plan and "TEMP B-TREE" not in plan, plan
    assert best_rows(personas.workspace).count() == 5


def test_every_page_of_a_query_shows_that_querys_filters(client, personas, screened):
    client.force_login(personas.alice)
    url = reverse("supplier_list", args=[personas.workspace.pk])

    first = client.get(url, {"grade": "A"}).content.decode()
    second = client.get(url, {"grade": "A", "page": "2"}).content.decode()
    other = client.get(url, {"grade": "B"}).content.decode()
    assert _is_checked(first, "A") and _is_checked(second, "A") and not _is_checked(second, "B")
    assert _is_checked(other, "B") and not _is_checked(other, "A")
    assert "?grade=A&amp;format=csv" in second and "?grade=B&amp;format=csv" in other


def _is_checked(html: str, grade: str) -> bool:
    tag = html.split(f'value="{grade}"', 1)[1].split(">", 1)[0]
    return "checked" in tag


def test_the_sales_chart_sums_each_day_of_the_suppliers_offers(personas, screened):
    scorecard = supplier_scorecard(personas.workspace, screened["S-CHEAP"], "en")
    chart = charts.sales_chart(personas.workspace, screened["S-CHEAP"], scorecard)
    assert len(chart["labels"]) == 180 and chart["labels"][0] == "2026-05-01"
    assert chart["units"][0] == 5.0 and chart["units"][-1] == 5.0 + 179 % 3 + 60
    assert chart["status"] == "fail" and chart["window_start"] == "2026-09-28"
    assert charts.sales_chart(personas.workspace, screened["S-LONE"], scorecard) is None


def _history_through_the_orm(supplier):
    """``fact_history`` as it read through the ORM before (the reference)."""
    from daifa.catalog.models import Observation

    rows = []
    kinds = dict(Observation.Kind.choices)
    observations = Observation.objects.filter(supplier=supplier).select_related("offer")
    for obs in observations.order_by("-observed_at", "-recorded_at"):
        for field, value in sorted(obs.values.items()):
            current = supplier.fact_sources.get(field) == obs.pk.hex or (
                obs.offer is not None and obs.offer.fact_sources.get(field) == obs.pk.hex
            )
            rows.append(
                {
                    "field": field,
                    "value": value,
                    "offer": obs.offer.external_id if obs.offer else "",
                    "kind": str(kinds.get(obs.kind, obs.kind)),
                    "detail": obs.detail,
                    "observed_at": obs.observed_at,
                    "current": current,
                }
            )
    return rows


def test_the_plain_reads_give_what_the_models_gave(personas, screened):
    from daifa.catalog.models import Review
    from daifa.catalog.selectors import fact_history
    from daifa.screening.selectors import page_offers

    for supplier in screened.values():
        history = fact_history(supplier)
        assert history == _history_through_the_orm(supplier)
        assert all(h["observed_at"].tzinfo is not None for h in history)
        offers = page_offers(supplier)
        models = [o for o in supplier.offers.select_related("screen") if o.external_id or o.facts]
        assert [o["pk"] for o in offers] == [o.pk for o in models]
        for shown, model in zip(offers, models, strict=True):
            assert shown["facts"] == model.facts and shown["title"] == model.title
            assert shown["grade"] == model.screen.grade
            assert shown["peer_rank"] == model.screen.peer_rank
        reviews = charts.marked_reviews(supplier, None)
        expected = Review.objects.filter(supplier=supplier).order_by("-written_at", "id")[:60]
        assert [(r["text"], r["rating"], r["written_at"]) for r in reviews] == [
            (r.text, r.rating, r.written_at) for r in expected
        ]
    assert any(fact_history(s) for s in screened.values())


def test_the_supplier_pages_queries(client, personas, screened, django_assert_max_num_queries):
    """A first view reads the page's data in a dozen queries, a repeated view in a
    few (the session, the user, the workspace, the supplier, the 1688 setup, the
    lifecycle block and the KPI panel's question)."""
    from django.core.cache import cache

    client.force_login(personas.alice)
    url = reverse("supplier_detail", args=[personas.workspace.pk, screened["S-CHEAP"].pk])
    cache.clear()
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
