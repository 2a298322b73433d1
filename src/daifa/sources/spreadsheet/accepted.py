"""What the importer accepts, generated from the alias table (never kept by hand):
the accepted-headers list (import page, ``docs/data-format.md``) and the
downloadable template a seller fills in.

Rewrite the documentation's list after changing :mod:`.headers`::

    .venv/bin/python -m daifa.sources.spreadsheet.accepted docs/data-format.md
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from daifa.engine.schema import COLUMNS, COLUMNS_BY_NAME

from .headers import (
    ALIAS_TABLES,
    REVIEW_ALIASES,
    SALES_ALIASES,
    SUPPLIER_ALIASES,
    TRANSIT_RANGE,
    TableKind,
    normalise_header,
)

BEGIN = "<!-- accepted-headers:begin (generated: python -m daifa.sources.spreadsheet.accepted) -->"
END = "<!-- accepted-headers:end -->"

_OTHER_LABELS: dict[str, tuple[str, str]] = {
    TRANSIT_RANGE: ("时效（如 7-12天，填入上下限）", "Transit days as a range (e.g. 7-12天)"),
    "period_start": ("日期", "Date (period start)"),
    "period_days": ("天数", "Days in the period"),
    "units": ("销量", "Units sold"),
    "text": ("评价内容", "Review text"),
    "rating": ("评分", "Rating"),
    "created_at": ("评价时间", "Written at"),
}
_KINDS: dict[TableKind, tuple[dict[str, tuple[str, ...]], str, str]] = {
    "suppliers": (SUPPLIER_ALIASES, "供应商（每行一个商品）", "Suppliers (one row per offer)"),
    "sales": (SALES_ALIASES, "销量历史", "Sales history"),
    "reviews": (REVIEW_ALIASES, "评价", "Reviews"),
}


@dataclass(frozen=True)
class AcceptedHeader:
    field: str
    label_zh: str
    label_en: str
    aliases: tuple[str, ...]  # every header read as this field, the field name first

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


def _labels(field: str) -> tuple[str, str]:
    column = COLUMNS_BY_NAME.get(field)
    if column is not None:
        return column.label_zh, column.label_en
    return _OTHER_LABELS.get(field, (field, field))


def accepted_headers(kind: TableKind = "suppliers") -> list[AcceptedHeader]:
    """The fields of a table kind with every header the importer reads as each."""
    aliases = _KINDS[kind][0]
    found = []
    for field, names in aliases.items():
        zh, en = _labels(field)
        extra = (zh, en) if field in COLUMNS_BY_NAME else ()
        kept: dict[str, str] = {}  # lookup key -> the first way of writing it
        for name in (field, *names, *extra):
            key = normalise_header(name)
            # Only what the reader really reads as this field, each spelling once.
            if ALIAS_TABLES[kind].get(key) == field:
                kept.setdefault(key, name)
        found.append(AcceptedHeader(field, zh, en, tuple(kept.values())))
    return found


def table_title(kind: TableKind, lang: str) -> str:
    _aliases, zh, en = _KINDS[kind]
    return en if lang == "en" else zh


def markdown() -> str:
    """The accepted-headers section of ``docs/data-format.md``."""
    lines = [
        BEGIN,
        "## Accepted headers (every alias)",
        "",
        "Generated from `daifa.sources.spreadsheet.headers`; the import page shows the",
        "same list. Case, spaces, `_`, full-width characters, a leading 是否 and a unit",
        "in brackets (`响应时间(分钟)`) do not matter.",
    ]
    for kind in _KINDS:
        lines += ["", f"### {table_title(kind, 'en')}", "", "| column | accepted headers |"]
        lines.append("|---|---|")
        for item in accepted_headers(kind):
            names = ", ".join(item.aliases[1:])
            lines.append(f"| `{item.field}` | {names} |")
    lines += [END]
    return "\n".join(lines) + "\n"


def rewrite_doc(path: Path) -> bool:
    """Put :func:`markdown` into ``path`` (between the markers, or at the end)."""
    text = path.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        new = head + markdown() + ("\n" + tail if tail else "")
    else:
        new = text.rstrip("\n") + "\n\n" + markdown()
    changed = new != text
    if changed:
        path.write_text(new, encoding="utf-8")
    return changed


# --- the template -------------------------------------------------------------------

# Values as a seller writes them; every template re-imports without a problem.
_EXAMPLE: dict[str, tuple[str, str]] = {
    "supplier_name": ("义乌市示例电子商务有限公司", "Yiwu Example Trading Co."),
    "shop_url": ("https://shop1234567890.1688.com", "https://shop1234567890.1688.com"),
    "offer_url": (
        "https://detail.1688.com/offer/610000000001.html",
        "https://detail.1688.com/offer/610000000001.html",
    ),
    "product_title": ("蓝牙耳机 无线运动款", "Bluetooth earbuds, sport"),
    "category": ("3C数码", "3C数码"),
    "product_group": ("耳机-01", "earbuds-01"),
    "origin": ("浙江义乌", "Yiwu, Zhejiang"),
    "supplier_note": ("老板回复快，可开发票", "Answers fast; issues invoices"),
    "dropship_supported": ("是", "yes"),
    "cross_border_tag": ("是", "yes"),
    "certifications": ("CE;FCC", "CE;FCC"),
    "intl_logistics": ("云途;燕文", "YunExpress;Yanwen"),
    "years_in_business": ("5年", "5"),
    "repeat_rate_pct": ("41%", "41%"),
    "response_minutes": ("≤15分钟", "15"),
    "dispute_rate_pct": ("0.3%", "0.3%"),
    "sales_30d": ("1.2万", "12000"),
    "unit_price_cny": ("¥12.50", "12.50"),
    "price_tiers": ("1-49:12.5;50-199:11.8;200+:10.9", "1-49:12.5;50-199:11.8;200+:10.9"),
    "moq": ("2件", "2"),
    "weight_g": ("250g", "250g"),
    "target_retail_price": ("$19.99", "$19.99"),
}
# The id columns are left out: the shop link names the supplier, the offer link the offer.
_TEMPLATE_SKIP = {"supplier_id", "offer_id"}


def template_frame(lang: str) -> pl.DataFrame:
    """One example row under every canonical column, headed in ``lang``; all text."""
    index = 1 if lang == "en" else 0
    columns = [c for c in COLUMNS if c.name not in _TEMPLATE_SKIP]
    return pl.DataFrame(
        {
            (c.label_en if lang == "en" else c.label_zh): [
                _EXAMPLE[c.name][index] if c.name in _EXAMPLE else None
            ]
            for c in columns
        },
        schema={(c.label_en if lang == "en" else c.label_zh): pl.String for c in columns},
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m daifa.sources.spreadsheet.accepted docs/data-format.md")
        return 2
    changed = rewrite_doc(Path(argv[0]))
    print(f"{argv[0]}: {'rewritten' if changed else 'already up to date'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
