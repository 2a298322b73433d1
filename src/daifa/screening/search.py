"""The supplier list's search (``q=``): one narrow text per supplier.

The list matches a search against the supplier's name and id and every one of
its offer titles (``icontains``), or one of its offer ids exactly. Asked of the
catalog, that read every supplier row and, per supplier, its offers' rows (wide:
their facts JSON): 15 ms of SQLite for 10,000 suppliers on every first view of a
search. Instead each supplier's parts are joined by :data:`SEP` (a control
character no search contains: a search that does falls back to the catalog), so
one substring test is the same test as the three on the catalog.

On PostgreSQL the texts live in :class:`~daifa.screening.models.SupplierSearch`,
kept in step by triggers on ``catalog_supplier`` and ``catalog_offer`` whichever
code writes (imports, facts edits, bulk writes, deletes); :func:`install`
creates them (migration 0004, and again after every ``migrate``). On SQLite the
texts are read from the catalog in one pass and kept per process until the
workspace changes (:func:`_search_texts`): triggers there cost an import a fifth
of its speed."""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex

from daifa.catalog.models import Offer
from daifa.screening.memo import remembered

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace
    from daifa.screening.models import SupplierSearch

SEP = "\x1f"  # ASCII unit separator: between the parts of a supplier's search text

TABLE = "screening_suppliersearch"

# Every supplier's search row from the catalog; a WHERE on ``s`` may follow.
_PG_ROWS = f"""INSERT INTO {TABLE} (supplier_id, workspace_id, text, offer_ids)
SELECT s.id, s.workspace_id,
       s.name || chr(31) || s.external_id || coalesce(
           (SELECT string_agg(chr(31) || o.title, '') FROM catalog_offer o
            WHERE o.supplier_id = s.id), ''),
       chr(31) || coalesce(
           (SELECT string_agg(o.external_id || chr(31), '') FROM catalog_offer o
            WHERE o.supplier_id = s.id), '')
FROM catalog_supplier s"""

_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION screening_search_refresh(sid bigint) RETURNS void AS $$
BEGIN
  DELETE FROM {TABLE} WHERE supplier_id = sid;
  {_PG_ROWS} WHERE s.id = sid;
