"""Rate cards, currency rates and cost settings: read and write TOML and CSV.

A seller's folder may hold any of::

    lines.toml | lines.csv          parcel lines, one row per line and destination
    bulk.toml | bulk.csv            sea and air to an overseas warehouse
    platforms.toml | platforms.csv  platform fee schedules
    duties.toml | duties.csv        duty and de-minimis per destination
    currency.toml | currency.csv    exchange rates with their date
    settings.toml                   quantity, line, destination, platform, costs

Whatever is missing comes from the dated example cards shipped in ``examples/``, and
the result says so (``RateCards.example`` and its note). Errors name the file, the
row, the field, the value and what is allowed.

Every reader and writer also works on text, for files that never touch a disk (a web
form's textarea, an upload): ``cards_from_texts({"lines.csv": text})``,
``currency_rates_from_text``, ``settings_from_text``, ``card_to_text``,
``currency_rates_to_text`` and ``settings_to_text``.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields as dataclass_fields
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

import tomli_w

from daifa.engine.costing.cards import (
    BulkLane,
    CostSettings,
    CurrencyRates,
    DutyRule,
    LineRate,
    ParcelLine,
    Platform,
    RateCards,
)
from daifa.engine.errors import InputError
from daifa.sources.ratecards.fields import Field, field_error, parse_record

__all__ = [
    "CARD_KINDS",
    "DEFAULT_SETTINGS",
    "EXAMPLES_DIR",
    "card_header",
    "card_to_text",
    "cards_from_texts",
    "currency_rates_from_text",
    "currency_rates_to_text",
    "decode_card_bytes",
    "example_text",
    "load_cards",
    "load_currency_rates",
    "load_seller_dir",
    "load_settings",
    "save_cards",
    "save_currency_rates",
    "save_settings",
    "settings_from_mapping",
    "settings_from_text",
    "settings_to_text",
]

EXAMPLES_DIR = Path(__file__).parent / "examples"
Format = Literal["toml", "csv"]
Record = tuple[str, dict[str, Any]]
T = TypeVar("T")

HEADER_FIELDS = (
    Field("example", "bool", False),
    Field("as_of", "date", None),
    Field("valid_from", "date", None),
    Field("checked_on", "date", None),
    Field("source", "str", ""),
    Field("note_en", "str", ""),
    Field("note_zh", "str", ""),
)
LINE_FIELDS = (
    Field("id", "str"),
    Field("name_zh", "str", ""),
    Field("name_en", "str", ""),
    Field("min_chargeable_g", "float", 0.0),
    Field("volumetric_divisor", "opt_float", None),
    Field("max_weight_g", "float"),
)
RATE_FIELDS = (
    Field("destination", "str"),
    Field("per_kg_cny", "float"),
    Field("registration_cny", "float", 0.0),
    Field("transit_days_min", "int"),
    Field("transit_days_max", "int"),
    Field("duty_included", "bool", False),
)
BULK_FIELDS = (
    Field("id", "str"),
    Field("mode", "str"),
    Field("name_zh", "str", ""),
    Field("name_en", "str", ""),
    Field("destination", "str"),
    Field("per_kg_cny", "float", 0.0),
    Field("per_cbm_cny", "float", 0.0),
    Field("volumetric_divisor", "float", 6000.0),
    Field("min_charge_cny", "float", 0.0),
    Field("per_shipment_cny", "float", 0.0),
    Field("fulfilment_per_unit_cny", "float", 0.0),
    Field("transit_days_min", "int"),
    Field("transit_days_max", "int"),
)
PLATFORM_FIELDS = (
    Field("id", "str"),
    Field("name_zh", "str", ""),
    Field("name_en", "str", ""),
    Field("currency", "str"),
    Field("referral_pct", "float"),
    Field("category_referral_pct", "pct_map", ()),
    Field("min_referral_fee", "float", 0.0),
    Field("fixed_per_order", "float", 0.0),
    Field("payment_pct", "float", 0.0),
    Field("payment_fixed", "float", 0.0),
    Field("model", "str", "marketplace"),
    Field("vat_inclusive_destinations", "str_list", ()),
    Field("small_order_max", "opt_float", None),
    Field("fixed_per_small_order", "float", 0.0),
    Field("valid_from", "date", None),
    Field("valid_to", "date", None),
    Field("source", "str", ""),
    Field("checked_on", "date", None),
    Field("note_en", "str", ""),
    Field("note_zh", "str", ""),
)
DUTY_FIELDS = (
    Field("destination", "str"),
    Field("currency", "str"),
    Field("duty_pct", "float"),
    Field("de_minimis", "float"),
    Field("low_value_flat", "float", 0.0),
    Field("vat_pct", "float", 0.0),
    Field("low_value_fee", "float", 0.0),
    Field("duty_on_freight", "bool", False),
    Field("vat_at_sale_up_to", "opt_float", None),
    Field("valid_from", "date", None),
    Field("valid_to", "date", None),
    Field("source", "str", ""),
    Field("checked_on", "date", None),
    Field("note_en", "str", ""),
    Field("note_zh", "str", ""),
)
SETTINGS_FIELDS = (
    Field("quantity", "int", None),
    Field("line", "str", None),
    Field("destination", "str", None),
    Field("platform", "str", None),
    Field("retail_currency", "str", None),
    Field("dropship", "bool", None),
    Field("packaging_cny", "float", None),
    Field("sample_fee_cny", "float", None),
    Field("domestic_freight_per_order_cny", "float", None),
    Field("ad_cost_per_order_cny", "float", None),
    Field("return_rate_pct", "float", None),
    Field("return_cost_cny", "opt_float", None),
    Field("include_duty", "bool", None),
    Field("include_vat", "bool", None),
    Field("markup_low", "float", None),
    Field("markup_high", "float", None),
)
# card kind -> (TOML array name, fields of one CSV row)
KINDS: dict[str, tuple[str, tuple[Field, ...]]] = {
    "lines": ("line", LINE_FIELDS + RATE_FIELDS),
    "bulk": ("bulk", BULK_FIELDS),
    "platforms": ("platform", PLATFORM_FIELDS),
    "duties": ("duty", DUTY_FIELDS),
}
KIND_LABELS = {"lines": "线路", "bulk": "头程", "platforms": "平台", "duties": "关税"}
CARD_KINDS: tuple[str, ...] = tuple(KINDS)


# -- reading ----------------------------------------------------------------------------


def decode_card_bytes(data: bytes) -> str:
    """The text of a card file's bytes: UTF-8 (with or without BOM), else GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Chinese Excel saves CSV as GBK/GB18030 unless told otherwise.
        return data.decode("gb18030")


