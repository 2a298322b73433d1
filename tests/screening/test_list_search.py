"""The supplier list's search table and the faster filters finding what the
catalog queries found.

``SupplierSearch`` is written by database triggers: it must follow an import, a
facts edit (a new name, a new title), an offer and a supplier deleted, and come
back whole when a migration dropped its triggers. The list's search must find the
same suppliers as the old query on the catalog (case of ASCII letters only, LIKE's
wildcards as plain characters, offer ids exactly), and the best matching offer
per supplier must be the one the old window picked, ties included.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from tests.catalog.test_import_service import Tables, rows

from daifa.catalog.models import Offer, Supplier
from daifa.catalog.services import import_tables, supplier_record_facts
from daifa.screening import memo
from daifa.screening.models import ScreenRow, SupplierSearch
from daifa.screening.search import _ASCII_LOWER, SEP, _search_texts, install
from daifa.screening.selectors import best_matching, categories, filter_rows, offer_filters_of
from daifa.screening.services import screening_refresh


def _row(sid, oid, *, name, title, price=20.0, category="3C数码", dropship=True, origin="义乌"):
    return {"supplier_id": sid, "supplier_name": name, "offer_id": oid, "category": category,
            "product_group": "", "product_title": title, "unit_price_cny": price, "moq": 2,
            "repeat_rate_pct": 30.0, "dispute_rate_pct": 1.0, "response_minutes": 10.0,
            "origin": origin, "dropship_supported": dropship}  # fmt: skip


SHOPS = [
    _row("SZ-1", "O-1", name="深圳市达耀电子", title="USB 数据线 快充"),
    _row("SZ-1", "O-2", name="深圳市达耀电子", title="手机支架", price=35.0),
    _row("yw-2", "b2b-77", name="义乌小商品 Trade", title="Cable 100%_棉", dropship=False),
    _row("GZ-3", "O-3", name="广州Ärger服饰", title="ärmel 连衣裙", category="服饰配件"),
    _row("GZ-4", "O-4", name="", title="女装 T恤", category="服饰配件", price=15.0),
]


@pytest.fixture
def shops(personas):
    import_tables(workspace=personas.workspace, tables=Tables(rows(*SHOPS)), filename="s.csv")
    screening_refresh(workspace=personas.workspace)
    personas.workspace.refresh_from_db()
    return personas.workspace


def _stored(workspace) -> dict[int, tuple[list[str], list[str]]]:
    """The search texts as (parts of the text, offer ids), order-free: the table on
    PostgreSQL, the texts read from the catalog on SQLite (a fresh read)."""
    if connection.vendor == "postgresql":
        found = SupplierSearch.objects.filter(workspace=workspace).values_list(
            "supplier_id", "text", "offer_ids"
        )
    else:
        memo._REMEMBERED.clear()
        workspace.refresh_from_db()
        found = _search_texts(workspace)  # ASCII letters folded (see _from_catalog)
    return {
        pk: (sorted(text.split(SEP)), sorted(ids.strip(SEP).split(SEP))) for pk, text, ids in found
    }


def _from_catalog(workspace) -> dict[int, tuple[list[str], list[str]]]:
    out = {}
    for supplier in Supplier.objects.filter(workspace=workspace):
        offers = list(supplier.offers.all())
        parts = [supplier.name, supplier.external_id, *(o.title for o in offers)]
        if connection.vendor != "postgresql":  # SQLite's texts keep ASCII letters folded
            parts = [p.translate(_ASCII_LOWER) for p in parts]
        ids = [o.external_id for o in offers] if offers else [""]
        out[supplier.pk] = (sorted(parts), sorted(ids))
    return out


def test_the_search_table_follows_imports_edits_and_deletes(shops):
    assert _stored(shops) == _from_catalog(shops) and len(_stored(shops)) == 4

    supplier = Supplier.objects.get(workspace=shops, external_id="GZ-4")
    offer = supplier.offers.get()
    supplier_record_facts(
        supplier=supplier,
        values={"supplier_name": "新名字工厂", "product_title": "新标题 长裙"},
        kind="manual",
        detail="typed",
        offer=offer,
    )
    assert _stored(shops)[supplier.pk] == _from_catalog(shops)[supplier.pk]
    assert "新名字工厂" in _stored(shops)[supplier.pk][0]

    Offer.objects.filter(workspace=shops, external_id="O-2").delete()
    gone = Supplier.objects.get(workspace=shops, external_id="yw-2")
    gone.delete()
    import_tables(
        workspace=shops,
        tables=Tables(rows(_row("NEW-5", "O-5", name="新来的", title="蓝牙耳机"))),
        filename="more.csv",
    )
    assert _stored(shops) == _from_catalog(shops)
    assert gone.pk not in _stored(shops)
    assert "手机支架" not in _stored(shops)[Supplier.objects.get(external_id="SZ-1").pk][0]

    # The list finds what the table now says (the data version moved on: no stale memory).
    shops.refresh_from_db()
    screening_refresh(workspace=shops)
    shops.refresh_from_db()
    found = {r.supplier.external_id for r in filter_rows(shops, {"q": "长裙"})}
    assert found == {"GZ-4"}
    assert not filter_rows(shops, {"q": "女装"}).exists()
    assert {r.supplier.external_id for r in filter_rows(shops, {"q": "耳机"})} == {"NEW-5"}


def _catalog_q(q: str) -> Q:
    """The list's search as it was, on the catalog itself (the reference)."""
    titles = Offer.objects.filter(supplier=OuterRef("supplier_id"))
    return (
        Q(supplier__name__icontains=q)
        | Q(supplier__external_id__icontains=q)
        | Exists(titles.filter(Q(title__icontains=q) | Q(external_id=q)))
    )


