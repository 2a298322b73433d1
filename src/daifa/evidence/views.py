from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from daifa.accounts.selectors import get_workspace_for_user
from daifa.evidence.selectors import get_evidence_for_workspace
from daifa.evidence.services import evidence_path


@login_required
def evidence_file(request: HttpRequest, workspace_id: int, file_id: int) -> FileResponse:
    """The file, to members of its workspace only (404 for anyone else: no hints).

    Served with the sniffed type and nosniff; images inline in a sandbox, PDFs
    as a download, so a crafted file can run nothing in the workbench's origin."""
    workspace = get_workspace_for_user(request.user, workspace_id)
    file = get_evidence_for_workspace(workspace, file_id)
    path = evidence_path(file.sha256)
    if not path.exists():
        raise Http404("file missing from the data directory")
    response = FileResponse(
        path.open("rb"),
        content_type=file.content_type,
        as_attachment=not file.is_image,
        filename=file.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