END; $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION screening_search_supplier() RETURNS trigger AS $$
BEGIN
  -- Only when a searched value changed: bulk updates set every column.
  IF TG_OP = 'UPDATE' AND NEW.name IS NOT DISTINCT FROM OLD.name
     AND NEW.external_id IS NOT DISTINCT FROM OLD.external_id
     AND NEW.workspace_id IS NOT DISTINCT FROM OLD.workspace_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    DELETE FROM {TABLE} WHERE supplier_id = OLD.id;
  ELSE
    PERFORM screening_search_refresh(NEW.id);
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION screening_search_offer() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.title IS NOT DISTINCT FROM OLD.title
     AND NEW.external_id IS NOT DISTINCT FROM OLD.external_id
     AND NEW.supplier_id IS NOT DISTINCT FROM OLD.supplier_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM screening_search_refresh(OLD.supplier_id);
  END IF;
  IF TG_OP = 'INSERT' THEN
    -- A new offer only adds its title and id: appended, not the row rebuilt.
    UPDATE {TABLE} SET text = text || chr(31) || NEW.title,
                       offer_ids = offer_ids || NEW.external_id || chr(31)
     WHERE supplier_id = NEW.supplier_id;
  ELSIF TG_OP = 'UPDATE' AND NEW.supplier_id <> OLD.supplier_id THEN
    PERFORM screening_search_refresh(NEW.supplier_id);
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;
"""

_PG_TRIGGERS = {
    "screening_search_supplier": (
        "AFTER INSERT OR DELETE OR UPDATE OF name, external_id, workspace_id ON catalog_supplier",
        "screening_search_supplier",
    ),
    "screening_search_offer": (
        "AFTER INSERT OR DELETE OR UPDATE OF title, external_id, supplier_id ON catalog_offer",
        "screening_search_offer",
    ),
}

_PG_REBUILD = f"""
DELETE FROM {TABLE};
{_PG_ROWS};
"""


def _existing_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {name for (name,) in cursor.fetchall()}


def install(connection: BaseDatabaseWrapper | None = None) -> bool:
    """Create the triggers that are missing; when any was, rebuild every row
    (writes made without it are not in the table). True when it did."""
    connection = connection or connections["default"]
    # PostgreSQL only: on SQLite the search reads the catalog itself, once per
    # process (see _search_texts); the triggers there cost an import a fifth of
    # its rows per second (100,000 offers: 5,700 -> 4,600 rows/s).
    if connection.vendor != "postgresql":
        return False
    if TABLE not in connection.introspection.table_names():
        return False  # before migration 0004: it calls this itself
    missing = set(_PG_TRIGGERS) - _existing_triggers(connection)
    if not missing:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_PG_FUNCTIONS)
        for name in missing:
            when, function = _PG_TRIGGERS[name]
            cursor.execute(
                f"CREATE TRIGGER {name} {when} FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
        cursor.execute(_PG_REBUILD)
    return True


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Drop the triggers (the migration's reverse)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, (when, _function) in _PG_TRIGGERS.items():
            table = when.rsplit(" ON ", 1)[1]
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for function in ("screening_search_supplier()", "screening_search_offer()"):
            cursor.execute(f"DROP FUNCTION IF EXISTS {function}")
        cursor.execute("DROP FUNCTION IF EXISTS screening_search_refresh(bigint)")


def search_q(workspace: Workspace, q: str) -> Q:
    """The list rows (screen rows, by ``supplier_id``) whose supplier a search finds:
    its name, its id or one of its offer titles contains ``q`` (``icontains``), or
    one of its offer ids is ``q``."""
    from daifa.screening.models import SupplierSearch

    if SEP in q:  # the separator itself: only the catalog can answer
        titles = Offer.objects.filter(supplier=OuterRef("supplier_id"))
        return (
            Q(supplier__name__icontains=q)
            | Q(supplier__external_id__icontains=q)
            | Q(Exists(titles.filter(Q(title__icontains=q) | Q(external_id=q))))
        )
    if connections[router.db_for_read(SupplierSearch)].vendor == "sqlite":
        return ids_in("supplier_id", _sqlite_matches(workspace, q))
    return Q(supplier_id__in=_table_matches(workspace, q).values("supplier_id"))


def supplier_ids_matching(workspace: Workspace, q: str) -> list[int] | None:
    """The ids of the suppliers :func:`search_q` finds (the same tests), or None
    for a search holding :data:`SEP` (only the catalog can answer that one)."""
    from daifa.screening.models import SupplierSearch

    if SEP in q:
        return None
    if connections[router.db_for_read(SupplierSearch)].vendor == "sqlite":
        return _sqlite_matches(workspace, q)
    return list(_table_matches(workspace, q).values_list("supplier_id", flat=True))


def _table_matches(workspace: Workspace, q: str) -> QuerySet[SupplierSearch]:
    """The search table's rows of the suppliers a search finds (PostgreSQL): the
    text contains ``q`` (``icontains``), or an offer id is ``q``."""
    from daifa.screening.models import SupplierSearch

    return (
        SupplierSearch.objects.filter(workspace_id=workspace.pk)
        .alias(offer_hit=StrIndex("offer_ids", Value(f"{SEP}{q}{SEP}")))
        .filter(Q(text__icontains=q) | Q(offer_hit__gt=0))
    )


# SQLite's LIKE (Django's icontains there) folds the case of ASCII letters only.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _sqlite_matches(workspace: Workspace, q: str) -> list[int]:
    """On SQLite, the search in Python over the workspace's search rows, read once
    per process until the workspace changes: SQLite's ``LIKE '%q%'`` over 10,000
    rows costs 4-5 ms a search, Python's ``in`` a fraction of it. The same test:
    ASCII letters folded, everything else as is, no wildcard.

    Only the texts holding the search's rarest character are tested
    (:func:`_text_index`): 0.1-0.3 ms, where testing 10,000 texts took 1.1 ms."""
    index = _text_index(workspace)
    needle, exact = q.translate(_ASCII_LOWER), f"{SEP}{q}{SEP}"
    holding = [index.holding.get(char, ()) for char in set(needle)]
    candidates = min(holding, key=len)
    texts = index.texts
    found = {i for i in candidates if needle in texts[i]}
    found |= _records_holding(index.ids, index.ids_ends, exact)
    return [index.pks[i] for i in sorted(found)]


@dataclass(frozen=True)
class _TextIndex:
    """:func:`_search_texts` with, for each character, the suppliers (their places
    in ``pks``) whose text holds it; and every supplier's offer ids as one
    string, with where each supplier's ids end."""

    pks: list[int]
    texts: list[str]
    holding: dict[str, list[int]]
    ids: str
    ids_ends: list[int]