def _read_text(path: Path) -> str:
    return decode_card_bytes(path.read_bytes())


@cache
def example_text(name: str) -> str:
    """The text of an example file such as ``"lines.toml"`` (comments included)."""
    return _read_text(EXAMPLES_DIR / name)


def _load_toml(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"{name}: not valid TOML ({exc}).",
            f"{name}:TOML 格式错误({exc})。",
            field=name,
            value=str(exc),
            allowed="TOML",
        ) from exc


def _csv_records(name: str, text: str) -> list[Record]:
    reader = csv.DictReader(io.StringIO(text))
    records = []
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        if None in row:
            raise field_error(
                f"{name} row {number}",
                "(extra cells)",
                row[None],
                "one cell per header",
                "每个表头一个单元格",
            )
        cells = {k.strip(): v for k, v in row.items() if k is not None}
        if any(v and v.strip() for v in cells.values()):
            records.append((f"{name} row {number}", cells))
    return records


def _toml_records(name: str, array: str, document: dict[str, Any]) -> list[Record]:
    items = document.get(array, [])
    if not isinstance(items, list):
        raise field_error(name, array, items, f"[[{array}]] tables", f"[[{array}]] 表")
    records: list[Record] = []
    for i, item in enumerate(items, start=1):
        label = f"{name} [[{array}]] #{i}"
        if array != "line":
            records.append((label, dict(item)))
            continue
        item = dict(item)
        rates = item.pop("rate", [])
        if not rates:
            raise field_error(
                label, "rate", None, "at least one [[line.rate]]", "至少一个 [[line.rate]]"
            )
        for j, rate in enumerate(rates, start=1):
            records.append((f"{label} ({item.get('id')}) [[line.rate]] #{j}", {**item, **rate}))
    return records


