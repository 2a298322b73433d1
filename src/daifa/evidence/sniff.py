"""What a file really is, from its bytes: the name and the browser's header are
the uploader's word, so neither decides how a file is stored or served."""

from __future__ import annotations

from pathlib import PurePath

import puremagic

# Sniffed extension → the content type the file is served with.
ALLOWED = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}
IMAGE_NAMES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".heic", ".svg", ".tif", ".tiff"}
# Headers of programs (Windows PE, ELF, Mach-O, scripts, Java classes): checked
# directly, as a renamed program is the case that must never slip through.
_PROGRAM_HEADERS = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
_PROGRAM_EXTENSIONS = {".exe", ".dll", ".elf", ".so", ".msi", ".com", ".class", ".bin", ".sys"}


def is_program(head: bytes) -> bool:
    if head.startswith(_PROGRAM_HEADERS):
        return True
    return any(ext in _PROGRAM_EXTENSIONS for ext in _extensions(head))


def _extensions(head: bytes) -> list[str]:
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return []
    except Exception:  # a malformed header puremagic trips on: nothing recognised
        return []
    return [(m.extension or "").lower() for m in matches]


def sniffed_type(head: bytes) -> str | None:
    """The allowed content type the bytes are, or None."""
    for ext in _extensions(head):
        if ext in ALLOWED and _confirmed(ALLOWED[ext], head):
            return ALLOWED[ext]
    return None


def _confirmed(content_type: str, head: bytes) -> bool:
    """The exact signature at offset 0 (puremagic also matches inside files)."""
    return {
        "image/jpeg": head.startswith(b"\xff\xd8\xff"),
        "image/png": head.startswith(b"\x89PNG\r\n\x1a\n"),
        "image/gif": head.startswith((b"GIF87a", b"GIF89a")),
        "image/webp": head[:4] == b"RIFF" and head[8:12] == b"WEBP",
        "application/pdf": head.startswith(b"%PDF-"),
    }[content_type]


def named_as_image(name: str, declared_type: str | None) -> bool:
    return PurePath(name).suffix.lower() in IMAGE_NAMES or (declared_type or "").startswith(
        "image/"
    )
