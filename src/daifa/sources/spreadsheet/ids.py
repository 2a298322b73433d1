"""Supplier ids for a seller's sheet that has none: from the shop link, the shop
name or the offer link.

A seller's own list has 供应商名称 and 店铺链接 but rarely a supplier-ID column.
The shop link already names the shop (``https://shop1234567.1688.com`` ->
``shop1234567``, a member id ``b2b-2201234567`` anywhere in the link ->
``b2b-2201234567``); failing that the shop name gives a stable key
(``name-<10 hex>``, the same for the same name on every import, whatever its
spacing, width or case); failing that the offer link gives ``offer-<offer id>``.
The name comes before the offer link so that one shop's several offers stay one
supplier.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import polars as pl

from .values import offer_id_from_url

# Hosts of 1688 itself, not of one shop.
GENERIC_HOSTS = (
    "www", "detail", "m", "s", "show", "offer", "work", "page", "dj", "winport", "air",
    "login", "trade", "order", "search", "sale", "cart", "member", "home", "data",
)  # fmt: skip
SOURCES = ("shop_url", "supplier_name", "offer_url")
_SPACE = re.compile(r"\s+")


def shop_id_from_url(url: pl.Expr) -> pl.Expr:
    """``https://shop123.1688.com/page/x.htm`` -> ``shop123``; a ``b2b-…`` member id
    in the link wins; links that name no shop give null."""
    text = url.str.strip_chars().str.to_lowercase()
    member = text.str.extract(r"(b2b-[0-9a-z]+)", 1)
    host = text.str.extract(r"^(?:https?://)?([0-9a-z][0-9a-z-]*)\.1688\.com(?:[/?#:]|$)", 1)
    shop = pl.when(host.is_in(GENERIC_HOSTS)).then(None).otherwise(host)
    return pl.coalesce(member, shop)


def name_key(name: str) -> str:
    """A stable id from a shop name: NFKC, case and spaces do not matter."""
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", name)).lower()
    return "name-" + hashlib.sha1(folded.encode("utf-8")).hexdigest()[:10]


def _name_keys(names: pl.Series) -> pl.Series:
    distinct = [n for n in names.drop_nulls().unique().to_list() if n.strip()]
    keys = {n: name_key(n) for n in distinct}
    return names.replace_strict(keys, default=None, return_dtype=pl.String)


def derived_ids(raw: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """Per row: ``supplier_id`` and ``id_source`` (shop_url / supplier_name /
    offer_url, or null when the row has none). ``columns`` maps each source field
    present in the sheet to its raw column."""
    candidates: list[tuple[str, pl.Series]] = []
    if "shop_url" in columns:
        shop = raw.select(shop_id_from_url(pl.col(columns["shop_url"]))).to_series()
        candidates.append(("shop_url", shop))
    if "supplier_name" in columns:
        name = raw.get_column(columns["supplier_name"]).str.strip_chars()
        candidates.append(("supplier_name", _name_keys(name)))
    if "offer_url" in columns:
        offer = raw.select(offer_id_from_url(pl.col(columns["offer_url"]))).to_series()
        candidates.append(("offer_url", ("offer-" + offer)))
    frame = pl.DataFrame({source: series for source, series in candidates})
    ids = pl.coalesce([pl.col(source) for source, _ in candidates])
    source = pl.lit(None, dtype=pl.String)
    for field, _ in reversed(candidates):
        source = pl.when(pl.col(field).is_not_null()).then(pl.lit(field)).otherwise(source)
    return frame.select(ids.alias("supplier_id"), source.alias("id_source"))
