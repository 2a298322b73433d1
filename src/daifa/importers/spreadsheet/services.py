"""Uploaded files: preview, then import in the background with progress."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from daifa.catalog.models import ImportJob
from daifa.web.private import open_private, private_dir

if TYPE_CHECKING:
    import polars as pl

    from daifa.accounts.models import Workspace
    from daifa.sources.spreadsheet import Tables

log = logging.getLogger(__name__)
ALLOWED_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}
PREVIEW_ROWS = 20


def progress_key(job_id: Any) -> str:
    return f"import-job:{job_id}:progress"


def job_progress(job: ImportJob) -> dict[str, Any]:
    return cache.get(progress_key(job.pk)) or {}


class _Throttled:
    """Writes progress at most a few times a second (each write is a file)."""

    def __init__(self, job_id: Any) -> None:
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


def job_create(*, workspace: Workspace, user: Any, upload: UploadedFile[Any]) -> ImportJob:
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    job = ImportJob(workspace=workspace, created_by=user, filename=Path(name).name[:255])
    folder = private_dir(Path(settings.UPLOAD_DIR))
    path = folder / f"{job.pk}{suffix}"
    with open_private(path) as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job.path = str(path)
    try:
        job.save()
    except Exception:
        path.unlink(missing_ok=True)  # no job row, no orphan upload
        raise
    return job


def _preview_value(value: Any) -> Any:
    """A cell as the preview shows it: a time as people write it, not ISO ``T``."""
    from datetime import datetime

    from daifa.catalog.adapters import to_json_value

    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S").removesuffix(":00")
    return to_json_value(value)


def _preview_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    head = frame.head(PREVIEW_ROWS)
    return [{k: _preview_value(v) for k, v in row.items()} for row in head.iter_rows(named=True)]


def job_read(job: ImportJob) -> Tables:
    from daifa.sources.spreadsheet import read_tables

    tracker = _Throttled(job.pk)
    # The seller's file name, not the stored one: reports and evidence show it.
    return read_tables(
        Path(job.path),
        progress=lambda done, total: tracker("read", done, total),
        name=job.filename or None,
    )


# --- supervision -----------------------------------------------------------------
# A worker killed (out of memory, restarted) mid-job never says so. While a job
# runs, a thread beats in the cache every HEARTBEAT seconds (the cache, not the
# database: the import's transaction may hold SQLite's write lock); a job a
# worker started whose beat is older than LEASE is failed when next seen, with
# the reason and a retry.

HEARTBEAT = 5.0
LEASE = 120.0
RUNNING = (ImportJob.Status.READING, ImportJob.Status.IMPORTING)


def heartbeat_key(job_id: Any) -> str:
    return f"import-job:{job_id}:alive"


class _Heartbeat:
    def __init__(self, job_id: Any) -> None:
        self.key = heartbeat_key(job_id)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self) -> None:
        while True:
            cache.set(self.key, time.time(), 86_400)
            if self.stop.wait(HEARTBEAT):
                return

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _start(job: ImportJob, status: str) -> None:
    job.status = status
    job.started = timezone.now()
    job.error = job.error_zh = ""
    cache.set(heartbeat_key(job.pk), time.time(), 86_400)
    job.save(update_fields=["status", "started", "error", "error_zh", "updated"])


def job_is_stale(job: ImportJob, *, now: float | None = None) -> bool:
    """A job a worker started, still "reading"/"importing", without a heartbeat
    for LEASE seconds: its worker died."""
    if job.status not in RUNNING or job.started is None:
        return False
    now = time.time() if now is None else now
    beat = cache.get(heartbeat_key(job.pk)) or job.started.timestamp()
    return now - max(beat, job.started.timestamp()) > LEASE


def job_fail_if_stale(job: ImportJob) -> ImportJob:
    if job_is_stale(job):
        _fail(
            job,
            "the background worker stopped while handling this file (it may have run out of "
            "memory); nothing was half-imported. Retry, or split the file if it is very large.",
            "后台任务在处理这个文件时停止了（可能是内存不足）；没有导入一半的数据。"
            "请重试；如果文件很大，请拆分后再导入。",
        )
        job.save(update_fields=["status", "error", "error_zh", "updated"])
    return job


def job_retry(job: ImportJob) -> bool:
    """Queue a failed job again from the step that failed; False when it cannot be."""
    if job.status != ImportJob.Status.FAILED or not Path(job.path).is_file():
        return False
    from daifa.importers.spreadsheet.tasks import import_upload, preview_upload

    read = job.rows is not None  # the preview finished: the import failed
    job.status = ImportJob.Status.QUEUED if read else ImportJob.Status.READING
    job.started = None
    job.error = job.error_zh = ""
    job.save(update_fields=["status", "started", "error", "error_zh", "updated"])
    (import_upload if read else preview_upload).enqueue(str(job.pk))
    return True


def _fail(job: ImportJob, en: str, zh: str) -> None:
    job.status = ImportJob.Status.FAILED
    job.error, job.error_zh = en, zh


def _fail_with(job: ImportJob, exc: Exception) -> None:
    from daifa.sources.spreadsheet import SpreadsheetError

    if isinstance(exc, SpreadsheetError):
        _fail(job, exc.message("en"), exc.message("zh"))
        return
    # Not the seller's file: no internal text on the page, the traceback in the log.
    log.exception("import job %s failed", job.pk)
    _fail(
        job,
        f"an unexpected error stopped this job ({type(exc).__name__}, logged); nothing was "
        "imported. Retry; if it fails again, send us the file.",
        f"意外错误中断了这个任务（{type(exc).__name__}，已记录日志）；没有导入任何数据。"
        "请重试；如果再次失败，请把文件发给我们。",
    )


def job_preview(job: ImportJob) -> ImportJob:
    _start(job, ImportJob.Status.READING)
    with _Heartbeat(job.pk):
        try:
            tables = job_read(job)
        except Exception as exc:  # an unreadable file is the user's problem to see, not a 500
            _fail_with(job, exc)
            job.save()
            return job
    job.rows = tables.suppliers.height
    job.report = tables.report.to_dict()
    job.preview = _preview_rows(tables.suppliers.drop(["_row", "_sheet"], strict=False))
    job.status = ImportJob.Status.PREVIEWED if tables.report.ok else ImportJob.Status.REJECTED
    try:
        job.save()
    except Exception as exc:  # a value the database refuses must not leave it "reading"
        job.preview, job.report = [], {}
        _fail_with(job, exc)
        job.save()
    return job


def job_import(job: ImportJob, *, rescreen: Callable[..., Any]) -> ImportJob:
    """Import the job's file, then ``rescreen(workspace=...)`` (the workbench's
    ``workspace_screen``, passed by the task: the catalog does not call up into
    the screening)."""
    from daifa.catalog.services import ImportRejected, import_tables

    _start(job, ImportJob.Status.IMPORTING)
    progress = _Throttled(job.pk)
    with _Heartbeat(job.pk):
        try:
            tables = job_read(job)
            result = import_tables(
                workspace=job.workspace,
                tables=tables,
                filename=job.filename,
                user=job.created_by,
                progress=progress,
            )
        except ImportRejected as exc:
            job.status = ImportJob.Status.REJECTED
            job.report = exc.report.to_dict()
        except Exception as exc:
            _fail_with(job, exc)
        else:
            # The rows are committed: the job says so whatever the screening does.
            job.result = result.as_dict()
            job.save(update_fields=["result", "updated"])
            progress("screening", 0, 1)
            _screen_after_import(job, rescreen)
            job.status = ImportJob.Status.DONE
            Path(job.path).unlink(missing_ok=True)
    job.save()
    return job


def _screen_after_import(job: ImportJob, rescreen: Callable[..., Any]) -> None:
    """Re-screen after the import's transaction; a failure leaves the import
    standing and the workspace usable, and the job page says why."""
    try:
        rescreen(workspace=job.workspace)
    except Exception as exc:
        log.exception("re-screen after import job %s failed", job.pk)
        reason = getattr(exc, "message_en", type(exc).__name__)
        reason_zh = getattr(exc, "message_zh", type(exc).__name__)
        job.error = (
            f"The rows were imported, but the re-screening failed ({reason}); the lists show "
            "the previous results until the next re-screening (save the profile to start one)."
        )
        job.error_zh = (
            f"数据已导入，但重新筛选失败（{reason_zh}）；在下一次重新筛选之前，列表显示的是之前的结果"
            "（保存一次筛选方案即可重新筛选）。"
        )
