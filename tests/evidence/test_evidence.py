"""Evidence files: sniffed, size-limited, kept once, served only to members."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daifa.evidence.errors import EvidenceRefused
from daifa.evidence.models import EvidenceFile
from daifa.evidence.pngs import solid_png
from daifa.evidence.selectors import evidence_url
from daifa.evidence.services import MAX_BYTES, evidence_path, evidence_store

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\0" * 64
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\0" * 24
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 50 + b"PE\0\0"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\0" * 60


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.png", solid_png(4, 3, (200, 10, 10)), "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("anim.gif", GIF, "image/gif"),
        ("shot.webp", WEBP, "image/webp"),
        ("CE证书.pdf", PDF, "application/pdf"),
    ],
)
def test_photos_and_pdfs_are_kept_by_content_hash(personas, name, data, kind):
    file = evidence_store(workspace=personas.workspace, upload=upload(name, data), by=personas.bob)
    assert file.content_type == kind
    assert file.original_name == name and file.size == len(data)
    assert evidence_path(file.sha256).read_bytes() == data
    assert evidence_path(file.sha256).stat().st_mode & 0o077 == 0


def test_the_type_comes_from_the_bytes_not_the_name(personas):
    file = evidence_store(
        workspace=personas.workspace, upload=upload("scan.pdf", solid_png(2, 2, (0, 0, 0))), by=None
    )
    assert file.content_type == "image/png"


def test_the_same_file_twice_is_one_record_and_one_copy(personas):
    data = solid_png(5, 5, (1, 2, 3))
    first = evidence_store(workspace=personas.workspace, upload=upload("a.png", data), by=None)
    again = evidence_store(workspace=personas.workspace, upload=upload("b.png", data), by=None)
    assert first.pk == again.pk
    assert EvidenceFile.objects.count() == 1
    # another workspace gets its own record of the same bytes (its own access)
    other = evidence_store(
        workspace=personas.charlie_workspace, upload=upload("c.png", data), by=None
    )
    assert other.pk != first.pk and other.sha256 == first.sha256


@pytest.mark.parametrize(
    ("name", "data", "en", "zh"),
    [
        ("photo.jpg", PE, "is a program", "可执行程序"),
        ("report.pdf", ELF, "is a program", "可执行程序"),
        (
            "photo.png",
            b"<html><script>alert(1)</script></html>",
            "named as an image",
            "文件名是图片",
        ),
        ("photo.jpg", b"just some text, not a picture", "named as an image", "不是 JPEG"),
        ("notes.txt", b"hello", "only photos", "只接受"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "named as an image", "图片"),
        ("empty.png", b"", "empty", "空"),
    ],
)
def test_bad_files_are_refused_with_the_name_and_nothing_is_stored(personas, name, data, en, zh):
    with pytest.raises(EvidenceRefused) as refused:
        evidence_store(workspace=personas.workspace, upload=upload(name, data), by=None)
    assert en in refused.value.message("en") and name in refused.value.message("en")
    assert zh in refused.value.message("zh") and name in refused.value.message("zh")
    assert not EvidenceFile.objects.exists()


def test_an_oversized_file_is_refused_even_when_it_claims_to_be_small(personas, tmp_path):
    big = upload("huge.png", solid_png(1, 1, (0, 0, 0)) + b"\0" * MAX_BYTES)
    with pytest.raises(EvidenceRefused, match="larger than the 10 MB"):
        evidence_store(workspace=personas.workspace, upload=big, by=None)

    class Lying:
        name, size, content_type = "small.png", 10, "image/png"

        def chunks(self):
            yield solid_png(1, 1, (0, 0, 0))
            for _ in range(11):
                yield b"\0" * (1024 * 1024)

    with pytest.raises(EvidenceRefused) as refused:
        evidence_store(workspace=personas.workspace, upload=Lying(), by=None)
    assert "10 MB" in refused.value.message_zh
    assert not EvidenceFile.objects.exists()


def test_a_name_with_folders_and_quotes_is_cleaned(personas):
    file = evidence_store(
        workspace=personas.workspace,
        upload=upload('../../etc/"evil"\r\nX: 1.png', solid_png(1, 1, (9, 9, 9))),
        by=None,
    )
    assert "/" not in file.original_name and '"' not in file.original_name
    assert "\r" not in file.original_name and "\n" not in file.original_name


@pytest.fixture
def photo(personas):
    return evidence_store(
        workspace=personas.workspace,
        upload=upload('拉链 "zip".png', solid_png(3, 3, (10, 200, 10))),
        by=personas.alice,
    )


def test_members_fetch_the_file_with_safe_headers(client, personas, photo):
    for user in (personas.alice, personas.bob):
        client.force_login(user)
        response = client.get(evidence_url(photo))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == evidence_path(photo.sha256).read_bytes()
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        disposition = response["Content-Disposition"]
        assert disposition.startswith("inline")
        assert '"zip"' not in disposition and "\n" not in disposition


def test_a_pdf_is_served_as_a_download(client, personas):
    pdf = evidence_store(workspace=personas.workspace, upload=upload("cert.pdf", PDF), by=None)
    client.force_login(personas.bob)
    response = client.get(evidence_url(pdf))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_outsiders_and_anonymous_users_get_nothing(client, personas, photo):
    url = evidence_url(photo)
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(personas.charlie)
    assert client.get(url).status_code == 404
    # nor through charlie's own workspace id with alice's file id
    other = reverse("evidence_file", args=[personas.charlie_workspace.pk, photo.pk])
    assert client.get(other).status_code == 404
