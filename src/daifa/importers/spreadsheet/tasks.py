from __future__ import annotations

from django_tasks import task

from daifa.catalog.models import ImportJob
from daifa.importers.spreadsheet.services import job_import, job_preview
from daifa.workbench.actions import workspace_screen


@task()
def preview_upload(job_id: str) -> str:
    job = ImportJob.objects.get(pk=job_id)
    return job_preview(job).status


@task()
def import_upload(job_id: str) -> str:
    job = ImportJob.objects.get(pk=job_id)
    return job_import(job, rescreen=workspace_screen).status
