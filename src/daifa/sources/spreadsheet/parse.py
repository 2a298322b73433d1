"""Turn one sheet of raw text cells into a typed canonical frame plus its problems.

Each column is parsed by Polars expressions (see :mod:`.scope`), once per
distinct cell when the column repeats itself, columns side by side on a few
threads. Python only loops over columns (to build expressions) and over the
cells that failed (to report them).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import polars as pl

from daifa.engine.schema import COLUMN_NAMES, COLUMNS_BY_NAME, REVIEW_COLUMNS, SALES_COLUMNS

from .headers import TRANSIT_RANGE, HeaderMatch, TableKind, match_header
from .ids import SOURCES, derived_ids
from .limits import MAX_CELL_CHARS, MAX_ID_CHARS, check_rows
from .notices import CELL_NOTICES, cell_notices
from .numbers import (
    ON_REQUEST,
    ON_REQUEST_CELL,
    Parsed,
    PercentMode,
    clean,
    fold_width,
    money_cell,
    percent_parts,
    retail_currency,
    retail_parts,
)
from .report import CellProblem, Note
from .safe import restored
from .scope import Scope, run
from .structured import price_tiers
from .values import is_range_field, offer_id_from_url, parse_field, transit_range

ROW, SHEET = "_row", "_sheet"
PARSE_THREADS = min(8, (os.cpu_count() or 1) + 1)
_WHY = "__why__"
_FOLDED = "__folded__"

Tick = Callable[[int], None]  # rows of this sheet parsed so far


@dataclass(frozen=True)
class RawSheet:
    """Cells as text: columns ``c0..cN`` plus ``_row`` (the row number in the file)."""

    name: str
    headers: list[str]
    frame: pl.DataFrame
    header_row: int


@dataclass
class SheetResult:
    kind: TableKind
    frame: pl.DataFrame
    problems: list[CellProblem] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def field_order(kind: TableKind) -> tuple[str, ...]:
    if kind == "sales":
        return tuple(SALES_COLUMNS)
    if kind == "reviews":
        return tuple(REVIEW_COLUMNS)
    return COLUMN_NAMES


def _match_columns(sheet: RawSheet, kind: TableKind, result: SheetResult) -> dict[str, HeaderMatch]:
    """Column id -> match; the second column naming the same field is left unknown."""
    matches: dict[str, HeaderMatch] = {}
    taken: set[str] = set()
    for index, header in enumerate(sheet.headers):
        found = match_header(header, kind) if header.strip() else None
        if found is None or found.field in taken:
            if header.strip() or sheet.frame[f"c{index}"].null_count() < sheet.frame.height:
                result.unknown.append((sheet.name, header or f"#{index + 1}"))
            if found is not None:
                result.notes.append(_duplicate_note(sheet.name, header, found.field))
            continue
        taken.add(found.field)
        matches[f"c{index}"] = found
    return matches


def _duplicate_note(sheet: str, header: str, field_name: str) -> Note:
    return Note(
        f'[{sheet}] column "{header}" also means {field_name}; the first such column was used',
        f"[{sheet}] 列「{header}」同样对应 {field_name}，已使用前面的同义列",
    )


def _unguarded(frame: pl.DataFrame) -> pl.DataFrame:
    """Remove the apostrophe our exports put before formula-like text (``'=x`` ->
    ``=x``, see :mod:`.safe`), so an export re-imports exactly; only the columns
    that have a cell starting with one are touched."""
    guarded = [
        c
        for c in frame.columns
        if c != ROW and frame.schema[c] == pl.String and frame[c].str.starts_with("'").any()
    ]
    return frame.with_columns(restored(pl.col(c)).alias(c) for c in guarded) if guarded else frame


def _drop_blank_rows(frame: pl.DataFrame) -> pl.DataFrame:
    cells = [c for c in frame.columns if c != ROW]
    if not cells:
        return frame.clear()
    # Polars reads an empty CSV field as null; calamine an empty cell.
    return frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cells))


def _percent_modes(
    frame: pl.DataFrame, matches: dict[str, HeaderMatch], sheet: str
) -> tuple[dict[str, PercentMode], list[Note]]:
    """Decide per column how a bare ``0.3`` reads, and say so (data-format.md).

    Sellers copy rates from 商家档案 as bare numbers: ``0.3`` under 纠纷率 means 0.3 %,
    so a bare number ≤ 1 is percent, like every other bare number. Only a header that
    says the column holds fractions (``回头率(小数)``, ``repeat ratio``) reads it × 100.
    Either way, a column with such values gets a note naming the reading it took.
    """
    columns = [c for c, m in matches.items() if m.field.endswith("_pct") and m.unit != "%"]
    if not columns or frame.height == 0:
        return {}, []

    def stats_of(column: str) -> dict[str, float | None]:
        counted = frame.group_by(column).len("n")
        scope = Scope("pct")
        return run(counted, [scope], _percent_stats(scope, column)).row(0, named=True)

    modes: dict[str, PercentMode] = {}
    notes: list[Note] = []
    with ThreadPoolExecutor(max_workers=PARSE_THREADS) as pool:
        for column, stats in zip(columns, pool.map(stats_of, columns), strict=True):
            header = matches[column].header
            modes[column] = "fractions" if says_fractions(header) else "percent"
            ambiguous = int(stats["small"] or 0)
            if ambiguous:
                notes.append(_reading_note(sheet, header, ambiguous, modes[column]))
    return modes, notes


_FRACTION_HEADER = re.compile(r"小数|\bratio\b|\bfractions?\b|\bdecimals?\b", re.IGNORECASE)


def says_fractions(header: str) -> bool:
    """Whether a percentage column's header says its bare numbers are fractions (0.41 = 41 %)."""
    return _FRACTION_HEADER.search(header) is not None


