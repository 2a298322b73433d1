"""Minimal valid PNG images written with zlib and struct (no imaging library is
installed): the demo's sample-test photos and the tests' uploads."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def solid_png(width: int, height: int, rgb: tuple[int, int, int], *, stripe: int = 0) -> bytes:
    """A ``width`` x ``height`` RGB image of one colour; ``stripe`` > 0 darkens every
    ``stripe``-th row, so two photos of the same colour still differ in bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    dark = tuple(max(0, c - 60) for c in rgb)
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        colour = dark if stripe and y % stripe == 0 else rgb
        raw.extend(bytes(colour) * width)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _chunk(b"IEND", b"")
    )
