"""Reading one JSON answer field by field, with the field's path in every error.

The documentation examples are full of placeholders ("价格", "是否成功",
"xxx") where real answers hold numbers. A reader never lets those through as
``KeyError``/``TypeError``: it raises :class:`PlaceholderValueError` or
:class:`ResponseFormatError` naming the API, the field path and the value.

Missing keys, ``null`` and ``""`` read as ``None`` (unknown): daifa keeps
unknown apart from zero, even where the 1688 docs say "empty means 0".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, NoReturn

from daifa.sources.open1688.errors import PlaceholderValueError, ResponseFormatError

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
FEN_PER_YUAN = Decimal(100)

PercentReading = Literal["percent-sign", "fraction", "number"]


@dataclass(frozen=True)
class Percent:
    """A rate as 1688 wrote it and the percentage daifa read from it.

    ``"13%"`` is 13 (percent-sign); ``"0.4666"`` is a fraction, 46.66; ``"11"``
    is already a percentage, 11. Values from 0 to 1 are read as fractions, the
    way data-format.md reads ``0.41``.
    """

    pct: Decimal
    raw: str
    reading: PercentReading


def fen_to_yuan(fen: int) -> Decimal:
    """分 → 元, exact: ``fen_to_yuan(156800) == Decimal("1568.00")``."""
    return (Decimal(fen) / FEN_PER_YUAN).quantize(Decimal("0.01"))


def yuan_to_fen(yuan: Decimal) -> int:
    """元 → 分; refuses amounts finer than one fen instead of rounding money."""
    fen = yuan * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise ValueError(f"{yuan} yuan is not a whole number of fen")
    return int(fen)


_DATE_COMPACT = re.compile(r"(\d{14})(\d{3})?([+-]\d{4})?")


class Node:
    """One JSON object of an answer, and where it sits in the answer."""

    __slots__ = ("data", "api", "path")

    def __init__(self, data: Mapping[str, Any], *, api: str, path: str = "") -> None:
        self.data = data
        self.api = api
        self.path = path

    @classmethod
    def root(cls, value: Any, *, api: str, path: str = "") -> Node:
        if not isinstance(value, Mapping):
            _fail(api, path or "(answer)", value, "an object")
        return cls(value, api=api, path=path)

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str) -> Any:
        value = self.data.get(key)
        return None if value == "" else value

    def fail(self, key: str, expected: str) -> NoReturn:
        _fail(self.api, self.at(key), self.data.get(key), expected)

    # -- scalars ----------------------------------------------------------
    def text(self, key: str) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        self.fail(key, "text")

    def req_text(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            self.fail(key, "a present value")
        return value

    def ident(self, key: str) -> str | None:
        """An id that 1688 sends as a number in one API and as text in another."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and value.strip().isdigit():
            return value.strip()
        self.fail(key, "an integer")

    def req_ident(self, key: str) -> str:
        value = self.ident(key)
        if value is None:
            self.fail(key, "a present value")
        return value

    def number(self, key: str) -> Decimal | None:
        value = self.raw(key)
        if value is None:
            return None
        parsed = _decimal(value)
        if parsed is None:
            self.fail(key, "a number")
        return parsed

    def integer(self, key: str) -> int | None:
        value = self.number(key)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.fail(key, "an integer")
        return int(value)

    def req_integer(self, key: str) -> int:
        value = self.integer(key)
        if value is None:
            self.fail(key, "a present value")
        return value

    def yuan(self, key: str) -> Decimal | None:
        """A money amount the API states in 元 (yuan)."""
        return self.number(key)

    def fen(self, key: str) -> Decimal | None:
        """A money amount the API states in 分 (fen), returned in 元 (yuan)."""
        value = self.number(key)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.fail(key, "amount in fen (integer)")
        return fen_to_yuan(int(value))

    def percent(self, key: str) -> Percent | None:
        value = self.raw(key)
        if value is None:
            return None
        text = str(value).strip() if not isinstance(value, bool) else ""
        if text.endswith("%"):
            number = _decimal(text[:-1])
            reading: PercentReading = "percent-sign"
        else:
            number = _decimal(value)
            reading = "fraction" if number is not None and 0 <= number <= 1 else "number"
        if number is None:
            self.fail(key, "a percentage")
        pct = number * 100 if reading == "fraction" else number
        return Percent(pct=pct, raw=text, reading=reading)

    def flag(self, key: str) -> bool | None:
        value = self.raw(key)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.fail(key, "true or false")

    def when(self, key: str) -> datetime | None:
        """1688 dates: ``20240626145806000+0800`` or ``2024-04-20 08:00:00`` (Beijing)."""
        value = self.text(key)
        if value is None:
            return None
        parsed = _datetime(value.strip())
        if parsed is None:
            self.fail(key, "a date and time")
        return parsed

    # -- containers -------------------------------------------------------
    def child(self, key: str) -> Node | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.fail(key, "an object")
        return Node(value, api=self.api, path=self.at(key))

    def req_child(self, key: str) -> Node:
        node = self.child(key)
        if node is None:
            self.fail(key, "a present value")
        return node

    def children(self, key: str) -> list[Node]:
        items = self._list(key)
        nodes = []
        for index, item in enumerate(items):
            path = f"{self.at(key)}[{index}]"
            if not isinstance(item, Mapping):
                _fail(self.api, path, item, "an object")
            nodes.append(Node(item, api=self.api, path=path))
        return nodes

    def texts(self, key: str) -> list[str]:
        items = self._list(key)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                _fail(self.api, f"{self.at(key)}[{index}]", item, "text")
        return list(items)

    def _list(self, key: str) -> list[Any]:
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "a list")
        return value


def _fail(api: str, path: str, value: Any, expected: str) -> NoReturn:
    if _looks_like_placeholder(value, expected):
        raise PlaceholderValueError(api=api, path=path, value=value, expected=expected)
    raise ResponseFormatError(api=api, path=path, value=value, expected=expected)


def _looks_like_placeholder(value: Any, expected: str) -> bool:
    # Doc examples put words ("价格", "是否成功", "specid", "xxx") where numbers,
    # flags or dates belong; a real but malformed value still has digits in it.
    wants_value = expected not in ("text", "an object", "a list", "a present value")
    return wants_value and isinstance(value, str) and not any(ch.isdigit() for ch in value)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            return None
        return parsed if parsed.is_finite() else None
    return None


def _datetime(text: str) -> datetime | None:
    match = _DATE_COMPACT.fullmatch(text)
    if match:
        stamp, millis, offset = match.groups()
        parsed = datetime.strptime(stamp, "%Y%m%d%H%M%S")
        parsed = parsed.replace(microsecond=int(millis or 0) * 1000)
        return parsed.replace(tzinfo=_zone(offset) if offset else BEIJING)
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=BEIJING)
        except ValueError:
            continue
    return None


def _zone(offset: str) -> timezone:
    sign = -1 if offset[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
