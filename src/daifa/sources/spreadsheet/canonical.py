"""A fast path for CSV files already in canonical form (daifa's own exports, a catalogue
dump): the same :class:`~.reader.Tables` as the full reader, in a fraction of the time.

The full reader reads every cell as text and parses it the way sellers write values
(``约3天``, ``41%``, ``是``). A file whose header row names the canonical columns and
whose numbers are plain numbers does not need that: Polars reads its number, whole-
number and yes/no columns typed, straight from the file. To stay identical to the
full reader, each typed column's distinct values are passed through the full parser
(as text) and must come back equal, with no problem reported; a column that does not
(``NaN``, a value out of range) is re-read as text and parsed the full way, and so
are text, list and date columns always. Anything unusual about the file itself
(another encoding or delimiter, a header below the first row, unknown or repeated
columns, companion sheets, NUL characters, byte-order marks inside) leaves the fast
path: :func:`read_canonical` returns None and the caller reads the file in full.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from daifa.engine.schema import COLUMNS_BY_NAME

from .headers import HeaderMatch, match_header
from .limits import MAX_CELL_CHARS, MAX_ID_CHARS, check_columns, check_file_size, check_rows
from .notices import cell_notices
from .numbers import PercentMode
from .parse import (
    _WHY,
    ROW,
    SheetResult,
    _canonical,
    _derived,
    _oversized,
    _parse_cells,
    _parse_columns,
    _percent_stats,
    _problems,
    _reading_note,
    _unguarded,
    _without_nul,
    parse_side_by_side,
    says_fractions,
)
from .report import Note
from .scope import Scope, run
from .sources import _encoding_note, _first_records, _sample, decode, header_index, recognised

# Schema types Polars reads the canonical way itself ("12.5", "40", "true").
_TYPED = {"number": pl.Float64(), "integer": pl.Int64(), "bool": pl.Boolean()}
# Text columns with few distinct cells (a category, a currency, lists of carriers or
# certificates): read dictionary-coded, each distinct cell parsed once and given to
# its rows by code, where matching a million cells back to their parse by text cost
# a tenth of the reading.
_CODED_FIELDS = frozenset(
    {"category", "origin", "retail_currency", "intl_logistics", "certifications"}
)
_BOM = codecs.BOM_UTF8


def read_canonical(path: Path, display: str) -> tuple[SheetResult, list[Note]] | None:
    """The suppliers sheet of a canonical CSV, as :func:`~.parse.parse_sheet` gives it, and
    the file's notes; None when the file is not canonical enough for the fast path."""
    from .reader import COMPANIONS, companion_path

    if (
        not path.is_file()
        or path.suffix.lower() != ".csv"
        or any(companion_path(path, kind).is_file() for kind in COMPANIONS)
    ):
        return None
    check_file_size(path.name, path.stat().st_size)
    data, encoding = decode(path.read_bytes(), trust_sample=True)
    if encoding not in ("utf-8", "utf-8-sig") or b"\x00" in data or _has_bom(data):
        return None
    head = _first_records(_sample(data).decode("utf-8", errors="ignore"), ",")
    headers = head[0] if head else []
    matches = _canonical_matches(headers)
    # A first row with two recognised headers is the header row (header_index), with
    # no need to read every row of the sample as one.
    if matches is None or (recognised(head[0]) < 2 and header_index(head) != 0):
        return None
    check_columns(display, len(headers))
    typed = {c: _TYPED.get(COLUMNS_BY_NAME[m.field].type, pl.String()) for c, m in matches.items()}
    coded = {c: _coded() for c, m in matches.items() if m.field in _CODED_FIELDS}
    try:
        frame = _read(data, {**typed, **coded})
    except pl.exceptions.PolarsError:
        return None  # a cell that is not a plain number: the full reader says which
    frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    # Blank rows out, as the full reader does (an empty field is null either way).
    cells = [c for c in frame.columns if c != ROW]
    frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cells))
    check_rows(display, frame.height)
    result = SheetResult(kind="suppliers", frame=pl.DataFrame())
    values, texts = _typed_values(frame, matches, typed, display, result)
    if texts:  # typed columns the full parser reads differently: re-read them as text
        raw_text = _read(data, {c: pl.String() for c in typed}, [int(c[1:]) for c in texts])
        kept = frame.select(ROW).join(
            raw_text.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64)),
            on=ROW,
            how="left",
        )
        frame = frame.with_columns(kept.get_column(c).alias(c) for c in texts)
    _parse_rest(frame, matches, values, display, result)
    note = _encoding_note(encoding)
    return result, [Note(f"{display}: {note.en}", f"{display}：{note.zh}")]


