"""XLSX export: today's writer against openpyxl (the old path), 100,000 rows.

Today's writer (``daifa.sources.spreadsheet.xlsx``) builds the sheet XML column
by column with Polars. For information the same formatted file is also written
with xlsxwriter, a call per cell (about 1.7x openpyxl: not enough, hence the
column-wise writer). Two files are timed, each against the old openpyxl path
measured in the same run on the same frame:

* the supplier list export of the web page (``daifa.screening.exports.render``:
  words, number formats, frozen header, filter, widths) against the old
  ``openpyxl`` write-only loop over the raw values it replaced;
* the canonical export (``daifa export`` / raw data for re-import,
  ``write_tables``) with every column, against the old openpyxl write-only path.

Target (issue 19): >= 10x faster. Both outputs are checked to hold the same number
of rows and no formula cell.

    .venv/bin/python bench/export.py [--rows 100000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from daifa.engine.schema import COLUMNS, conform  # noqa: E402
from daifa.screening import exports  # noqa: E402
from daifa.sources.spreadsheet import write_tables  # noqa: E402

CRITERIA = ["dropship_supported", "test_order_ship_hours", "sample_test_passed", "sales_spike"]


def list_frame(n: int, rng: random.Random) -> pl.DataFrame:
    """The list export's input: one best row per supplier."""
    data = {
        "supplier_id": [f"b2b-{i:08d}" for i in range(n)],
        "supplier_name": [f"义乌市第{i}号电子商务有限公司" for i in range(n)],
        "grade": [rng.choice("ABCD") for _ in range(n)],
        "score": [rng.uniform(0, 100) for _ in range(n)],
        "coverage": [rng.random() for _ in range(n)],
        "decision": [rng.choice(["approve", "verify_first", "avoid"]) for _ in range(n)],
        "approvable": [rng.random() < 0.3 for _ in range(n)],
        "blocking": [rng.sample(CRITERIA, rng.randint(0, 2)) for _ in range(n)],
        "to_verify": [rng.sample(CRITERIA, rng.randint(0, 3)) for _ in range(n)],
        "flags": [rng.sample(CRITERIA, rng.randint(0, 1)) for _ in range(n)],
        "offer_id": [str(600_000_000_000 + i) for i in range(n)],
        "product_title": [f"蓝牙耳机 无线 运动 款式{i % 97}" for i in range(n)],
        "category": [rng.choice(["3C数码", "家居日用", "箱包"]) for _ in range(n)],
        "unit_price_cny": [round(rng.uniform(3, 80), 2) for _ in range(n)],
        "moq": [rng.randint(1, 500) for _ in range(n)],
        "landed_unit_cost_cny": [rng.uniform(10, 120) for _ in range(n)],
        "peer_group": [f"组-{i % 5000}" for i in range(n)],
        "peer_rank": [rng.randint(1, 8) for _ in range(n)],
        "closeness": [rng.random() for _ in range(n)],
        "robustness": [rng.random() for _ in range(n)],
    }
    return pl.DataFrame(data, schema=exports.SCHEMA)


def canonical_frame(n: int, rng: random.Random) -> pl.DataFrame:
    start = datetime(2026, 1, 1)
    columns = {}
    for column in COLUMNS:
        if column.type == "text":
            values = [f"{column.label_zh}{i % 1000}" for i in range(n)]
        elif column.type == "bool":
            values = [rng.random() < 0.5 for _ in range(n)]
        elif column.type == "number":
            values = [round(rng.uniform(0, 100), 2) for _ in range(n)]
        elif column.type == "integer":
            values = [rng.randint(0, 10_000) for _ in range(n)]
        elif column.type == "list":
            values = [["CE", "FCC"][: rng.randint(0, 2)] for _ in range(n)]
        elif column.type == "tiers":
            values = [[{"min_qty": 1, "max_qty": 49, "price_cny": 12.5}] for _ in range(n)]
        else:
            values = [start + timedelta(minutes=i) for i in range(n)]
        columns[column.name] = pl.Series(column.name, values, dtype=column.dtype)
    return conform(pl.DataFrame(columns))


# --- the old paths, kept here only as the baseline ---------------------------------


def old_list_xlsx(frame: pl.DataFrame, path: Path) -> None:
    """daifa.screening.exports before: raw values, lists joined, openpyxl write-only."""
    import openpyxl

    flat = frame.with_columns(pl.col(c).list.join(";") for c in ("blocking", "to_verify", "flags"))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("screening")
    sheet.append(list(flat.columns))
    for row in flat.iter_rows():
        sheet.append(list(row))
    book.save(path)


