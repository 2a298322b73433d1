"""The supplier list's sorts (price, MOQ, 回头率, 纠纷率, response; unknowns last),
clickable headers, 发货地 matching, the to-verify filter and the dashboard's "see all"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from tests.catalog.test_import_service import Tables, rows

from daifa.catalog.models import Supplier
from daifa.catalog.services import import_tables
from daifa.screening.places import normalise, origin_terms
from daifa.screening.selectors import filter_rows
from daifa.screening.services import screening_refresh

# id: (price, moq, repeat %, dispute %, response min, origin); None = unknown
SHOPS = {
    "A": (30.0, 2, 45.0, 0.2, 5.0, "浙江省义乌市"),
    "B": (18.0, 10, 8.0, 4.0, 90.0, "深圳"),
    "C": (29.0, 1, 25.0, None, None, "杭州市"),
    "D": (31.0, None, None, 1.0, 30.0, "义乌"),
    "E": (None, 50, 60.0, 0.5, None, None),
}


def _row(sid, price, moq, repeat, dispute, response, origin):
    row = {"supplier_id": f"S-{sid}", "supplier_name": f"供应商{sid}", "offer_id": f"O-{sid}",
           "category": "3C数码", "product_group": "", "product_title": f"数据线 {sid}",
           "unit_price_cny": price, "moq": moq, "repeat_rate_pct": repeat,
           "dispute_rate_pct": dispute, "response_minutes": response, "origin": origin,
           "dropship_supported": True}  # fmt: skip
    return row


@pytest.fixture
def varied(personas):
    table = rows(*(_row(sid, *values) for sid, values in SHOPS.items()))
    import_tables(workspace=personas.workspace, tables=Tables(table), filename="v.csv")
    screening_refresh(workspace=personas.workspace)
    return personas.workspace


def order(workspace, **data) -> list[str]:
    return [
        r.supplier.external_id.removeprefix("S-")
        for r in filter_rows(workspace, data).select_related("supplier")
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price", "BCAD" + "E"),
        ("-price", "DACB" + "E"),
        ("moq", "CABE" + "D"),
        ("-moq", "EBAC" + "D"),
        ("-repeat_rate", "EACB" + "D"),
        ("repeat_rate", "BCAE" + "D"),
        ("dispute_rate", "AEDB" + "C"),
        ("-dispute_rate", "BDEA" + "C"),
    ],
)
def test_each_sort_orders_known_values_and_puts_unknowns_last(varied, sort, expected):
    assert "".join(order(varied, sort=sort)) == expected


@pytest.mark.parametrize(("sort", "known"), [("response", "ADB"), ("-response", "BDA")])
def test_response_time_sorts_both_ways_with_unknowns_last(varied, sort, known):
    found = order(varied, sort=sort)
    assert "".join(found[:3]) == known and set(found[3:]) == {"C", "E"}


def _names(html: str) -> str:
    return "".join(re.findall(r">供应商([A-E])</a>", html))


def test_the_sort_choices_reach_the_page_and_headers_link_to_them(client, personas, varied):
    client.force_login(personas.alice)
    list_url = reverse("supplier_list", args=[varied.pk])
    html = client.get(list_url, {"sort": "-repeat_rate", "origin": "义乌"}).content.decode()
    assert _names(html) == "AD"  # filtered, sorted by 回头率 (D's unknown last)
    # the header that is sorted offers the other direction, keeping the filter
    assert 'href="?sort=repeat_rate&amp;origin=%E4%B9%89%E4%B9%8C"' in html
    # a header clicked again sorts the other way; htmx swaps only the results
    html = client.get(list_url, {"sort": "price", "origin": "义乌"}).content.decode()
    assert _names(html) == "AD" and 'hx-target="#results"' in html
    price = re.search(r'<a class="sort" href="([^"]*)"[^>]*>价格 ▲</a>', html)
    assert price and price.group(1).startswith("?sort=-price&amp;origin=")
    fragment = client.get(
        list_url + price.group(1).replace("&amp;", "&"), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert _names(fragment) == "DA" and "<html" not in fragment
    assert 'data-sort="-price"' in fragment  # the form's sort choice follows (list.js)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("义乌", "AD"),  # the plain name, as before
        ("义乌市", "AD"),  # used to find nothing: the 市 suffix
        ("浙江", "ACD"),  # 义乌 and 杭州 are in Zhejiang
        ("浙江省", "ACD"),
        ("浙江省义乌市", "AD"),
        ("金华", "AD"),  # 义乌 is a county-level city of 金华
        ("深圳市", "B"),
        ("广东", "B"),
        ("江苏", ""),
        ("乌鲁木齐", ""),  # not in the table: its own name only
    ],
)
def test_origin_matches_places_as_a_seller_types_them(varied, typed, expected):
    assert "".join(sorted(order(varied, origin=typed))) == expected


def test_origin_names_are_normalised_but_not_to_a_single_character():
    assert normalise(" 义乌市 ") == "义乌" and normalise("广西壮族自治区") == "广西"
    assert normalise("沙县") == "沙县"
    assert origin_terms("杭州市")[:2] == ["杭州", "余杭"]
    assert "宁波" in origin_terms("浙江") and "深圳" not in origin_terms("浙江")


def test_the_list_filters_on_a_gate_still_to_verify(client, personas, screened):
    """The dashboard's "see all N" goes to the list of exactly the suppliers it counts."""
    from daifa.screening.selectors import best_rows

    client.force_login(personas.alice)
    workspace = personas.workspace
    rows = best_rows(workspace)
    waiting = {
        r.supplier.name
        for r in rows.select_related("supplier")
        if "test_order_ship_hours" in r.to_verify
    }
    assert 1 < len(waiting) < rows.count()
    html = client.get(
        reverse("supplier_list", args=[workspace.pk]),
        {"to_verify": "test_order_ship_hours"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert f"{len(waiting)} suppliers" in html
    shown = {s.name for s in Supplier.objects.filter(workspace=workspace) if escape(s.name) in html}
    assert shown == waiting


def test_the_dashboard_links_every_to_verify_list_to_all_its_suppliers(
    client, personas, screened, monkeypatch
):
    from daifa.screening import selectors

    client.force_login(personas.alice)
    real = selectors.overview

    def two_per_list(workspace, lang):  # the dashboard shows 8 names; 2 here, 5 suppliers
        found = real(workspace, lang)
        for gate in found.to_verify:
            gate["suppliers"] = gate["suppliers"][:2]
        return found

    monkeypatch.setattr("daifa.screening.views.overview", two_per_list)
    html = client.get(
        reverse("dashboard", args=[personas.workspace.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    link = re.search(r'<a class="see-all" href="([^"]+)">see all (\d+) suppliers ›</a>', html)
    assert link and "?to_verify=" in link.group(1)
    assert " …" not in html
    listed = client.get(link.group(1).replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="en")
    assert f"{link.group(2)} suppliers" in listed.content.decode()
