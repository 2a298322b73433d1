"""The files a seller can download: each card, the rates and the settings, or all as a zip.

The zip holds exactly what ``daifa cost --cards DIR`` and the upload form read, so a
seller can edit the cards in Excel and bring them back.
"""

from __future__ import annotations

import io
import zipfile

from daifa.costs.adapters import CARD_KINDS
from daifa.costs.selectors import CostOverview
from daifa.sources.ratecards import card_to_text, currency_rates_to_text, example_text

FILE_NAMES = (
    *(f"{kind}.{fmt}" for kind in CARD_KINDS for fmt in ("toml", "csv")),
    "currency.toml",
    "currency.csv",
    "settings.toml",
)
ZIP_NAMES = {"daifa-costs-toml.zip": "toml", "daifa-costs-csv.zip": "csv"}


def file_text(overview: CostOverview, name: str) -> str:
    """The text of one file (``name`` is one of ``FILE_NAMES``)."""
    kind, _, fmt = name.rpartition(".")
    profile, settings = overview.profile, overview.settings
    if kind == "settings":
        own = profile.settings_toml if profile else ""
        return own if own.strip() else example_text("settings.toml")
    if kind == "currency":
        if fmt == "toml" and not (profile and profile.has_own_rates):
            return example_text("currency.toml")  # keeps its "example, not quotes" header
        return currency_rates_to_text(settings.rates, fmt="csv" if fmt == "csv" else "toml")
    if fmt == "toml":
        return overview.card_text(kind)
    return card_to_text(settings.cards, kind, fmt="csv")


def file_bytes(name: str, text: str) -> bytes:
    # utf-8 with BOM for CSV so Excel shows the Chinese names
    return text.encode("utf-8-sig" if name.endswith(".csv") else "utf-8")


def folder_zip(overview: CostOverview, fmt: str) -> bytes:
    names = [n for n in FILE_NAMES if n.endswith(f".{fmt}")]
    if "settings.toml" not in names:
        names.append("settings.toml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, file_bytes(name, file_text(overview, name)))
    return buffer.getvalue()
