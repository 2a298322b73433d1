"""Rendering a :class:`~daifa.engine.ScreeningResult` for people and programs.

Four formats, each in 简体中文 or English: a terminal table, JSON (one object
per supplier, every catalogue criterion with its evidence), CSV (one row per
supplier: summary columns plus per-criterion status and points; fast at a
million rows) and a self-contained HTML report a seller can open or print.
Rendering is not the engine's job (it writes files), so it lives here.
"""

from __future__ import annotations

from daifa.reports.html import to_html
from daifa.reports.records import FORMATS, csv_frame, to_json, write_csv, write_json
from daifa.reports.table import render_table

__all__ = ["FORMATS", "csv_frame", "render_table", "to_html", "to_json", "write_csv", "write_json"]