def _has_bom(data: bytes) -> bool:
    """Whether a byte-order mark is inside the text. Most files have no 0xEF byte at
    all (it leads only U+F000..U+FFFF), and one byte is found at memchr speed, where
    the three-byte search costs a tenth of a second on 170 MB."""
    return _BOM[:1] in data and _BOM in data


def _coded() -> pl.Categorical:
    # Categories of its own: codes count from 0 in this column only, and are freed
    # with the frame (the global categories would keep every seller's text).
    return pl.Categorical(pl.Categories.random(namespace="daifa.canonical"))


def _decoded(
    frame: pl.DataFrame, matches: dict[str, HeaderMatch]
) -> tuple[pl.DataFrame, dict[str, pl.Series]]:
    """The dictionary-coded columns of ``frame``: their value columns, each distinct
    cell parsed once, for those that read with no problem, no notice, nothing to
    unguard or blank; the others back to text (in the frame returned) for the
    full parse, which names each cell's row."""
    gathers: list[pl.Expr] = []
    names: dict[str, str] = {}
    texts: list[str] = []
    for column, match in matches.items():
        dtype = frame.schema[column]
        if not isinstance(dtype, pl.Categorical):
            continue
        cells = dtype.categories.to_series()  # indexed by code
        distinct = pl.DataFrame({column: cells.cast(pl.String).append(pl.Series([None]))})
        parsed = _parse_cells(distinct, column, match, "suppliers", "percent")
        text = distinct.get_column(column)
        if (
            parsed.get_column(_WHY + column).null_count() != parsed.height
            or text.str.starts_with("'").any()
            or (text.str.len_chars() > MAX_CELL_CHARS).any()
        ):
            texts.append(column)
            continue
        codes = frame.get_column(column).to_physical().fill_null(len(cells))
        value = parsed.get_column(f"__value__{match.field}")
        gathers.append(pl.lit(value).gather(codes).alias(column))
        names[column] = value.name
    frame = frame.with_columns(pl.col(c).cast(pl.String) for c in texts) if texts else frame
    # All columns' cells by code in one select: Polars gathers them side by side
    # (a list column's gather alone takes a tenth of a second at a million rows).
    found = pl.select(gathers) if gathers else pl.DataFrame()
    return frame, {c: found.get_column(c).alias(names[c]) for c in found.columns}


def _canonical_matches(headers: Sequence[str | None]) -> dict[str, HeaderMatch] | None:
    """Column id -> match when every header is a distinct canonical supplier column."""
    matches: dict[str, HeaderMatch] = {}
    for index, header in enumerate(headers):
        found = match_header(header, "suppliers") if header else None
        if found is None or found.field != header or header not in COLUMNS_BY_NAME:
            return None
        matches[f"c{index}"] = found
    fields = [m.field for m in matches.values()]
    if not matches or len(set(fields)) != len(fields) or "supplier_id" not in fields:
        return None
    return matches


def _read(
    data: bytes, schema: dict[str, pl.DataType], columns: list[int] | None = None
) -> pl.DataFrame:
    """The cells below the header, as the full reader splits them (see sources._read_csv)."""
    return pl.read_csv(
        data,
        has_header=False,
        skip_rows=1,
        columns=columns,
        schema=schema,
        truncate_ragged_lines=True,
        extra_columns="ignore",
        missing_columns="insert",
        raise_if_empty=False,
    ).rechunk()  # the reader makes ~75 chunks; the engine costs 0.3 s more on them


