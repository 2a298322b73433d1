"""A damaged cost-settings .zip (bad CRC, lying size, broken deflate): a form error, not a 500."""

from __future__ import annotations

import io
import struct
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daifa.costs.models import CostProfile

MY_LINES = (
    "id,name_zh,max_weight_g,destination,per_kg_cny,registration_cny,"
    "transit_days_min,transit_days_max\n"
    "yunexpress,我的云途,2000,US,88,19,6,10\n"
)


def _zip(method: int = zipfile.ZIP_STORED, text: str = MY_LINES) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("lines.csv", text)
    return bytearray(buffer.getvalue())


def bad_crc() -> bytes:
    data = _zip()
    start = 30 + len("lines.csv")  # the stored member's bytes follow its local header
    data[start + 10] ^= 0x01
    return bytes(data)


def lying_size() -> bytes:
    # Declares 100 bytes, holds 5 MB of deflated zeros (the probe's "lying file_size").
    data = _zip(zipfile.ZIP_DEFLATED, "0" * (5 << 20))
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(header) + offset
        data[at : at + 4] = struct.pack("<I", 100)
    return bytes(data)


def broken_deflate() -> bytes:
    data = _zip(zipfile.ZIP_DEFLATED, MY_LINES * 20)
    start = 30 + len("lines.csv")
    data[start : start + 8] = b"\xff" * 8
    return bytes(data)


@pytest.mark.parametrize("archive", [bad_crc, lying_size, broken_deflate])
@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "“lines.csv” in the .zip is damaged"), ("zh-hans", "压缩包中的“lines.csv”已损坏")],
)
def test_a_damaged_zip_is_a_clear_form_error(client, personas, archive, lang, text):
    client.force_login(personas.alice)
    response = client.post(
        reverse("costs:upload", args=[personas.workspace.pk]),
        {"file": SimpleUploadedFile("costs.zip", archive()), "kind": ""},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert response.status_code == 200
    assert text in unescape(response.content.decode())
    assert not CostProfile.objects.exists()
