from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from daifa.accounts.selectors import get_workspace_for_user
from daifa.catalog.models import ImportJob
from daifa.importers.spreadsheet.forms import UploadForm
from daifa.importers.spreadsheet.services import (
    job_create,
    job_fail_if_stale,
    job_progress,
    job_retry,
)
from daifa.importers.spreadsheet.tasks import import_upload, preview_upload
from daifa.web.i18n import lang_of
from daifa.web.requests import HtmxHttpRequest

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_job_for_user(user: Any, workspace_id: int, job_id: UUID) -> ImportJob:
    workspace = get_workspace_for_user(user, workspace_id)
    job = ImportJob.objects.filter(workspace=workspace, pk=job_id).first()
    if job is None:
        raise Http404("no such import")
    return job


_lang = lang_of  # one language rule for every page (daifa.web.i18n)


def _accepted(lang: str) -> list[dict[str, Any]]:
    from daifa.sources.spreadsheet.accepted import accepted_headers, table_title

    return [
        {
            "title": table_title(kind, lang),
            "fields": [
                {"field": h.field, "label": h.label(lang), "aliases": h.aliases[1:]}
                for h in accepted_headers(kind)
            ],
        }
        for kind in ("suppliers", "sales", "reviews")
    ]


@login_required
def upload(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, workspace_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_create(workspace=workspace, user=request.user, upload=form.cleaned_data["file"])
        preview_upload.enqueue(str(job.pk))
        return redirect("import_job", workspace_id=workspace.pk, job_id=job.pk)
    jobs = [job_fail_if_stale(job) for job in workspace.import_jobs.all()[:10]]
    ctx = {
        "workspace": workspace,
        "form": form,
        "jobs": jobs,
        "accepted": _accepted(_lang(request)),
    }
    return render(request, "spreadsheet/upload.html", ctx)


@login_required
def import_template(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """A file to fill in: every column, headers in Chinese or English, one example row."""
    import io

    from daifa.sources.spreadsheet.accepted import template_frame
    from daifa.sources.spreadsheet.xlsx import XlsxSheet, write_xlsx

    get_workspace_for_user(request.user, workspace_id)
    asked = request.GET.get("lang")
    lang = asked if asked in ("zh", "en") else _lang(request)
    frame = template_frame(lang)
    if request.GET.get("format") == "xlsx":
        out = io.BytesIO()
        write_xlsx([XlsxSheet("供应商" if lang == "zh" else "suppliers", frame)], out)
        body, content_type, suffix = out.getvalue(), XLSX_TYPE, "xlsx"
    else:
        body = frame.write_csv(include_bom=True).encode("utf-8")
        body, content_type, suffix = body, "text/csv; charset=utf-8", "csv"
    response = HttpResponse(body, content_type=content_type)
    name = f"daifa-template-{lang}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def job_detail(request: HtmxHttpRequest, workspace_id: int, job_id: UUID) -> HttpResponse:
    job = job_fail_if_stale(_get_job_for_user(request.user, workspace_id, job_id))
    ctx = {"workspace": job.workspace, "job": job, "progress": job_progress(job)}
    if request.htmx:
        return render(request, "spreadsheet/upload_job.html#job-status", ctx)
    return render(request, "spreadsheet/upload_job.html", ctx)


@login_required
@require_POST
def job_confirm(request: HttpRequest, workspace_id: int, job_id: UUID) -> HttpResponse:
    job = _get_job_for_user(request.user, workspace_id, job_id)
    if job.status == ImportJob.Status.PREVIEWED:
        job.status = ImportJob.Status.QUEUED
        job.save(update_fields=["status", "updated"])
        import_upload.enqueue(str(job.pk))
    return redirect("import_job", workspace_id=workspace_id, job_id=job.pk)


@login_required
@require_POST
def job_retry_view(request: HttpRequest, workspace_id: int, job_id: UUID) -> HttpResponse:
    """Run a failed job again (its worker died, or the database was busy)."""
    job = _get_job_for_user(request.user, workspace_id, job_id)
    job_retry(job)
    return redirect("import_job", workspace_id=workspace_id, job_id=job.pk)