def _typed_values(
    frame: pl.DataFrame,
    matches: dict[str, HeaderMatch],
    typed: dict[str, pl.DataType],
    sheet: str,
    result: SheetResult,
) -> tuple[set[str], list[str]]:
    """(typed columns whose values stand as read, typed columns to parse from text).

    A column stands when the full parser, given each distinct value as text, returns
    that same value and no problem; bare fractions in a percent column still get the
    full reader's note about how they were read.
    """
    checked = [c for c in matches if typed[c] != pl.String()]
    if not checked:
        return set(), []
    # Every column's distinct values in one pass (columns side by side), then all of
    # them parsed as text in one run: per column, both cost more to start than to do.
    found = frame.select(_distinct(c) for c in checked)
    distinct: dict[str, pl.Series] = {c: found.get_column(c)[0].alias(c) for c in checked}
    longest = max(len(values) for values in distinct.values())
    as_text = pl.DataFrame(
        [v.cast(pl.String).extend_constant(None, longest - len(v)) for v in distinct.values()]
    )
    parsed = parse_side_by_side(
        as_text, {c: (matches[c], _mode(matches[c])) for c in checked}, "suppliers"
    )
    stands: set[str] = set()
    texts: list[str] = []
    for column in checked:
        match, values = matches[column], distinct[column]
        mine = parsed.head(len(values))
        dtype = COLUMNS_BY_NAME[match.field].dtype
        value = mine.get_column(f"__value__{match.field}").cast(dtype)
        same = (value == values.cast(dtype)).fill_null(False).all()
        if not same or mine.get_column(_WHY + column).null_count() != mine.height:
            texts.append(column)
            continue
        stands.add(column)
        counted = as_text.select(pl.col(column).head(len(values)), n=pl.lit(1))
        note = _percent_note(counted, frame.get_column(column), match, sheet)
        if note is not None:
            result.notes.append(note)
    return stands, texts


def _distinct(column: str) -> pl.Expr:
    """The column's distinct values, as a list. In order of appearance: Polars'
    order-free ``unique`` and ``value_counts`` cost floats two to three times more CPU
    at a million rows."""
    return pl.col(column).drop_nulls().unique(maintain_order=True).implode()


def _mode(match: HeaderMatch) -> PercentMode:
    return "fractions" if says_fractions(match.header) else "percent"


def _percent_note(
    distinct: pl.DataFrame, cells: pl.Series, match: HeaderMatch, sheet: str
) -> Note | None:
    """The full reader's note on bare fractions in a percent column (parse._percent_modes);
    the cells are counted only when a distinct value is such a fraction."""
    if not match.field.endswith("_pct") or match.unit == "%" or distinct.height == 0:
        return None
    column = cells.name
    if not _small_fractions(distinct, column):
        return None
    counted = cells.drop_nulls().value_counts(name="n")
    small = _small_fractions(counted.with_columns(pl.col(column).cast(pl.String)), column)
    return _reading_note(sheet, match.header, small, _mode(match)) if small else None


def _small_fractions(counted: pl.DataFrame, column: str) -> int:
    scope = Scope("pct")
    return int(run(counted, [scope], _percent_stats(scope, column)).item() or 0)


def canonical_headers(headers: Sequence[str | None]) -> dict[str, HeaderMatch] | None:
    """The matches of a header row that names distinct canonical columns only, else None."""
    return _canonical_matches(headers)


