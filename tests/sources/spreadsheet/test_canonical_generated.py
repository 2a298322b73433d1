"""Generated canonical files, edge values mixed in at random: the fast path reads
exactly what the full reader reads (frames, problems, notes), cell for cell."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from polars.testing import assert_frame_equal

from daifa.sources.spreadsheet import reader
from daifa.sources.spreadsheet.canonical import read_canonical

from .test_canonical_fast_path import both

# Cells Polars reads typed and the full reader reads the same way (or reports), per
# kind of column; the plain values are drawn most of the time.
_NUMBERS = ["-3", "-0.0", "0", "1e-5", "1E5", "0.3", "0.999", "150", "1e20", "12.50", "007"]
_RARE_NUMBERS = ["NaN", "inf", "-inf", "1e400", "+5"]
_INTEGERS = ["-3", "0", "007", "99999999999999999", "9223372036854775807", "+5"]
_BOOLS = ["true", "false", "True", "FALSE", "TRUE", "False"]
_TEXT = [
    "3C数码",
    "美妆",
    "玩具",
    'say "hi"',
    "a, b",
    "two\nlines",
    "  padded  ",
    "'=1+1",
    "ＡＢＣ１２",
    "面议",
    "",
]
_LISTS = ["CE;FCC", "CE", "无", "MSDS;UN38.3", "ce, fcc", "CE；CPC", "", "EN71;CE;CPC"]
_CURRENCIES = ["CNY", "usd", "$", "美元", "EUR", "bad!", ""]
_IDS = ["0", "007", "12345678901234567890", "S1", "1.0", "1.23E+11", " 42", ""]


def _cell(rng: np.random.Generator, plain: str, odd: list[str], rate: float) -> str:
    if rng.random() < 0.15:
        return ""  # empty cell
    if rng.random() < rate:
        return str(rng.choice(odd))
    return plain


def _rows(seed: int, n: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    rare = 0.01 if seed % 3 == 0 else 0.0  # some files have NaN/inf, most none
    odd_ids = 0.05 if seed % 2 else 0.0  # half the files: plain digit ids only
    rows = []
    for i in range(n):
        numbers = _NUMBERS + (_RARE_NUMBERS if rng.random() < rare * 50 else [])
        rows.append(
            [
                _cell(rng, str(i % (n - 3)), _IDS, odd_ids) or str(i),  # a few repeated ids
                _cell(rng, str(10_000 + i), _IDS, odd_ids),
                _cell(rng, str(int(rng.integers(0, 40))), _IDS, odd_ids),
                _cell(rng, str(rng.choice(_TEXT[:3])), _TEXT, 0.1),
                _cell(rng, str(rng.choice(_LISTS[:4])), _LISTS, 0.1),
                _cell(rng, "云途;4PX", ["燕文", "云途", "4px; yanwen", ""], 0.3),
                _cell(rng, "CNY", _CURRENCIES, 0.1),
                _cell(rng, str(rng.choice(_TEXT[:3])), _TEXT, 0.2),  # origin
                _cell(rng, f"{rng.uniform(0, 400):.1f}", numbers, 0.1),  # unit_price_cny
                _cell(rng, f"{rng.uniform(0, 100):.1f}", numbers, 0.1),  # repeat_rate_pct
                _cell(rng, f"{rng.uniform(0, 5):.2f}", numbers, 0.05),  # dispute_rate_pct
                _cell(rng, f"{rng.uniform(0, 120):.1f}", numbers, 0.1),  # response_minutes
                _cell(rng, f"{rng.uniform(0, 20):.1f}", numbers, 0.1),  # years_in_business
                _cell(rng, str(int(rng.integers(1, 1000))), _INTEGERS, 0.05),  # custom_moq
                _cell(rng, str(rng.choice(["true", "false"])), _BOOLS, 0.2),
                _cell(rng, str(rng.choice(["true", "false"])), _BOOLS, 0.0),
            ]
        )
        if rng.random() < 0.01:
            rows.append([""] * len(rows[-1]))  # a blank row: later row numbers shift
    return rows


HEADERS = [
    "supplier_id",
    "offer_id",
    "product_group",
    "category",
    "certifications",
    "intl_logistics",
    "retail_currency",
    "origin",
    "unit_price_cny",
    "repeat_rate_pct",
    "dispute_rate_pct",
    "response_minutes",
    "years_in_business",
    "custom_moq",
    "dropship_supported",
    "own_factory",
]


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)


def _assert_identical(fast: reader.Tables, full: reader.Tables) -> None:
    assert_frame_equal(fast.suppliers, full.suppliers)
    assert fast.sales is None and full.sales is None
    assert fast.report.problems == full.report.problems
    assert fast.report.notes == full.report.notes
    assert fast.report.unknown_columns == full.report.unknown_columns
    assert fast.report.rows == full.report.rows
    for lang in ("en", "zh"):
        assert fast.report.to_text(lang) == full.report.to_text(lang)


@pytest.mark.parametrize("seed", range(12))
def test_generated_canonical_files_read_the_same_on_both_paths(tmp_path: Path, seed: int) -> None:
    path = tmp_path / f"gen{seed}.csv"
    _write(path, _rows(seed, 400))
    fast_path = read_canonical(path, path.name)
    _assert_identical(*both(path))
    if seed % 3:  # no NaN/inf/1e400: Polars reads every typed cell, the fast path is taken
        assert fast_path is not None


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("retail_currency", "dollars?"),  # not a currency: a problem
        ("category", "x" * 10_001),  # longer than any cell may be: a problem
        ("category", "'=cmd"),  # an export's guarded formula: unguarded, no problem
        ("origin", "'+1"),
        ("certifications", "x" * 10_001),
    ],
)
def test_a_coded_column_with_an_odd_cell_reads_the_same_on_both_paths(
    tmp_path: Path, column: str, cell: str
) -> None:
    """A coded (dictionary-read) column whose distinct cells include one the
    distinct parse cannot stand for is parsed cell by cell, as the full reader does,
    so a problem names the right row and value."""
    rows = _rows(100, 60)
    index = HEADERS.index(column)
    for row in rows:
        if row[0]:
            row[HEADERS.index("retail_currency")] = "CNY"
    rows[17][index] = cell
    path = tmp_path / "coded.csv"
    _write(path, rows)
    assert read_canonical(path, path.name) is not None
    _assert_identical(*both(path))


def test_bare_fractions_in_a_percent_column_read_the_same(tmp_path: Path) -> None:
    """A canonical percent column (``*_pct``: its unit is %) the fast path takes as
    read: 0.25 is 0.25 %, with no note on either path."""
    rng = np.random.default_rng(7)
    rows = _rows(7, 300)
    index = HEADERS.index("dispute_rate_pct")
    for row in rows:
        if row[0]:
            row[index] = str(rng.choice(["0.25", "0.5", "2", "", "3.75", "0.5"]))
    path = tmp_path / "fractions.csv"
    _write(path, rows)
    assert read_canonical(path, path.name) is not None
    fast, full = both(path)
    _assert_identical(fast, full)
    assert fast.suppliers.get_column("dispute_rate_pct").min() == 0.25
    assert not any("dispute_rate_pct" in note.en for note in fast.report.notes)