def _percent_stats(s: Scope, column: str) -> list[pl.Expr]:
    """Counts over (distinct cell, n) pairs: bare fractions below 1, the ambiguous ones."""
    number, has_sign = percent_parts(s, clean(s, pl.col(column)))
    bare = s.let(number.is_not_null() & ~has_sign)
    n = pl.col("n")
    return [n.filter(bare & (number > 0) & (number < 1)).sum().alias("small")]


def _reading_note(sheet: str, header: str, count: int, mode: PercentMode) -> Note:
    if mode == "fractions":
        return Note(
            f'[{sheet}] column "{header}": the header says fractions, so {count} values '
            f"written without % and below 1 were read as fractions (0.41 read as 41 %)",
            f"[{sheet}] 列「{header}」：表头注明小数，{count} 个不带 % 且小于 1 的数"
            f"按小数读取（0.41 读作 41%）",
        )
    return Note(
        f'[{sheet}] column "{header}": {count} values written without % and below 1 '
        f'were read as percent (0.3 read as 0.3 %); head the column "{header}(小数)" '
        f"if they are fractions",
        f"[{sheet}] 列「{header}」：{count} 个不带 % 且小于 1 的数按百分数读取"
        f"（0.3 读作 0.3%）；如为小数，请把表头写成「{header}(小数)」",
    )


def _outputs(
    scope: Scope,
    column: str,
    match: HeaderMatch,
    kind: TableKind,
    mode: PercentMode,
    folded_name: str = _FOLDED,
) -> list[pl.Expr]:
    """The value column(s) and the reason column read from one source column."""
    if is_range_field(match.field):
        low, high = transit_range(scope, pl.col(column), match.unit)
        return [
            low.value.alias(f"{TRANSIT_RANGE}_min"),
            high.value.alias(f"{TRANSIT_RANGE}_max"),
            low.reason.alias(_WHY + column),
        ]
    folded = pl.col(folded_name)
    parsed = parse_field(
        scope, match.field, pl.col(column), kind, hint=match.unit, mode=mode, folded=folded
    )
    if match.field == "supplier_id":
        parsed = _required(parsed)
    return [parsed.value.alias(f"__value__{match.field}"), parsed.reason.alias(_WHY + column)]


def _required(parsed: Parsed) -> Parsed:
    missing = pl.when(parsed.value.is_null()).then(pl.lit("missing_id")).otherwise(None)
    return Parsed(parsed.value, pl.coalesce(parsed.reason, missing))


def _parse_cells(
    cells: pl.DataFrame, column: str, match: HeaderMatch, kind: TableKind, mode: PercentMode
) -> pl.DataFrame:
    """The value and reason columns of ``column``, row for row."""
    folded = cells.select(pl.col(column), fold_width(cells.get_column(column)).alias(_FOLDED))
    scope = Scope(column)
    if match.field == "price_tiers":
        text = run(folded, [scope], [clean(scope, pl.col(_FOLDED), folded=True)]).to_series()
        # "面议" in a tier cell: no tiers known, said in a notice (not a broken file).
        on_request = text.str.contains(ON_REQUEST_CELL).fill_null(False)
        return price_tiers(text).select(
            pl.when(on_request).then(None).otherwise(pl.col("value")).alias("__value__price_tiers"),
            pl.when(on_request)
            .then(pl.lit(ON_REQUEST))
            .otherwise(pl.col("reason"))
            .alias(_WHY + column),
        )
    out = run(folded, [scope], _outputs(scope, column, match, kind, mode))
    if match.field.endswith("_cny") and kind == "suppliers":
        out = _price_cells(folded, out, column, match.field)
    return out


