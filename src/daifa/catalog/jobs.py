"""Uploaded files: preview, then import in the background with progress."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile

from daifa.catalog.models import ImportJob

ALLOWED_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}
PREVIEW_ROWS = 20


def progress_key(job_id) -> str:
    return f"import-job:{job_id}:progress"


def job_progress(job: ImportJob) -> dict[str, Any]:
    return cache.get(progress_key(job.pk)) or {}


class _Throttled:
    """Writes progress at most a few times a second (each write is a file)."""

    def __init__(self, job_id) -> None:
        self.key = progress_key(job_id)
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < 0.25 and done != total:
            return
        self.last = now
        percent = round(100 * done / total) if total else None
        cache.set(
            self.key, {"stage": stage, "done": done, "total": total, "percent": percent}, 3600
        )


def job_create(*, workspace, user, upload: UploadedFile) -> ImportJob:
    suffix = Path(upload.name).suffix.lower()
    job = ImportJob(workspace=workspace, created_by=user, filename=Path(upload.name).name[:255])
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{job.pk}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job.path = str(path)
    job.save()
    return job


def _preview_value(value: Any) -> Any:
    """A cell as the preview shows it: a time as people write it, not ISO ``T``."""
    from datetime import datetime

    from daifa.catalog.adapters import to_json_value

    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S").removesuffix(":00")
    return to_json_value(value)


def _preview_rows(frame) -> list[dict[str, Any]]:
    head = frame.head(PREVIEW_ROWS)
    return [{k: _preview_value(v) for k, v in row.items()} for row in head.iter_rows(named=True)]


def job_read(job: ImportJob):
    from daifa.sources.spreadsheet import read_tables

    tracker = _Throttled(job.pk)
    # The seller's file name, not the stored one: reports and evidence show it.
    return read_tables(
        Path(job.path),
        progress=lambda done, total: tracker("read", done, total),
        name=job.filename or None,
    )


def job_preview(job: ImportJob) -> ImportJob:
    try:
        tables = job_read(job)
    except Exception as exc:  # an unreadable file is the user's problem to see, not a 500
        job.status = ImportJob.Status.FAILED
        job.error = str(exc)
        job.save()
        return job
    job.rows = tables.suppliers.height
    job.report = tables.report.to_dict()
    job.preview = _preview_rows(tables.suppliers.drop(["_row", "_sheet"], strict=False))
    job.status = ImportJob.Status.PREVIEWED if tables.report.ok else ImportJob.Status.REJECTED
    job.save()
    return job


def job_import(job: ImportJob) -> ImportJob:
    from daifa.catalog.services import ImportRejected, import_tables

    job.status = ImportJob.Status.IMPORTING
    job.save(update_fields=["status", "updated"])
    try:
        tables = job_read(job)
        result = import_tables(
            workspace=job.workspace,
            tables=tables,
            filename=job.filename,
            user=job.created_by,
            progress=_Throttled(job.pk),
        )
    except ImportRejected as exc:
        job.status = ImportJob.Status.REJECTED
        job.report = exc.report.to_dict()
    except Exception as exc:
        job.status = ImportJob.Status.FAILED
        job.error = str(exc)
    else:
        from daifa.screening.services import screening_refresh

        screening_refresh(workspace=job.workspace)
        job.status = ImportJob.Status.DONE
        job.result = result.as_dict()
        Path(job.path).unlink(missing_ok=True)
    job.save()
    return job
