"""Download the cards as TOML/CSV (one by one or as a zip) and upload them again."""

from __future__ import annotations

import io
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daifa.costs.files import FILE_NAMES
from daifa.costs.models import CostProfile
from daifa.costs.selectors import cost_settings_for
from daifa.sources.ratecards import DEFAULT_SETTINGS, example_text

MY_LINES = (
    "id,name_zh,max_weight_g,destination,per_kg_cny,registration_cny,"
    "transit_days_min,transit_days_max\n"
    "yunexpress,我的云途,2000,US,88,19,6,10\n"
)


def _download(client, workspace, name):
    return client.get(reverse("costs:download", args=[workspace.pk, name]))


def _upload(client, workspace, name, data: bytes, kind="", lang="en"):
    file = SimpleUploadedFile(name, data)
    return client.post(
        reverse("costs:upload", args=[workspace.pk]),
        {"file": file, "kind": kind},
        HTTP_ACCEPT_LANGUAGE=lang,
    )


@pytest.mark.parametrize("name", FILE_NAMES)
def test_every_file_downloads_as_an_attachment(client, personas, name):
    client.force_login(personas.bob)
    response = _download(client, personas.workspace, name)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    body = response.content
    if name.endswith(".csv"):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert body.startswith("\ufeff".encode())  # Excel needs the BOM for Chinese names
    else:
        # the examples keep their comments and their "example, not quotes" header
        assert body.decode() == example_text(name)


def test_a_sellers_own_card_downloads_as_written(client, personas, worked_example):
    client.force_login(personas.alice)
    own = CostProfile.objects.get().lines_toml
    assert _download(client, worked_example, "lines.toml").content.decode() == own
    csv = _download(client, worked_example, "lines.csv").content.decode("utf-8-sig")
    row = "demo,示例专线,Demo line,50.0,8000.0,2000.0,US,100.0,20.0,7,12,False"
    assert csv.splitlines()[1] == row


def test_a_zip_of_alices_costs_brings_the_same_settings_to_charlie(
    client, personas, worked_example
):
    client.force_login(personas.alice)
    archive = _download(client, worked_example, "daifa-costs-csv.zip")
    assert archive["Content-Type"] == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(archive.content)).namelist())
    assert names == {n for n in FILE_NAMES if n.endswith(".csv")} | {"settings.toml"}
    client.force_login(personas.charlie)
    response = _upload(client, personas.charlie_workspace, "daifa-costs-csv.zip", archive.content)
    assert response.status_code == 302 and response["Location"].endswith("#files")
    alices, charlies = (
        cost_settings_for(worked_example),
        cost_settings_for(personas.charlie_workspace),
    )
    assert charlies.replace(cards=alices.cards) == alices
    for kind in ("lines", "bulk", "platforms", "duties"):
        assert getattr(charlies.cards, kind) == getattr(alices.cards, kind)


def test_the_example_zip_sent_back_changes_nothing_but_stays_examples(client, personas):
    client.force_login(personas.alice)
    archive = _download(client, personas.workspace, "daifa-costs-toml.zip").content
    assert _upload(client, personas.workspace, "x.zip", archive).status_code == 302
    assert cost_settings_for(personas.workspace) == DEFAULT_SETTINGS
    page = unescape(
        client.get(
            reverse("costs:settings", args=[personas.workspace.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    )
    assert "Examples from 2026-11-01, not quotes." in page
    # every part still says "example", the settings.toml included
    assert "parcel lines, bulk sea and air freight, platforms, duties, currency rates, cost" in page
    assert CostProfile.objects.get().settings_toml == example_text("settings.toml")


def test_a_csv_named_otherwise_is_read_as_the_chosen_kind(client, personas):
    client.force_login(personas.alice)
    response = _upload(client, personas.workspace, "运价.csv", MY_LINES.encode("gbk"), "lines")
    assert response.status_code == 302
    line = cost_settings_for(personas.workspace).cards.line("yunexpress")
    assert line.name_zh == "我的云途" and line.rate_for("US").per_kg_cny == 88
    assert 'name_zh = "我的云途"' in CostProfile.objects.get().lines_toml


@pytest.mark.parametrize(
    ("name", "data", "kind", "text"),
    [
        ("运价.csv", MY_LINES.encode(), "", "“运价.csv” is not a cost file; name it one of"),
        ("lines.pdf", b"%PDF", "", "“lines.pdf” is not a cost file"),
        ("cards.zip", b"not a zip", "", "The file is not a readable .zip archive."),
        (
            "lines.csv",
            MY_LINES.replace(",88,", ",eighty,").encode(),
            "",
            "lines.csv row 2, field per_kg_cny: 'eighty' is not allowed; expected a number",
        ),
        ("rates.csv", b"currency,cny_per_unit\nUSD,7\n", "currency", "field as_of"),
    ],
)
def test_a_bad_upload_is_named_and_nothing_is_saved(client, personas, name, data, kind, text):
    client.force_login(personas.alice)
    response = _upload(client, personas.workspace, name, data, kind)
    page = unescape(response.content.decode())
    assert response.status_code == 200 and text in page and "(file):" in page
    assert not CostProfile.objects.exists()


def test_an_upload_error_speaks_chinese_to_a_chinese_reader(client, personas):
    client.force_login(personas.alice)
    data = MY_LINES.replace(",88,", ",八十八,").encode()
    page = unescape(
        _upload(client, personas.workspace, "lines.csv", data, lang="zh-CN").content.decode()
    )
    assert "lines.csv row 2,字段 per_kg_cny:'八十八' 无效;应为 数字" in page


def test_a_zip_with_a_stranger_file_is_refused_whole(client, personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lines.csv", MY_LINES)
        archive.writestr("notes.txt", "hello")
        archive.writestr("__MACOSX/._lines.csv", "junk")  # ignored, as Finder adds it
    client.force_login(personas.alice)
    page = unescape(
        _upload(client, personas.workspace, "c.zip", buffer.getvalue()).content.decode()
    )
    assert "“notes.txt” is not a cost file" in page
    assert not CostProfile.objects.exists()


def test_charlie_can_neither_download_nor_upload_alices_costs(client, personas, worked_example):
    before = CostProfile.objects.values().get()
    client.force_login(personas.charlie)
    assert _download(client, worked_example, "lines.toml").status_code == 404
    assert _download(client, worked_example, "daifa-costs-csv.zip").status_code == 404
    assert _upload(client, worked_example, "lines.csv", MY_LINES.encode()).status_code == 404
    assert CostProfile.objects.values().get() == before


def test_an_unknown_file_is_not_found(client, personas):
    client.force_login(personas.alice)
    assert _download(client, personas.workspace, "passwords.txt").status_code == 404
