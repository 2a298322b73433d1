"""Pasted text -> cells: the pieces a page put on separate lines, tabs or columns.

A copied 1688 page puts a label and its value on one line (``回头率 41%``), on
two lines (``回头率\\n41%``) or in two table cells (``回头率\\t41%``). Cutting the
text at line breaks, tabs, ideographic spaces and runs of two or more spaces
gives cells that are either a label, a value or both; single spaces stay inside
a cell because titles and addresses contain them. Each cell keeps its offsets
so a snippet is always the exact text the seller pasted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]+")
_SEPARATOR = re.compile(r"\t|\u3000|\s{2,}")
_WORD = re.compile(r"\S+")

# A price or a quantity range, the pieces of a price-tier table (see tiers.py).
PRICE = re.compile(r"^¥\s*(?P<price>\d+(?:\.\d+)?)$|^(?P<yuan>\d+(?:\.\d+)?)\s*元$")
QTY_UNITS = r"(?:件|个|套|双|只|条|把|盒|袋|张|对|副|支|台|箱|pcs|pc|PCS|PC)"
QTY = re.compile(
    rf"^(?P<ge>≥|>=|>)?\s*(?P<min>\d+)\s*(?:(?:-|~|～|至)\s*(?P<max>\d+))?\s*{QTY_UNITS}"
    rf"\s*(?P<up>以上|起)?$"
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Cell:
    index: int
    line: int  # 1-based line of the paste
    start: int
    end: int
    text: str  # NFKC-folded (full-width digits, ：, ￥), trimmed


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def is_price(text: str) -> bool:
    return PRICE.match(text) is not None


def is_qty(text: str) -> bool:
    return QTY.match(text) is not None


def split_cells(text: str) -> list[Cell]:
    """The cells of ``text`` in reading order, blank ones dropped."""
    spans: list[tuple[int, int, int]] = []  # (line, start, end)
    line_number, consumed = 1, 0
    for line in _LINE.finditer(text):
        line_number += text.count("\n", consumed, line.start())
        consumed = line.start()
        for start, end in _pieces(line.group(), line.start()):
            spans.extend((line_number, s, e) for s, e in _words_if_tiers(text, start, end))
    return _merge_currency(text, spans)


def _pieces(line: str, offset: int) -> list[tuple[int, int]]:
    """Spans of the line between separators, trimmed."""
    pieces, cursor = [], 0
    for sep in [*_SEPARATOR.finditer(line), None]:
        end = sep.start() if sep else len(line)
        piece = line[cursor:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            pieces.append((offset + cursor + lead, offset + cursor + len(piece.rstrip())))
        cursor = sep.end() if sep else len(line)
    return pieces


def _words_if_tiers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``¥6.80 ¥6.20 ¥5.50`` on one line is three price cells, not one."""
    words = list(_WORD.finditer(text, start, end))
    if len(words) > 1 and all(_tier_piece(normalise(w.group())) for w in words):
        return [(w.start(), w.end()) for w in words]
    return [(start, end)]


def _tier_piece(text: str) -> bool:
    return is_price(text) or is_qty(text)


def _merge_currency(text: str, spans: list[tuple[int, int, int]]) -> list[Cell]:
    """Pages draw ``¥`` apart from its number, so a copy reads ``¥\\n12.50``: one cell."""
    cells: list[Cell] = []
    skip = False
    for i, (line, start, end) in enumerate(spans):
        if skip:
            skip = False
            continue
        folded = normalise(text[start:end])
        following = spans[i + 1] if i + 1 < len(spans) else None
        if (
            folded == "¥"
            and following
            and _NUMBER.match(normalise(text[following[1] : following[2]]))
        ):
            end, skip = following[2], True
            folded = "¥" + normalise(text[following[1] : end])
        cells.append(Cell(len(cells), line, start, end, folded))
    return cells