def _header(name: str, document: Mapping[str, Any], array: str | None) -> dict[str, Any]:
    raw = {k: v for k, v in document.items() if k != array and k != "cny_per_unit"}
    return parse_record(name, raw, HEADER_FIELDS)


def card_header(name: str, text: str) -> dict[str, Any]:
    """``example``, ``as_of``, ``valid_from``, ``checked_on``, ``source`` and the notes
    of a card file (a CSV has none)."""
    kind, _ = _split_name(name)
    return _records(name, text, kind)[1]


def _find(directory: Path, kind: str) -> Path | None:
    for suffix in (".toml", ".csv"):
        path = directory / f"{kind}{suffix}"
        if path.is_file():
            return path
    return None


def _records(name: str, text: str, kind: str) -> tuple[list[Record], dict[str, Any]]:
    array, _ = KINDS[kind]
    if name.endswith(".csv"):
        no_header = {f.name: f.default for f in HEADER_FIELDS}
        return _csv_records(name, text), no_header
    document = _load_toml(name, text)
    return _toml_records(name, array, document), _header(name, document, array)


def _build(label: str, cls: Callable[..., T], values: dict[str, Any]) -> T:
    try:
        return cls(**values)
    except InputError as exc:
        raise InputError(
            f"{label}: {exc.message_en}",
            f"{label}:{exc.message_zh}",
            field=exc.field,
            value=exc.value,
            allowed=exc.allowed,
        ) from exc


def _lines(records: list[Record]) -> tuple[ParcelLine, ...]:
    line_names = [f.name for f in LINE_FIELDS]
    grouped: dict[str, tuple[str, dict[str, Any], list[LineRate]]] = {}
    for label, raw in records:
        values = parse_record(label, raw, LINE_FIELDS + RATE_FIELDS)
        head = {k: values[k] for k in line_names}
        rate = _build(label, LineRate, {k: values[k] for k in values if k not in line_names})
        if head["id"] not in grouped:
            grouped[head["id"]] = (label, head, [])
        first_label, first, rates = grouped[head["id"]]
        _check_same_line(label, first_label, first, head)
        rates.append(rate)
    return tuple(
        _build(label, ParcelLine, {**_named(head), "rates": tuple(rates)})
        for label, head, rates in grouped.values()
    )


def _named(values: dict[str, Any]) -> dict[str, Any]:
    # A card without names shows its id rather than a blank.
    return {
        **values,
        "name_zh": values["name_zh"] or values["id"],
        "name_en": values["name_en"] or values["id"],
    }


def _check_same_line(
    label: str, first_label: str, first: dict[str, Any], head: dict[str, Any]
) -> None:
    for key, value in head.items():
        if value != first[key]:
            raise field_error(
                label,
                key,
                value,
                f"the same value as {first_label} ({first[key]!r}) for line {head['id']!r}",
                f"与 {first_label} 相同的值({first[key]!r})",
            )


def _simple(records: list[Record], cls: Any, specs: tuple[Field, ...]) -> tuple[Any, ...]:
    built = []
    for label, raw in records:
        values = parse_record(label, raw, specs)
        if "name_zh" in values:
            values = _named(values)
        built.append(_build(label, cls, values))
    return tuple(built)


