"""How big a file the reader accepts, and the file-level errors past each limit.

Sellers' files have thousands of rows, at most a few hundred thousand; a
workbook that inflates to gigabytes or a megabyte-long cell is a mistake or an
attack, and reading it would take the worker's memory and the database's write
lock for minutes. Every limit is checked before the expensive step it guards.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .errors import SpreadsheetError

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_XLSX_INFLATED_BYTES = 400 * 1024 * 1024
MAX_ROWS = 500_000
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 10_000
MAX_ID_CHARS = 100  # Supplier/Offer.external_id max_length (SQLite does not enforce it)
MAX_REPORTED_PROBLEMS = 1_000


# The size limits protect the workbench (its worker's memory, its database);
# ``daifa screen`` reads a seller's or agency's own file on their own machine
# with no database, where a million-row file is the point, not an attack.
_LIFTED: ContextVar[bool] = ContextVar("daifa_spreadsheet_limits_lifted", default=False)


@contextmanager
def lifted() -> Iterator[None]:
    """Read without the file-size, row, column and inflated-size limits (the cell
    and id limits stay: they are about values, not size)."""
    token = _LIFTED.set(True)
    try:
        yield
    finally:
        _LIFTED.reset(token)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def check_file_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES and not _LIFTED.get():
        raise SpreadsheetError(
            f"{name} is {_mb(size)}; files of at most {_mb(MAX_FILE_BYTES)} can be imported. "
            "Split it into several files.",
            f"{name} 有 {_mb(size)}；最多只能导入 {_mb(MAX_FILE_BYTES)} 的文件，请拆分成几个文件。",
        )


def check_xlsx_inflated_size(path: Path) -> None:
    """Refuse a workbook whose parts would inflate past the limit, from the zip's
    directory alone (nothing is decompressed: a zip bomb costs nothing here)."""
    if _LIFTED.get():
        return
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetError(
            f"cannot open {path.name} as an Excel workbook: the file is damaged or not a .xlsx",
            f"无法以 Excel 工作簿打开 {path.name}：文件已损坏或不是 .xlsx 文件",
        ) from exc
    if inflated > MAX_XLSX_INFLATED_BYTES:
        raise SpreadsheetError(
            f"{path.name} would unpack to {_mb(inflated)} of sheet data; at most "
            f"{_mb(MAX_XLSX_INFLATED_BYTES)} can be read. Save fewer rows per file.",
            f"{path.name} 解压后有 {_mb(inflated)} 的表格数据；最多只能读取 "
            f"{_mb(MAX_XLSX_INFLATED_BYTES)}，请每个文件少放一些行。",
        )


def check_rows(name: str, rows: int) -> None:
    """Rows with a value (blank rows cost nothing to skip)."""
    if rows > MAX_ROWS and not _LIFTED.get():
        raise SpreadsheetError(
            f"{name} has {rows:,} rows; at most {MAX_ROWS:,} rows can be imported at once. "
            "Split it into several files.",
            f"{name} 有 {rows:,} 行；一次最多导入 {MAX_ROWS:,} 行，请拆分成几个文件。",
        )


def check_columns(name: str, columns: int) -> None:
    if columns > MAX_COLUMNS and not _LIFTED.get():
        raise SpreadsheetError(
            f"{name} has {columns:,} columns; at most {MAX_COLUMNS:,} can be read.",
            f"{name} 有 {columns:,} 列；最多只能读取 {MAX_COLUMNS:,} 列。",
        )
