"""Which supplier a pasted page is about: an id to suggest, and a match by name.

A seller should never have to invent a supplier id. The page usually carries
one: the shop's address (``https://hengxing888.1688.com`` -> ``hengxing888``)
or 1688's member id (``b2b-2213456789``); failing both, the company name itself
is a stable key. An offer page names its shop (店铺名 恒星饰品) or company rather
than an id, so it is matched to a supplier already in the workspace by name:
exactly first, then by the name's core (without the place and the legal form,
which every 义乌市…有限公司 shares), then fuzzily with rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from rapidfuzz import fuzz, process

# The longest id a supplier may have (catalog.Supplier.external_id).
MAX_ID = 100
# ``shop1234567890.1688.com``, ``hengxing888.1688.com``; not detail./www./s. pages.
_SHOP_HOST = re.compile(r"(?:https?://)?(?P<sub>[a-z0-9-]+)\.1688\.com", re.IGNORECASE)
_NOT_SHOPS = frozenset({"detail", "www", "s", "m", "work", "login", "trade", "air", "cart"})
_SPACE = re.compile(r"\s+")
# The place a company is registered in, written before its name (广东省深圳市宝安区…).
_PLACE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,3}(?:省|自治区))?(?:[\u4e00-\u9fff]{2,3}市)?"
    r"(?:[\u4e00-\u9fff]{1,3}(?:区|县|镇))?"
)
# The legal form after it (有限公司, 商行 …) and words a shop name adds (旗舰店).
_FORM = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|公司|商行|经营部|贸易行|工作室|厂|旗舰店|专营店|店)$"
)
# rapidfuzz ratio (0-100) of two cores above which they are taken to be the same
# shop, provided no other supplier comes close (``_MARGIN``).
FUZZY_MIN = 85.0
_MARGIN = 5.0

Basis = Literal["shop_url", "member_id", "name"]
How = Literal["id", "shop_url", "name", "core", "fuzzy"]


@dataclass(frozen=True)
class Suggestion:
    supplier_id: str
    basis: Basis


@dataclass(frozen=True)
class Known:
    """A supplier of the workspace as the matcher sees it."""

    key: Any  # the caller's handle (a primary key)
    external_id: str
    name: str
    shop_url: str = ""


@dataclass(frozen=True)
class Match:
    key: Any
    how: How
    said: str  # what on the page matched (an id, an address or a name)
    score: float = 100.0


def shop_id(url: str | None) -> str | None:
    """``https://hengxing888.1688.com/page/...`` -> ``hengxing888``; None for other pages."""
    match = _SHOP_HOST.search(url or "")
    if match is None:
        return None
    sub = match.group("sub").lower()
    return None if sub in _NOT_SHOPS else sub


def fold(name: str) -> str:
    """One way to write a name: NFKC (full-width brackets, digits), no spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))


def core(name: str) -> str:
    """The distinctive part of a company or shop name: 义乌市恒星饰品有限公司 -> 恒星饰品."""
    folded = fold(name)
    stripped = _FORM.sub("", _PLACE.sub("", folded, count=1))
    return stripped if len(stripped) >= 2 else folded


def suggest_supplier_id(values: Mapping[str, Any], extra: Mapping[str, Any]) -> Suggestion | None:
    """The id a new supplier should get from what the page shows, best first."""
    from_url = shop_id(values.get("shop_url"))
    if from_url:
        return Suggestion(from_url, "shop_url")
    member = (extra.get("member_id") or "").strip()
    if member:
        return Suggestion(member[:MAX_ID], "member_id")
    name = fold(values.get("supplier_name") or extra.get("shop_name") or "")
    if name:
        return Suggestion(name[:MAX_ID], "name")
    return None


def page_names(values: Mapping[str, Any], extra: Mapping[str, Any]) -> list[str]:
    """The names a page gives its supplier (company name, shop name)."""
    names = [values.get("supplier_name"), extra.get("shop_name")]
    return [n for n in names if isinstance(n, str) and n.strip()]


def match_supplier(
    values: Mapping[str, Any], extra: Mapping[str, Any], known: Iterable[Known]
) -> Match | None:
    """The workspace's supplier this page is about, or None when none fits well enough.

    By id first (the shop address's id or the member id is a supplier's id, or
    its stored shop address has the same host), then by name: the same name, the
    same core, or one core within ``FUZZY_MIN`` of another with no rival close to it.
    """
    known = list(known)
    ids = {
        i for i in (shop_id(values.get("shop_url")), (extra.get("member_id") or "").strip()) if i
    }
    for supplier in known:
        if supplier.external_id in ids:
            return Match(supplier.key, "id", supplier.external_id)
    host = shop_id(values.get("shop_url"))
    if host:
        for supplier in known:
            if shop_id(supplier.shop_url) == host:
                return Match(supplier.key, "shop_url", values["shop_url"])
    for name in page_names(values, extra):
        found = _by_name(name, known)
        if found is not None:
            return found
    return None


def _by_name(name: str, known: list[Known]) -> Match | None:
    folded, wanted = fold(name), core(name)
    exact = [s for s in known if s.name and fold(s.name) == folded]
    if len(exact) == 1:
        return Match(exact[0].key, "name", name)
    same_core = [s for s in known if s.name and core(s.name) == wanted]
    if len(same_core) == 1:
        return Match(same_core[0].key, "core", name)
    if exact or same_core:
        return None  # two suppliers share the name: the seller must choose
    named = [s for s in known if s.name]
    # 义乌恒星饰品 (place written without 市) holds 恒星饰品: one name inside the other.
    inside = [s for s in named if _contains(core(s.name), wanted)]
    if len(inside) == 1:
        return Match(inside[0].key, "fuzzy", name, 100.0)
    if len(inside) > 1:
        return None
    ranked = process.extract(
        wanted, [core(s.name) for s in named], scorer=fuzz.ratio, limit=2, score_cutoff=50
    )
    if not ranked or ranked[0][1] < FUZZY_MIN:
        return None
    if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - _MARGIN:
        return None
    _, score, index = ranked[0]
    return Match(named[index].key, "fuzzy", name, float(score))


def _contains(a: str, b: str) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 3 and shorter in longer
