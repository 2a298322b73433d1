"""ISO 2859-1 general inspection level II, single sampling, normal inspection.

The expected values are copied from the published tables (ISO 2859-1 Table 1 and
Table 2-A with the arrows read off by hand, as in MIL-STD-105E's level II table
at nibs.org, AC-TABLE.ASC), not computed: each row is (lot range, code letter,
then n/Ac/Re at AQL 0.65, 1.0, 1.5, 2.5, 4.0)."""

from __future__ import annotations

import pytest

from daifa.verification.aql import AqlError, code_letter, inspection, plan

PUBLISHED = """
2     8     A  20/0/1  13/0/1  8/0/1   5/0/1    3/0/1
9     15    B  20/0/1  13/0/1  8/0/1   5/0/1    3/0/1
16    25    C  20/0/1  13/0/1  8/0/1   5/0/1    3/0/1
26    50    D  20/0/1  13/0/1  8/0/1   5/0/1    13/1/2
51    90    E  20/0/1  13/0/1  8/0/1   20/1/2   13/1/2
91    150   F  20/0/1  13/0/1  32/1/2  20/1/2   20/2/3
151   280   G  20/0/1  50/1/2  32/1/2  32/2/3   32/3/4
281   500   H  80/1/2  50/1/2  50/2/3  50/3/4   50/5/6
501   1200  J  80/1/2  80/2/3  80/3/4  80/5/6   80/7/8
1201  3200  K  125/2/3 125/3/4 125/5/6 125/7/8  125/10/11
3201  10000 L  200/3/4 200/5/6 200/7/8 200/10/11 200/14/15
"""
AQL_COLUMNS = (0.65, 1.0, 1.5, 2.5, 4.0)
# Table 1's sample size for each letter: the critical class (AQL 0, nothing
# allowed) is inspected at the lot's own letter with Ac 0 / Re 1.
LETTER_SIZES = {"A": 2, "B": 3, "C": 5, "D": 8, "E": 13, "F": 20, "G": 32, "H": 50, "J": 80,
                "K": 125, "L": 200}  # fmt: skip


def _rows():
    for line in PUBLISHED.strip().splitlines():
        low, high, letter, *cells = line.split()
        yield int(low), int(high), letter, [tuple(map(int, c.split("/"))) for c in cells]


ROWS = list(_rows())


def _lots():
    """Every lot size from 2 to 10,000 with its published row."""
    for low, high, letter, cells in ROWS:
        for lot in range(low, high + 1):
            yield lot, letter, cells


def test_every_lot_size_from_2_to_10000_gets_the_published_plans():
    checked = 0
    for lot, letter, cells in _lots():
        assert code_letter(lot) == letter, lot
        for aql, (n, ac, re) in zip(AQL_COLUMNS, cells, strict=True):
            got = plan(lot, aql)
            assert (got.sample_size, got.accept, got.reject) == (n, ac, re), (lot, aql)
        critical = plan(lot, 0)
        assert (critical.sample_size, critical.accept, critical.reject) == (
            LETTER_SIZES[letter], 0, 1,
        ), lot  # fmt: skip
        checked += 1
    assert checked == 9999


@pytest.mark.parametrize(
    ("lot", "expected"),
    [
        # worked examples published by inspection firms
        (1000, {"major": (80, 5, 6), "minor": (80, 7, 8), "critical": (80, 0, 1)}),
        (3000, {"major": (125, 7, 8), "minor": (125, 10, 11), "critical": (125, 0, 1)}),
        # the arrows: lot 2–8 at AQL 2.5 goes down to code C (n 5), not n 2
        (5, {"major": (5, 0, 1), "minor": (3, 0, 1), "critical": (2, 0, 1)}),
        # code D at AQL 4.0 goes down to E (n 13, Ac 1); at 2.5 up to C (n 5, Ac 0)
        (40, {"major": (5, 0, 1), "minor": (13, 1, 2), "critical": (8, 0, 1)}),
    ],
)
def test_the_default_inspection_critical_0_major_2_5_minor_4_0(lot, expected):
    found = inspection(lot)
    for name, (n, ac, re) in expected.items():
        p = getattr(found, name)
        assert (p.sample_size, p.accept, p.reject) == (n, ac, re)


def test_a_sample_larger_than_the_lot_means_inspecting_every_unit():
    p = plan(5, 2.5)
    assert p.sample_size == 5 and p.inspect_all and p.units_to_inspect == 5
    small = plan(3, 2.5)
    assert small.inspect_all and small.units_to_inspect == 3
    assert not plan(100, 2.5).inspect_all


def test_the_lot_is_accepted_only_when_every_class_is_within_its_number():
    lot = inspection(1000)  # critical 0, major Ac 5, minor Ac 7
    assert lot.accepts(critical=0, major=5, minor=7)
    assert not lot.accepts(critical=1, major=0, minor=0)
    assert not lot.accepts(critical=0, major=6, minor=0)
    assert not lot.accepts(critical=0, major=0, minor=8)


@pytest.mark.parametrize("bad", [1, 0, -5, "100", 2.5, True])
def test_a_bad_lot_size_is_refused_in_both_languages(bad):
    with pytest.raises(AqlError) as refused:
        plan(bad, 2.5)
    assert str(bad) in refused.value.message("en") and "批量" in refused.value.message("zh")


def test_an_aql_outside_the_table_is_refused():
    with pytest.raises(AqlError, match="“3.0” is not in the table"):
        plan(100, 3.0)
