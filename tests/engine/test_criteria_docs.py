"""The criteria tables of docs/ are generated from the catalogue and current.

When this fails: run ``.venv/bin/python scripts/criteria_docs.py`` and commit docs/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from daifa.engine.criteria._tables import TABLES, block, replace_block

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("doc", "name"), list(TABLES))
def test_the_docs_table_is_the_catalogue(doc: str, name: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert block(name, TABLES[doc, name]()) in text, "run scripts/criteria_docs.py"


def test_a_stale_table_is_rewritten_and_an_unmarked_document_refused() -> None:
    stale = block("default criteria", "| old |")
    text = replace_block(f"before\n{stale}\nafter", "default criteria", "| new |")
    assert text == f"before\n{block('default criteria', '| new |')}\nafter"
    with pytest.raises(ValueError, match="no"):
        replace_block("no markers here", "default criteria", "| new |")
