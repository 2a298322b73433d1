"""Plain statements for the supplier page's reads, and the column conversions the
ORM would have made.

A first view of a supplier page makes a handful of small reads; building each
through the ORM (compiling the query, converting every column) cost ten times
the database's answer. The reads that run on every first view say their SQL
here instead; these helpers turn a column's raw value into what the model field
gives (JSON decoded, a moment made aware), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.dateparse import parse_datetime


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
