"""The fast path for canonical CSV files reads exactly what the full reader reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from daifa.sources.spreadsheet import reader
from daifa.sources.spreadsheet.canonical import read_canonical


def canonical_frame(n: int, seed: int = 0) -> pl.DataFrame:
    """A generated canonical file: ids, groups, lists, numbers, whole numbers, yes/no."""
    rng = np.random.default_rng(seed)

    def holes(values: list[object]) -> list[object]:
        return [None if rng.random() < 0.25 else v for v in values]

    return pl.DataFrame(
        {
            "supplier_id": [f"S{i}" for i in range(n)],
            "offer_id": [str(10_000 + i) for i in range(n)],
            "product_group": holes([f"g{int(g)}" for g in rng.integers(0, n // 4 + 1, n)]),
            "category": holes(list(rng.choice(["3C数码", "美妆", "玩具"], n))),
            "certifications": holes(list(rng.choice(["CE;FCC", "CE", "无", "MSDS"], n))),
            "years_in_business": holes([round(float(v), 1) for v in rng.uniform(0, 10, n)]),
            "repeat_rate_pct": holes([round(float(v), 1) for v in rng.uniform(0, 60, n)]),
            "response_minutes": holes([round(float(v), 1) for v in rng.uniform(1, 120, n)]),
            "unit_price_cny": holes([round(float(v), 2) for v in rng.uniform(1, 100, n)]),
            "target_retail_price": holes([round(float(v), 2) for v in rng.uniform(5, 400, n)]),
            "custom_moq": holes([int(v) for v in rng.integers(10, 1000, n)]),
            "dropship_supported": holes([bool(v) for v in rng.random(n) < 0.6]),
        }
    )


def both(path: Path) -> tuple[reader.Tables, reader.Tables]:
    fast = reader.read_tables(path)
    original = reader.read_canonical
    try:
        reader.read_canonical = lambda *args: None  # type: ignore[assignment]
        full = reader.read_tables(path)
    finally:
        reader.read_canonical = original  # type: ignore[assignment]
    return fast, full


def assert_same(fast: reader.Tables, full: reader.Tables) -> None:
    assert_frame_equal(fast.suppliers, full.suppliers)
    for lang in ("en", "zh"):
        assert fast.report.to_text(lang) == full.report.to_text(lang)
    assert fast.report.ok == full.report.ok


def test_a_generated_canonical_file_reads_the_same_on_both_paths(tmp_path: Path) -> None:
    path = tmp_path / "offers.csv"
    canonical_frame(4_000).write_csv(path)
    assert read_canonical(path, path.name) is not None  # the fast path was taken
    assert_same(*both(path))


@pytest.mark.parametrize(
    ("column", "cells"),
    [
        # values Polars reads as numbers but the full reader does not take as they are
        ("unit_price_cny", ["NaN", "inf", "1E5", "+5", "-3", "1e400"]),
        ("years_in_business", ["120", "-1", "0.5", "007"]),
        ("repeat_rate_pct", ["150", "0.3", "-2", "100"]),
        ("custom_moq", ["+5", "007", "-3", "99999999999999999"]),
        ("dropship_supported", ["True", "FALSE", "true"]),
        # cells Polars cannot read typed: the whole file takes the full path
        ("unit_price_cny", ["面议", " 5", "8.5-12", "¥12"]),
        ("custom_moq", ["1.5", "50件", "1,000"]),
        ("dropship_supported", ["是", "yes", "1"]),
    ],
)
def test_odd_cells_read_the_same_on_both_paths(
    tmp_path: Path, column: str, cells: list[str]
) -> None:
    frame = canonical_frame(200, seed=1).with_columns(pl.col(column).cast(pl.String))
    values = frame.get_column(column).to_list()
    for i, cell in enumerate(cells):
        values[10 * i] = cell
    path = tmp_path / "odd.csv"
    frame.with_columns(pl.Series(column, values, dtype=pl.String)).write_csv(path)
    assert_same(*both(path))


def test_files_the_fast_path_leaves_to_the_full_reader(tmp_path: Path) -> None:
    frame = canonical_frame(300, seed=2)
    bom = tmp_path / "bom.csv"
    frame.write_csv(bom, include_bom=True)
    assert read_canonical(bom, bom.name) is not None  # a leading BOM is fine
    assert_same(*both(bom))
    named = tmp_path / "chinese.csv"
    frame.rename({"supplier_id": "供应商ID"}).write_csv(named)
    assert read_canonical(named, named.name) is None
    assert_same(*both(named))
    title = tmp_path / "title.csv"
    title.write_text("我的供应商\n" + frame.write_csv(), encoding="utf-8")
    assert read_canonical(title, title.name) is None
    assert_same(*both(title))
    blank_rows = tmp_path / "blank.csv"
    text = frame.write_csv().splitlines()
    text[5] = "," * (frame.width - 1)
    blank_rows.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert_same(*both(blank_rows))
    dupes = tmp_path / "dupes.csv"
    pl.concat([frame, frame.head(3)]).write_csv(dupes)
    assert_same(*both(dupes))


@pytest.mark.parametrize(
    ("column", "cells"),
    [
        # digit runs the fast path takes as they are, next to cells it must not take
        ("supplier_id", ["007", "12345678901234567890", "S1"]),
        ("supplier_id", ["1.0", "123.00", "1.23E+11", " 42", "'=1"]),
        ("supplier_id", ["1" * 101, "0"]),
        ("supplier_id", [None, "5"]),
        ("offer_id", ["https://detail.1688.com/offer/123.html", "7"]),
        ("offer_id", ["-", "未知", "N/A", "８８", "9"]),
        ("product_group", ["0012", None, "g 1", "  "]),
    ],
)
def test_digit_ids_read_the_same_on_both_paths(
    tmp_path: Path, column: str, cells: list[str | None]
) -> None:
    frame = canonical_frame(200, seed=3).with_columns(
        supplier_id=pl.int_range(pl.len()).cast(pl.String),
        product_group=pl.col("product_group").str.strip_prefix("g"),
    )
    path = tmp_path / "ids.csv"
    frame.write_csv(path)
    assert_same(*both(path))  # all digits: the ids are taken as they are
    for keep in (1, len(cells)):  # the first odd cell alone, then all of them
        values = frame.get_column(column).to_list()
        for i, cell in enumerate(cells[:keep]):
            values[7 * i + 1] = cell
        frame.with_columns(pl.Series(column, values, dtype=pl.String)).write_csv(path)
        assert_same(*both(path))


def test_digit_ids_skip_the_full_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from daifa.sources.spreadsheet import canonical

    frame = canonical_frame(100, seed=4).with_columns(
        supplier_id=pl.int_range(pl.len()).cast(pl.String),
        product_group=pl.col("product_group").str.strip_prefix("g"),
    )
    path = tmp_path / "ids.csv"
    frame.write_csv(path)
    parsed: list[str] = []
    original = canonical._parse_columns

    def spy(raw: pl.DataFrame, matches: dict, *args: object) -> pl.DataFrame:  # type: ignore[type-arg]
        parsed.extend(m.field for m in matches.values())
        return original(raw, matches, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(canonical, "_parse_columns", spy)
    assert read_canonical(path, path.name) is not None
    assert not {"supplier_id", "offer_id", "product_group"} & set(parsed)
