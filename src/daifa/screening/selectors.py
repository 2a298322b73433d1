"""Reads for the workbench pages: counts, filtered lists, one supplier's scorecard."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import polars as pl
from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.db.models import (
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
)
from django.db.models.expressions import OrderBy
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast

from daifa.accounts.models import Workspace
from daifa.catalog.models import Offer, Supplier
from daifa.engine.criteria import DIMENSION_LABELS
from daifa.engine.profile import Profile, requirement_label
from daifa.engine.verdicts import CriterionVerdict, RowVerdict
from daifa.modelrows import fetch, json_value
from daifa.screening.comparison import (
    COST_COLUMNS,
    ComparedOffer,
    Comparison,
    OfferCosts,
    cheapest_of,
)
from daifa.screening.inputs import with_costs, workspace_profile
from daifa.screening.memo import forget_ids, remembered_ids
from daifa.screening.memo import remembered as remembered  # the views read it here
from daifa.screening.models import ScreenExplanation, ScreenRow
from daifa.screening.places import origin_terms
from daifa.screening.runs import screen_subset
from daifa.screening.search import ids_in, search_q
from daifa.web.i18n import lang_of as lang_of  # re-exported: the views read it here

GRADES = ("A", "B", "C", "D")


def best_rows(workspace: Workspace) -> QuerySet[ScreenRow]:
    # ``is_best__in=[True]``, not ``is_best=True``: on SQLite the latter is a bare
    # ``WHERE is_best`` that no index serves, so every count and page of the list
    # read all the workspace's rows; ``IN (1)`` uses the (workspace, is_best, ...)
    # indexes, which also give the default order without a sort.
    return ScreenRow.objects.filter(workspace=workspace, is_best__in=[True])


def judged_offer_id(supplier: Supplier) -> int | None:
    """The pk of the offer the supplier's verdict is about: its best screened row
    (the scorecard, the list row and the grade all describe that one offer)."""
    return (
        ScreenRow.objects.filter(supplier=supplier, is_best__in=[True])
        .values_list("offer_id", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Overview:
    suppliers: int
    by_grade: list[tuple[str, int]]
    approvable: int
    flagged: int
    flags: list[tuple[str, str, int]]
    to_verify: list[dict[str, Any]]
    computed_at: datetime | None


def overview(workspace: Workspace, lang: str) -> Overview:
    rows = best_rows(workspace)
    counts = dict(rows.values_list("grade").annotate(n=Count("id")).values_list("grade", "n"))
    profile = workspace_profile(workspace)
    flags: Counter[str] = Counter()
    gates: dict[str, list[tuple[int, str]]] = {}
    for supplier_pk, name, flag_ids, verify in rows.values_list(
        "supplier_id", "supplier__name", "flags", "to_verify"
    ):
        flags.update(flag_ids)
        for gate in verify:
            gates.setdefault(gate, []).append((supplier_pk, name))
    return Overview(
        suppliers=rows.count(),
        by_grade=[(g, counts.get(g, 0)) for g in GRADES],
        approvable=rows.filter(approvable=True).count(),
        flagged=rows.filter(flag_count__gt=0).count(),
        flags=[(f, _label(profile, f, lang), n) for f, n in flags.most_common()],
        to_verify=[
            {
                "id": gate,
                "label": _label(profile, gate, lang),
                "action": generic_action(profile, gate, lang),
                "count": len(items),
                "suppliers": items[:8],
            }
            for gate, items in sorted(gates.items(), key=lambda kv: -len(kv[1]))
        ],
        computed_at=rows.values_list("computed_at", flat=True).first(),
    )


class _Blanks(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def generic_action(profile: Profile, criterion_id: str, lang: str) -> str:
    """The next action for an unknown gate, said for many suppliers at once: the
    per-supplier details (which certificates, which category) become a summary."""
    text = profile.criterion(criterion_id).action("unknown", lang)
    required: list[str] = []
    for rule in profile.categories:
        required.extend(r for r in rule.require if r not in required)
    sep = "、" if lang == "zh" else ", "
    fields = _Blanks(
        required=sep.join(requirement_label(r, lang) for r in required[:6]),
        category="相应" if lang == "zh" else "the category",
    )
    return text.format_map(fields) if "{" in text else text


def _label(profile: Profile, criterion_id: str, lang: str) -> str:
    try:
        return profile.criterion(criterion_id).label.get(lang)
    except Exception:  # an id the profile no longer has: show the id itself
        return criterion_id


LIST_FIELDS = (
    "id", "supplier_id", "offer_id", "is_best", "score", "coverage", "grade", "approvable",
    "blocking", "to_verify", "flags", "category", "unit_price_cny", "moq",
    "supplier__name", "supplier__external_id", "offer__title", "offer__external_id",
    "supplier__facts",
)  # fmt: skip


def page_of_rows(rows: QuerySet[ScreenRow], number: Any, size: int) -> Page[ScreenRow]:
    """A page of the filtered list, in two steps: the ids of the page from the
    small screening rows alone, then only those rows with their supplier and offer
    (joining first would read every offer's JSON to sort 10,000 suppliers)."""
    page = Paginator(rows.values_list("id", flat=True), size).get_page(number)
    ids = list(page.object_list)
    found = (
        rows.model.objects.filter(id__in=ids).select_related("supplier", "offer").only(*LIST_FIELDS)
    )
    by_id = {row.id: row for row in found}
    rows_page = cast("Page[ScreenRow]", page)  # the same page, now of the rows its ids name
    rows_page.object_list = [by_id[i] for i in ids]
    return rows_page


@dataclass(frozen=True, slots=True)
class ListRow:
    """One row of the supplier list page: its values, read without building the
    row's, supplier's and offer's models or parsing the supplier's whole facts."""

    supplier_id: int
    is_best: bool
    score: float | None
    coverage: float
    grade: str
    approvable: bool
    blocking: list[str]
    to_verify: list[str]
    flags: list[str]
    category: str
    unit_price_cny: float | None
    moq: int | None
    supplier_name: str
    supplier_external_id: str
    offer_title: str
    offer_external_id: str
    repeat_rate_pct: Any
    dispute_rate_pct: Any
    response_minutes: Any


# The supplier facts the list shows, read from the JSON by the database.
LIST_FACTS = ("repeat_rate_pct", "dispute_rate_pct", "response_minutes")
_LIST_VALUES = (
    "id", "supplier_id", "is_best", "score", "coverage", "grade", "approvable", "blocking",
    "to_verify", "flags", "category", "unit_price_cny", "moq", "supplier__name",
    "supplier__external_id", "offer__title", "offer__external_id",
)  # fmt: skip


# Filters that no index serves: the database reads every row to apply them.
SCAN_FILTERS = ("q", "origin", "credentials", "category", "moq_min", "moq_max", "price_min",
                "price_max")  # fmt: skip


def scans(data: dict[str, Any]) -> bool:
    """Whether the filtered list makes the database read every row (a search, an
    origin, a credential or an offer filter)."""
    return any(data.get(name) not in (None, "", []) for name in SCAN_FILTERS)


def page_of_list_rows(
    rows: QuerySet[ScreenRow],
    number: Any,
    size: int,
    *,
    one_pass: bool = False,
    remember: tuple[Workspace, str] | None = None,
) -> Page[Any]:
    """:func:`page_of_rows` for the list page: the page's rows as :class:`ListRow`.

    ``one_pass``: read every matching id at once and count them here, for a
    filter that reads the whole table anyway (see :func:`scans`): the paginator's
    count and its page would otherwise run that scan twice. Without it the count
    and the page come from an index (0.5 ms for 10,000 suppliers, where reading
    every id takes 4 ms).

    ``remember`` (the workspace and the query without its page): keep every
    matching id in this process until the workspace changes, for the query's
    other pages (one_pass only, and the unfiltered list, paged through)."""
    matching = rows.values_list("id", flat=True)
    source: Any = matching
    remembering = remember is not None and (one_pass or not remember[1])
    if remember is not None and remembering:
        source = remembered_ids(remember[0], ("list-ids", remember[1]), lambda: list(matching))
    elif one_pass:
        source = list(matching)
    paginator: Paginator[Any] = Paginator(source, size)
    page = paginator.get_page(number)
    ids = list(page.object_list)
    by_id = {values[0]: ListRow(*values[1:]) for values in _list_values(ids)}
    if remember is not None and remembering and any(i not in by_id for i in ids):
        # Rows rewritten under the same versions (a re-screening replaces a
        # supplier's rows): the remembered ids are stale; read them again.
        # This page reads them straight; the next one remembers them afresh.
        forget_ids(remember[0], ("list-ids", remember[1]))
        return page_of_list_rows(rows, number, size, one_pass=one_pass)
    page.object_list = [by_id[i] for i in ids]
    return page


def page_of_filtered_rows(
    workspace: Workspace, data: dict[str, Any], number: Any, size: int
) -> Page[Any] | None:
    """:func:`page_of_list_rows` of ``filter_rows(workspace, data)``, the rows
    picked in this process's memory (:mod:`daifa.screening.listindex`): the same
    page, without building and running the filter's query. None when the memory
    does not serve the filter, or names rows that are gone (rewritten under the
    same versions: it is dropped); the caller then asks the database."""
    from daifa.screening.listindex import filtered_array, forget_list_index

    found = filtered_array(workspace, data)
    if found is None:
        return None
    page: Page[Any] = Paginator(cast("list[Any]", found), size).get_page(number)
    ids = [int(pk) for pk in page.object_list]
    by_id = {values[0]: ListRow(*values[1:]) for values in _list_values(ids)}
    if any(i not in by_id for i in ids):
        forget_list_index(workspace)
        return None
    page.object_list = [by_id[i] for i in ids]
    return page


@dataclass(frozen=True, slots=True)
class _CompiledRead:
    """The list rows' query for a number of ids, compiled once: its SQL, its
    parameters with the ids' places, and the ORM's converters for its columns."""

    compiler: Any
    sql: str
    params: tuple[Any, ...]
    id_places: tuple[int, ...]
    converters: dict[int, Any]


_COMPILED = threading.local()  # per thread: a compiler holds its thread's connection


def _list_values(ids: list[int]) -> list[Any]:
    """``values_list(*_LIST_VALUES, *facts)`` of the screen rows ``ids``: the same
    values, converted by the ORM's own converters, without building and compiling
    the queryset on every page (1.3 ms through the ORM, 0.4 ms this way)."""
    if not ids:
        return []
    connection = connections[router.db_for_read(ScreenRow)]
    cache: dict[int, _CompiledRead] | None = getattr(_COMPILED, "reads", None)
    if cache is None or getattr(_COMPILED, "connection", None) is not connection:
        cache = _COMPILED.reads = {}
        _COMPILED.connection = connection
    read = cache.get(len(ids))
    if read is None:
        read = cache[len(ids)] = _compile_read(connection.alias, len(ids))
    params = list(read.params)
    for place, pk in zip(read.id_places, ids, strict=True):
        params[place] = pk
    with connection.cursor() as cursor:
        cursor.execute(read.sql, params)
        found: list[Any] = cursor.fetchall()
    if read.converters:
        converted: list[Any] = list(read.compiler.apply_converters(found, read.converters))
        return converted
    return found


def _compile_read(alias: str, count: int) -> _CompiledRead:
    # Stand-in ids no row has, found again among the parameters by value.
    stand_ins = [-(i + 1) for i in range(count)]
    facts = {f"fact_{name}": KeyTransform(name, "supplier__facts") for name in LIST_FACTS}
    query = (
        ScreenRow.objects.using(alias)
        .filter(id__in=stand_ins)
        .annotate(**facts)
        .values_list(*_LIST_VALUES, *facts)
        .query
    )
    compiler = query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    places = tuple(params.index(pk) for pk in stand_ins)
    converters = compiler.get_converters([s[0] for s in compiler.select[0 : compiler.col_count]])
    return _CompiledRead(compiler, sql, tuple(params), places, converters)


def filter_rows(workspace: Workspace, data: dict[str, Any]) -> QuerySet[ScreenRow]:
    """One row per supplier, filtered. Without offer-level filters (category, MOQ,
    price) that is the supplier's best row; with them, its best row among the
    offers that match, so the price and MOQ a row shows are the ones that
    matched (the row then judges that offer and says so)."""
    rows = best_rows(workspace)
    offers = ScreenRow.objects.filter(workspace=workspace)
    offer_filters = offer_filters_of(data)
    if offer_filters:
        # The best matching offer, as screening_refresh picks the best row: no
        # failed gate or flag first, highest score, the best row on a tie (then
        # the offer's position, then the row). The other filters apply to the
        # rows picked, outside, as before.
        # A credential is the supplier's: tested on the candidates, before picking.
        suppliers = None
        for credential in data.get("credentials") or []:
            has = set(credentialed(workspace, credential))
            suppliers = has if suppliers is None else suppliers & has
        picked = best_matching(offers, offer_filters, suppliers)
        rows = ScreenRow.objects.filter(ids_in("id", picked))
    if q := data.get("q"):
        # One narrow row per supplier (daifa.screening.search) instead of every
        # supplier's and offer's row: the same matches.
        rows = rows.filter(search_q(workspace, q))
    if origin := data.get("origin"):
        rows = rows.filter(origin_q(origin, workspace))
    if not offer_filters:  # else tested before picking, above
        for credential in data.get("credentials") or []:
            rows = rows.filter(ids_in("supplier_id", credentialed(workspace, credential)))
    if grades := data.get("grade"):
        rows = rows.filter(grade__in=grades)
    if data.get("approvable") in {"yes", "no"}:
        rows = rows.filter(approvable=data["approvable"] == "yes")
    if flag := data.get("flag"):
        rows = (
            rows.filter(flag_count__gt=0)
            if flag == "any"
            else rows.filter(flags__icontains=f'"{flag}"')
        )
    if gate := data.get("to_verify"):
        rows = rows.filter(to_verify__icontains=f'"{gate}"')
    return rows.order_by(*_ordering(data.get("sort") or DEFAULT_SORT))


def best_matching(
    offers: QuerySet[ScreenRow], offer_filters: Q, suppliers: set[int] | None = None
) -> list[int]:
    """The id of each supplier's best row among ``offers`` that match ``offer_filters``
    (only of ``suppliers``, when given).

    Picked here from the few columns an index holds, not by a window over the
    rows joined to their offers in SQL (6 ms for a category of 10,000 suppliers,
    2.5 ms this way); an offer's position is read only for the rare tie."""
    # Sorted by supplier, then as the pick ranks them: the first row of each
    # supplier is its pick unless the next ones tie with it.
    query = (
        offers.filter(offer_filters)
        .values_list("supplier_id", "caution", "score", "is_best", "id", "offer_id")
        .order_by("supplier_id", "caution", F("score").desc(nulls_last=True), "-is_best")
    )
    sql, params = query.query.sql_with_params()
    # Plain values (is_best 0/1 on SQLite): the ORM's per-row conversion of
    # thousands of rows would cost more than picking.
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        found_rows = cursor.fetchall()
    groups: list[list[tuple[int, int]]] = []
    group: list[tuple[int, int]] = []
    last_supplier, head = None, None
    for supplier_id, caution, score, is_best, pk, offer_id in found_rows:
        if supplier_id != last_supplier:
            last_supplier, head = supplier_id, (caution, score, bool(is_best))
            group = [(pk, offer_id)]
            if suppliers is None or supplier_id in suppliers:
                groups.append(group)
        elif (caution, score, bool(is_best)) == head:
            group.append((pk, offer_id))
    tied = [c for candidates in groups if len(candidates) > 1 for c in candidates]
    position: dict[int, int] = {}
    if tied:
        position = dict(
            Offer.objects.filter(ids_in("id", [offer_id for _, offer_id in tied])).values_list(
                "id", "position"
            )
        )
    return [
        min(candidates, key=lambda c: (position.get(c[1], 0), c[0]))[0]
        if len(candidates) > 1
        else candidates[0][0]
        for candidates in groups
    ]


def credentialed(workspace: Workspace, credential: str) -> list[int]:
    """The ids of the workspace's suppliers with the credential (a fact that is
    true), read once per process until the workspace changes: testing it in
    every supplier's facts JSON cost a filtered list 2-3 ms."""
    found: list[int] = remembered(
        workspace,
        ("credential", credential),
        lambda: list(
            Supplier.objects.filter(
                workspace=workspace, **{f"facts__{credential}": True}
            ).values_list("id", flat=True)
        ),
    )
    return found


def offer_filters_of(data: dict[str, Any]) -> Q:
    offer_filters = Q()
    if category := data.get("category"):
        offer_filters &= Q(category=category)
    for field, low, high in (
        ("moq", "moq_min", "moq_max"),
        ("unit_price_cny", "price_min", "price_max"),
    ):
        if data.get(low) is not None:
            offer_filters &= Q(**{f"{field}__gte": data[low]})
        if data.get(high) is not None:
            offer_filters &= Q(**{f"{field}__lte": data[high]})
    return offer_filters


# The last key is the row id, so the (workspace, is_best, score) index can
# serve the default order without sorting the whole list.
SORTS = {
    # The default: suppliers without a failed gate or a raised flag first; then a
    # score earned on a third of the criteria must not outrank a grade-A supplier
    # whose score is known almost in full (the grade already needs a known
    # share), and inside a grade, score x known share.
    "best": ("caution", "grade", "-known_score", "id"),
    "-score": ("-score", "-id"),
    "score": ("score", "id"),
    "-coverage": ("-coverage", "-score", "-id"),
    "name": ("supplier__name", "id"),
    "grade": ("grade", "-score", "-id"),
}


# Sorts on the best offer's price and MOQ, both ways; unknown values last.
SORTS.update(
    {
        "price": ("unit_price_cny", "-score", "id"),
        "-price": ("-unit_price_cny", "-score", "id"),
        "moq": ("moq", "-score", "id"),
        "-moq": ("-moq", "-score", "id"),
    }
)
# Sorts on a supplier fact (``Supplier.facts`` JSON): the sort key -> (fact, descending).
FACT_SORTS = {
    "-repeat_rate": ("repeat_rate_pct", True),
    "repeat_rate": ("repeat_rate_pct", False),
    "dispute_rate": ("dispute_rate_pct", False),
    "-dispute_rate": ("dispute_rate_pct", True),
    "response": ("response_minutes", False),
    "-response": ("response_minutes", True),
}
DEFAULT_SORT = "best"


def _ordering(sort: str) -> list[OrderBy]:
    # Unscored rows go last on every database (PostgreSQL puts NULL first when
    # sorting descending, SQLite last).
    if sort in FACT_SORTS:
        return _fact_ordering(*FACT_SORTS[sort])
    return [_nulls_last(key) for key in SORTS.get(sort, SORTS[DEFAULT_SORT])]


# Never null: a NULLS LAST on them would only keep SQLite from using an index.
_NOT_NULL = {"caution", "grade", "id"}


def _fact_ordering(fact: str, descending: bool) -> list[OrderBy]:
    """A supplier fact as a number (JSON text cast to float: the same order on SQLite
    and PostgreSQL, whose JSON ``null`` would otherwise sort as a value), unknown last."""
    value = Cast(KeyTextTransform(fact, "supplier__facts"), FloatField())
    key = value.desc(nulls_last=True) if descending else value.asc(nulls_last=True)
    return [key, F("score").desc(nulls_last=True), F("id").asc()]


def origin_q(origin: str, workspace: Workspace | None = None) -> Q:
    """发货地 as a seller means it: "义乌市" finds 义乌, "浙江" every listed place in
    Zhejiang (see ``daifa.screening.places``)."""
    terms = origin_terms(origin) or [origin]
    if len(terms) > 1 and workspace is not None:
        # A province is ~60 names: matched against the workspace's few distinct
        # origins here, then one IN on the rows (60 JSON substring tests a row
        # took 1 s on 10,000 suppliers).
        lowered = [t.lower() for t in terms]
        hits = [v for v in origins(workspace) if any(t in v.lower() for t in lowered)]
        return Q(supplier__facts__origin__in=hits)
    found = Q()
    for term in terms:
        found |= Q(supplier__facts__origin__icontains=term)
    return found


def origins(workspace: Workspace) -> list[str]:
    """The workspace's distinct 发货地 values, remembered until its data changes."""

    def read() -> list[str]:
        values = Supplier.objects.filter(workspace=workspace).values_list(
            "facts__origin", flat=True
        )
        return sorted({v for v in values.distinct() if isinstance(v, str) and v})

    found: list[str] = remembered(workspace, ("origins",), read)
    return found


def _nulls_last(key: str) -> OrderBy:
    if key.lstrip("-") in _NOT_NULL:
        return F(key[1:]).desc() if key.startswith("-") else F(key).asc()
    if key.startswith("-"):
        return F(key[1:]).desc(nulls_last=True)
    return F(key).asc(nulls_last=True)


def categories(workspace: Workspace) -> list[str]:
    """The workspace's categories, remembered until its data or screening changes."""
    found: list[str] = remembered(
        workspace,
        ("categories",),
        lambda: list(
            ScreenRow.objects.filter(workspace=workspace)
            .exclude(category="")
            .values_list("category", flat=True)
            .distinct()
            .order_by("category")
        ),
    )
    return found


def supplier_scorecard(workspace: Workspace, supplier: Supplier, lang: str) -> dict[str, Any]:
    """The supplier's verdicts as the last screening stored them (see
    ``daifa.screening.explanations``): the page reads them, it screens nothing.

    ``records`` and ``best`` are :class:`~daifa.engine.verdicts.RowVerdict`; the
    page picks the language of their texts (``|lang``)."""
    # The judged offer's title and id come with its row (one query, not two).
    found = fetch(
        "SELECT e.is_best, e.record, e.notes, e.offer_id, o.title, o.external_id"
        f" FROM {ScreenExplanation._meta.db_table} e JOIN {Offer._meta.db_table} o"
        " ON o.id = e.offer_id WHERE e.supplier_id = %s ORDER BY e.position, e.offer_id",
        [supplier.pk],
    )
    stored = [
        (bool(is_best), json_value(record), json_value(notes), pk, title, external_id)
        for is_best, record, notes, pk, title, external_id in found
    ]
    records = [RowVerdict.from_json(row[1]) for row in stored]
    best = next((r for row, r in zip(stored, records, strict=True) if row[0]), None)
    judged = next(
        ({"pk": pk, "title": title, "external_id": external_id}
         for is_best, _, _, pk, title, external_id in stored if is_best),
        None,
    )  # fmt: skip
    return {
        "records": records,
        "best": best,
        "offer": judged,
        "dimensions": _by_dimension(best, lang) if best else [],
        "flags": list(best.of_kind("flag")) if best else [],
        "notes": tuple(stored[0][2]) if stored else (),
        # Each offer's price against its peers, for the evidence section: looked up
        # here, not by the template looping over every criterion of every offer.
        "peer_prices": [
            (record, c) for record in records for c in record.criteria if c.id == "price_vs_peers"
        ],
    }


# page_offers' rows: the offer's columns, then its screened row's.
OFFER_COLUMNS = (
    "pk", "external_id", "title", "category", "product_group", "facts",
    "screen_id", "landed_unit_cost_cny", "grade", "peer_rank",
)  # fmt: skip


def page_offers(supplier: Supplier) -> list[dict[str, Any]]:
    """The supplier page's offer rows: each offer's columns the table shows, with its
    screened row's (None when not screened). A blank offer (no id, no facts) only
    carries the shop's own facts through screening (a shop page pasted, no offer
    yet): not an offer row."""
    # One plain statement (daifa.modelrows): on a first view the ORM's
    # query building cost more than the read.
    found = fetch(
        "SELECT o.id, o.external_id, o.title, o.category, o.product_group, o.facts,"
        " r.id, r.landed_unit_cost_cny, r.grade, r.peer_rank"
        f" FROM {Offer._meta.db_table} o LEFT JOIN {ScreenRow._meta.db_table} r"
        " ON r.offer_id = o.id WHERE o.supplier_id = %s ORDER BY o.position, o.id",
        [supplier.pk],
    )
    rows = [dict(zip(OFFER_COLUMNS, row, strict=True)) for row in found]
    for row in rows:
        row["facts"] = json_value(row["facts"])
    return [o for o in rows if o["external_id"] or o["facts"]]


def _by_dimension(record: RowVerdict, lang: str) -> list[dict[str, Any]]:
    groups: dict[str, list[CriterionVerdict]] = {}
    for item in record.criteria:
        groups.setdefault(item.dimension, []).append(item)
    return [
        {"id": dim, "label": DIMENSION_LABELS[dim].get(lang), "criteria": items}
        for dim, items in groups.items()
    ]


def compare_group(
    workspace: Workspace,
    group: str,
    lang: str,
    *,
    quantity: int | None = None,
    profile: Profile | None = None,
) -> Comparison:
    """The offers of one product group side by side, ranked, with landed cost and profit.

    Grades, scores and ranks are those of every other page (the default
    quantity): the chosen quantity changes what an offer costs, never its grade.
    "Best" is the best-ranked offer the seller may choose at that quantity:
    approvable, no raised flag, and quotable (not below its MOQ); when there is
    none, ``best`` is None and ``closest`` the best-ranked one without a failed
    gate or a flag that quotes, with what it still needs verified.
    """
    result, inputs = screen_subset(workspace, [], [group], profile)
    positions = [i for i, g in enumerate(inputs.offers["product_group"].to_list()) if g == group]
    titles = inputs.offers[positions].select(
        "supplier_pk",
        "offer_pk",
        pl.col("product_title") if "product_title" in inputs.offers.columns else pl.lit(None),
    )
    costs_of = _costs_at(workspace, inputs.offers[positions], group, quantity)
    columns = []
    for verdict, (supplier_pk, offer_pk, title) in zip(
        result.explain(positions), titles.rows(), strict=True
    ):
        columns.append(
            ComparedOffer.judged(
                verdict,
                supplier_pk=supplier_pk,
                offer_pk=offer_pk,
                costs=OfferCosts.from_row(costs_of.get(offer_pk, {}), lang),
                offer_title=title,
            )
        )
    # Offers that fail a gate, raise a flag or cannot quote at this quantity go
    # after the others, each part by peer rank (an offer still to verify keeps
    # its rank; "best" below needs it verified).
    columns.sort(key=lambda c: (c.excluded, c.verdict.peer_rank or 10**6, -(c.verdict.score or 0)))
    best = next((c for c in columns if c.verdict.peer_rank and not c.not_choosable), None)
    closest = None
    if best is None:
        closest = next(
            (
                c
                for c in columns
                if c.verdict.peer_rank
                and not c.verdict.blocking
                and not c.verdict.flags
                and c.costs.quotes
            ),
            None,
        )
    return Comparison(
        group=group,
        columns=tuple(columns),
        cheapest=cheapest_of(columns),
        best=best,
        closest=closest,
        quantity=quantity,
    )


def _costs_at(
    workspace: Workspace, offers: pl.DataFrame, group: str, quantity: int | None
) -> dict[int, dict[str, Any]]:
    """Each offer's cost columns (by offer pk) at the chosen quantity."""
    if quantity:
        from daifa.catalog.adapters import workspace_offer_frame

        raw = workspace_offer_frame(workspace, supplier_ids=[], groups=[group])
        offers, _ = with_costs(
            workspace, raw.filter(pl.col("product_group") == group), quantity=quantity
        )
    wanted = ["offer_pk", *(c for c in COST_COLUMNS if c in offers.columns)]
    return {row["offer_pk"]: row for row in offers.select(wanted).iter_rows(named=True)}


def group_exists(workspace: Workspace, group: str) -> bool:
    return Offer.objects.filter(workspace=workspace, product_group=group).exists()


def groups_of(workspace: Workspace) -> list[tuple[str, int]]:
    return list(
        Offer.objects.filter(workspace=workspace)
        .exclude(product_group="")
        .values_list("product_group")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .order_by("product_group")
        .values_list("product_group", "n")
    )


def warm_list_memory(workspace: Workspace) -> None:
    """Read into this process what every first view of the workspace's list needs
    whatever its filter: the categories, origins, each credential's suppliers, the
    search texts (SQLite) and the unfiltered list's order.

    ``daifa serve`` calls it before its workers fork, so each worker starts with
    them instead of its first visitors paying for them (a first filtered view
    cost 30 ms more per worker, 90 ms for a first search). Nothing is rendered
    and the page cache is not touched: pages stay first views; the reads are the
    ones a worker keeps after its first pages anyway."""
    from daifa.screening.forms import CREDENTIALS
    from daifa.screening.listindex import warm_list_index
    from daifa.screening.search import remember_search_texts

    categories(workspace)
    origins(workspace)
    for credential, _label in CREDENTIALS:
        credentialed(workspace, credential)
    remember_search_texts(workspace)
    warm_list_index(workspace)
    rows = filter_rows(workspace, {})
    remembered_ids(workspace, ("list-ids", ""), lambda: list(rows.values_list("id", flat=True)))