def _cast(text: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Text to ``dtype`` as Polars' CSV reader reads it; null where it cannot."""
    if dtype == pl.Boolean():
        words = {"true": True, "false": False}
        return text.str.to_lowercase().replace_strict(words, default=None, return_dtype=dtype)
    return text.cast(dtype, strict=False)


def parse_canonical_batch(
    raw: pl.DataFrame, matches: dict[str, HeaderMatch], display: str
) -> SheetResult:
    """:func:`~.parse.parse_sheet` for a batch of text cells (``c0..cN`` and ``_row``)
    under a canonical header, with plain numbers and yes/no cells taken as they are.

    Each typed column is cast from its text; a column where the cast loses a cell,
    or where the full parser reads a distinct value differently, is parsed from its
    text as :func:`~.parse.parse_sheet` would."""
    cells = [c for c in raw.columns if c != ROW]
    raw = raw.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cells))
    check_rows(display, raw.height)
    result = SheetResult(kind="suppliers", frame=pl.DataFrame())
    raw = _without_nul(raw, matches, result)
    typed = {c: _TYPED.get(COLUMNS_BY_NAME[m.field].type, pl.String()) for c, m in matches.items()}
    wanted = [c for c in matches if typed[c] != pl.String()]
    cast = raw.select(ROW, *[_cast(pl.col(c), typed[c]).alias(c) for c in wanted])

    lost = (
        raw.select(
            (pl.col(c).is_not_null() & cast.get_column(c).is_null()).any().alias(c) for c in wanted
        ).row(0, named=True)
        if wanted
        else {}
    )
    castable = {c: typed[c] for c in wanted if not lost[c]}
    values, _texts = _typed_values(
        cast.select(ROW, *castable), {c: matches[c] for c in castable}, castable, display, result
    )
    _parse_rest(raw, matches, values, display, result, typed_frame=cast)
    return result


# Id and group columns the full parser gives back unchanged when every cell is a run
# of ASCII digits (1688's offer and member ids, numbered groups): such a cell has
# nothing to fold, trim or restore, is no blank word, no Excel float (``123.0``,
# ``1.2E+11``), no URL, and fits the id limit. At a million rows their full parse was
# a quarter of the reading.
_ID_FIELDS = ("supplier_id", "offer_id", "product_group")
_DIGITS = r"^[0-9]+$"


def _plain_ids(frame: pl.DataFrame, matches: dict[str, HeaderMatch]) -> list[str]:
    """The id columns of ``matches`` whose cells are all plain digit runs (and, for
    supplier_id, all present: a missing id is a problem the full parser reports)."""
    ids = [c for c, m in matches.items() if m.field in _ID_FIELDS]
    if not ids or frame.height == 0:
        return []
    checks = frame.select(
        (
            pl.col(c).str.contains(_DIGITS).all()
            & (pl.col(c).str.len_bytes().max().fill_null(0) <= MAX_ID_CHARS)
            & ((pl.col(c).null_count() == 0) | (matches[c].field != "supplier_id"))
        ).alias(c)
        for c in ids
        if frame.schema[c] == pl.String
    ).row(0, named=True)
    return [c for c, plain in checks.items() if plain]


def _parse_rest(
    frame: pl.DataFrame,
    matches: dict[str, HeaderMatch],
    values: set[str],
    display: str,
    result: SheetResult,
    *,
    typed_frame: pl.DataFrame | None = None,
) -> None:
    """Parse the columns not already typed as the full reader does, join the typed
    ones, and put the frame, the cell problems and the cell notices on ``result``."""
    typed_frame = frame if typed_frame is None else typed_frame
    frame, decoded = _decoded(frame, {c: m for c, m in matches.items() if c not in values})
    untyped = {c: m for c, m in matches.items() if c not in values and c not in decoded}
    plain = _plain_ids(frame, untyped)
    text_matches = {c: m for c, m in untyped.items() if c not in plain}
    raw = _unguarded(frame.select(ROW, *text_matches))
    raw, oversized = _oversized(raw, text_matches, display)
    out = _parse_columns(raw, text_matches, "suppliers", {}, lambda done: None)
    out = out.with_columns(
        typed_frame.get_column(c).cast(COLUMNS_BY_NAME[m.field].dtype).alias(f"__value__{m.field}")
        for c, m in matches.items()
        if c in values
    )
    out = out.with_columns(frame.get_column(c).alias(f"__value__{matches[c].field}") for c in plain)
    out = out.with_columns(decoded.values())
    out = _derived(out, raw, text_matches)
    reported = {(p.row, p.field) for p in oversized}
    result.problems.extend(oversized)
    result.problems.extend(
        p for p in _problems(out, raw, text_matches, display) if (p.row, p.field) not in reported
    )
    # "面议" and 1688 ranges in price cells: notices naming rows, as the full reader gives.
    result.notes.extend(cell_notices(out, raw, text_matches, display, _WHY, ROW))
    result.frame = _canonical(out, "suppliers", display)