def _text_index(workspace: Workspace) -> _TextIndex:
    def build() -> _TextIndex:
        found = _search_texts(workspace)
        holding: dict[str, list[int]] = {}
        for i, (_, text, _) in enumerate(found):
            for char in set(text):
                holding.setdefault(char, []).append(i)
        return _TextIndex(
            pks=[pk for pk, _, _ in found],
            texts=[text for _, text, _ in found],
            holding=holding,
            ids="".join(ids for _, _, ids in found),
            ids_ends=list(accumulate(len(ids) for _, _, ids in found)),
        )

    return remembered(workspace, ("search-index",), build)


def _records_holding(joined: str, ends: list[int], needle: str) -> set[int]:
    """The records of ``joined`` (record ``i`` ends at ``ends[i]``) that contain
    ``needle`` whole (a match across two records is neither's)."""
    found: set[int] = set()
    find, size = joined.find, len(needle)
    at = find(needle)
    while at != -1:
        record = bisect_right(ends, at)
        if at + size <= ends[record]:
            found.add(record)
            at = find(needle, ends[record])
        else:
            at = find(needle, at + 1)
    return found


def _search_texts(workspace: Workspace) -> list[tuple[int, str, str]]:
    """Each supplier's search text and offer ids, as the search table holds them,
    read from the catalog in one pass (0.1 s for 10,000 suppliers: warmed when
    the server starts, see warm_list_memory) and kept."""

    def read() -> list[tuple[int, str, str]]:
        connection = connections[router.db_for_read(Offer)]
        with connection.cursor() as cursor:
            cursor.execute(_SQLITE_TEXTS, [workspace.pk])
            rows = cursor.fetchall()
        return [(pk, text.translate(_ASCII_LOWER), ids) for pk, text, ids in rows]

    return remembered(workspace, ("search-texts",), read)


# The search table's row for every supplier of a workspace (NULL titles and
# suppliers without offers as the table's triggers write them).
_SQLITE_TEXTS = """
SELECT s.id,
       s.name || char(31) || s.external_id
              || coalesce(group_concat(char(31) || o.title, ''), ''),
       char(31) || coalesce(group_concat(o.external_id || char(31), ''), '')
FROM catalog_supplier s LEFT JOIN catalog_offer o ON o.supplier_id = s.id
WHERE s.workspace_id = %s
GROUP BY s.id
"""


def remember_search_texts(workspace: Workspace) -> None:
    """Read the search texts into this process now, where searches read them (SQLite)."""
    if connections[router.db_for_read(Offer)].vendor == "sqlite":
        _text_index(workspace)


def ids_in(field: str, ids: list[int]) -> Q:
    """``field__in=ids`` for many ids: on SQLite as one JSON parameter (its limit
    on parameters is 32,766), elsewhere as the list."""
    if connections[router.db_for_read(Offer)].vendor == "sqlite":
        return Q(**{f"{field}__in": RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))})
    return Q(**{f"{field}__in": ids})