def old_canonical_xlsx(frame: pl.DataFrame, path: Path) -> None:
    """write_tables' XLSX path before: openpyxl write-only, text cells as prepared."""
    import openpyxl

    from daifa.sources.spreadsheet.writer import _prepared

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("suppliers")
    sheet.append(frame.columns)
    for row in _prepared(frame, excel=True).iter_rows():
        sheet.append(row)
    book.save(path)


def new_list_xlsx(frame: pl.DataFrame, path: Path) -> None:
    labels = {c: c.replace("_", " ") for c in CRITERIA}
    body, _type = exports.render(frame, "xlsx", lang="zh", labels=labels)
    path.write_bytes(body)


def new_canonical_xlsx(frame: pl.DataFrame, path: Path) -> None:
    write_tables(frame, path, format="xlsx")


def xlsxwriter_xlsx(frame: pl.DataFrame, path: Path) -> None:
    """The same formatted sheet with xlsxwriter, one typed call per cell (for information)."""
    import math

    import xlsxwriter

    from daifa.sources.spreadsheet.safe import neutralise_frame
    from daifa.sources.spreadsheet.writer import _prepared

    flat = neutralise_frame(_prepared(frame, excel=True))  # lists and tiers as text
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet("sheet")
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "0.00"})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for index, name in enumerate(flat.columns):
        sheet.write_string(0, index, name, bold)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, flat.height, flat.width - 1)
    plan = []
    for dtype in flat.dtypes:
        if dtype == pl.String:
            plan.append((sheet.write_string, None))
        elif dtype == pl.Boolean:
            plan.append((sheet.write_boolean, None))
        elif dtype.is_temporal():
            plan.append((sheet.write_datetime, when))
        else:
            plan.append((sheet.write_number, number))
    columns = [flat.get_column(c).to_list() for c in flat.columns]
    for row in range(flat.height):
        for index, (write, fmt) in enumerate(plan):
            value = columns[index][row]
            if value is not None and not (isinstance(value, float) and not math.isfinite(value)):
                write(row + 1, index, value, fmt)
    book.close()


def _timed(write, frame: pl.DataFrame, path: Path) -> float:
    started = time.perf_counter()
    write(frame, path)
    return time.perf_counter() - started


def _check(path: Path, rows: int) -> None:
    import openpyxl

    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    count = formulas = 0
    for row in sheet.iter_rows(min_row=2):
        count += 1
        formulas += sum(1 for cell in row if cell.data_type == "f")
    assert count == rows and formulas == 0, (path, count, formulas)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="re-open the files with openpyxl")
    parser.add_argument("--case", choices=["all", "list", "canonical"], default="all")
    args = parser.parse_args()
    rng = random.Random(19)
    cases = [
        ("list export (20 columns)", list_frame(args.rows, rng), old_list_xlsx, new_list_xlsx),
        (
            f"canonical export ({len(COLUMNS)} columns)",
            canonical_frame(args.rows, rng),
            old_canonical_xlsx,
            new_canonical_xlsx,
        ),
    ]
    if args.case != "all":
        cases = [c for c in cases if c[0].startswith(args.case)]
    with tempfile.TemporaryDirectory() as folder:
        for name, frame, old, new in cases:
            times: dict[str, list[float]] = {"old": [], "now": [], "xlsxwriter": []}
            writers = [("old", old), ("now", new), ("xlsxwriter", xlsxwriter_xlsx)]
            for attempt in range(args.repeat):
                # Alternate the order so that load on the shared machine hits all alike.
                for label, write in writers if attempt % 2 == 0 else writers[::-1]:
                    path = Path(folder) / f"{label}.xlsx"
                    times[label].append(_timed(write, frame, path))
                    if args.check:
                        _check(path, frame.height)
            old_s, new_s, xw_s = (statistics.median(times[k]) for k in times)
            print(
                f"{name}, {frame.height:,} rows: openpyxl (old) {old_s:.2f} s, "
                f"now {new_s:.2f} s -> {old_s / new_s:.1f}x faster "
                f"(xlsxwriter per cell {xw_s:.2f} s, {old_s / xw_s:.1f}x)"
            )


if __name__ == "__main__":
    main()
