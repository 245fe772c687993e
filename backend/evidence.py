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
from sqlalchemy.orm import Session

from backend.errors import ApiError
from backend.models import Evidence
from backend.references import new_evidence_id

ACCEPTED_CONTENT_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"}
)
_UNSAFE_FILENAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._ -]+")


def content_type_of(content: bytes) -> str:
    """The file's real type, read from its first bytes; refuses (415) anything not accepted."""
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ACCEPTED_CONTENT_TYPES:
        raise ApiError.single(
            415,
            "unsupported_file_type",
            "Please send a photo (JPEG, PNG, WebP or HEIC) or a PDF.",
            field="file",
        )
    return kind.mime


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
) -> Evidence:
    """Check, store and record an uploaded file."""
    if not content:
        raise ApiError.single(422, "empty_file", "The file is empty.", field="file")
    content_type = content_type_of(content)
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
    )
    session.add(evidence)
    session.flush()
    return evidence
