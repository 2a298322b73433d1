"""Reading what the seller typed into a check's form: every refusal names the
field and the value, in both languages, and nothing is stored until all is read."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.utils import timezone


class Bad(ValueError):
    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_en, self.message_zh = message_en, message_zh

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en


def _bad(label: tuple[str, str], value: str, en: str, zh: str) -> Bad:
    return Bad(f"{label[1]}: “{value}” {en}", f"{label[0]}：“{value}”{zh}")


def number(label: tuple[str, str], text: str, *, low: float | None = 0.0) -> float:
    cleaned = text.strip().replace(",", "").replace("，", "").rstrip("%％").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise _bad(label, text, "is not a number", "不是数字") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _bad(label, text, "is not a number", "不是数字")
    if low is not None and value < low:
        raise _bad(label, text, f"must be at least {low:g}", f"不能小于 {low:g}")
    return value


def integer(label: tuple[str, str], text: str, *, low: int = 0, high: int | None = None) -> int:
    value = number(label, text, low=low)
    if value != int(value):
        raise _bad(label, text, "must be a whole number", "必须是整数")
    if high is not None and value > high:
        raise _bad(label, text, f"must be at most {high}", f"不能大于 {high}")
    return int(value)


_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S",
                     "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S")  # fmt: skip
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def moment(label: tuple[str, str], text: str) -> datetime:
    """A date and time as the browser's picker or a person writes it, in the
    workspace's time zone (active while the page is served)."""
    cleaned = text.strip()
    for fmt in _DATETIME_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(cleaned, fmt))
        except ValueError:
            continue
    raise _bad(label, text, "is not a date and time (write 2026-06-01 14:30)",
               "不是日期时间（例如 2026-06-01 14:30）")  # fmt: skip


def day(label: tuple[str, str], text: str) -> date:
    cleaned = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise _bad(label, text, "is not a date (write 2026-06-01)", "不是日期（例如 2026-06-01）")


YES = {"是", "有", "yes", "y", "true", "1", "✓", "对", "可以", "支持"}
NO = {"否", "无", "no", "n", "false", "0", "✗", "不", "不可以", "不支持"}


def yes_no(label: tuple[str, str], text: str) -> bool:
    cleaned = text.strip().lower()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    raise _bad(label, text, "is neither yes nor no", "不是“是”或“否”")


IN_STOCK = {"有货", "现货", "有", "in stock", "yes", "available"}
OUT_OF_STOCK = {"无货", "缺货", "没货", "无", "out of stock", "no", "sold out", "需要等", "要等"}


def stock_answer(label: tuple[str, str], text: str) -> int | bool:
    """A stock answer: a quantity (500, 500件) or 有货 / 无货."""
    cleaned = text.strip().lower()
    if cleaned in IN_STOCK:
        return True
    if cleaned in OUT_OF_STOCK or any(cleaned.startswith(w) for w in ("需要等", "要等", "缺货")):
        return False
    match = re.fullmatch(r"(?:现货|库存|有)?\s*(\d[\d,]*)\s*(?:件|个|pcs|pieces|只|套)?", cleaned)
    if match:
        return int(match.group(1).replace(",", ""))
    raise _bad(label, text, "is not a quantity or in stock / out of stock (有货/无货)",
               "不是数量，也不是“有货/无货”")  # fmt: skip


def text_value(label: tuple[str, str], text: str, *, max_length: int = 200) -> str:
    cleaned = text.strip()
    if len(cleaned) > max_length:
        raise _bad(label, cleaned[:20] + "…", f"is longer than {max_length} characters",
                   f"超过 {max_length} 个字符")  # fmt: skip
    return cleaned


def show(value: Any) -> str:
    return "" if value is None else str(value)
