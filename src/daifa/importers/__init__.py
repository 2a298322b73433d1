"""Importers: one folder per data source, each the same shape (a "slice").

    spreadsheet/  CSV/XLSX uploads: preview, then import in the background
    capture/      a pasted 1688 page: confirm what was read, store it
    open1688/     the 1688 Open Platform: search, one offer, a supplier's refresh

Each slice has ``views.py``, ``forms.py``, ``services.py`` (its writes), ``urls.py``,
``templates/<slice>/`` and tests under ``tests/importers/<slice>/``; reading the
source itself (no Django) lives in ``daifa.sources.<source>``. Every slice lands its
rows through the catalog's services: ``supplier_get_or_create`` and
``offer_get_or_create`` (one rule for finding a supplier or offer), and
``supplier_record_facts`` or ``import_tables``. How to add a source:
docs/adding-a-source.md.
"""
