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
