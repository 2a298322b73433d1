from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from daifa.importers.spreadsheet.services import ALLOWED_SUFFIXES
from daifa.sources.spreadsheet.limits import MAX_FILE_BYTES

MAX_UPLOAD_BYTES = MAX_FILE_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (CSV or XLSX)"))

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                _("“%(name)s” is not a CSV or XLSX file (allowed: .csv, .tsv, .txt, .xlsx)."),
                params={"name": upload.name},
            )
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB; split it into several files."),
                params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload
