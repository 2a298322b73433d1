"""The filtered supplier list's rows, picked in this process's memory.

A first view of a filtered list asked the database for its rows: the ORM built
the filter's query (~5 ms of Python), SQLite scanned the offers of a category
for each supplier's best matching offer (~7 ms), then counted and paged. Here
the few columns the filters and the pick read (every screen row of the
workspace: 40,000 at 10,000 suppliers, ~2 MB) are read once per process and
kept until the workspace changes (:func:`daifa.screening.memo.remembered`,
keyed by its data and screening versions, like every other per-process read),
and a filter is a handful of array operations (well under a millisecond).

Exactness, not a second implementation of SQL's order: each sort's order is the
database's own (``ORDER BY`` of :func:`daifa.screening.selectors._ordering` over
every row, read once per sort and kept); every sort ends on the row id, so the
order of a filtered subset is that order restricted to it. Filters that compare
text (a search, a given flag or gate) take their matching ids from the same
tests as :func:`~daifa.screening.selectors.filter_rows` (see
:func:`supplier_ids_matching` and :func:`_rows_listing`). A filter not served
here (an origin, a search holding the search text's separator) returns None: the
caller asks the database as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
from django.db import connections, router

from daifa.catalog.models import Offer
from daifa.screening.memo import forget, remembered
from daifa.screening.models import ScreenRow
from daifa.screening.search import SEP, supplier_ids_matching

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace

T = TypeVar("T")
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

# The index's part in daifa.screening.memo: one entry a workspace, whatever
# is derived from it (each sort's order, a credential's or a flag's rows) kept
# inside it, so that it is forgotten with it and never crowds the memo out.
INDEX = "list-index"


@dataclass(frozen=True)
class ListIndex:
    """Every screen row of a workspace, sorted by supplier and then the way
    :func:`~daifa.screening.selectors.best_matching` picks (no failed gate or
    flag first, highest score, the best row, the offer's position, the row id):
    a supplier's first row among those an offer filter keeps is its pick."""

    ids: Ints
    supplier: Ints
    is_best: Bools
    grade: npt.NDArray[np.str_]
    approvable: Bools
    flag_count: Ints
    category: Ints  # a code: categories[text]
    categories: dict[str, int]
    moq: Floats  # NaN: unknown (as NULL, it matches no bound)
    price: Floats
    by_id: Ints  # the row ids sorted, and where each one is:
    at: Ints  # ids[at[k]] == by_id[k]
    suppliers: Ints  # the suppliers sorted, and each row's place among them:
    supplier_at: Ints  # suppliers[supplier_at[i]] == supplier[i]
    derived: dict[tuple[str, ...], Any] = field(default_factory=dict)
    computing: threading.Lock = field(default_factory=threading.Lock)

    def kept(self, parts: tuple[str, ...], compute: Callable[[], T]) -> T:
        """``compute()``'s value, kept with the index (computed once: a fresh
        worker's first views arrive together)."""
        try:
            return cast(T, self.derived[parts])
        except KeyError:
            pass
        with self.computing:
            if parts not in self.derived:
                self.derived[parts] = compute()
            return cast(T, self.derived[parts])

    def where(self, ids: list[int]) -> Ints:
        """The positions of the row ids the index holds, in their order (a row
        written since the index was read is not among them: see
        :func:`forget_list_index`)."""
        held: Ints = self.at[_places(self.by_id, ids)]
        return held

    def of_suppliers(self, pks: list[int]) -> Bools:
        """Which rows belong to one of the suppliers ``pks`` (a gather: no sort
        of 40,000 rows as ``np.isin`` does)."""
        chosen = np.zeros(len(self.suppliers), dtype=np.bool_)
        chosen[_places(self.suppliers, pks)] = True
        rows: Bools = chosen[self.supplier_at]
        return rows


def _places(held: Ints, wanted: list[int]) -> Ints:
    """Where each of ``wanted`` that ``held`` (sorted) holds is in it, in the order
    of ``wanted``; the others are left out."""
    if not len(held):
        return np.zeros(0, dtype=np.int64)
    found = np.asarray(wanted, dtype=np.int64)
    k = np.minimum(np.searchsorted(held, found), len(held) - 1)
    places: Ints = k[held[k] == found]
    return places


_ROWS = f"""SELECT r.id, r.supplier_id, r.is_best, r.caution, r.score, r.grade, r.approvable,
       r.flag_count, r.category, r.moq, r.unit_price_cny, coalesce(o.position, 0)
FROM {ScreenRow._meta.db_table} r LEFT JOIN {Offer._meta.db_table} o ON o.id = r.offer_id
WHERE r.workspace_id = %s"""


def list_index(workspace: Workspace) -> ListIndex:
    """The workspace's :class:`ListIndex`, read once per process until it changes."""
    return remembered(workspace, (INDEX,), lambda: _read_index(workspace))


def _read_index(workspace: Workspace) -> ListIndex:
    connection = connections[router.db_for_read(ScreenRow)]
    with connection.cursor() as cursor:
        cursor.execute(_ROWS, [workspace.pk])
        rows = cursor.fetchall()
    count = len(rows)
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [()] * 12
    ids = np.array(columns[0], dtype=np.int64)
    supplier = np.array(columns[1], dtype=np.int64)
    is_best = np.array(columns[2], dtype=np.bool_)
    caution = np.array(columns[3], dtype=np.int64)
    score = _floats(columns[4])
    position = np.array(columns[11], dtype=np.int64)
    unknown = np.isnan(score)
    # np.lexsort: the last key first. The pick's order (see best_matching).
    pick = np.lexsort(
        (ids, position, ~is_best, np.where(unknown, 0.0, -score), unknown, caution, supplier)
    )
    categories: dict[str, int] = {}
    codes = np.array([categories.setdefault(c, len(categories)) for c in columns[8]], np.int64)
    by_id_order = np.argsort(ids[pick], kind="stable")
    suppliers, supplier_at = np.unique(supplier[pick], return_inverse=True)
    return ListIndex(
        ids=ids[pick],
        supplier=supplier[pick],
        is_best=is_best[pick],
        grade=np.array(columns[5], dtype=np.str_)[pick] if count else np.array([], np.str_),
        approvable=np.array(columns[6], dtype=np.bool_)[pick],
        flag_count=np.array(columns[7], dtype=np.int64)[pick],
        category=codes[pick] if count else np.array([], np.int64),
        categories=categories,
        moq=_floats(columns[9])[pick],
        price=_floats(columns[10])[pick],
        by_id=ids[pick][by_id_order],
        at=by_id_order.astype(np.int64),
        suppliers=suppliers.astype(np.int64),
        supplier_at=supplier_at.astype(np.int64).reshape(-1),
    )


def _floats(values: tuple[Any, ...]) -> Floats:
    """A nullable number column as floats, NULL as NaN."""
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def sort_order(workspace: Workspace, index: ListIndex, sort: str) -> Ints:
    """The index's positions of every row in the database's order for ``sort``,
    read once per process and sort until the workspace changes."""
    from daifa.screening.selectors import _ordering

    def read() -> Ints:
        query = (
            ScreenRow.objects.filter(workspace=workspace)
            .order_by(*_ordering(sort))
            .values_list("id", flat=True)
        )
        sql, params = query.query.sql_with_params()
        with connections[query.db].cursor() as cursor:  # plain ints: no per-row conversion
            cursor.execute(sql, params)
            ids = [pk for (pk,) in cursor.fetchall()]
        return index.where(ids)

    return index.kept(("order", sort), read)


def _rows_listing(workspace: Workspace, index: ListIndex, column: str, criterion: str) -> Ints:
    """The positions of the rows whose ``flags`` or ``to_verify`` list names the
    criterion: the database's own test (filter_rows'), once per process."""

    def read() -> Ints:
        found = list(
            ScreenRow.objects.filter(
                workspace=workspace, **{f"{column}__icontains": f'"{criterion}"'}
            ).values_list("id", flat=True)
        )
        return index.where(found)

    return index.kept(("listing", column, criterion), read)


def filtered_ids(workspace: Workspace, data: dict[str, Any]) -> list[int] | None:
    """The ids of :func:`~daifa.screening.selectors.filter_rows`'s rows, in its
    order, from memory; None for a filter this does not serve (the caller then
    asks the database)."""
    found = filtered_array(workspace, data)
    return None if found is None else cast("list[int]", found.tolist())


def filtered_array(workspace: Workspace, data: dict[str, Any]) -> Ints | None:
    """:func:`filtered_ids` as an array (a page needs 50 of them as Python ints,
    not 10,000)."""
    from daifa.screening.selectors import DEFAULT_SORT, FACT_SORTS, SORTS

    q = data.get("q") or ""
    if data.get("origin") or SEP in q:
        return None
    sort = data.get("sort") or DEFAULT_SORT
    if sort not in SORTS and sort not in FACT_SORTS:
        sort = DEFAULT_SORT  # as _ordering does
    index = list_index(workspace)
    credentials = data.get("credentials") or []
    offer_keys = ("category", "moq_min", "moq_max", "price_min", "price_max")
    if any(data.get(key) is not None and data.get(key) != "" for key in offer_keys):
        matching = _offer_matches(index, data)
        for credential in credentials:
            matching &= _credentialed(workspace, index, credential)
        # Each supplier's first matching row (the rows are in the pick's order).
        at = np.flatnonzero(matching)
        first = np.ones(len(at), dtype=np.bool_)
        first[1:] = index.supplier[at[1:]] != index.supplier[at[:-1]]
        keep = np.zeros(len(index.ids), dtype=np.bool_)
        keep[at[first]] = True
    else:
        keep = index.is_best.copy()
        for credential in credentials:
            keep &= _credentialed(workspace, index, credential)
    if q:
        found = supplier_ids_matching(workspace, q)
        if found is None:
            return None
        keep &= index.of_suppliers(found)
    if grades := data.get("grade"):
        keep &= np.isin(index.grade, np.asarray(grades, dtype=np.str_))
    if data.get("approvable") in {"yes", "no"}:
        keep &= index.approvable == (data["approvable"] == "yes")
    if flag := data.get("flag"):
        if flag == "any":
            keep &= index.flag_count > 0
        else:
            keep &= _at(len(keep), _rows_listing(workspace, index, "flags", flag))
    if gate := data.get("to_verify"):
        keep &= _at(len(keep), _rows_listing(workspace, index, "to_verify", gate))
    order = sort_order(workspace, index, sort)
    picked: Ints = index.ids[order[keep[order]]]
    return picked


def _credentialed(workspace: Workspace, index: ListIndex, credential: str) -> Bools:
    """Which rows' suppliers have the credential
    (:func:`~daifa.screening.selectors.credentialed`), once per process."""
    from daifa.screening.selectors import credentialed

    def read() -> Bools:
        return index.of_suppliers(credentialed(workspace, credential))

    return index.kept(("credential", credential), read)


def _at(size: int, positions: Ints) -> Bools:
    mask = np.zeros(size, dtype=np.bool_)
    mask[positions] = True
    return mask


def _offer_matches(index: ListIndex, data: dict[str, Any]) -> Bools:
    """The rows :func:`~daifa.screening.selectors.offer_filters_of` keeps."""
    matching = np.ones(len(index.ids), dtype=np.bool_)
    if category := data.get("category"):
        code = index.categories.get(category)
        matching &= index.category == (-1 if code is None else code)
    for values, low, high in (
        (index.moq, "moq_min", "moq_max"),
        (index.price, "price_min", "price_max"),
    ):
        # NaN (NULL) compares false, as NULL matches no bound in SQL.
        if data.get(low) is not None:
            matching &= values >= float(data[low])
        if data.get(high) is not None:
            matching &= values <= float(data[high])
    return matching


def warm_list_index(workspace: Workspace) -> None:
    """Read the index and every sort's order now (``daifa serve``, before forking)."""
    from daifa.screening.forms import CREDENTIALS
    from daifa.screening.selectors import SORTS

    index = list_index(workspace)
    # Not the supplier facts' sorts: each reads the JSON of every row (0.1 s at
    # 10,000 suppliers); the first page sorted so reads its order (as every
    # page sorted so did before).
    for sort in SORTS:
        sort_order(workspace, index, sort)
    for credential, _label in CREDENTIALS:
        _credentialed(workspace, index, credential)


def forget_list_index(workspace: Workspace) -> None:
    """Drop this process's index and orders of the workspace (rows were found
    replaced under the same versions: a re-screening of unchanged data)."""
    forget(workspace, (INDEX,))
