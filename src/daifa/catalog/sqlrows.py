"""Plain statements for the supplier page's reads, and the column conversions the
ORM would have made.

A first view of a supplier page makes a handful of small reads; building each
through the ORM (compiling the query, converting every column) cost ten times
the database's answer. The reads that run on every first view say their SQL
here instead; these helpers (kept in ``daifa.modelrows``, which the
accounts may use too) turn a column's raw value into what the model field gives
(JSON decoded, a moment made aware), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from daifa.modelrows import fetch, json_value, model_rows, moment

__all__ = ["fetch", "json_value", "model_rows", "moment"]
