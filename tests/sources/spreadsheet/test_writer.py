"""Export: canonical columns that read back identically (import -> export -> import)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from daifa.engine.schema import (
    COLUMN_NAMES,
    COLUMNS_BY_NAME,
    REVIEW_COLUMNS,
    SALES_COLUMNS,
    conform,
)
from daifa.sources.spreadsheet import SpreadsheetError, Tables, read_tables, write_tables
from daifa.sources.spreadsheet.numbers import NULL_TOKENS

from .conftest import expected_frames


def _round_trip(frames: dict[str, pl.DataFrame], suffix: str) -> dict[str, pl.DataFrame]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"trip.{suffix}"
        write_tables(frames, path)
        tables = read_tables(path)
    assert tables.report is not None and tables.report.ok, tables.report.to_text("en")
    return tables.frames()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_import_export_import_is_lossless(tmp_path: Path, gbk_csv: Path, suffix: str) -> None:
    first = read_tables(gbk_csv)
    written = write_tables(first, tmp_path / f"export.{suffix}")
    second = read_tables(written[0])
    for kind, frame in first.frames().items():
        assert_frame_equal(second.frames()[kind], frame)


def test_csv_export_writes_a_bom_and_companion_files(tmp_path: Path) -> None:
    written = write_tables(expected_frames(), tmp_path / "shop.csv")
    assert [p.name for p in written] == ["shop.csv", "shop.sales.csv", "shop.reviews.csv"]
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in written)
    text = written[0].read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("supplier_id,supplier_name,offer_id")
    assert "1-49:12.5;50-199:11.8;200+:10.9" in text
    assert ",无," in text  # an empty certificate list: known to have none


def test_xlsx_export_has_one_sheet_per_table_with_typed_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_tables(expected_frames(), tmp_path / "shop.xlsx")[0]
    book = load_workbook(path)
    assert book.sheetnames == ["suppliers", "sales", "reviews"]
    rows = list(book["suppliers"].iter_rows(values_only=True))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["dropship_supported"] is True
    assert first["cross_border_tag"] is None
    assert first["unit_price_cny"] == 12.5
    assert first["test_order_paid_at"] == datetime(2024, 5, 1, 10, 30)
    assert first["certifications"] == "CE;FCC"


def test_all_columns_writes_every_canonical_column(tmp_path: Path) -> None:
    path = write_tables(expected_frames()["suppliers"], tmp_path / "all.csv", all_columns=True)[0]
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert tuple(header) == COLUMN_NAMES


def test_positions_and_other_columns_are_not_written(tmp_path: Path) -> None:
    tables = read_tables(write_tables(expected_frames(), tmp_path / "a.csv")[0])
    path = write_tables(
        tables.suppliers.with_columns(pl.lit(1).alias("score")), tmp_path / "b.csv"
    )[0]
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "_row" not in header and "_sheet" not in header and "score" not in header


@pytest.mark.parametrize(
    "frames", [{"sales": pl.DataFrame()}, {"suppliers": pl.DataFrame(), "orders": pl.DataFrame()}]
)
def test_it_refuses_frames_it_cannot_write(tmp_path: Path, frames: dict[str, pl.DataFrame]) -> None:
    with pytest.raises(SpreadsheetError):
        write_tables(frames, tmp_path / "x.csv")


def test_it_refuses_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError):
        write_tables(expected_frames(), tmp_path / "x.csv", format="json")  # type: ignore[arg-type]


def test_a_tables_object_writes_as_its_frames(tmp_path: Path) -> None:
    frames = expected_frames()
    tables = Tables(suppliers=frames["suppliers"], sales=frames["sales"])
    written = write_tables(tables, tmp_path / "t.csv")
    assert [p.name for p in written] == ["t.csv", "t.sales.csv"]


# --- property: write -> read gives the frames back --------------------------------

_CODES = st.sampled_from(["CE", "FCC", "RoHS", "CCC", "ISO 9001", "UKCA", "CE-RED", "FCC ID"])
_LINES = st.sampled_from(["云途", "燕文", "4PX", "YunExpress", "万邦 速达"])
_TEXT = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S"]),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s and s.lower() not in NULL_TOKENS)
_CENTS = st.integers(0, 10**7).map(lambda n: n / 100)
_WHEN = st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def _tiers(draw: st.DrawFn) -> list[dict[str, Any]]:
    starts = sorted(draw(st.sets(st.integers(1, 5000), min_size=1, max_size=4)))
    last_max = draw(_maybe(st.integers(starts[-1], 10_000)))
    ends = [s - 1 for s in starts[1:]] + [last_max]
    return [
        {"min_qty": lo, "max_qty": hi, "price_cny": draw(_CENTS)}
        for lo, hi in zip(starts, ends, strict=True)
    ]


_SUPPLIER_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "supplier_id": st.integers(0, 10**6).map(lambda n: f"b2b-{n}"),
    "supplier_name": _maybe(_TEXT),
    "offer_id": _maybe(st.integers(1, 10**12).map(str)),
    "dropship_supported": _maybe(st.booleans()),
    "intl_logistics": _maybe(st.lists(_LINES, unique=True, max_size=3)),
    "certifications": _maybe(st.lists(_CODES, unique=True, max_size=3)),
    "years_in_business": _maybe(st.integers(0, 400).map(lambda n: n / 4)),
    "repeat_rate_pct": _maybe(st.integers(0, 10000).map(lambda n: n / 100)),
    "response_minutes": _maybe(_CENTS),
    "sales_30d": _maybe(st.integers(0, 10**9)),
    "unit_price_cny": _maybe(_CENTS),
    "price_tiers": _maybe(_tiers()),
    "weight_g": _maybe(_CENTS),
    "target_retail_price": _maybe(_CENTS),
    "retail_currency": _maybe(st.sampled_from(["USD", "EUR", "CNY", "GBP"])),
    "test_order_paid_at": _maybe(_WHEN),
    "answer_precision": _maybe(st.integers(100, 500).map(lambda n: n / 100)),
}


def _frame(rows: list[dict[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row")


@st.composite
def _canonical_frames(draw: st.DrawFn, *, whole_seconds: bool) -> dict[str, pl.DataFrame]:
    def when(value: datetime | None) -> datetime | None:
        return value.replace(microsecond=0) if value and whole_seconds else value

    rows = draw(st.lists(st.fixed_dictionaries(_SUPPLIER_FIELDS), min_size=1, max_size=6))
    for row in rows:
        row["test_order_paid_at"] = when(row["test_order_paid_at"])
    suppliers = _frame(rows, {n: COLUMNS_BY_NAME[n].dtype for n in _SUPPLIER_FIELDS})
    sales = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "supplier_id": st.sampled_from([r["supplier_id"] for r in rows]),
                    "offer_id": _maybe(st.integers(1, 10**9).map(str)),
                    "period_start": st.dates(date(2000, 1, 1), date(2099, 1, 1)),
                    "period_days": st.sampled_from([1, 7, 30]),
                    "units": st.integers(0, 10**6).map(float),
                }
            ),
            max_size=4,
        )
    )
    reviews = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "supplier_id": st.sampled_from([r["supplier_id"] for r in rows]),
                    "offer_id": st.none(),
                    "text": _TEXT,
                    "rating": _maybe(st.integers(0, 10).map(lambda n: n / 2)),
                    "created_at": _maybe(_WHEN.map(when)),
                }
            ),
            max_size=4,
        )
    )
    frames = {"suppliers": suppliers}
    if sales:
        frames["sales"] = _frame(sales, SALES_COLUMNS)
    if reviews:
        frames["reviews"] = _frame(reviews, REVIEW_COLUMNS)
    return frames


_PROPERTY = settings(max_examples=25, deadline=None)


@seed(20240501)
@_PROPERTY
@given(frames=_canonical_frames(whole_seconds=False))
def test_csv_write_then_read_gives_the_frames_back(frames: dict[str, pl.DataFrame]) -> None:
    back = _round_trip(frames, "csv")
    assert set(back) == set(frames)
    for kind, frame in frames.items():
        assert_frame_equal(back[kind], frame)


@seed(20240502)
@_PROPERTY
@given(frames=_canonical_frames(whole_seconds=True))
def test_xlsx_write_then_read_gives_the_frames_back(frames: dict[str, pl.DataFrame]) -> None:
    # Excel stores datetimes to the millisecond; whole seconds round-trip exactly.
    back = _round_trip(frames, "xlsx")
    for kind, frame in frames.items():
        assert_frame_equal(back[kind], frame)


def test_a_datetime_keeps_its_microseconds_in_csv() -> None:
    moment = datetime(2024, 5, 1, 10, 30) + timedelta(microseconds=123456)
    frame = pl.DataFrame({"supplier_id": ["b2b-1"], "test_order_paid_at": [moment]})
    back = _round_trip({"suppliers": frame}, "csv")
    assert back["suppliers"]["test_order_paid_at"].to_list() == [moment]


def test_an_export_without_sales_removes_the_sales_file_of_an_earlier_export(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shop.csv"
    write_tables(expected_frames(), path)
    assert path.with_name("shop.sales.csv").exists()
    write_tables(expected_frames()["suppliers"], path)
    assert not path.with_name("shop.sales.csv").exists()
    assert read_tables(path).sales is None


def test_text_that_looks_like_a_formula_stays_text_in_xlsx(tmp_path: Path) -> None:
    frame = pl.DataFrame({"supplier_id": ["b2b-1", "b2b-2"], "supplier_name": ["=1+1", "甲"]})
    back = _round_trip({"suppliers": frame}, "xlsx")
    assert back["suppliers"]["supplier_name"].to_list() == ["=1+1", "甲"]


def test_a_tables_object_built_by_hand_has_an_empty_ok_report() -> None:
    tables = Tables(suppliers=expected_frames()["suppliers"])
    assert tables.report.ok and tables.report.problems == []


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_full_width_export_reads_back_as_the_conformed_frame(tmp_path: Path, suffix: str) -> None:
    suppliers = expected_frames()["suppliers"]
    path = write_tables(suppliers, tmp_path / f"full.{suffix}", all_columns=True)[0]
    back = read_tables(path)
    assert back.report.ok
    assert_frame_equal(back.frames()["suppliers"], conform(suppliers))


# --- exports never execute (issue 11) ----------------------------------------------

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''-twice",
    "plain 甲",
]
LIST_ITEMS = [
    "=1+1",
    "+CE",
    "-QX9",
    "@ROHS",
    "'=UKCA",
    "CE",
]  # -QX9: no alias of a known certificate


def _hostile_frames(price: float = -1.5, texts: list[str] = HOSTILE) -> dict[str, pl.DataFrame]:
    ids = [f"b2b-{i}" for i in range(len(texts))]
    suppliers = pl.DataFrame(
        {
            "supplier_id": ids,
            "supplier_name": texts,
            # Certificate codes are read upper case and split at , / and spaces.
            "certifications": [[LIST_ITEMS[i % len(LIST_ITEMS)]] for i in range(len(texts))],
            "unit_price_cny": [price] * len(texts),
        },
        schema={
            "supplier_id": pl.String,
            "supplier_name": pl.String,
            "certifications": pl.List(pl.String),
            "unit_price_cny": pl.Float64,
        },
    )
    reviews = pl.DataFrame(
        {"supplier_id": ids, "offer_id": [None] * len(ids), "text": texts},
        schema={k: REVIEW_COLUMNS[k] for k in ("supplier_id", "offer_id", "text")},
    ).with_columns(
        pl.lit(None, dtype=pl.Float64).alias("rating"),
        pl.lit(None, dtype=pl.Datetime("us")).alias("created_at"),
    )
    return {"suppliers": suppliers, "reviews": reviews}


def test_csv_export_neutralises_every_formula_like_text_cell(tmp_path: Path) -> None:
    import csv

    written = write_tables(_hostile_frames(), tmp_path / "x.csv")
    for path in written:
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not cell.startswith("-") or cell == "-1.5", cell  # numbers stay numbers


def test_xlsx_export_has_no_formula_cell_and_keeps_numbers_numeric(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_tables(_hostile_frames(), tmp_path / "x.xlsx")[0]
    book = load_workbook(path)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.value for c in cells if c.data_type == "f"] == []
    prices = [c.value for c in book["suppliers"]["D"][1:]]  # unit_price_cny
    assert prices == [-1.5] * len(HOSTILE)
    names = [c.value for c in book["suppliers"]["B"][1:]]
    assert names[0] == "'" + HOSTILE[0] and names[-1] == "plain 甲"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_formula_like_text_round_trips_exactly(suffix: str) -> None:
    # The reader refuses negative prices and trims the blanks around a cell.
    frames = _hostile_frames(price=1.5, texts=[t for t in HOSTILE if t == t.strip()])
    back = _round_trip(frames, suffix)
    for kind, frame in frames.items():
        assert_frame_equal(back[kind], frame)


_GUARDED_TEXT = st.tuples(
    st.text(alphabet="'", max_size=3), st.sampled_from(["=", "+", "-", "@", "x"]), _TEXT
).map("".join)


@seed(20261206)
@_PROPERTY
@given(names=st.lists(_GUARDED_TEXT, min_size=1, max_size=6))
def test_apostrophes_and_triggers_round_trip_in_csv(names: list[str]) -> None:
    frame = pl.DataFrame(
        {"supplier_id": [f"b2b-{i}" for i in range(len(names))], "supplier_name": names}
    )
    back = _round_trip({"suppliers": frame}, "csv")
    assert back["suppliers"]["supplier_name"].to_list() == names
