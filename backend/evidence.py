"""Evidence files: checked by what they contain, stored under their SHA-256, recorded in the DB.

The client's file name and declared type are never trusted: the type is read from the bytes
(``filetype``), and the file on disk is named by its digest, so no name can escape the directory.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path

import filetype
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.models import Evidence, PhotoHashBand
from backend.photos import hash_bands, photo_facts
from backend.references import new_evidence_id
from backend.refusals import EmptyFile, UnsupportedFile, UploadLimitReached

ACCEPTED_CONTENT_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"}
)
_UNSAFE_FILENAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._ -]+")


# PDF readers find "%PDF-" anywhere in a file's first 1024 bytes; these inside a PDF make it
# another kind of file too (a ZIP archive, a web page).
PDF_MAGIC = b"%PDF-"
PDF_HEADER_WINDOW = 1024
ARCHIVE_IN_PDF = b"PK\x03\x04"
MARKUP_IN_PDF = (b"<html", b"<script", b"<!doctype", b"<svg", b"<iframe")


def content_type_of(content: bytes) -> str:
    """The file's real type, read from its first bytes; refuses (415) anything not accepted,
    and (415 ``polyglot_file``) a file that is at once a PDF and something else."""
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ACCEPTED_CONTENT_TYPES:
        raise UnsupportedFile.single(
            "unsupported_file_type",
            "Please send a photo (JPEG, PNG, WebP or HEIC) or a PDF.",
            field="file",
        )
    if is_polyglot(content, kind.mime):
        raise UnsupportedFile.single(
            "polyglot_file",
            "This file is more than one kind of file at once; please send a plain photo or PDF.",
            field="file",
        )
    return kind.mime


def is_polyglot(content: bytes, mime: str) -> bool:
    """Whether a file of type ``mime`` also reads as another type: an image a PDF reader opens
    (``%PDF-`` in its first 1024 bytes), or a PDF carrying an archive, markup or data after its
    end."""
    if mime != "application/pdf":
        return PDF_MAGIC in content[:PDF_HEADER_WINDOW]
    lowered = content.lower()
    if not content.startswith(PDF_MAGIC) or ARCHIVE_IN_PDF in content:
        return True
    if any(marker in lowered for marker in MARKUP_IN_PDF):
        return True
    end = content.rfind(b"%%EOF")
    return end != -1 and bool(content[end + len(b"%%EOF") :].strip())


def sanitise_filename(filename: str | None) -> str | None:
    """The client's file name reduced to something safe to show (kept only as a label)."""
    if not filename:
        return None
    base = re.split(r"[\\/]", filename)[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE_FILENAME_CHARACTERS.sub("_", ascii_name).strip(" .")[:255]
    return cleaned or None


def write_content_addressed(directory: Path, content: bytes, sha256: str) -> Path:
    """Store ``content`` as ``directory/<sha256>`` (atomically; identical files are kept once)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / sha256
    if target.exists():
        return target
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def store_evidence(
    session: Session,
    directory: Path,
    content: bytes,
    filename: str | None,
    conversation_id: str | None,
    now: datetime,
    limits: tuple[int, int] | None = None,
    seller_id: str | None = None,
) -> Evidence:
    """Check, store and record an uploaded file (``seller_id``: the seller who uploaded it).

    ``limits``: (files, total bytes) one conversation may upload; past either, 429
    ``upload_limit_reached`` and nothing is written (so nobody fills the disk through one chat).
    """
    if not content:
        raise EmptyFile.single("empty_file", "The file is empty.", field="file")
    content_type = content_type_of(content)
    if conversation_id is not None and limits is not None:
        _within_conversation_limits(session, conversation_id, len(content), limits)
    sha256 = hashlib.sha256(content).hexdigest()
    write_content_addressed(directory, content, sha256)
    evidence = Evidence(
        id=new_evidence_id(),
        sha256=sha256,
        content_type=content_type,
        size=len(content),
        original_filename=sanitise_filename(filename),
        conversation_id=conversation_id,
        uploaded_at=now,
        uploaded_by_seller=seller_id,
    )
    if content_type.startswith("image/"):
        photo = photo_facts(content)
        evidence.perceptual_hash, evidence.taken_on = photo.perceptual_hash, photo.taken_on
    session.add(evidence)
    session.flush()
    if evidence.perceptual_hash:
        session.add_all(
            PhotoHashBand(evidence_id=evidence.id, band=band, value=value)
            for band, value in enumerate(hash_bands(evidence.perceptual_hash))
        )
    return evidence


def _within_conversation_limits(
    session: Session, conversation_id: str, size: int, limits: tuple[int, int]
) -> None:
    max_files, max_bytes = limits
    files, total = session.execute(
        select(func.count(Evidence.id), func.coalesce(func.sum(Evidence.size), 0)).where(
            Evidence.conversation_id == conversation_id
        )
    ).one()
    if files + 1 > max_files or total + size > max_bytes:
        raise UploadLimitReached.single(
            "upload_limit_reached",
            f"This conversation has uploaded all it may ({max_files} files, "
            f"{max_bytes // (1024 * 1024)} MB); ask an agent if you have more.",
            field="file",
        )
