"""Getting raw text cells out of CSV and XLSX files, with the row numbers people see.

CSV: the encoding is detected (BOM, strict UTF-8, then charset-normalizer), the
delimiter sniffed, the header row found, and Polars reads every cell as text.
XLSX: fastexcel (calamine) reads every cell as text, sheet by sheet.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer
import polars as pl

from .errors import SpreadsheetError
from .headers import TABLE_KINDS, match_header
from .parse import ROW, RawSheet
from .report import Note
from .xlsx_percent import mark_percent_cells

HEADER_SEARCH_ROWS = 30
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
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


def decode(data: bytes, *, trust_sample: bool = False) -> tuple[bytes, str]:
    """The file as UTF-8 bytes (no BOM) for Polars, and the encoding it was read with.

    With ``trust_sample`` only the first 256 kB are checked for UTF-8; Polars
    checks the rest as it reads (see :func:`read_csv_sheet`).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8-sig":
                return data[len(bom) :], encoding
            return data.decode(encoding).encode("utf-8"), encoding
    try:
        _sample(data).decode("utf-8") if trust_sample else data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in dict.fromkeys((_guess_encoding(data), "gb18030")):
        try:
            return data.decode(encoding).encode("utf-8"), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            failure = exc
    raise SpreadsheetError(
        f"cannot tell the text encoding of the file (tried {encoding}); save it as UTF-8 CSV",
        f"无法识别文件的文字编码（尝试了 {encoding}）；请另存为 UTF-8 CSV",
    ) from failure


def _sample(data: bytes) -> bytes:
    """The first 256 kB, cut after a line break so no character is cut in two."""
    sample = data[:256_000]
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut > 0 and len(data) > len(sample) else sample


def _guess_encoding(data: bytes) -> str:
    if _reads_as_chinese(data):
        return "gb18030"
    # charset-normalizer samples chunks across the whole file itself.
    best = charset_normalizer.from_bytes(data).best()
    encoding = best.encoding if best is not None else "gb18030"
    return "gb18030" if encoding.lower() in _SIMPLIFIED_CHINESE else encoding


def _reads_as_chinese(data: bytes) -> bool:
    """Whether the bytes are valid GB18030 whose non-ASCII text is mostly Chinese.

    Our sellers' non-UTF-8 files come from Chinese Excel; on a few Chinese
    characters among much ASCII, charset-normalizer may guess a Western code page.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = len(_NON_ASCII.findall(text))
    return wide > 0 and len(_CJK.findall(text)) >= 0.5 * wide


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
    try:
        for record in reader:
            rows.append(list(record))
            if len(rows) >= HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass  # a huge or cut-off cell in the sample: the rows before it are enough
    return rows


def read_csv_sheet(path: Path) -> tuple[RawSheet, list[Note]]:
    raw = path.read_bytes()
    data, encoding = decode(raw, trust_sample=True)
    try:
        return _read_csv(path.name, path.suffix.lower(), data, encoding)
    except pl.exceptions.ComputeError:
        if encoding != "utf-8":
            raise
        # UTF-8 at the start but not further on: check the whole file after all.
        data, encoding = decode(raw)
        return _read_csv(path.name, path.suffix.lower(), data, encoding)


def _read_csv(name: str, suffix: str, data: bytes, encoding: str) -> tuple[RawSheet, list[Note]]:
    text = _sample(data).decode("utf-8", errors="ignore")
    delimiter = sniff_delimiter(text, suffix)
    head = _first_records(text, delimiter)
    index = header_index(head)
    headers = [(h or "").strip() for h in head[index]] if index is not None else []
    notes = [_encoding_note(encoding)]
    if index is None or not headers:
        return RawSheet(name, [], pl.DataFrame({ROW: []}, schema={ROW: pl.Int64}), 1), notes
    frame = pl.read_csv(
        data,
        has_header=False,
        skip_rows=index + 1,
        separator=delimiter,
        schema={f"c{i}": pl.String for i in range(len(headers))},
        truncate_ragged_lines=True,
        missing_columns="insert",
        raise_if_empty=False,
    )
    return _numbered(name, headers, frame, header_row=index + 1), notes


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
        sheet = reader.load_sheet(
            name, header_row=None, skip_rows=0, dtypes="string", whitespace_as_null=True
        )
        frame = sheet.to_polars()
        if frame.width == 0:
            continue
        # Excel percent cells hold 0.41 for 41 %: written back as "41%" (see xlsx_percent)
        yield mark_percent_cells(path, name, _xlsx_sheet(name, frame))


def _xlsx_sheet(name: str, frame: pl.DataFrame) -> RawSheet:
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    head = [list(row) for row in frame.head(HEADER_SEARCH_ROWS).iter_rows()]
    index = header_index(head)
    if index is None:
        return RawSheet(name, [], pl.DataFrame({ROW: []}, schema={ROW: pl.Int64}), 1)
    headers = [(cell or "").strip() for cell in head[index]]
    return _numbered(name, headers, frame.slice(index + 1), header_row=index + 1)