def parse_side_by_side(
    cells: pl.DataFrame, columns: dict[str, tuple[HeaderMatch, PercentMode]], kind: TableKind
) -> pl.DataFrame:
    """:func:`_parse_cells` of several columns of ``cells`` at once, row for row: one
    run of stages for all of them (a few cells each: the fixed cost of a run is most
    of the work). Not for price tiers or transit ranges, which have their own shape."""
    folded = cells.with_columns(fold_width(cells.get_column(c)).alias(_FOLDED + c) for c in columns)
    scopes = {c: Scope(c) for c in columns}
    outputs = [
        expr
        for c, (match, mode) in columns.items()
        for expr in _outputs(scopes[c], c, match, kind, mode, _FOLDED + c)
    ]
    out = run(folded, scopes.values(), outputs)
    for c, (match, _mode) in columns.items():
        if match.field.endswith("_cny") and kind == "suppliers":
            one = folded.select(pl.col(c), pl.col(_FOLDED + c).alias(_FOLDED))
            mine = out.select(f"__value__{match.field}", _WHY + c)
            out = out.with_columns(_price_cells(one, mine, c, match.field))
    return out


def _price_cells(folded: pl.DataFrame, out: pl.DataFrame, column: str, field: str) -> pl.DataFrame:
    """Price cells that are no amount read again as 1688 writes them ("面议",
    "8.5-12"): only those cells, so a clean column costs nothing more."""
    why = out.get_column(_WHY + column)
    failed = why == "money"
    if not failed.any():
        return out
    scope = Scope(column)
    text = clean(scope, pl.col(_FOLDED), folded=True)
    parsed = money_cell(scope, text)
    again = run(
        folded.filter(failed),
        [scope],
        [parsed.value.cast(pl.Float64).alias("value"), parsed.reason.alias("reason")],
    )
    rows = failed.arg_true()
    value = out.get_column(f"__value__{field}").scatter(rows, again.get_column("value"))
    reason = why.scatter(rows, again.get_column("reason"))
    return out.with_columns(value, reason)


def _repetitive(cells: pl.Series) -> bool:
    """Whether parsing the distinct cells and joining them back beats parsing every row.

    Measured on 100,000 rows: it does unless nearly every cell is different (ids, urls).
    """
    return cells.n_unique() < 0.9 * len(cells)


def _parse_column(
    raw: pl.DataFrame, column: str, match: HeaderMatch, kind: TableKind, mode: PercentMode
) -> pl.DataFrame:
    """Parse a column; a repetitive one (是/否, 41%, the same tiers on every offer) by
    parsing each distinct cell once and giving every row its cell's result."""
    if not _repetitive(raw.get_column(column)):
        return _parse_cells(raw, column, match, kind, mode)
    distinct = raw.select(pl.col(column).unique())
    parsed = pl.concat(
        [distinct, _parse_cells(distinct, column, match, kind, mode)], how="horizontal"
    )
    rows = raw.select(column).join(
        parsed, on=column, how="left", nulls_equal=True, maintain_order="left"
    )
    return rows.drop(column)


