"""Spreadsheet upload: a CSV or XLSX file is previewed, then imported in the background.

Reading lives in daifa.sources.spreadsheet; the rows land through the catalog's
``import_tables``. Here: the upload views and form, the job services (``services.py``:
create, preview, import, retry, with progress), the worker's tasks, the export of a
workspace as the same tables (``exporting.py``), urls and templates.
"""
