"""Every hostile file of the 2026-12 probe (tests/fixtures/hostile/make_corpus.py),
through `daifa import --format json` and through the upload page: a clean error or
a clean import, never a traceback or raw Polars/Python text, and a failed file
leaves the workspace byte-identical in `daifa export`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.fixtures.hostile.make_corpus import CORPUS_NAMES, build

from daifa.catalog.models import ImportJob
from daifa.cli import main
from daifa.importers.spreadsheet.exporting import workspace_tables
from daifa.sources.spreadsheet import limits, write_tables

# Internal text the seller must never see (exception classes, library names).
RAW = re.compile(
    r"Traceback|ComputeError|InvalidOperationError|SchemaError|UnicodeDecodeError|"
    r"CalamineError|calamine|polars|PanicException|Exception\b",
)
BASE = "supplier_id,supplier_name,unit_price_cny\nS1,甲,12.5\nS2,乙,8\n"
NAMES = sorted(CORPUS_NAMES)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    build(folder)
    return folder


@pytest.fixture(autouse=True)
def small_limits(monkeypatch):
    # The corpus's zip bomb inflates to 12 MB: past this limit, as the real
    # 1 GB bomb is past the real one.
    monkeypatch.setattr(limits, "MAX_XLSX_INFLATED_BYTES", 5_000_000)


def _export(tmp_path: Path, workspace: str, tag: str) -> bytes:
    out = tmp_path / f"{tag}.csv"
    assert main(["export", "--workspace", workspace, "--format", "csv", "--out", str(out)]) == 0
    return out.read_bytes()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", NAMES)
def test_cli_import_of_a_hostile_file_is_clean(name, corpus, tmp_path, capsys):
    base = tmp_path / "base.csv"
    base.write_text(BASE, encoding="utf-8")
    assert main(["import", str(base), "--workspace", "w"]) == 0
    before = _export(tmp_path, "w", "before")
    capsys.readouterr()

    code = main(["import", str(corpus / name), "--workspace", "w", "--format", "json"])
    out = capsys.readouterr()
    assert code in (0, 1, 2), code
    assert not RAW.search(out.out + out.err), (out.out + out.err)[:2000]
    if code == 0:
        payload = json.loads(out.out)
        assert payload["ok"] is True and payload["screening"] == {"ok": True}, payload
    else:
        assert out.err.strip() or json.loads(out.out)["ok"] is False
        assert _export(tmp_path, "w", "after") == before


def _workspace_csv(workspace, tmp_path: Path, tag: str) -> bytes:
    out = tmp_path / f"{tag}.csv"
    write_tables(workspace_tables(workspace), out, format="csv")
    return out.read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_upload_of_a_hostile_file_is_clean(name, corpus, tmp_path, client, personas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.UPLOAD_DIR = tmp_path / "uploads"
    client.force_login(personas.alice)
    workspace = personas.workspace
    seed = SimpleUploadedFile("base.csv", BASE.encode(), content_type="text/csv")
    client.post(reverse("upload", args=[workspace.pk]), {"file": seed})
    job = ImportJob.objects.get()
    client.post(reverse("import_confirm", args=[workspace.pk, job.pk]))
    before = _workspace_csv(workspace, tmp_path, "before")

    data = (corpus / name).read_bytes()
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    for lang in ("en", "zh-hans"):
        response = client.post(
            reverse("upload", args=[workspace.pk]), {"file": file}, HTTP_ACCEPT_LANGUAGE=lang
        )
        file.seek(0)
        if response.status_code == 200:  # refused by the form (empty file, .xls)
            assert not RAW.search(response.content.decode())
            assert _workspace_csv(workspace, tmp_path, "after") == before
            return
        assert response.status_code == 302
        job = ImportJob.objects.order_by("-created").first()
        if job.status == "previewed":
            client.post(reverse("import_confirm", args=[workspace.pk, job.pk]))
            job.refresh_from_db()
        assert job.status in {"done", "rejected", "failed"}, job.status
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=lang)
        assert page.status_code == 200
        text = page.content.decode()
        assert not RAW.search(text), RAW.search(text)
        assert not RAW.search(job.error + job.error_zh)
        if job.status != "done":
            assert _workspace_csv(workspace, tmp_path, "after") == before
        else:
            assert not job.error, job.error
            return
