"""Reads of evidence files, always within one workspace."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from daifa.accounts.models import Workspace
from daifa.evidence.models import EvidenceFile


def evidence_url(file: EvidenceFile) -> str:
    return reverse("evidence_file", args=[file.workspace_id, file.pk])


def get_evidence_for_workspace(workspace: Workspace, file_id: int) -> EvidenceFile:
    found = EvidenceFile.objects.filter(workspace=workspace, pk=file_id).first()
    if found is None:
        raise Http404("no such file")
    return found
