"""Upload → preview → import, with the job run by the immediate task backend."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from daifa.catalog.models import ImportJob, Supplier

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

GOOD = "供应商ID,供应商,回头率,响应时间\nS1,义乌甲,41%,≤15分钟\nS2,深圳乙,22%,30分钟\n"
BAD = "供应商ID,供应商,回头率\nS1,义乌甲,41%\nS2,深圳乙,很高\n"


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.UPLOAD_DIR = tmp_path


def _upload(client, workspace, name, text, encoding="utf-8"):
    file = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return client.post(reverse("upload", args=[workspace.pk]), {"file": file})


@override_settings(TASKS=IMMEDIATE)
def test_a_good_file_is_previewed_then_imported_on_confirm(client, personas):
    client.force_login(personas.bob)
    response = _upload(client, personas.workspace, "suppliers.csv", GOOD, "gb18030")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    assert job.status == "previewed" and job.rows == 2
    assert Supplier.objects.count() == 0  # nothing stored before the seller confirms

    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Import these rows" in page and "义乌甲" in page

    client.post(reverse("import_confirm", args=[personas.workspace.pk, job.pk]))
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert set(Supplier.objects.values_list("external_id", flat=True)) == {"S1", "S2"}
    assert Supplier.objects.get(external_id="S1").facts["response_minutes"] == 15.0


def test_a_bad_file_shows_row_column_and_value_and_cannot_be_imported(client, personas):
    client.force_login(personas.alice)
    response = _upload(client, personas.workspace, "bad.csv", BAD)
    job = ImportJob.objects.get()
    assert job.status == "rejected"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "很高" in page and "回头率" in page and "<td>3</td>" in page
    client.post(reverse("import_confirm", args=[personas.workspace.pk, job.pk]))
    assert Supplier.objects.count() == 0


def test_the_htmx_poll_returns_only_the_status_fragment(client, personas):
    client.force_login(personas.alice)
    response = _upload(client, personas.workspace, "suppliers.csv", GOOD)
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section id="job-status"')
    assert "<html" not in fragment


def test_other_files_are_refused_with_the_reason(client, personas):
    client.force_login(personas.alice)
    file = SimpleUploadedFile("notes.pdf", b"%PDF-1.4", content_type="application/pdf")
    page = client.post(
        reverse("upload", args=[personas.workspace.pk]), {"file": file}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "notes.pdf" in page and "is not a CSV or XLSX file" in page
    assert ImportJob.objects.count() == 0


def test_charlie_can_neither_upload_to_nor_see_alices_jobs(client, personas):
    client.force_login(personas.alice)
    response = _upload(client, personas.workspace, "suppliers.csv", GOOD)
    job = ImportJob.objects.get()
    client.force_login(personas.charlie)
    assert client.get(response["Location"]).status_code == 404
    assert (
        client.post(reverse("import_confirm", args=[personas.workspace.pk, job.pk])).status_code
        == 404
    )
    assert _upload(client, personas.workspace, "x.csv", GOOD).status_code == 404
    job.refresh_from_db()
    assert job.status == "previewed"