def _parse_columns(
    raw: pl.DataFrame,
    matches: dict[str, HeaderMatch],
    kind: TableKind,
    modes: dict[str, PercentMode],
    tick: Tick,
) -> pl.DataFrame:
    """Parse the columns on a few threads: Polars releases the GIL while it works."""

    def one(item: tuple[str, HeaderMatch]) -> pl.DataFrame:
        column, match = item
        return _parse_column(raw, column, match, kind, modes.get(column, "percent"))

    parts = [raw.select(ROW)]
    with ThreadPoolExecutor(max_workers=PARSE_THREADS) as pool:
        for done, part in enumerate(pool.map(one, matches.items()), start=1):
            parts.append(part)
            # Progress is per column, expressed in rows so the caller draws one bar.
            tick(raw.height * done // len(matches))
    return pl.concat(parts, how="horizontal")


def _problems(
    out: pl.DataFrame, raw: pl.DataFrame, matches: dict[str, HeaderMatch], sheet: str
) -> list[CellProblem]:
    problems: list[CellProblem] = []
    for column, match in matches.items():
        why = out[_WHY + column]
        if why.null_count() == out.height:
            continue
        # Cells read as unknown (面议) or as a range's price are notices, not problems.
        mask = why.is_not_null() & ~why.is_in(CELL_NOTICES)
        rows, values, codes = out[ROW].filter(mask), raw[column].filter(mask), why.filter(mask)
        problems.extend(
            CellProblem.of(
                code, sheet=sheet, row=row, column=match.header, field=match.field, value=value
            )
            for row, value, code in zip(rows, values, codes, strict=True)
        )
    return problems


def _oversized(
    raw: pl.DataFrame, matches: dict[str, HeaderMatch], sheet: str
) -> tuple[pl.DataFrame, list[CellProblem]]:
    """Cells longer than any real value (ids past the database's 100 characters),
    reported and blanked before parsing: a 10 MB cell is not worth a regex."""
    problems: list[CellProblem] = []
    blanked: list[pl.Expr] = []
    for column, match in matches.items():
        ident = match.field in ("supplier_id", "offer_id")
        limit = MAX_ID_CHARS if ident else MAX_CELL_CHARS
        # A URL column fills offer_id; it keeps the cell limit.
        too_long = pl.col(column).str.len_chars() > limit
        hits = raw.filter(too_long)
        if hits.height == 0:
            continue
        code = "id_too_long" if ident else "too_long"
        problems.extend(
            CellProblem.of(
                code,
                sheet=sheet,
                row=row,
                column=match.header,
                field=match.field,
                value=f"{value[:40]}… ({len(value):,})",
            )
            for row, value in hits.select(ROW, column).iter_rows()
        )
        blanked.append(pl.when(too_long).then(None).otherwise(pl.col(column)).alias(column))
    return (raw.with_columns(blanked) if blanked else raw), problems


def _without_nul(
    raw: pl.DataFrame, matches: dict[str, HeaderMatch], result: SheetResult
) -> pl.DataFrame:
    """NUL characters out of the cells: PostgreSQL text and JSON cannot store
    them (the import would fail there after the preview passed). Free text loses
    them; in any other cell they become "\ufffd", so "1\\02" is refused, not 12."""
    # One parallel pass over every matched column, not one eager scan per column.
    has_nul = raw.select(
        pl.col(c).str.contains("\x00", literal=True).fill_null(False).any() for c in matches
    )
    found = [c for c in matches if has_nul[c][0]] if matches else []
    if not found:
        return raw
    result.notes.append(
        Note(
            f"NUL characters (\\0) in {len(found)} column(s): removed from text, "
            "shown as \ufffd elsewhere",
            f"{len(found)} 列中有 NUL 字符（\\0）：文本中已删除，其他单元格中显示为 \ufffd",
        )
    )
    return raw.with_columns(
        pl.col(c).str.replace_all(
            "\x00", "" if _free_text(matches[c].field) else "\ufffd", literal=True
        )
        for c in found
    )


def _free_text(field_name: str) -> bool:
    column = COLUMNS_BY_NAME.get(field_name)
    return field_name == "text" or (column is not None and column.type == "text")


def _derived(out: pl.DataFrame, raw: pl.DataFrame, matches: dict[str, HeaderMatch]) -> pl.DataFrame:
    """Values one column gives another: offer_id from offer_url, currency from ``$19.99``."""
    by_field = {m.field: c for c, m in matches.items()}
    derived: list[pl.Expr] = []
    if "offer_url" in by_field:
        url = pl.col(by_field["offer_url"]).str.strip_chars()
        derived.extend(_fill("offer_id", raw.select(offer_id_from_url(url)).to_series(), out))
    if "target_retail_price" in by_field:
        scope = Scope("currency")
        price = clean(scope, pl.col(by_field["target_retail_price"]))
        symbol = retail_currency(retail_parts(scope, price)).alias("currency")
        derived.extend(_fill("retail_currency", run(raw, [scope], [symbol]).to_series(), out))
    if TRANSIT_RANGE in by_field:
        for end in ("min", "max"):
            derived.extend(_fill(f"transit_days_{end}", out[f"{TRANSIT_RANGE}_{end}"], out))
    return out.with_columns(derived) if derived else out


def _fill(name: str, source: pl.Series, out: pl.DataFrame) -> list[pl.Expr]:
    """Fill the blanks of ``name`` from ``source``; add the column only if it gains values."""
    value = f"__value__{name}"
    if value in out.columns:
        return [pl.coalesce(pl.col(value), pl.lit(source)).alias(value)]
    if source.null_count() == len(source):
        return []
    return [pl.lit(source).alias(value)]


def _no_id_problem(sheet: RawSheet) -> CellProblem:
    return CellProblem.of(
        "no_id_column",
        sheet=sheet.name,
        row=sheet.header_row,
        column="",
        field="supplier_id",
        value=", ".join(h for h in sheet.headers if h),
    )


def parse_sheet(sheet: RawSheet, kind: TableKind, tick: Tick) -> SheetResult:
    """Read every recognised column of ``sheet`` as a table of ``kind``."""
    result = SheetResult(kind=kind, frame=pl.DataFrame())
    matches = _match_columns(sheet, kind, result)
    raw = _unguarded(_drop_blank_rows(sheet.frame))
    check_rows(sheet.name, raw.height)
    by_field = {m.field: c for c, m in matches.items()}
    sources = {f: by_field[f] for f in SOURCES if f in by_field}
    derive = kind == "suppliers" and "supplier_id" not in by_field and bool(sources)
    if "supplier_id" not in by_field and not derive:
        result.problems.append(_no_id_problem(sheet))
    raw, oversized = _oversized(raw, matches, sheet.name)
    raw = _without_nul(raw, matches, result)
    modes, notes = _percent_modes(raw, matches, sheet.name)
    result.notes.extend(notes)
    out = _parse_columns(raw, matches, kind, modes, tick)
    out = _derived(out, raw, matches)
    if derive:
        out = _with_derived_ids(out, raw, sources, sheet.name, result)
    reported = {(p.row, p.field) for p in oversized}
    result.problems.extend(oversized)
    result.problems.extend(
        p for p in _problems(out, raw, matches, sheet.name) if (p.row, p.field) not in reported
    )
    result.notes.extend(cell_notices(out, raw, matches, sheet.name, _WHY, ROW))
    result.frame = _canonical(out, kind, sheet.name)
    return result


_ID_SOURCE_WORDS = {
    "shop_url": ("from the shop link", "取自店铺链接"),
    "supplier_name": ("derived from the shop name", "由店铺名生成"),
    "offer_url": ("from the offer link", "取自商品链接"),
}


def _with_derived_ids(
    out: pl.DataFrame, raw: pl.DataFrame, sources: dict[str, str], sheet: str, result: SheetResult
) -> pl.DataFrame:
    """A sheet without a supplier-ID column: ids from the shop link, name or offer
    link (see :mod:`.ids`), said in a note; a row with none of them is a problem."""
    ids = derived_ids(raw, sources)
    counts = dict(ids.group_by("id_source").len().drop_nulls().iter_rows())
    parts = [(n, *_ID_SOURCE_WORDS[s]) for s in SOURCES if (n := counts.get(s))]
    example = ids.filter(pl.col("id_source").is_not_null()).get_column("supplier_id").head(1)
    shown = f" (e.g. {example[0]})" if len(example) else ""
    result.notes.append(
        Note(
            f"[{sheet}] no supplier id column: supplier ids were made for each row"
            f"{shown}: " + ", ".join(f"{n} {en}" for n, en, _ in parts),
            f"[{sheet}] 没有供应商ID列，已为每行生成供应商ID"
            + (f"（例如 {example[0]}）" if len(example) else "")
            + "："
            + "，".join(f"{n} 行{zh}" for n, _, zh in parts),
        )
    )
    missing = ids.get_column("supplier_id").is_null()
    result.problems.extend(
        CellProblem.of(
            "no_id_source", sheet=sheet, row=row, column="", field="supplier_id", value=""
        )
        for row in out.get_column(ROW).filter(missing)
    )
    return out.with_columns(ids.get_column("supplier_id").alias("__value__supplier_id"))


def _canonical(out: pl.DataFrame, kind: TableKind, sheet: str) -> pl.DataFrame:
    present = [f for f in field_order(kind) if f"__value__{f}" in out.columns]
    return out.select(
        *[pl.col(f"__value__{f}").alias(f) for f in present],
        pl.col(ROW).cast(pl.Int64),
        pl.lit(sheet, dtype=pl.String).alias(SHEET),
    )
