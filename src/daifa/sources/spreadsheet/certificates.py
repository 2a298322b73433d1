"""Certificate cells: a list of documents, spelled canonically (RoHS stays RoHS).

``CE-RED；FCC ID`` -> ["CE-RED", "FCC ID"]; ``CE FCC`` -> ["CE", "FCC"];
``rohs、ce认证`` -> ["RoHS", "CE"]; names the table does not know are kept as written.
"""

from __future__ import annotations

import polars as pl

from daifa.engine.certificates import canonical_list

from .numbers import Parsed
from .scope import Scope
from .structured import text_list


def _canonical(lists: pl.Series) -> pl.Series:
    seen: dict[tuple[str, ...], list[str]] = {}
    out: list[list[str] | None] = []
    for items in lists.to_list():
        if items is None:
            out.append(None)
            continue
        key = tuple(items)
        if key not in seen:
            seen[key] = canonical_list(items)
        out.append(seen[key])
    return pl.Series(lists.name, out, dtype=pl.List(pl.String))


def certificate_list(s: Scope, text: pl.Expr) -> Parsed:
    parsed = text_list(s, text, upper=False)
    value = parsed.value.map_batches(_canonical, return_dtype=pl.List(pl.String))
    return Parsed(s.let(value), parsed.reason)
