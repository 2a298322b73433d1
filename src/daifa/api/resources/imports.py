"""Imports: upload a CSV/XLSX file (202 and a job id), then follow the job.

The page's machinery (``importers.spreadsheet.services``): the file is read in the background,
every unreadable cell is reported, and the import is one transaction, as with
``daifa import``. Without ``dry_run`` a file that reads cleanly is imported at
once; with it the job stops at ``previewed``.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, Literal

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from daifa.api.errors import ApiError, responses
from daifa.api.resources.common import ApiRequest, Id, workspace_of
from daifa.catalog.models import ImportJob
from daifa.importers.spreadsheet.services import (
    ALLOWED_SUFFIXES,
    job_create,
    job_fail_if_stale,
    job_progress,
)
from daifa.sources.spreadsheet.limits import MAX_FILE_BYTES

router = Router(tags=["imports"])

JobStatus = Literal["reading", "queued", "importing", "done", "rejected", "failed", "previewed"]


class JobCreated(Schema):
    job_id: uuid.UUID
    status: JobStatus


class Cell(Schema):
    row: int
    column: str
    value: str
    reason_zh: str
    reason_en: str
    sheet: str
    field: str


class JobError(Schema):
    message_zh: str
    message_en: str


class Progress(Schema):
    stage: str
    done: int
    total: int | None = None
    percent: int | None = None


class JobOut(Schema):
    job_id: uuid.UUID
    filename: str
    status: JobStatus
    rows: int | None
    report: list[Cell]
    report_total: int
    progress: Progress | None
    result: dict[str, int] | None
    error: JobError | None


@router.post(
    "/workspaces/{ws}/imports",
    response={202: JobCreated, **responses(400, 404, 413)},
)
def create_import(
    request: ApiRequest,
    ws: Id,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> Status[dict[str, Any]]:
    """Upload a suppliers file (CSV, TSV, TXT or XLSX; sales and reviews sheets too)."""
    workspace = workspace_of(request, ws)
    name = file.name or ""
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ApiError(
            400,
            "unsupported_file",
            f"“{name}” is not a CSV or XLSX file (allowed: .csv, .tsv, .txt, .xlsx).",
            f"“{name}” 不是 CSV 或 XLSX 文件（允许 .csv、.tsv、.txt、.xlsx）。",
            field="file",
        )
    assert file.size is not None  # Django's upload handlers always set it
    if file.size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise ApiError(
            413,
            "file_too_large",
            f"The file is larger than {limit} MB; split it into several files.",
            f"文件超过 {limit} MB，请拆分成几个文件。",
            field="file",
        )
    from daifa.api.tasks import read_then_import

    job = job_create(workspace=workspace, user=request.auth, upload=file)
    read_then_import.enqueue(str(job.pk), bool(dry_run))
    job.refresh_from_db(fields=["status"])
    return Status(202, {"job_id": job.pk, "status": job.status})


@router.get(
    "/workspaces/{ws}/imports/{job_id}",
    response={200: JobOut, **responses(400, 404)},
)
def get_import(request: ApiRequest, ws: Id, job_id: uuid.UUID) -> dict[str, Any]:
    """The job's status, rows read, every unreadable cell, progress and outcome."""
    workspace = workspace_of(request, ws)
    job = ImportJob.objects.filter(workspace=workspace, pk=job_id).first()
    if job is None:
        raise ApiError(
            404,
            "not_found",
            "No such import in this workspace.",
            "这个工作区中没有这个导入任务。",
        )
    job = job_fail_if_stale(job)
    report = job.report or {}
    progress = job_progress(job) if not job.finished else None
    error = {"message_zh": job.error_zh or job.error, "message_en": job.error}
    return {
        "job_id": job.pk,
        "filename": job.filename,
        "status": job.status,
        "rows": job.rows,
        "report": [_cell(p) for p in report.get("problems", [])],
        "report_total": report.get("problems_total", 0),
        "progress": progress or None,
        "result": job.result or None,
        "error": error if job.error else None,
    }


def _cell(problem: dict[str, Any]) -> dict[str, Any]:
    return {
        "row": problem["row"],
        "column": problem["column"],
        "value": problem["value"],
        "reason_zh": problem["reason_zh"],
        "reason_en": problem["reason_en"],
        "sheet": problem.get("sheet", ""),
        "field": problem.get("field", ""),
    }
