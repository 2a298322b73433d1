"""Typed fields for rate-card records: one parser for TOML values, CSV cells and form data.

Every record comes with a label ("lines.csv row 4", "lines.toml [[line]] #2") so an
error can say where the bad value is, which field it is in and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from daifa.engine.errors import InputError

Kind = Literal["str", "float", "int", "bool", "opt_float", "pct_map", "date", "str_list"]
REQUIRED: Any = object()

_TRUE = {"true", "yes", "y", "1", "是", "有", "✓"}
_FALSE = {"false", "no", "n", "0", "否", "无", "✗"}
_ALLOWED: dict[Kind, tuple[str, str]] = {
    "str": ("text", "文本"),
    "float": ("a number", "数字"),
    "opt_float": ("a number or empty", "数字或留空"),
    "int": ("a whole number", "整数"),
    "bool": ("true or false", "是或否(true/false)"),
    "pct_map": ("category:percent pairs, e.g. 3C:8;jewelry:20", "类目:百分比,如 3C:8;珠宝:20"),
    "date": ("a date YYYY-MM-DD", "日期 YYYY-MM-DD"),
    "str_list": ("codes separated by ;, e.g. GB;DE", "用 ; 分隔的代码,如 GB;DE"),
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    default: Any = REQUIRED


def field_error(label: str, name: str, value: Any, allowed_en: str, allowed_zh: str) -> InputError:
    return InputError(
        f"{label}, field {name}: {value!r} is not allowed; expected {allowed_en}.",
        f"{label},字段 {name}:{value!r} 无效;应为 {allowed_zh}。",
        field=name,
        value=value,
        allowed=allowed_en,
    )


def parse_record(label: str, raw: Mapping[str, Any], fields: tuple[Field, ...]) -> dict[str, Any]:
    """Typed values for ``fields`` from ``raw``; unknown keys and missing required ones fail."""
    known = {f.name for f in fields}
    for key in raw:
        if key not in known:
            allowed = ", ".join(f.name for f in fields)
            raise field_error(
                label, key, raw[key], f"one of the fields {allowed}", f"以下字段之一:{allowed}"
            )
    values: dict[str, Any] = {}
    for spec in fields:
        value = raw.get(spec.name)
        if _is_empty(value):
            if spec.default is REQUIRED:
                en, zh = _ALLOWED[spec.kind]
                raise field_error(label, spec.name, value, f"{en} (required)", f"{zh}(必填)")
            values[spec.name] = spec.default
        else:
            values[spec.name] = parse_value(label, spec, value)
    return values


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_value(label: str, spec: Field, value: Any) -> Any:
    try:
        return _PARSERS[spec.kind](value)
    except (TypeError, ValueError) as exc:
        en, zh = _ALLOWED[spec.kind]
        raise field_error(label, spec.name, value, en, zh) from exc


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, str):
        value = value.strip().replace(",", "").lstrip("¥￥$€£")
    return float(value)


def _to_int(value: Any) -> int:
    number = _to_float(value)
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(value)


def _to_str(value: Any) -> str:
    if not isinstance(value, str | int | float):
        raise TypeError(value)
    return str(value).strip()


def _to_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _to_pct_map(value: Any) -> tuple[tuple[str, float], ...]:
    if isinstance(value, Mapping):
        return tuple((str(k), _to_float(v)) for k, v in value.items())
    pairs = []
    for part in str(value).replace(";", ";").split(";"):
        if part.strip():
            name, _, pct = part.replace(":", ":").rpartition(":")
            if not name.strip():
                raise ValueError(part)
            pairs.append((name.strip(), _to_float(pct)))
    return tuple(pairs)


def _to_str_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        items = [_to_str(v) for v in value]
    else:
        items = str(value).replace(";", ";").replace(",", ";").split(";")
    return tuple(item.strip().upper() for item in items if item.strip())


_PARSERS: dict[Kind, Any] = {
    "str_list": _to_str_list,
    "str": _to_str,
    "float": _to_float,
    "opt_float": _to_float,
    "int": _to_int,
    "bool": _to_bool,
    "pct_map": _to_pct_map,
    "date": _to_date,
}
