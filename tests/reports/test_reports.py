from __future__ import annotations

import io
import json

import polars as pl
import pytest

from daifa.engine import CATALOGUE_IDS, screen
from daifa.reports import csv_frame, render_table, to_html, to_json, write_csv, write_json


@pytest.fixture
def result():
    frame = pl.DataFrame(
        {
            "supplier_id": ["a", "b"],
            "supplier_name": ["<script>alert(1)</script>", "义乌小店"],
            "dropship_supported": [True, False],
            "repeat_rate_pct": [41.0, 8.0],
        }
    )
    return screen(frame)


def test_json_is_a_list_with_every_criterion(result) -> None:
    records = json.loads(to_json(result, lang="en"))
    assert [r["supplier_id"] for r in records] == ["a", "b"]
    assert all(len(r["criteria"]) == len(CATALOGUE_IDS) for r in records)
    assert records[1]["action"] == "avoid" and records[1]["blocking"] == ["dropship_supported"]


def test_streamed_json_equals_the_whole_json(result) -> None:
    out = io.StringIO()
    write_json(result, out, lang="zh")
    assert json.loads(out.getvalue()) == json.loads(to_json(result, lang="zh"))


def test_only_chosen_rows_are_explained(result) -> None:
    records = json.loads(to_json(result, rows=[1]))
    assert [r["supplier_id"] for r in records] == ["b"]


@pytest.mark.parametrize(("lang", "word"), [("zh", "避免合作"), ("en", "avoid")])
def test_csv_adds_the_action_in_the_language(result, lang: str, word: str) -> None:
    frame = csv_frame(result, lang=lang)
    assert frame["action"].to_list()[1] == word
    assert frame.columns.index("action") == frame.columns.index("decision") + 1
    out = io.StringIO()
    write_csv(result, out, lang=lang)
    back = pl.read_csv(io.StringIO(out.getvalue()))
    assert back.height == 2 and back["repeat_rate__status"].to_list() == ["pass", "fail"]


def test_the_table_names_failed_gates_in_words(result) -> None:
    text = render_table(result, lang="en", out=io.StringIO())
    assert "Single-piece dropshipping" in text and "义乌小店" in text
    assert "一件代发" in render_table(result, lang="zh", out=io.StringIO())


def test_html_escapes_what_suppliers_wrote(result) -> None:
    html = to_html(result, lang="zh")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "资质核验" in html and "样品测试" in html
    assert to_html(result, lang="en").count('class="fail"') >= 2


@pytest.mark.parametrize("to_path", [False, True])
def test_csv_neutralises_formula_like_supplier_text(tmp_path, to_path: bool) -> None:
    import csv

    hostile = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "+1", "-1+2"]
    frame = pl.DataFrame(
        {
            "supplier_id": ["@SUM(A1)", "b", "c", "d"],
            "supplier_name": hostile,
            "repeat_rate_pct": [41.0, 8.0, 20.0, 30.0],
        }
    )
    result = screen(frame)
    if to_path:
        path = tmp_path / "out.csv"
        write_csv(result, path, lang="en")
        text = path.read_text(encoding="utf-8-sig")
    else:
        out = io.StringIO()
        write_csv(result, out, lang="en")
        text = out.getvalue()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["supplier_name"] for r in rows] == ["'" + h for h in hostile]
    assert rows[0]["supplier_id"] == "'@SUM(A1)"
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c and c[0] in "=+@"]
    assert all(float(r["coverage"]) >= 0 for r in rows)  # numbers stay plain numbers
