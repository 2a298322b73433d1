"""The one module that writes rows with raw SQL, for speed (tens of thousands of rows
in one ``executemany``, where the ORM's ``bulk_create`` builds a model per row).

Column lists come from the models (``Model._meta.concrete_fields``), never typed
out: a new field is written with its default until a caller gives it a value,
and a row naming a field the model lacks fails at once. SQLite and PostgreSQL
both run these statements (CI runs the tests on both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin

CHUNK = 5000

Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    """A progress callback for callers that show none."""


def columns(model: type[models.Model]) -> tuple[str, ...]:
    """The model's stored columns (``attname``: ``supplier_id``, not ``supplier``),
    without an auto-increment primary key, which the database assigns."""
    return tuple(
        f.attname for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)
    )


def _defaults(model: type[models.Model]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.has_default():
            found[f.attname] = f.get_db_prep_save(f.get_default(), connection)
        elif f.null:
            found[f.attname] = None
        elif f.empty_strings_allowed and isinstance(f, models.CharField | models.TextField):
            found[f.attname] = ""
    return found


def tuples(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as the database wants them, in ``columns(model)`` order.

    Values must already be database values (JSON fields as JSON text, datetimes
    adapted); a field a row leaves out takes the model's default, or NULL.
    """
    names = columns(model)
    defaults = _defaults(model)
    known = set(names)
    out = []
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise KeyError(f"{model.__name__} has no column {sorted(unknown)}")
        try:
            out.append(tuple(row[n] if n in row else defaults[n] for n in names))
        except KeyError as exc:
            raise KeyError(f"{model.__name__}: no value and no default for {exc}") from None
    return out


def insert_sql(model: type[models.Model], names: Sequence[str] | None = None) -> str:
    quote = connection.ops.quote_name
    names = columns(model) if names is None else names
    marks = ", ".join(["%s"] * len(names))
    return (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(c) for c in names)}) VALUES ({marks})"
    )


def executemany(
    sql: str, rows: list[tuple[Any, ...]], *, stage: str = "", progress: Progress = _quiet
) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])
            progress(stage, min(start + CHUNK, len(rows)), len(rows))


def insert(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    stage: str = "",
    progress: Progress = _quiet,
) -> None:
    """INSERT every row (dicts keyed by column ``attname``)."""
    executemany(insert_sql(model), tuples(model, rows), stage=stage, progress=progress)


def upsert(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    conflict: Sequence[str],
    update: Sequence[str],
    stage: str = "",
    progress: Progress = _quiet,
) -> None:
    """INSERT … ON CONFLICT … DO UPDATE, which SQLite and PostgreSQL both speak."""
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
    keys = ", ".join(quote(c) for c in conflict)
    sql = f"{insert_sql(model)} ON CONFLICT ({keys}) DO UPDATE SET {sets}"
    executemany(sql, tuples(model, rows), stage=stage, progress=progress)


def update_sql(model: type[models.Model], names: Sequence[str]) -> str:
    """UPDATE of ``names`` by primary key (the key is the last parameter)."""
    known = set(columns(model))
    missing = [n for n in names if n not in known]
    if missing:
        raise KeyError(f"{model.__name__} has no column {missing}")
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(c)} = %s" for c in names)
    pk = quote(model._meta.pk.column or model._meta.pk.attname)
    return f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {pk} = %s"