@pytest.mark.parametrize(
    "q",
    ["深圳", "sz", "SZ-1", "trade", "TRADE", "b2b-77", "B2B-77", "O-", "o-3", "%", "_", "100%_",
     "ärger", "Ärger", "ÄRMEL", "arm", "手机", "数据线 快", " ", "-", "nothing here", "达耀" + SEP],
)  # fmt: skip
def test_the_search_finds_what_the_catalog_query_found(shops, q):
    expected = set(filter_rows(shops, {}).filter(_catalog_q(q)).values_list("id", flat=True))
    got = set(filter_rows(shops, {"q": q}).values_list("id", flat=True))
    assert got == expected


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="triggers on PostgreSQL only")
def test_a_dropped_trigger_comes_back_with_every_row_rebuilt(shops):
    SupplierSearch.objects.filter(workspace=shops).update(text="stale", offer_ids="")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER screening_search_offer ON catalog_offer")
    assert install(connection) is True
    assert _stored(shops) == _from_catalog(shops)
    assert install(connection) is False  # nothing missing: nothing rebuilt


def _window_pick(workspace, offer_filters: Q) -> set[int]:
    """The best matching offer per supplier as the list picked it before (a window)."""
    offers = ScreenRow.objects.filter(workspace=workspace)
    ranked = offers.filter(offer_filters).annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("supplier_id")],
            order_by=[
                F("caution").asc(),
                F("score").desc(nulls_last=True),
                F("is_best").desc(),
                F("offer__position").asc(),
                F("id").asc(),
            ],
        )
    )
    return set(
        offers.filter(id__in=ranked.filter(rank=1).values("id")).values_list("id", flat=True)
    )


@pytest.mark.parametrize(
    "data",
    [{"category": "3C数码"}, {"price_max": 30.0}, {"price_min": 10.0, "moq_min": 1},
     {"category": "服饰配件", "price_max": 50.0}],
)  # fmt: skip
def test_the_best_matching_offer_is_the_one_the_window_picked(shops, data):
    offers = ScreenRow.objects.filter(workspace=shops)
    filters = offer_filters_of(data)
    assert set(best_matching(offers, filters)) == _window_pick(shops, filters)


def test_a_tie_goes_to_the_offers_position_then_the_row(shops):
    # Every row of SZ-1 alike, neither its best: the first offer of the file wins.
    supplier = Supplier.objects.get(workspace=shops, external_id="SZ-1")
    rows_ = ScreenRow.objects.filter(supplier=supplier)
    rows_.update(caution=0, score=50.0, is_best=False)
    offers = ScreenRow.objects.filter(workspace=shops)
    filters = offer_filters_of({"category": "3C数码"})
    picked = set(best_matching(offers, filters))
    assert picked == _window_pick(shops, filters)
    first = supplier.offers.order_by("position").first()
    assert rows_.get(offer=first).pk in picked
    Offer.objects.filter(pk=first.pk).update(position=10**6)  # now last in the file
    picked = set(best_matching(offers, filters))
    assert picked == _window_pick(shops, filters)
    assert rows_.get(offer=first).pk not in picked


def test_credentials_and_categories_follow_the_data(shops):
    with_dropship = filter_rows(shops, {"credentials": ["dropship_supported"]})
    assert {r.supplier.external_id for r in with_dropship} == {"SZ-1", "GZ-3", "GZ-4"}
    both = filter_rows(shops, {"credentials": ["dropship_supported"], "category": "3C数码"})
    assert {r.supplier.external_id for r in both} == {"SZ-1"}
    assert categories(shops) == ["3C数码", "服饰配件"]

    supplier = Supplier.objects.get(workspace=shops, external_id="yw-2")
    supplier_record_facts(
        supplier=supplier, values={"dropship_supported": True}, kind="manual", detail="checked"
    )
    import_tables(
        workspace=shops,
        tables=Tables(rows(_row("NEW-6", "O-6", name="箱包厂", title="背包", category="箱包"))),
        filename="bags.csv",
    )
    screening_refresh(workspace=shops)
    shops.refresh_from_db()  # the new versions: what every request reads
    with_dropship = filter_rows(shops, {"credentials": ["dropship_supported"]})
    assert {r.supplier.external_id for r in with_dropship} == {
        "SZ-1",
        "yw-2",
        "GZ-3",
        "GZ-4",
        "NEW-6",
    }
    assert categories(shops) == ["3C数码", "服饰配件", "箱包"]
