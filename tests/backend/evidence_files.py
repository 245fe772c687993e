"""Small files for evidence tests, built byte by byte, and photographs drawn with Pillow."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png() -> bytes:
    """A valid 1x1 PNG."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + _png_chunk(b"IEND", b"")
    )


def jpeg(padding: int = 64) -> bytes:
    """A JPEG (JFIF) header, ``padding`` bytes of data and the end marker."""
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + bytes(padding)
        + b"\xff\xd9"
    )


def pdf() -> bytes:
    """A minimal PDF."""
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def webp() -> bytes:
    """A WebP (RIFF/VP8) header."""
    return b"RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00" + bytes(14)


def heic() -> bytes:
    """An HEIC (ISO BMFF ftyp heic) header."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(32)


def windows_executable() -> bytes:
    """The start of a Windows .exe (MZ header)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(64)


def zip_archive() -> bytes:
    """The start of a ZIP archive."""
    return b"PK\x03\x04" + bytes(40)


def photograph(size: int = 256, taken: str | None = None, quality: int = 90) -> bytes:
    """A JPEG of one picture (a few shapes on a gradient): the same picture at every size and
    quality; ``taken`` ("2026:09:01 10:00:00") is written as its camera date."""
    picture = Image.new("RGB", (256, 256))
    draw = ImageDraw.Draw(picture)
    for step in range(256):
        draw.line([(step, 0), (step, 255)], fill=(step, 80, 255 - step))
    draw.ellipse((40, 40, 150, 150), fill=(250, 240, 20))
    draw.rectangle((150, 160, 230, 230), fill=(10, 10, 10))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[36867] = taken
    out = io.BytesIO()
    picture.resize((size, size)).save(out, "JPEG", quality=quality, exif=exif)
    return out.getvalue()
