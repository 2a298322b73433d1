"""The list export as a seller reads it, following the page's filters, never executing."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import polars as pl
import pytest
from django.urls import reverse

from daifa.catalog.models import Supplier
from daifa.importers.spreadsheet.exporting import workspace_tables
from daifa.screening.services import screening_refresh

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(A1)",
]


def url(name, personas):
    return reverse(name, args=[personas.workspace.pk])


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("lang", "first", "yes", "gate"),
    [("zh-hans", "供应商ID", "是", "一件代发"), ("en", "Supplier id", "Yes", "dropshipping")],
)
def test_csv_speaks_the_page_language_and_formats_values(
    client, personas, screened, lang, first, yes, gate
):
    client.force_login(personas.alice)
    response = client.get(
        url("export_screening", personas), {"format": "csv"}, HTTP_ACCEPT_LANGUAGE=lang
    )
    assert response.status_code == 200
    rows = _csv(response)
    header = list(rows[0])
    assert header[0] == first and "supplier_id" not in header
    by_id = {r[first]: r for r in rows}
    best, failed = by_id["S-BEST"], by_id["S-FAIL"]
    approvable = header[6]
    assert best[approvable] == yes
    known, price = header[4], header[13]
    assert best[known].endswith("%") and best[known][:-1].isdigit()
    assert best[price] == "30.00"
    score = header[3]
    assert len(best[score].split(".")[-1]) <= 1  # 98.0, not 98.03921568627452
    blocking = header[7]
    assert gate.lower() in failed[blocking].lower() and "dropship_supported" not in failed[blocking]
    text = response.content.decode("utf-8-sig")
    assert "true" not in text and "false" not in text


def test_xlsx_is_formatted_and_keeps_numbers_numeric(client, personas, screened):
    client.force_login(personas.alice)
    response = client.get(
        url("export_screening", personas), {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Supplier id", "Supplier", "Grade", "Score"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["B"].width > 8
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert isinstance(row["Known share"].value, float) and row["Known share"].number_format == "0%"
    assert row["Unit price (CNY)"].number_format.startswith("¥")
    assert isinstance(row["Unit price (CNY)"].value, int | float)
    assert row["Approvable"].value in ("Yes", "No")


@pytest.mark.parametrize(
    "query",
    [{"price_min": "50", "price_max": "10"}, {"moq_min": "abc"}, {"grade": "Z"}],
)
def test_an_invalid_filter_exports_nothing_and_says_why(client, personas, screened, query):
    client.force_login(personas.alice)
    response = client.get(
        url("export_screening", personas), {**query, "format": "csv"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Nothing was exported" in html and "S-BEST" not in html
    zh = client.get(url("export_screening", personas), {**query, "format": "csv"})
    assert "没有导出" in zh.content.decode()


def _hostile_workspace(personas, screened):
    for supplier, name in zip(
        Supplier.objects.filter(workspace=personas.workspace), HOSTILE, strict=False
    ):
        supplier.name = name
        supplier.save()
    screening_refresh(workspace=personas.workspace)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_supplier_text_never_becomes_a_formula(client, personas, screened, fmt):
    _hostile_workspace(personas, screened)
    client.force_login(personas.alice)
    response = client.get(
        url("export_screening", personas), {"format": fmt}, HTTP_ACCEPT_LANGUAGE="en"
    )
    if fmt == "csv":
        cells = [v for row in _csv(response) for v in row.values() if v]
        assert not [v for v in cells if v[0] in "=+@\t\r" or (v[0] == "-" and not _number(v))]
        names = {row["Supplier"] for row in _csv(response)}
        assert {"'" + h for h in HOSTILE} <= names
    else:
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = [c for s in book for r in s.iter_rows() for c in r]
        assert [c.value for c in cells if c.data_type == "f"] == []
        assert "'" + HOSTILE[0] in {c.value for c in cells}


def _number(text: str) -> bool:
    try:
        float(text.rstrip("%"))
    except ValueError:
        return False
    return True


def test_raw_export_is_daifa_exports_file(client, personas, screened, tmp_path):
    """The page's raw data is what `daifa export` writes (whose round trip is
    lossless, tests/cli/test_import_export.py)."""
    from daifa.sources.spreadsheet import read_tables, write_tables

    client.force_login(personas.alice)
    response = client.get(url("export_raw", personas), {"format": "xlsx"})
    assert response.status_code == 200
    path = tmp_path / "raw.xlsx"
    path.write_bytes(response.content)
    cli = write_tables(workspace_tables(personas.workspace), tmp_path / "cli.xlsx")[0]
    back, expected = read_tables(path), read_tables(cli)
    assert back.report.ok and back.report.rows == expected.report.rows
    for kind, frame in expected.frames().items():
        assert back.frames()[kind].equals(frame), kind
    zipped = client.get(url("export_raw", personas), {"format": "csv"})
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert names[0] == "daifa-raw.csv" and "daifa-raw.sales.csv" in names


def test_the_export_links_live_in_the_swapped_results_and_carry_the_filters(
    client, personas, screened
):
    client.force_login(personas.alice)
    html = client.get(
        url("supplier_list", personas), {"grade": "A", "approvable": "yes"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert html.lstrip().startswith('<section id="results">')
    assert "grade=A&amp;approvable=yes&amp;format=csv" in html
    assert "grade=A&amp;approvable=yes&amp;format=xlsx" in html
    assert reverse("export_raw", args=[personas.workspace.pk]) in html


def test_numbers_stay_numbers_and_text_is_guarded_in_the_csv():
    from daifa.screening.exports import COLUMNS, SCHEMA, render

    row = {c.key: None for c in COLUMNS}
    row.update(
        supplier_id="-1+2", supplier_name="=1+1", landed_unit_cost_cny=-1.5, score=-3.25,
        coverage=0.457, approvable=True, blocking=["x"], to_verify=[], flags=[],
    )  # fmt: skip
    body, _type = render(pl.DataFrame([row], schema=SCHEMA, orient="row"), "csv", lang="en")
    (got,) = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert got["Supplier id"] == "'-1+2" and got["Supplier"] == "'=1+1"
    assert got["Landed unit cost (CNY)"] == "-1.50" and got["Score"] == "-3.2"
    assert got["Known share"] == "46%" and got["Approvable"] == "Yes"