def _parse_kind(name: str, text: str, kind: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    records, header = _records(name, text, kind)
    if kind == "lines":
        return _lines(records), header
    cls = {"bulk": BulkLane, "platforms": Platform, "duties": DutyRule}[kind]
    return _simple(records, cls, KINDS[kind][1]), header


def load_cards(directory: Path | str | None = None) -> RateCards:
    """The cards in ``directory`` (TOML preferred over CSV), examples for what is missing."""
    files: dict[str, str] = {}
    if directory is not None:
        for kind in KINDS:
            path = _find(Path(directory), kind)
            if path is not None:
                files[path.name] = _read_text(path)
    return cards_from_texts(files)


def _split_name(name: str) -> tuple[str, Format]:
    kind, _, suffix = name.rpartition(".")
    if kind not in KINDS or suffix not in ("toml", "csv"):
        allowed = ", ".join(f"{k}.toml, {k}.csv" for k in KINDS)
        raise field_error("cards", "file", name, f"one of {allowed}", f"以下文件名之一:{allowed}")
    return kind, "toml" if suffix == "toml" else "csv"


def cards_from_texts(files: Mapping[str, str]) -> RateCards:
    """Like ``load_cards`` for ``{file name: text}``, e.g. ``{"lines.csv": "id,..."}``.

    The names say the kind and format, as in a folder (TOML preferred over CSV); the
    example cards fill the kinds that are missing.
    """
    chosen: dict[str, str] = {}
    for name in sorted(files, key=lambda n: n.endswith(".csv")):
        chosen.setdefault(_split_name(name)[0], name)
    parts: dict[str, tuple[Any, ...]] = {}
    headers: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        name = chosen.get(kind, f"{kind}.toml")
        text = files[name] if kind in chosen else example_text(name)
        parts[kind], headers[kind] = _parse_kind(name, text, kind)
    examples = [kind for kind in KINDS if headers[kind]["example"]]
    dates = [h["as_of"] for h in headers.values() if h["as_of"] is not None]
    note_en = note_zh = ""
    if examples:
        kinds = ", ".join(examples)
        note_en = f"Example cards (not quotes) in use for: {kinds}. Replace them with your own."
        note_zh = (
            "以下使用示例卡片(非报价):"
            + "、".join(KIND_LABELS[k] for k in examples)
            + "。请替换为你自己的报价。"
        )
    checks = tuple(
        (kind, headers[kind]["checked_on"] or headers[kind]["as_of"], headers[kind]["source"])
        for kind in KINDS
    )
    return RateCards(
        lines=parts["lines"],
        bulk=parts["bulk"],
        platforms=parts["platforms"],
        duties=parts["duties"],
        as_of=min(dates) if dates else None,
        example=bool(examples),
        note_en=note_en,
        note_zh=note_zh,
        checks=checks,
    )


def load_currency_rates(path: Path | str | None = None) -> CurrencyRates:
    """Rates from ``currency.toml`` (``as_of`` + ``[cny_per_unit]``) or ``currency.csv``."""
    path = Path(path) if path is not None else EXAMPLES_DIR / "currency.toml"
    return currency_rates_from_text(_read_text(path), name=path.name)


def currency_rates_from_text(text: str, *, name: str = "currency.toml") -> CurrencyRates:
    """Like ``load_currency_rates`` for a file's text; ``name`` ending .csv reads CSV."""
    if name.endswith(".csv"):
        return _currency_from_csv(name, text)
    document = _load_toml(name, text)
    header = _header(name, document, None)
    if header["as_of"] is None:
        raise field_error(
            name, "as_of", None, "the date the rates were set (required)", "汇率设定日期(必填)"
        )
    table = document.get("cny_per_unit", {})
    if not isinstance(table, dict):
        raise field_error(
            name, "cny_per_unit", table, "a [cny_per_unit] table", "[cny_per_unit] 表"
        )
    specs = tuple(Field(code, "float") for code in table)
    values = parse_record(f"{name} [cny_per_unit]", table, specs)
    return _build(name, CurrencyRates, {"as_of": header["as_of"], "cny_per_unit": _codes(values)})


def _codes(values: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple((code.strip().upper(), rate) for code, rate in values.items())


def _currency_from_csv(name: str, text: str) -> CurrencyRates:
    specs = (Field("currency", "str"), Field("cny_per_unit", "float"), Field("as_of", "date"))
    rows = [(label, parse_record(label, raw, specs)) for label, raw in _csv_records(name, text)]
    if not rows:
        raise field_error(name, "currency", None, "at least one rate row", "至少一行汇率")
    dates = {values["as_of"] for _, values in rows}
    as_of = min(dates)
    pairs = {values["currency"]: values["cny_per_unit"] for _, values in rows}
    return _build(name, CurrencyRates, {"as_of": as_of, "cny_per_unit": _codes(pairs)})


def settings_from_mapping(
    values: Mapping[str, Any], *, base: CostSettings, label: str = "settings"
) -> CostSettings:
    """``base`` with the given fields replaced: strings from a form or values from TOML.

    Empty values keep the base value. Range errors (e.g. a negative fee) come from
    ``CostSettings`` itself and name the field.
    """
    parsed = parse_record(label, values, SETTINGS_FIELDS)
    changes = {
        k: v for k, v in parsed.items() if v is not None or (k == "return_cost_cny" and k in values)
    }
    if isinstance(changes.get("retail_currency"), str):
        changes["retail_currency"] = changes["retail_currency"].upper()
    return _build(label, base.replace, changes)


def load_settings(
    path: Path | str, *, cards: RateCards | None = None, rates: CurrencyRates | None = None
) -> CostSettings:
    """Settings from a ``settings.toml`` (its ``[cost]`` table), over the given cards and rates."""
    path = Path(path)
    return settings_from_text(_read_text(path), cards=cards, rates=rates, name=path.name)


def settings_from_text(
    text: str,
    *,
    cards: RateCards | None = None,
    rates: CurrencyRates | None = None,
    name: str = "settings.toml",
) -> CostSettings:
    """Like ``load_settings`` for the text of a ``settings.toml``."""
    cost = _load_toml(name, text).get("cost", {})
    if not isinstance(cost, dict):
        raise field_error(name, "cost", cost, "a [cost] table", "[cost] 表")
    base = CostSettings(cards or load_cards(), rates or load_currency_rates())
    return settings_from_mapping(cost, base=base, label=f"{name} [cost]")


def load_seller_dir(directory: Path | str | None = None) -> CostSettings:
    """Everything a seller keeps in one folder; examples fill what is missing."""
    folder = Path(directory) if directory is not None else EXAMPLES_DIR
    if not folder.is_dir():
        raise InputError(
            f"Rate-card folder {str(folder)!r} does not exist.",
            f"运价卡片目录 {str(folder)!r} 不存在。",
            field="cards",
            value=str(folder),
            allowed="an existing folder",
        )
    cards = load_cards(folder)
    rates = load_currency_rates(_find(folder, "currency"))
    settings_file = folder / "settings.toml"
    if not settings_file.is_file():
        settings_file = EXAMPLES_DIR / "settings.toml"
    return load_settings(settings_file, cards=cards, rates=rates)


# -- writing ----------------------------------------------------------------------------


def _header_out(cards: RateCards) -> dict[str, Any]:
    header: dict[str, Any] = {"example": cards.example}
    if cards.as_of is not None:
        header["as_of"] = cards.as_of.isoformat()
    return header


def _row(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    row = {}
    for name in names:
        value = getattr(obj, name)
        if name == "category_referral_pct":
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        if value is not None and value != {} and value != []:
            row[name] = value
    return row


def _flat_rows(cards: RateCards, kind: str) -> list[dict[str, Any]]:
    if kind == "lines":
        heads = [f.name for f in LINE_FIELDS]
        rates = [f.name for f in RATE_FIELDS]
        return [
            {**_row(line, heads), **_row(rate, rates)}
            for line in cards.lines
            for rate in line.rates
        ]
    items = {"bulk": cards.bulk, "platforms": cards.platforms, "duties": cards.duties}[kind]
    return [_row(item, [f.name for f in KINDS[kind][1]]) for item in items]


def _csv_text(names: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        cells = dict(row)
        for name, value in cells.items():
            if isinstance(value, list | tuple) and name != "category_referral_pct":
                cells[name] = ";".join(str(v) for v in value)
        if "category_referral_pct" in cells:
            cells["category_referral_pct"] = ";".join(
                f"{k}:{v:g}" for k, v in cells["category_referral_pct"].items()
            )
        writer.writerow(cells)
    return buffer.getvalue()


def _write_text(path: Path, text: str) -> None:
    # utf-8 with BOM for CSV so Excel opens Chinese names correctly
    path.write_text(text, encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8")


def _toml_document(
    cards: RateCards, kind: str, header: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    array = KINDS[kind][0]
    top = dict(header) if header is not None else _header_out(cards)
    if kind != "lines":
        return {**top, array: _flat_rows(cards, kind)}
    heads = [f.name for f in LINE_FIELDS]
    rates = [f.name for f in RATE_FIELDS]
    items = [
        {**_row(line, heads), "rate": [_row(r, rates) for r in line.rates]} for line in cards.lines
    ]
    return {**top, array: items}


def card_to_text(
    cards: RateCards,
    kind: str,
    *,
    fmt: Format = "toml",
    header: Mapping[str, Any] | None = None,
) -> str:
    """The text of one card file (``kind`` is one of ``CARD_KINDS``).

    ``header`` replaces the TOML header (``example``, ``as_of``, notes), which is
    otherwise taken from ``cards`` as a whole; a CSV has no header.
    """
    _split_name(f"{kind}.{fmt}")
    if fmt == "csv":
        return _csv_text([f.name for f in KINDS[kind][1]], _flat_rows(cards, kind))
    return tomli_w.dumps(_toml_document(cards, kind, header))


def save_cards(cards: RateCards, directory: Path | str, *, fmt: Format = "toml") -> list[Path]:
    """Write one file per card kind into ``directory``; returns the paths written."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.{fmt}"
        _write_text(path, card_to_text(cards, kind, fmt=fmt))
        written.append(path)
    return written


def currency_rates_to_text(rates: CurrencyRates, *, fmt: Format = "toml") -> str:
    if fmt == "csv":
        rows = [
            {"currency": c, "cny_per_unit": r, "as_of": rates.as_of.isoformat()}
            for c, r in rates.cny_per_unit
        ]
        return _csv_text(["currency", "cny_per_unit", "as_of"], rows)
    document = {"as_of": rates.as_of.isoformat(), "cny_per_unit": dict(rates.cny_per_unit)}
    return tomli_w.dumps(document)


def save_currency_rates(rates: CurrencyRates, path: Path | str) -> None:
    path = Path(path)
    fmt: Format = "csv" if path.suffix == ".csv" else "toml"
    _write_text(path, currency_rates_to_text(rates, fmt=fmt))


def settings_to_text(settings: CostSettings) -> str:
    """The scalar settings as a ``[cost]`` table (cards and rates are saved separately)."""
    names = [f.name for f in dataclass_fields(settings) if f.name not in ("cards", "rates")]
    cost = {name: getattr(settings, name) for name in names if getattr(settings, name) is not None}
    return tomli_w.dumps({"cost": cost})


def save_settings(settings: CostSettings, path: Path | str) -> None:
    """Write the scalar settings as ``[cost]`` (cards and rates are saved separately)."""
    Path(path).write_text(settings_to_text(settings), encoding="utf-8")


DEFAULT_SETTINGS: CostSettings = load_seller_dir(EXAMPLES_DIR)
