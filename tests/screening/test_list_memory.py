"""The list's per-process reads (``daifa.screening.memo``): computed once when
several threads ask at once, and read ahead by ``daifa serve`` before its
workers fork, so a fresh worker's first views do not each pay for them."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.screening import test_list_search

from daifa.screening import memo
from daifa.screening.selectors import filter_rows, warm_list_memory

shops = test_list_search.shops  # the fixture: five shops imported and screened


@pytest.fixture(autouse=True)
def empty_memory():
    memo._REMEMBERED.clear()
    memo._ID_LISTS.clear()
    yield
    memo._REMEMBERED.clear()
    memo._ID_LISTS.clear()


@pytest.mark.parametrize("kind", ["value", "ids"])
def test_threads_asking_at_once_compute_once(shops, kind):
    calls: list[int] = []
    started = threading.Barrier(6)

    def slow() -> list[int]:
        calls.append(1)
        time.sleep(0.2)  # long enough for every thread to arrive meanwhile
        return [1, 2, 3]

    def ask() -> None:
        started.wait()
        if kind == "value":
            got.append(memo.remembered(shops, ("slow",), slow))
        else:
            got.append(memo.remembered_ids(shops, ("slow",), slow))

    got: list[list[int]] = []
    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]
    assert got == [[1, 2, 3]] * 6
    assert memo._COMPUTING == {}  # no lock left behind


def test_a_failed_computation_lets_the_next_caller_try_again(shops):
    def broken() -> list[int]:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        memo.remembered(shops, ("flaky",), broken)
    assert memo.remembered(shops, ("flaky",), lambda: [7]) == [7]


def _list_queries(workspace, data, *, warm: bool) -> int:
    memo._REMEMBERED.clear()
    memo._ID_LISTS.clear()
    if warm:
        warm_list_memory(workspace)
    with CaptureQueriesContext(connection) as queries:
        list(filter_rows(workspace, data).values_list("id", flat=True))
    return len(queries)


@pytest.mark.parametrize(
    "data",
    [
        {"q": "数据线"},
        {"credentials": ["dropship_supported"]},
        {"credentials": ["own_factory", "dropship_supported"], "q": "Cable"},
    ],
)
def test_warmed_reads_leave_a_filtered_list_its_own_query_only(shops, data):
    cold = _list_queries(shops, data, warm=False)
    warm = _list_queries(shops, data, warm=True)
    # The filter's own query at most (none when a credential set is empty): nothing
    # read again.
    assert warm <= 1
    # On PostgreSQL a search stays in SQL: only a credential was read before.
    assert cold > 1 or (connection.vendor != "sqlite" and "credentials" not in data)
    # and the same suppliers either way
    memo._REMEMBERED.clear()
    cold_ids = sorted(filter_rows(shops, data).values_list("id", flat=True))
    warm_list_memory(shops)
    assert sorted(filter_rows(shops, data).values_list("id", flat=True)) == cold_ids


def test_the_warmed_reads_are_what_a_first_view_keeps(shops):
    warm_list_memory(shops)
    kept = {key[1:] for key in memo._REMEMBERED}
    assert {("categories",), ("origins",), ("credential", "dropship_supported")} <= kept
    if connection.vendor == "sqlite":
        assert ("search-texts",) in kept
    assert [key[1:] for key in memo._ID_LISTS] == [("list-ids", "")]


def test_rows_rewritten_under_the_same_versions_are_read_again(shops):
    # A re-screening can replace a supplier's rows without a version the page
    # reads moving on: the remembered ids then name rows that are gone. The page
    # reads them again instead of failing (a demo's list answered 500 so).
    from daifa.screening.models import ScreenRow
    from daifa.screening.selectors import page_of_list_rows

    def suppliers() -> list[str]:
        page = page_of_list_rows(filter_rows(shops, {}), 1, 50, remember=(shops, ""))
        return [str(row.supplier_id) for row in page.object_list]

    before = suppliers()
    old = ScreenRow.objects.filter(workspace=shops).order_by("pk").first()
    assert old is not None
    old.delete()
    old.pk = None  # the same row again, under a new id
    old.save()
    assert sorted(suppliers()) == sorted(before)
    assert sorted(suppliers()) == sorted(before)  # and remembered afresh
