"""Getting raw text cells out of CSV and XLSX files, with the row numbers people see.

CSV: the encoding is detected (BOM, strict UTF-8, then charset-normalizer), the
delimiter sniffed, the header row found, and Polars reads every cell as text.
XLSX: fastexcel (calamine) reads every cell as text, sheet by sheet.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer
import polars as pl

from .errors import SpreadsheetError
from .headers import TABLE_KINDS, match_header
from .parse import ROW, RawSheet
from .report import Note

HEADER_SEARCH_ROWS = 30
_SIMPLIFIED_CHINESE = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def recognised(cells: list[str | None]) -> int:
    """How many cells of a row read as a header of any table kind."""
    return sum(
        1 for cell in cells if cell and any(match_header(cell, kind) for kind in TABLE_KINDS)
    )


def header_index(rows: list[list[str | None]]) -> int | None:
    """The first row with two recognised headers (or, failing that, one)."""
    counts = [recognised(row) for row in rows[:HEADER_SEARCH_ROWS]]
    for needed in (2, 1):
        for index, count in enumerate(counts):
            if count >= needed:
                return index
    return None


# --- CSV -----------------------------------------------------------------------


def decode(data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes (no BOM) for Polars, and the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8-sig":
                return _checked_utf8(data[len(bom) :], encoding)
            return data.decode(encoding).encode("utf-8"), encoding
    try:
        return _checked_utf8(data, "utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _guess_encoding(data)
    try:
        return data.decode(encoding).encode("utf-8"), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise SpreadsheetError(
            f"cannot tell the text encoding of the file (tried {encoding}); save it as UTF-8 CSV",
            f"无法识别文件的文字编码（尝试了 {encoding}）；请另存为 UTF-8 CSV",
        ) from exc


def _checked_utf8(data: bytes, encoding: str) -> tuple[bytes, str]:
    data.decode("utf-8")  # raises on invalid bytes; UTF-8 files go to Polars as they are
    return data, encoding


def _guess_encoding(data: bytes) -> str:
    sample = data[:256_000]
    cut = sample.rfind(b"\n")
    best = charset_normalizer.from_bytes(sample[: cut + 1] if cut > 0 else sample).best()
    encoding = best.encoding if best is not None else "gb18030"
    # Our sellers' non-UTF-8 files come from Chinese Excel; GB18030 covers GBK and GB2312.
    return "gb18030" if encoding.lower() in _SIMPLIFIED_CHINESE else encoding


def sniff_delimiter(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    lines = [line for line in text[:64_000].splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    counts = {d: max((line.count(d) for line in lines), default=0) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _first_records(text: str, delimiter: str) -> list[list[str | None]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str | None]] = []
    for record in reader:
        rows.append(list(record))
        if len(rows) >= HEADER_SEARCH_ROWS:
            break
    return rows


def read_csv_sheet(path: Path) -> tuple[RawSheet, list[Note]]:
    data, encoding = decode(path.read_bytes())
    # The first 256 kB are enough to find the delimiter and the header row.
    text = data[:256_000].decode("utf-8", errors="ignore")
    delimiter = sniff_delimiter(text, path.suffix.lower())
    head = _first_records(text, delimiter)
    index = header_index(head)
    headers = [(h or "").strip() for h in head[index]] if index is not None else []
    if index is None or not headers:
        return RawSheet(path.name, [], pl.DataFrame({ROW: []}, schema={ROW: pl.Int64}), 1), [
            _encoding_note(encoding)
        ]
    frame = pl.read_csv(
        data,
        has_header=False,
        skip_rows=index + 1,
        separator=delimiter,
        schema={f"c{i}": pl.String for i in range(len(headers))},
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )
    return _numbered(path.name, headers, frame, header_row=index + 1), [_encoding_note(encoding)]


def _encoding_note(encoding: str) -> Note:
    return Note(f"read as {encoding} text", f"按 {encoding} 编码读取")


def _numbered(name: str, headers: list[str], frame: pl.DataFrame, header_row: int) -> RawSheet:
    """Data row i is file row header_row + 1 + i (blank lines are kept as null rows)."""
    numbered = frame.with_row_index(ROW, offset=header_row + 1).with_columns(
        pl.col(ROW).cast(pl.Int64)
    )
    return RawSheet(name, headers, numbered, header_row)


# --- XLSX ----------------------------------------------------------------------


def read_xlsx_sheets(path: Path) -> Iterator[RawSheet]:
    import fastexcel  # imported here: CSV users never pay for it

    try:
        reader = fastexcel.read_excel(path)
    except Exception as exc:  # fastexcel raises its own error types per failure
        raise SpreadsheetError(
            f"cannot open {path.name} as an Excel workbook: {exc}",
            f"无法以 Excel 工作簿打开 {path.name}：{exc}",
        ) from exc
    for name in reader.sheet_names:
        # skip_rows=0 keeps leading blank rows, so frame row i is sheet row i + 1.
        sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
        frame = sheet.to_polars()
        if frame.width == 0:
            continue
        yield _xlsx_sheet(name, frame)


def _xlsx_sheet(name: str, frame: pl.DataFrame) -> RawSheet:
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    head = [list(row) for row in frame.head(HEADER_SEARCH_ROWS).iter_rows()]
    index = header_index(head)
    if index is None:
        return RawSheet(name, [], pl.DataFrame({ROW: []}, schema={ROW: pl.Int64}), 1)
    headers = [(cell or "").strip() for cell in head[index]]
    return _numbered(name, headers, frame.slice(index + 1), header_row=index + 1)
