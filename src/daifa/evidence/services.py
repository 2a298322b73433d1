"""Storing evidence files: sniffed, size-limited, kept once by content hash."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from daifa.accounts.models import Workspace
from daifa.evidence.errors import EvidenceRefused
from daifa.evidence.models import EvidenceFile
from daifa.evidence.sniff import is_program, named_as_image, sniffed_type
from daifa.web.private import FILE_MODE, private_dir

MAX_BYTES = 10 * 1024 * 1024
HEAD_BYTES = 8192


def evidence_root() -> Path:
    return Path(settings.DATA_DIR) / "evidence"


def evidence_path(sha256: str) -> Path:
    return evidence_root() / sha256[:2] / sha256


def _clean_name(name: str) -> str:
    """The upload's name without folders or control characters (shown and sent back
    in Content-Disposition, so nothing in it may break a header or a page)."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f\"<>]", "", base).strip()
    return base[:255] or "file"


def _refuse_too_big(name: str, size: int) -> None:
    mb = size / 1024 / 1024
    raise EvidenceRefused(
        f"File “{name}”: {mb:.1f} MB is larger than the 10 MB allowed; "
        "send a smaller photo or a scan at a lower resolution",
        f"文件“{name}”：{mb:.1f} MB 超过 10 MB 上限；请上传较小的照片或降低扫描分辨率",
        name=name,
    )


def _check_type(name: str, declared: str | None, head: bytes) -> str:
    if not head:
        raise EvidenceRefused(
            f"File “{name}”: the file is empty", f"文件“{name}”：文件是空的", name=name
        )
    if is_program(head):
        raise EvidenceRefused(
            f"File “{name}”: this is a program, not a photo or PDF; it was not stored",
            f"文件“{name}”：这是一个可执行程序，不是照片或 PDF，未保存",
            name=name,
        )
    content_type = sniffed_type(head)
    if content_type is None:
        if named_as_image(name, declared):
            raise EvidenceRefused(
                f"File “{name}”: it is named as an image but its content is not a "
                "JPEG, PNG, WebP or GIF image; it was not stored",
                f"文件“{name}”：文件名是图片，但内容不是 JPEG、PNG、WebP 或 GIF 图片，未保存",
                name=name,
            )
        raise EvidenceRefused(
            f"File “{name}”: only photos (JPEG, PNG, WebP, GIF) and PDF files are kept as evidence",
            f"文件“{name}”：凭证只接受照片（JPEG、PNG、WebP、GIF）和 PDF 文件",
            name=name,
        )
    return content_type


class Upload(Protocol):
    """What evidence_store reads of an upload (``name``, ``size`` and ``content_type``
    too, when it has them): a Django UploadedFile is one."""

    def chunks(self) -> Iterator[bytes]: ...


def evidence_store(*, workspace: Workspace, upload: Upload, by: User | None) -> EvidenceFile:
    """Keep ``upload`` (a Django UploadedFile or any object with ``name``, ``size``
    and ``chunks()``) as evidence of ``workspace``.

    Refuses (EvidenceRefused, zh and en, nothing stored) files over 10 MB, empty
    files, programs whatever their name, and anything that is not a JPEG, PNG,
    WebP, GIF or PDF by its bytes. The same bytes uploaded again give the same
    record back (one copy on disk per content)."""
    name = _clean_name(getattr(upload, "name", "") or "")
    declared = getattr(upload, "content_type", None)
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        _refuse_too_big(name, size)
    folder = private_dir(evidence_root())
    digest = hashlib.sha256()
    head = b""
    total = 0
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".upload-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                total += len(chunk)
                if total > MAX_BYTES:  # the declared size can be wrong
                    _refuse_too_big(name, total)
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                digest.update(chunk)
                out.write(chunk)
        content_type = _check_type(name, declared, head)
        sha = digest.hexdigest()
        existing = EvidenceFile.objects.filter(workspace=workspace, sha256=sha).first()
        if existing is not None:
            return existing
        final = evidence_path(sha)
        if not final.exists():
            private_dir(final.parent)
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, final)
        try:
            with transaction.atomic():
                return EvidenceFile.objects.create(
                    workspace=workspace,
                    sha256=sha,
                    size=total,
                    content_type=content_type,
                    original_name=name,
                    uploaded_by=by,
                )
        except IntegrityError:  # the same file, stored meanwhile by another request
            return EvidenceFile.objects.get(workspace=workspace, sha256=sha)
    finally:
        tmp.unlink(missing_ok=True)
