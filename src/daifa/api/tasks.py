"""An API import: read the file, and import it as soon as it reads cleanly
(no confirm step), or stop at the preview for a dry run."""

from __future__ import annotations

from django_tasks import task

from daifa.catalog.models import ImportJob
from daifa.importers.spreadsheet.services import job_preview


@task()
def read_then_import(job_id: str, dry_run: bool = False) -> str:
    from daifa.importers.spreadsheet.tasks import import_upload

    job = job_preview(ImportJob.objects.get(pk=job_id))
    if dry_run or job.status != ImportJob.Status.PREVIEWED:
        return job.status
    # What the page's "Import" button does, without waiting for it.
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status", "updated"])
    import_upload.enqueue(str(job.pk))
    return job.status
