"""Every importer is a slice of the same shape, so a new source copies one (issue #12).

The shape, and how to copy it: docs/adding-a-source.md.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from django.template.loader import get_template
from django.urls import URLPattern, URLResolver, get_resolver

import daifa
import daifa.importers

SRC = Path(daifa.__file__).parent
IMPORTERS = Path(daifa.importers.__file__).parent
TESTS = Path(__file__).parent
PARTS = ("__init__.py", "views.py", "forms.py", "services.py", "urls.py")
SLICES = sorted(m.name for m in pkgutil.iter_modules([str(IMPORTERS)]) if m.ispkg)


def test_the_three_sources_are_slices():
    assert {"spreadsheet", "capture", "open1688"} <= set(SLICES)


@pytest.mark.parametrize("name", SLICES)
def test_a_slice_has_every_part(name):
    folder = IMPORTERS / name
    missing = [part for part in PARTS if not (folder / part).is_file()]
    assert not missing, f"importers/{name}/ lacks {missing}"
    assert importlib.import_module(f"daifa.importers.{name}").__doc__, "say what the source is"
    templates = sorted((folder / "templates" / name).glob("*.html"))
    assert templates, f"importers/{name}/templates/{name}/ holds the slice's pages"
    for template in templates:
        get_template(f"{name}/{template.name}")  # found by the loader, and it compiles
    tests = sorted((TESTS / name).glob("test_*.py"))
    assert tests, f"tests/importers/{name}/ holds the slice's tests"


def _callbacks(patterns: list[URLPattern | URLResolver]) -> set[object]:
    found: set[object] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found |= _callbacks(entry.url_patterns)
        else:
            found.add(entry.callback)
    return found


@pytest.mark.parametrize("name", SLICES)
def test_every_view_of_a_slice_is_served(name):
    urls = importlib.import_module(f"daifa.importers.{name}.urls")
    views = importlib.import_module(f"daifa.importers.{name}.views")
    own = _callbacks(urls.urlpatterns)
    assert own and all(view.__module__ == views.__name__ for view in own)
    assert own <= _callbacks(get_resolver().url_patterns), "add it to daifa/importers/urls.py"


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


@pytest.mark.parametrize("name", SLICES)
def test_a_slice_never_imports_another(name):
    others = [f"daifa.importers.{other}" for other in SLICES if other != name]
    for path in sorted((IMPORTERS / name).rglob("*.py")):
        bad = {m for m in _imported(path) for o in others if m == o or m.startswith(o + ".")}
        assert not bad, f"{path.relative_to(SRC)} imports {bad}: copy, or move it to the catalog"


CREATES = (
    "Supplier.objects.create(",
    "Supplier.objects.get_or_create(",
    "Supplier.objects.update_or_create(",
    "Offer.objects.create(",
    "Offer.objects.get_or_create(",
    "Offer.objects.update_or_create(",
)


def test_suppliers_and_offers_are_made_by_one_service():
    """supplier_get_or_create / offer_get_or_create in catalog.services, and nowhere else
    (catalog.importing keeps the same rule in memory for large files)."""
    makers = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and any(call in path.read_text(encoding="utf-8") for call in CREATES)
    }
    assert makers == {"catalog/services.py"}
