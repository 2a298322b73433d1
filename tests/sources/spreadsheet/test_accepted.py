"""The accepted-headers list is generated from the alias table, also in the docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from daifa.sources.spreadsheet import match_header
from daifa.sources.spreadsheet.accepted import BEGIN, END, accepted_headers, markdown, rewrite_doc
from daifa.sources.spreadsheet.headers import SUPPLIER_ALIASES

DOC = Path(__file__).resolve().parents[3] / "docs" / "data-format.md"


def test_the_documented_list_is_the_generated_one() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    section = BEGIN + text.split(BEGIN, 1)[1].split(END, 1)[0] + END + "\n"
    assert section == markdown(), (
        "docs/data-format.md is out of date: "
        ".venv/bin/python -m daifa.sources.spreadsheet.accepted docs/data-format.md"
    )


@pytest.mark.parametrize("kind", ["suppliers", "sales", "reviews"])
def test_every_listed_header_is_read_as_its_column(kind) -> None:
    items = accepted_headers(kind)
    assert items
    for item in items:
        for alias in item.aliases:
            match = match_header(alias, kind)
            assert match is not None and match.field == item.field, (alias, item.field)


def test_a_new_alias_appears_without_editing_the_list(monkeypatch) -> None:
    monkeypatch.setitem(SUPPLIER_ALIASES, "supplier_note", ("备注", "跟进记录"))
    from daifa.sources.spreadsheet import headers

    table = dict(headers.ALIAS_TABLES["suppliers"])
    table[headers.normalise_header("跟进记录")] = "supplier_note"
    monkeypatch.setitem(headers.ALIAS_TABLES, "suppliers", table)
    listed = {i.field: i.aliases for i in accepted_headers("suppliers")}
    assert "跟进记录" in listed["supplier_note"]


def test_rewrite_doc_puts_the_list_between_the_markers(tmp_path) -> None:
    path = tmp_path / "d.md"
    path.write_text("# Title\n\nText.\n", encoding="utf-8")
    assert rewrite_doc(path) is True
    assert rewrite_doc(path) is False
    assert path.read_text(encoding="utf-8").startswith("# Title\n\nText.\n\n" + BEGIN)
