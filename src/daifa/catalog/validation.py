"""Check the workspace as an import would leave it, before anything is stored.

The screening (the engine's ``prepare``) refuses some combinations the reader
cannot see in one cell: a test order shipped before it was paid, a transit
minimum above the maximum, possibly across a file and what is already stored.
Running the engine's own checks (``findings``) on the merged would-be rows of the
suppliers an import touches means the two can never disagree: what the engine
would refuse is reported by file row, column and value, and nothing is stored.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from daifa.catalog import importing
from daifa.catalog.adapters import to_json_value
from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.engine.scorecard._validate import DOMAINS, ORDERED_PAIRS, allowed_zh, findings
from daifa.sources.spreadsheet import CellProblem
from daifa.sources.spreadsheet.limits import MAX_ID_CHARS, MAX_REPORTED_PROBLEMS

_PAIRED = {second: first for first, second in ORDERED_PAIRS}


def would_be_problems(catalog: importing.Catalog, filename: str) -> list[CellProblem]:
    """Cells of this file that would make the screening refuse the workspace.

    A value that was already stored and is not touched by the file is not the
    file's fault: the screening sets such values aside (see screening.inputs).
    """
    offers = importing.would_be_offers(catalog)
    problems = _long_ids(catalog, filename)
    if not offers:
        return problems
    frame = _checked_frame([importing.merged_facts(o) for o in offers])
    for position, error in findings(frame, limit=MAX_REPORTED_PROBLEMS):
        offer = offers[position]
        place = _origin(offer, error.field or "")
        if place is None:
            continue
        sheet, row = place
        value = to_json_value(error.value)
        allowed = error.allowed or ""
        problems.append(
            CellProblem(
                sheet=sheet or filename,
                row=row if row is not None else 0,
                column=error.field or "",
                field=error.field or "",
                value="" if value is None else str(value),
                reason_en=f"the screening cannot use this value; expected {allowed}",
                reason_zh=f"筛选无法使用这个值；应为 {allowed_zh(allowed)}",
                code="engine",
            )
        )
    return problems


# The fields the engine's checks look at (frame_from_facts builds every column,
# nested tiers included: 30 s on 100,000 rows, for checks that need a dozen).
_CHECKED = ("supplier_id", *DOMAINS, *(name for pair in ORDERED_PAIRS for name in pair))


def _checked_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    present = {key for row in rows for key in row}
    columns = []
    for name in dict.fromkeys(_CHECKED):
        column = COLUMNS_BY_NAME.get(name)
        if column is None or name not in present:
            continue
        values = [row.get(name) for row in rows]
        if column.type == "datetime":
            series = pl.Series(name, values, dtype=pl.String).str.to_datetime(
                time_unit="us", strict=False
            )
        else:
            series = pl.Series(name, values, dtype=column.dtype, strict=False)
        columns.append(series)
    return pl.DataFrame(columns)


def _origin(offer: importing.Record, field: str) -> tuple[Any, Any] | None:
    """The file cell that set ``field`` (or the field it is ordered after)."""
    for name in (field, _PAIRED.get(field)):
        if name is None:
            continue
        for record in (offer, importing.owner(offer)):
            if name in record.origin:
                return record.origin[name]
    return None


def _long_ids(catalog: importing.Catalog, filename: str) -> list[CellProblem]:
    """Ids past the database column (SQLite does not enforce ``max_length``)."""
    records = [*catalog.new_suppliers, *catalog.new_offers]
    return [
        CellProblem.of(
            "id_too_long",
            sheet=filename,
            row=0,
            column="offer_id" if r.supplier is not None else "supplier_id",
            field="offer_id" if r.supplier is not None else "supplier_id",
            value=f"{r.external_id[:40]}… ({len(r.external_id):,})",
        )
        for r in records
        if len(r.external_id) > MAX_ID_CHARS
    ]
