"""The filtered list's rows picked in memory (``daifa.screening.listindex``) are
the database's: the same rows, order, counts and pages as ``filter_rows`` for
every filter, and never stale after a write.

A generated workspace of 90 shops (Chinese and ASCII names, equal names and
scores to tie, unknown scores, prices and MOQs) is filtered many ways; each
filter's ids and each page's HTML must match those the database path gives."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from django.test import Client
from django.urls import reverse
from tests.catalog.test_import_service import Tables, rows

from daifa.catalog.models import Supplier
from daifa.catalog.services import import_tables, supplier_record_facts
from daifa.screening import memo, selectors
from daifa.screening.inputs import workspace_profile
from daifa.screening.listindex import filtered_ids
from daifa.screening.models import ScreenRow
from daifa.screening.selectors import FACT_SORTS, SORTS, filter_rows
from daifa.screening.services import screening_refresh

NAMES = ["深圳市达耀电子", "义乌小商品 Trade", "广州Ärger服饰", "家居日用 Home", "same name"]
CATEGORIES = ["3C数码", "服饰配件", "家居日用", "箱包"]
TITLES = ["USB 数据线 快充", "手机支架", "Cable 100%_棉", "ärmel 连衣裙", "女装 T恤", "收纳盒 家居"]


def _shop_rows(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for s in range(count):
        name = rng.choice(NAMES) + ("" if s % 4 == 0 else f" {s % 9}")  # equal names too
        for o in range(rng.randint(1, 4)):
            out.append({
                "supplier_id": f"S-{s}", "supplier_name": name, "offer_id": f"O-{s}-{o}",
                "category": rng.choice(CATEGORIES), "product_group": f"g{rng.randint(1, 6)}",
                "product_title": rng.choice(TITLES),
                "unit_price_cny": rng.choice([5.0, 12.5, 20.0, 35.0, 80.0]),
                "moq": rng.choice([1, 2, 10, 50]),
                "repeat_rate_pct": rng.choice([None, 10.0, 30.0, 30.0, 55.0]),
                "dispute_rate_pct": rng.choice([None, 0.5, 1.0, 3.0]),
                "response_minutes": rng.choice([None, 5.0, 10.0, 60.0]),
                "origin": rng.choice(["义乌", "深圳", "广州"]),
                "dropship_supported": rng.random() < 0.6,
            })  # fmt: skip
    return out


@pytest.fixture
def many(personas):
    import_tables(
        workspace=personas.workspace, tables=Tables(rows(*_shop_rows(90))), filename="m.csv"
    )
    screening_refresh(workspace=personas.workspace)
    workspace = personas.workspace
    # Ties for every sort, and unknown values, before anything is remembered.
    ids = list(
        ScreenRow.objects.filter(workspace=workspace).order_by("id").values_list("id", flat=True)
    )
    ScreenRow.objects.filter(id__in=ids[::5]).update(score=50.0, coverage=0.5, known_score=25.0)
    ScreenRow.objects.filter(id__in=ids[1::11]).update(score=None, known_score=None)
    ScreenRow.objects.filter(id__in=ids[2::13]).update(unit_price_cny=None, moq=None)
    workspace.refresh_from_db()
    memo._REMEMBERED.clear()
    memo._ID_LISTS.clear()
    memo._WIDGETS.clear()
    yield workspace
    memo._REMEMBERED.clear()
    memo._ID_LISTS.clear()
    memo._WIDGETS.clear()


def _filters(workspace, count: int, seed: int = 3) -> list[dict]:
    profile = workspace_profile(workspace)
    flags = [c.id for c in profile.of_kind("flag")][:3]
    gates = [c.id for c in profile.of_kind("gate")][:3]
    rng = random.Random(seed)
    domains = {
        "q": ["深圳", "数据线", "cable", "CABLE", "%", "_", "o-3-0", "O-3-0", "ärger", "无此", ""],
        "category": [*CATEGORIES, "无此类", ""],
        "price_min": [None, 10.0, 20.0],
        "price_max": [None, 12.5, 35.0, 1.0],
        "moq_min": [None, 0, 2, 10],
        "moq_max": [None, 10, 1],
        "credentials": [[], ["dropship_supported"], ["dropship_supported", "own_factory"]],
        "grade": [[], ["A"], ["B", "C"], ["D"]],
        "approvable": ["", "yes", "no"],
        "flag": ["", "any", *flags],
        "to_verify": ["", *gates],
        "sort": ["", *SORTS, *FACT_SORTS],
    }
    out = [{"sort": sort} for sort in domains["sort"]]  # every sort alone
    for _ in range(count):
        keys = rng.sample(sorted(domains), rng.randint(1, 4))
        out.append({key: rng.choice(domains[key]) for key in keys})
    return out


def test_the_rows_are_the_databases_for_every_filter(many):
    checked = 0
    for data in _filters(many, 400):
        expected = list(filter_rows(many, data).values_list("id", flat=True))
        assert filtered_ids(many, data) == expected, data
        checked += bool(expected)
    assert checked > 100  # most filters find rows: not only empty lists compared


def test_an_origin_or_a_separator_is_left_to_the_database(many):
    assert filtered_ids(many, {"origin": "义乌"}) is None
    assert filtered_ids(many, {"q": "a\x1fb"}) is None


def _pages(client: Client, workspace, queries: list[str], *, fresh: bool = False) -> list[bytes]:
    from django.core.cache import cache

    url = reverse("supplier_list", args=[workspace.pk])
    out = []
    for query in queries:
        cache.clear()
        if fresh:  # nothing of the form kept from the queries before
            memo._WIDGETS.clear()
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        # Each response masks the CSRF token anew: the rest must match to the byte.
        out.append(re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]+', rb"\1", response.content))
    return out


QUERIES = [
    "grade=A&approvable=no&sort=-coverage",
    "grade=B&grade=C&sort=name&page=2",
    "sort=name&page=2",
    "sort=-score&page=99",  # past the last page: the last one
    "category=3C数码&price_max=20&credentials=dropship_supported",
    "category=服饰配件&price_min=10&moq_max=10&sort=price",
    "category=无此类",  # nothing found
    "q=深圳&flag=any",
    "q=cable&sort=-repeat_rate",
    "q=数据线&page=2",
    "q=无此",
    "price_min=30&price_max=10",  # invalid: nothing, and why
    "sort=response&page=2",
    "to_verify=&flag=&approvable=yes",
    "grade=A&grade=Z",  # invalid choice: the widget in error
]


def test_every_page_is_the_one_the_database_gives(many, personas, monkeypatch):
    client = Client()
    client.force_login(personas.alice)
    # In memory: the rows, and the form's widgets kept from the queries before
    # (asked twice: the second time every widget comes from memory).
    _pages(client, many, QUERIES)
    fast = _pages(client, many, QUERIES)
    monkeypatch.setattr(selectors, "page_of_filtered_rows", lambda *a, **k: None)
    import daifa.screening.views as views

    monkeypatch.setattr(views, "page_of_filtered_rows", lambda *a, **k: None)
    memo._ID_LISTS.clear()
    slow = _pages(client, many, QUERIES, fresh=True)
    for query, a, b in zip(QUERIES, fast, slow, strict=True):
        assert a == b, query
    # The other language: its own widgets, never the first one's.
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(personas.alice)
    assert b"Filter" in _pages(english, many, QUERIES[:1])[0]
    assert _pages(english, many, QUERIES[:3]) == _pages(english, many, QUERIES[:3], fresh=True)


def test_a_write_is_never_served_stale(many):
    data = {"credentials": ["dropship_supported"], "category": "3C数码", "sort": "name"}
    assert filtered_ids(many, data) == list(filter_rows(many, data).values_list("id", flat=True))
    # A fact edit: a supplier with a 3C数码 offer gains the credential (a new data version).
    supplier = Supplier.objects.filter(
        workspace=many, facts__dropship_supported=False, offers__category="3C数码"
    ).first()
    assert supplier is not None

    def listed(ids: list[int] | None) -> bool:
        assert ids is not None
        return ScreenRow.objects.filter(id__in=ids, supplier=supplier).exists()

    assert not listed(filtered_ids(many, data))
    supplier_record_facts(
        supplier=supplier, values={"dropship_supported": True}, kind="manual", detail="checked"
    )
    # An import adds shops; a re-screening lands (a new screening version).
    more = [
        {**row, "supplier_id": f"N-{i}", "offer_id": f"NO-{i}", "category": "3C数码"}
        for i, row in enumerate(_shop_rows(12, seed=11))
    ]
    import_tables(workspace=many, tables=Tables(rows(*more)), filename="more.csv")
    screening_refresh(workspace=many)
    many.refresh_from_db()
    for query in (data, {"q": "深圳"}, {"grade": ["A", "B"], "sort": "-score"}):
        assert filtered_ids(many, query) == list(
            filter_rows(many, query).values_list("id", flat=True)
        ), query
    assert listed(filtered_ids(many, data))
    new = ScreenRow.objects.filter(workspace=many, supplier__external_id__startswith="N-")
    assert set(new.filter(is_best=True).values_list("id", flat=True)) <= set(
        filtered_ids(many, {"q": "N-"}) or []
    )


def test_rows_rewritten_under_the_same_versions_are_read_again(many):
    from daifa.screening.selectors import page_of_filtered_rows

    data = {"grade": ["A", "B", "C", "D"], "sort": "-score"}
    page = page_of_filtered_rows(many, data, 1, 500)
    assert page is not None
    before = sorted(row.supplier_id for row in page.object_list)
    old = ScreenRow.objects.filter(workspace=many, is_best=True).order_by("pk").first()
    assert old is not None
    old.delete()
    old.pk = None  # the same row again, under a new id: the memory names a row gone
    old.save()
    assert page_of_filtered_rows(many, data, 1, 500) is None  # the database answers
    page = page_of_filtered_rows(many, data, 1, 500)  # and the memory is read afresh
    assert page is not None
    assert sorted(row.supplier_id for row in page.object_list) == before


def test_filters_combined_pairwise_match(many):
    # Every pair of a few values of each filter, for the combinations random misses.
    values = {
        "category": ["3C数码"], "price_max": [20.0], "credentials": [["dropship_supported"]],
        "q": ["深圳"], "grade": [["A", "B"]], "flag": ["any"], "sort": ["name", "-moq"],
    }  # fmt: skip
    for (a, va), (b, vb) in itertools.combinations(values.items(), 2):
        for x in va:
            for y in vb:
                data = {a: x, b: y}
                expected = list(filter_rows(many, data).values_list("id", flat=True))
                assert filtered_ids(many, data) == expected, data


@pytest.mark.parametrize(
    "q",
    ["深圳", "深", "数据线 快充", "cable", "CABLE", "Cable 100%_", "%", "_", "o-3-0", "O-3-0",
     "S-1", "s-12", "ärger", "ÄRGER", "me 1", "e 1", "收纳盒 家居", "无此", " ", "\x1e"],
)  # fmt: skip
def test_the_search_finds_what_the_catalog_query_found(many, q):
    # The reference: the catalog itself (the search's index is not asked).
    from tests.screening.test_list_search import _catalog_q

    expected = list(filter_rows(many, {}).filter(_catalog_q(q)).values_list("id", flat=True))
    assert filtered_ids(many, {"q": q}) == expected


def test_a_workspace_without_rows_lists_nothing(personas):
    empty = personas.charlie_workspace
    for data in ({"grade": ["A"]}, {"category": "3C数码"}, {"q": "深圳", "sort": "name"}):
        assert filtered_ids(empty, data) == []
    client = Client()
    client.force_login(personas.charlie)
    assert _pages(client, empty, ["grade=A", "category=3C数码&sort=-score"])


def test_a_row_written_after_the_index_is_never_listed_twice(many):
    from daifa.screening.listindex import list_index

    data = {"grade": ["A", "B", "C", "D"]}
    before = filtered_ids(many, data)
    assert before is not None
    index = list_index(many)
    # A supplier's row again under a new id (the same versions), then an order
    # read afterwards: it names a row the index does not hold.
    old = ScreenRow.objects.filter(workspace=many, is_best=True).order_by("pk").last()
    assert old is not None
    old.pk = None
    old.offer = old.offer.supplier.offers.exclude(screen__isnull=False).first() or old.offer
    ScreenRow.objects.filter(offer=old.offer).delete()
    old.save()
    assert "order" not in {parts[0] for parts in index.derived if parts[1] == "name"}
    got = filtered_ids(many, {**data, "sort": "name"})
    assert got is not None
    assert len(got) == len(set(got)) and old.pk not in got


def test_the_warmed_widgets_are_the_ones_a_page_draws(many, personas):
    from daifa.screening.views import warm_filter_widgets

    warm_filter_widgets(many)  # daifa serve, before its workers fork
    kept = len(memo._WIDGETS)
    client = Client()
    client.force_login(personas.alice)
    queries = ["grade=A", "sort=name&approvable=no", "category=3C数码&price_max=20", "q=深圳"]
    warmed = _pages(client, many, queries)
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(personas.alice)
    warmed_english = _pages(english, many, queries[:2])
    assert len(memo._WIDGETS) == kept  # every widget came from the warm-up
    assert warmed == _pages(client, many, queries, fresh=True)
    assert warmed_english == _pages(english, many, queries[:2], fresh=True)
