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

import polars as pl

from .errors import SpreadsheetError
from .headers import TABLE_KINDS, match_header
from .limits import check_columns, check_file_size, check_xlsx_inflated_size
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
                body = data[len(bom) :]
                _check_utf8(_sample(body) if trust_sample else body)
                return body, encoding
            try:
                return data.decode(encoding).encode("utf-8"), encoding
            except UnicodeError as exc:  # odd length, lone surrogate
                raise _not_text("UTF-16") from exc
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


def _not_text(encoding: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"the file says it is {encoding} text (it starts with a byte-order mark) but has bytes "
        f"that are not {encoding}; save it again as UTF-8 CSV",
        f"文件开头标明是 {encoding} 文本（有字节顺序标记），但其中有不是 {encoding} 的字节；"
        "请重新另存为 UTF-8 CSV",
    )


def _check_utf8(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_text("UTF-8") from exc


def _sample(data: bytes) -> bytes:
    """The first 256 kB, cut after a line break so no character is cut in two."""
    sample = data[:256_000]
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut > 0 and len(data) > len(sample) else sample


def _guess_encoding(data: bytes) -> str:
    if _reads_as_chinese(data):
        return "gb18030"
    # Imported here: only a file that is neither UTF-8 nor GB18030 needs it.
    import charset_normalizer

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
    check_file_size(path.name, path.stat().st_size)
    raw = path.read_bytes()
    data, encoding = decode(raw, trust_sample=True)
    try:
        return _read_csv(path.name, path.suffix.lower(), data, encoding)
    except pl.exceptions.PolarsError:
        if encoding == "utf-8-sig":
            _check_utf8(data)  # a bad byte past the sample: say so
        elif encoding == "utf-8":
            # UTF-8 at the start but not further on: check the whole file after all.
            data, encoding = decode(raw)
        try:
            return _read_csv(path.name, path.suffix.lower(), data, encoding)
        except pl.exceptions.PolarsError as exc:
            raise _unsplittable(path.name, data) from exc


def _unsplittable(name: str, data: bytes) -> SpreadsheetError:
    """The file cannot be cut into cells; almost always a quote that is never closed."""
    line = _unclosed_quote_line(data)
    if line is None:
        return SpreadsheetError(
            f"{name}: the text cannot be split into rows and cells; save it again as CSV",
            f"{name}：无法把文本拆分成行和单元格；请重新另存为 CSV",
        )
    return SpreadsheetError(
        f'{name}: a cell opened with a quote (") on line {line} is never closed, so the rest '
        "of the file cannot be split into cells; close or remove that quote",
        f'{name}：第 {line} 行有一个引号（"）开始的单元格没有结束，之后的内容无法拆分成单元格；'
        "请补上或删除这个引号",
    )


def _unclosed_quote_line(data: bytes) -> int | None:
    """The line where the last quoted cell that never closes opens (1-based)."""
    opened_at, inside = None, False
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.count(b'"') % 2:
            inside = not inside
            opened_at = number if inside else None
    return opened_at if inside else None


def _read_csv(name: str, suffix: str, data: bytes, encoding: str) -> tuple[RawSheet, list[Note]]:
    notes = [_encoding_note(encoding)]
    if _BOM in data:
        # Files pasted together keep each one's byte-order mark, which would
        # otherwise become part of a header or an id (``\ufeffS3``).
        notes.append(_bom_note(data.count(_BOM)))
        data = data.replace(_BOM, b"")
    text = _sample(data).decode("utf-8", errors="ignore")
    delimiter = sniff_delimiter(text, suffix)
    head = _first_records(text, delimiter)
    index = header_index(head)
    headers = (
        [(h or "").replace("\x00", "").strip() for h in head[index]] if index is not None else []
    )
    if index is None or not headers:
        return RawSheet(name, [], pl.DataFrame({ROW: []}, schema={ROW: pl.Int64}), 1), notes
    check_columns(name, len(headers))
    frame = pl.read_csv(
        data,
        has_header=False,
        skip_rows=index + 1,
        separator=delimiter,
        schema={f"c{i}": pl.String for i in range(len(headers))},
        truncate_ragged_lines=True,
        # Cells past the header's last column have no field to go to.
        extra_columns="ignore",
        missing_columns="insert",
        raise_if_empty=False,
    )
    return _numbered(name, headers, frame, header_row=index + 1), notes


_BOM = codecs.BOM_UTF8


def _bom_note(count: int) -> Note:
    return Note(
        f"{count} byte-order mark(s) inside the file (from files pasted together) were removed",
        f"文件中间的 {count} 个字节顺序标记（BOM，多为拼接文件留下）已删除",
    )


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

    check_file_size(path.name, path.stat().st_size)
    check_xlsx_inflated_size(path)
    try:
        reader = fastexcel.read_excel(path)
    except Exception as exc:  # fastexcel raises its own error types per failure
        raise _not_a_workbook(path.name) from exc
    for name in reader.sheet_names:
        try:
            # skip_rows=0 keeps leading blank rows, so frame row i is sheet row i + 1.
            sheet = reader.load_sheet(
                name, header_row=None, skip_rows=0, dtypes="string", whitespace_as_null=True
            )
            frame = sheet.to_polars()
        except Exception as exc:  # calamine: XML entities, broken parts
            raise _unreadable_sheet(path.name, name) from exc
        if frame.width == 0:
            continue
        check_columns(f"{path.name} [{name}]", frame.width)
        # Excel percent cells hold 0.41 for 41 %: written back as "41%" (see xlsx_percent)
        yield mark_percent_cells(path, name, _xlsx_sheet(name, frame))


def _not_a_workbook(name: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"cannot open {name} as an Excel workbook: the file is damaged or not a .xlsx; "
        "open it in Excel and save it again as .xlsx",
        f"无法以 Excel 工作簿打开 {name}：文件已损坏或不是 .xlsx；"
        "请在 Excel 中打开后重新另存为 .xlsx",
    )


def _unreadable_sheet(name: str, sheet: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"{name}: the sheet [{sheet}] cannot be read (its XML is damaged or uses entities "
        "Excel never writes); open the file in Excel and save it again as .xlsx",
        f"{name}：工作表 [{sheet}] 无法读取（XML 已损坏，或含有 Excel 不会写入的实体）；"
        "请在 Excel 中打开后重新另存为 .xlsx",
    )


def _xlsx_sheet(name: str, frame: pl.DataFrame) -> RawSheet:
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    head = [list(row) for row in frame.head(HEADER_SEARCH_ROWS).iter_rows()]
    index = header_index(head)
    if index is None:
        return RawSheet(name, [], pl.DataFrame({ROW: []}, schema={ROW: pl.Int64}), 1)
    headers = [(cell or "").replace("\x00", "").strip() for cell in head[index]]
    return _numbered(name, headers, frame.slice(index + 1), header_row=index + 1)
