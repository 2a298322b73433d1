"""Certificates as documents: canonical names, aliases, and which documents satisfy which.

Suppliers list certificates the way they label them: ``CE-RED;FCC ID`` (the Radio
Equipment Directive's CE and an FCC equipment authorisation), ``CE FCC`` in one cell,
``ce认证``, ``SDS`` for an MSDS, ``3C`` for China's CCC. A category rule asks for a
document family (``CE``, ``FCC``); every member of the family satisfies it. Names are
spelled canonically on import and export (``RoHS`` stays ``RoHS``); names this table
does not know are kept as written.
"""

from __future__ import annotations

import re
from functools import cache

# canonical spelling -> (aliases, families it also satisfies)
DOCUMENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "CE": (("CE", "CE认证", "CE MARK", "CE MARKING"), ()),
    "CE-RED": (("CE RED", "RED"), ("CE",)),
    "CE-EMC": (("CE EMC", "EMC"), ("CE",)),
    "CE-LVD": (("CE LVD", "LVD"), ("CE",)),
    "FCC": (("FCC",), ()),
    "FCC ID": (("FCC ID", "FCCID"), ("FCC",)),
    "FCC SDoC": (("FCC SDOC", "SDOC", "FCC DOC"), ("FCC",)),
    "UKCA": (("UKCA",), ()),
    "RoHS": (("ROHS",), ()),
    "REACH": (("REACH",), ()),
    "EN71": (("EN71", "EN 71", "EN-71"), ()),
    "CPC": (("CPC", "CPSIA"), ()),
    "ASTM F963": (("ASTM F963", "ASTMF963", "F963"), ()),
    "MSDS": (("MSDS", "SDS"), ()),
    "UN38.3": (("UN38.3", "UN 38.3", "UN383"), ()),
    "CCC": (("CCC", "3C", "3C认证"), ()),
    "ISO 9001": (("ISO9001", "ISO 9001"), ()),
    "ISO 14001": (("ISO14001",), ()),
    "BSCI": (("BSCI",), ()),
    "FDA": (("FDA",), ()),
    "LFGB": (("LFGB",), ()),
    "NMPA": (("NMPA",), ()),
    "KC": (("KC",), ()),
    "PSE": (("PSE",), ()),
    "UL": (("UL",), ()),
}


def normal(name: str) -> str:
    """The lookup key: case, spaces, ``-_./`` and 认证/证书/CERTIFICATE do not matter."""
    cleaned = re.sub(r"[\s\-_./]", "", name.upper())
    return re.sub(r"(认证|证书|CERTIFICATE|CERTIFIED|CERT)$", "", cleaned) or cleaned


@cache
def _by_normal() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, (aliases, _) in DOCUMENTS.items():
        for name in (canonical, *aliases):
            table.setdefault(normal(name), canonical)
    return table


def canonical(name: str) -> str | None:
    """The canonical spelling of a known certificate, else ``None``.

    >>> canonical("rohs"), canonical("fcc-id"), canonical("SDS"), canonical("ce认证")
    ('RoHS', 'FCC ID', 'MSDS', 'CE')
    """
    return _by_normal().get(normal(name))


def split_names(item: str) -> list[str]:
    """One list item as documents: ``CE FCC`` is two when every part is a known name.

    Multi-word names (``FCC ID``, ``ISO 9001``, ``ASTM F963``) are matched longest first;
    an item that is not made only of known names is kept whole, as written.

    >>> split_names("CE FCC RoHS"), split_names("FCC ID"), split_names("Made in China")
    (['CE', 'FCC', 'RoHS'], ['FCC ID'], ['Made in China'])
    """
    text = item.strip()
    known = canonical(text)
    if known is not None:
        return [known]
    words = text.split()
    found: list[str] = []
    i = 0
    while i < len(words):
        for span in (3, 2, 1):
            name = canonical(" ".join(words[i : i + span])) if i + span <= len(words) else None
            if name is not None:
                found.append(name)
                i += span
                break
        else:
            return [text] if text else []
    return found


def canonical_list(items: list[str]) -> list[str]:
    """A certificate list spelled canonically, split where run together, without repeats."""
    out: list[str] = []
    for item in items:
        for name in split_names(item):
            if name not in out:
                out.append(name)
    return out


@cache
def satisfying_normals(requirement: str) -> frozenset[str]:
    """Normal forms of every document that satisfies one required name (or family).

    >>> sorted(satisfying_normals("CE"))[:6]
    ['CE', 'CEEMC', 'CELVD', 'CEMARK', 'CEMARKING', 'CERED']
    """
    wanted = canonical(requirement) or requirement
    names = {normal(requirement)}
    for name, (aliases, families) in DOCUMENTS.items():
        if name == wanted or wanted in families:
            names.update(normal(n) for n in (name, *aliases))
    return frozenset(names)


def satisfies(have: list[str], requirement: str) -> bool:
    """Whether a certificate list meets one requirement (``"CPC|ASTM F963"``: either).

    >>> satisfies(["CE-RED", "FCC ID"], "CE"), satisfies(["CE FCC"], "FCC")
    (True, True)
    """
    normals = {normal(n) for item in have for n in split_names(item)}
    return any(normals & satisfying_normals(o) for o in requirement.split("|") if o.strip())


def requirement_label(requirement: str, lang: str) -> str:
    """A ``require`` entry as a sentence shows it: alternatives joined by " / ",
    and in English only the Latin names when the entry has any
    (``"化妆品生产许可证|COSMETICS PRODUCTION LICENSE"`` → ``"COSMETICS PRODUCTION LICENSE"``)."""
    names = [n.strip() for n in requirement.split("|") if n.strip()]
    if lang == "en":
        latin = [n for n in names if not any("\u4e00" <= ch <= "\u9fff" for ch in n)]
        names = latin or names
    return " / ".join(names)
