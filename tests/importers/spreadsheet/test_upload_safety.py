"""The upload page never hangs or lies (issue #11, F1/F4): values the screening
would refuse are shown by row before anything is stored; a job whose worker died
is failed with the reason and can be retried; a huge report is summarised."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from daifa.catalog.models import ImportJob, Supplier
from daifa.engine.profile import Profile
from daifa.importers.spreadsheet import services as jobs
from daifa.screening.services import profile_save

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TRIGGERS = [
    "supplier_id,test_order_paid_at,test_order_shipped_at\nS1,2024-05-02 10:00,2024-05-01 10:00\n",
    "supplier_id,transit_days_min,transit_days_max\nS1,20,5\n",
    "supplier_id,test_order_paid_at,test_order_shipped_at\nS1,2024-05-02 10:00,00000\n",
]


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.UPLOAD_DIR = tmp_path


def _upload(client, workspace, name, text):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("upload", args=[workspace.pk]), {"file": file})
    assert response.status_code == 302
    return ImportJob.objects.order_by("-created").first(), response["Location"]


def _confirm(client, workspace, job):
    client.post(reverse("import_confirm", args=[workspace.pk, job.pk]))
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("text", TRIGGERS)
def test_a_value_the_screening_refuses_is_rejected_by_row_before_anything_is_stored(
    client, personas, text
):
    client.force_login(personas.alice)
    job, _ = _upload(client, personas.workspace, "base.csv", "supplier_id,unit_price_cny\nS1,5\n")
    assert _confirm(client, personas.workspace, job).status == "done"
    facts = Supplier.objects.get(external_id="S1").facts

    job, location = _upload(client, personas.workspace, "bad.csv", text)
    job = _confirm(client, personas.workspace, job)
    assert job.status in {"rejected"}, (job.status, job.error)
    page = client.get(location, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>2</td>" in page and "Traceback" not in page
    assert Supplier.objects.get(external_id="S1").facts == facts

    # The workspace still takes valid files and saves the profile.
    job, _ = _upload(client, personas.workspace, "ok.csv", "supplier_id,unit_price_cny\nS2,3\n")
    assert _confirm(client, personas.workspace, job).status == "done"
    profile_save(workspace=personas.workspace, profile=Profile.default())


def test_a_failed_rescreen_leaves_the_job_done_and_says_why(client, personas, monkeypatch):
    import daifa.screening.services as services

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "run_screen", broken)
    client.force_login(personas.alice)
    job, location = _upload(client, personas.workspace, "s.csv", "supplier_id,moq\nS1,5\n")
    job = _confirm(client, personas.workspace, job)
    assert job.status == "done" and "re-screening failed" in job.error and job.error_zh
    assert Supplier.objects.filter(external_id="S1").exists()
    page = client.get(location, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "重新筛选失败" in page


def test_a_job_whose_worker_died_is_failed_when_seen_and_can_be_retried(client, personas):
    client.force_login(personas.alice)
    job, location = _upload(client, personas.workspace, "s.csv", "supplier_id,moq\nS1,5\n")
    # As a killed worker leaves it: importing, started long ago, no heartbeat.
    started = timezone.now() - timezone.timedelta(seconds=jobs.LEASE + 60)
    ImportJob.objects.filter(pk=job.pk).update(status="importing", started=started)
    cache.set(jobs.heartbeat_key(job.pk), time.time() - jobs.LEASE - 60)

    page = client.get(location, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and "worker stopped" in job.error and job.error_zh
    assert "Retry" in page

    client.post(reverse("import_retry", args=[personas.workspace.pk, job.pk]))
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert Supplier.objects.filter(external_id="S1").exists()


def test_a_running_job_with_a_heartbeat_is_left_alone(client, personas):
    client.force_login(personas.alice)
    job, location = _upload(client, personas.workspace, "s.csv", "supplier_id,moq\nS1,5\n")
    started = timezone.now() - timezone.timedelta(seconds=jobs.LEASE + 60)
    ImportJob.objects.filter(pk=job.pk).update(status="importing", started=started)
    cache.set(jobs.heartbeat_key(job.pk), time.time())
    client.get(location)
    job.refresh_from_db()
    assert job.status == "importing"


def test_a_report_of_many_bad_cells_is_summarised(client, personas):
    client.force_login(personas.alice)
    rows = "".join(f"S{i},bad\n" for i in range(3000))
    job, location = _upload(client, personas.workspace, "bad.csv", "supplier_id,moq\n" + rows)
    assert job.status == "rejected"
    assert len(job.report["problems"]) == 1000 and job.report["problems_hidden"] == 2000
    page = client.get(location, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "and 2000 more cells" in page
    assert page.count("<tr>") < 1100


def test_a_workspace_with_bad_stored_data_still_imports_and_saves_the_profile_page(
    client, personas
):
    from tests.screening.test_profile_views import form_data

    client.force_login(personas.alice)
    job, _ = _upload(client, personas.workspace, "base.csv", "supplier_id,unit_price_cny\nS1,5\n")
    assert _confirm(client, personas.workspace, job).status == "done"
    supplier = Supplier.objects.get(external_id="S1")
    supplier.facts.update(  # what an older version let in, straight into the database
        test_order_paid_at="2024-05-02T10:00:00",
        test_order_shipped_at="1899-12-30T00:00:00",
        transit_days_min=20.0,
        transit_days_max=5.0,
    )
    supplier.save()

    job, _ = _upload(client, personas.workspace, "ok.csv", "supplier_id,unit_price_cny\nS2,3\n")
    job = _confirm(client, personas.workspace, job)
    assert job.status == "done" and not job.error, job.error
    response = client.post(reverse("profile_edit", args=[personas.workspace.pk]), form_data())
    assert response.status_code == 302


def test_a_file_over_the_size_limit_is_refused_by_the_form_in_both_languages(
    client, personas, monkeypatch
):
    from daifa.importers.spreadsheet import forms

    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 1024 * 1024)
    client.force_login(personas.alice)
    data = b"supplier_id,moq\n" + b"S1,1\n" * 300_000
    for lang, says in (("en", "larger than 1 MB"), ("zh-hans", "文件超过 1 MB")):
        file = SimpleUploadedFile("big.csv", data, content_type="text/csv")
        page = client.post(
            reverse("upload", args=[personas.workspace.pk]), {"file": file},
            HTTP_ACCEPT_LANGUAGE=lang,
        ).content.decode()  # fmt: skip
        assert says in page
    assert ImportJob.objects.count() == 0
