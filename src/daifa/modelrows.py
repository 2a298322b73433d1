"""Plain statements for the reads every first view makes, and the model instances
and column values the ORM would have made of them.

The pages' first views read a few rows each (the workspace, the supplier, a
supplier's facts and sales); the ORM's query building cost several times the
database's answer. Those selectors say their SQL and read it with :func:`fetch`;
``model_rows`` says the SELECT once per model; and each column is converted as its
field does (:func:`json_value`, :func:`moment`), on SQLite and PostgreSQL alike. It lives
outside the app layers and imports nothing of daifa's, so that every app, the
accounts too, may use it without a cycle between packages.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, models
from django.utils.dateparse import parse_datetime

M = TypeVar("M", bound=models.Model)


def fetch(sql: str, params: Sequence[Any] | dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every row of one plain statement."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def json_value(value: Any) -> Any:
    """A JSON column as ``JSONField`` reads it: SQLite hands back text, a driver
    that decodes JSON itself the value."""
    if isinstance(value, str | bytes):
        return json.loads(value)
    return value


def moment(value: Any) -> datetime | None:
    """A ``DateTimeField`` column as the model reads it: aware (in UTC, as stored)."""
    if value is None:
        return None
    found = value if isinstance(value, datetime) else parse_datetime(str(value))
    if found is None:
        raise ValueError(f"not a date and time: {value!r}")
    if settings.USE_TZ and found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    return found


# The field types whose column a driver already hands back as the model has it.
_AS_STORED = frozenset(
    {
        "AutoField", "BigAutoField", "ForeignKey", "CharField", "TextField",
        "IntegerField", "BigIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
    }
)  # fmt: skip


@functools.cache
def _model_reader(
    model: type[models.Model],
) -> tuple[str, tuple[str, ...], tuple[Callable[[Any], Any] | None, ...]]:
    """``model``'s columns for a SELECT, its fields' attribute names in the same
    order (``Model.from_db``'s), and each column's conversion (None: as stored)."""
    fields = model._meta.concrete_fields
    converters: list[Callable[[Any], Any] | None] = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "JSONField":
            converters.append(json_value)
        elif kind == "DateTimeField":
            converters.append(moment)
        elif kind in _AS_STORED:
            converters.append(None)
        else:  # a column this module cannot convert yet: say so, never guess
            raise TypeError(f"{model.__name__}.{f.name}: no plain reading of a {kind}")
    columns = ", ".join(f"t.{connection.ops.quote_name(str(f.column))}" for f in fields)
    return columns, tuple(f.attname for f in fields), tuple(converters)


def model_rows(model: type[M], where: str, params: Sequence[Any]) -> list[M]:
    """The instances of ``model`` (its table aliased ``t``) matching ``where``, read
    by one plain statement and built as the ORM builds them (``Model.from_db``),
    without compiling a query."""
    columns, names, converters = _model_reader(model)
    found = fetch(f"SELECT {columns} FROM {model._meta.db_table} t WHERE {where}", params)
    return [
        model.from_db(
            connection.alias,
            names,
            [c(x) if c is not None else x for c, x in zip(converters, row, strict=True)],
        )
        for row in found
    ]
