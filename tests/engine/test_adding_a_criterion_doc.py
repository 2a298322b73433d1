"""docs/adding-a-criterion.md: its worked example touches the target files, the
places it quotes exist, and its catalogue entry is a valid plain gate."""

from __future__ import annotations

import re
from pathlib import Path

from daifa.engine.criteria import _catalogue
from daifa.engine.criteria._model import Criterion

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "adding-a-criterion.md").read_text(encoding="utf-8")
EXAMPLE = DOC.split("## Worked example", 1)[1].split("### Then", 1)[0]
# The target: a plain criterion touches the catalogue, the schema, the
# header aliases and the demo, and the tests follow by themselves (#12, P3).
TARGET = {
    "src/daifa/engine/criteria/_catalogue.py",
    "src/daifa/engine/schema.py",
    "src/daifa/sources/spreadsheet/headers.py",
    "src/daifa/demo/suppliers.py",
}


def _steps() -> list[tuple[str, str]]:
    """(file, code) of each numbered step of the worked example."""
    return re.findall(r"^### \d\. .*? — `([^`]+)`.*?```python\n(.*?)```", EXAMPLE, re.M | re.S)


def test_the_worked_example_touches_exactly_the_target_files() -> None:
    files = [path for path, _ in _steps()]
    assert len(files) == len(set(files)) == len(TARGET)
    assert set(files) == TARGET
    assert all((ROOT / path).is_file() for path in files)


def test_the_places_the_example_names_exist() -> None:
    code = {path: (ROOT / path).read_text(encoding="utf-8") for path in TARGET}
    assert "def _inquiry_answers(" in code["src/daifa/demo/suppliers.py"]
    assert "SUPPLIER_ALIASES: dict" in code["src/daifa/sources/spreadsheet/headers.py"]
    assert 'id="inventory_consistent"' in code["src/daifa/engine/criteria/_catalogue.py"]
    assert "def _c(name: str" in code["src/daifa/engine/schema.py"]


def test_the_example_entry_is_a_plain_gate() -> None:
    source = dict(_steps())["src/daifa/engine/criteria/_catalogue.py"]
    entry = eval(source.strip().rstrip(","), vars(_catalogue))  # noqa: S307 - our own doc
    assert isinstance(entry, Criterion)
    assert (entry.kind, entry.value, entry.describe, entry.detector) == ("gate", None, None, None)
    assert entry.message("fail", "zh") == "验厂未通过"
    assert entry.action("unknown", "en").startswith("Ask for a third-party")
