"""Uploading evidence (multipart ``file`` plus optional ``conversation_id``).

The assistant's service token may upload for any conversation; a web chat's conversation token
only for its own (the conversation id may be left out: the token's is used); a seller's own key
(defence files, insurance proof) for none. Staff open any file, a seller those of its claims
and its own (``GET /api/evidence/{id}``), by id: where files lie on disk is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.api.auth import evidence_reader, evidence_uploader
from backend.api.errors import ApiError
from backend.api.inputs import text_parameter, too_large
from backend.db import in_transaction
from backend.evidence import store_evidence
from backend.evidence_access import readable_evidence

# Room for the multipart boundaries and headers around the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
CONVERSATION_ID_MAX_LENGTH = 255
routes = web.RouteTableDef()


@dataclass(frozen=True)
class Upload:
    """What a multipart upload carried."""

    content: bytes
    filename: str | None
    conversation_id: str | None


async def _read_part(part: BodyPartReader, limit: int) -> bytes:
    """A part's content, refusing (413) as soon as it exceeds ``limit`` bytes."""
    content = bytearray()
    while chunk := await part.read_chunk():
        content += chunk
        if len(content) > limit:
            raise too_large(limit)
    return bytes(content)


async def _read_upload(request: web.Request, limit: int) -> Upload:
    """The ``file`` and ``conversation_id`` parts of a multipart body; other parts are skipped."""
    content: bytes | None = None
    filename: str | None = None
    conversation_id: str | None = None
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue  # nested multipart: not something we asked for
        if part.name == "file" and content is None:
            filename = part.filename
            content = await _read_part(part, limit)
        elif part.name == "conversation_id":
            raw = await _read_part(part, CONVERSATION_ID_MAX_LENGTH * 4)
            text = raw.decode("utf-8", errors="replace").strip()[:CONVERSATION_ID_MAX_LENGTH]
            conversation_id = text_parameter(text, "conversation_id") or None
        else:
            await part.release()
    if content is None:
        raise ApiError.single(
            422, "required", "A file is required (multipart field 'file').", field="file"
        )
    return Upload(content, filename, conversation_id)


@routes.post("/api/evidence")
async def post_evidence(request: web.Request) -> web.Response:
    """Store an uploaded photo or PDF: 201 with its id, digest, type and size."""
    uploader = await evidence_uploader(request)
    token_conversation = uploader.conversation_id
    settings = request.app[SETTINGS]
    limit = settings.evidence_max_bytes
    if (request.content_length or 0) > limit + MULTIPART_OVERHEAD_BYTES:
        raise too_large(limit)
    if request.content_type != "multipart/form-data":
        raise ApiError.single(
            415, "unsupported_media_type", "Send the file as multipart/form-data."
        )
    try:
        upload = await _read_upload(request, limit)
    except (ValueError, HttpProcessingError):
        raise ApiError.single(
            400, "malformed_multipart", "The multipart body is malformed."
        ) from None
    conversation_id = upload.conversation_id
    if token_conversation is not None:
        if conversation_id not in (None, token_conversation):
            raise ApiError.single(
                403,
                "forbidden",
                "This token may only upload to its own conversation.",
                field="conversation_id",
            )
        conversation_id = token_conversation
    if uploader.seller_id is not None and conversation_id is not None:
        raise ApiError.single(
            403,
            "forbidden",
            "A seller's files belong to no conversation.",
            field="conversation_id",
        )
    now = settings.clock()
    evidence = await in_transaction(
        request.app[SESSIONS],
        lambda session: store_evidence(
            session,
            settings.evidence_dir,
            upload.content,
            upload.filename,
            conversation_id,
            now,
            (settings.conversation_max_files, settings.conversation_max_bytes),
            seller_id=uploader.seller_id,
        ),
    )
    return web.json_response(
        {
            "id": evidence.id,
            "sha256": evidence.sha256,
            "content_type": evidence.content_type,
            "size": evidence.size,
        },
        status=201,
    )


# Shown inline by the browser (photos, PDFs), never sniffed into another type, never cached.
_FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
}
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
}


@routes.get("/api/evidence/{evidence_id}")
async def get_evidence(request: web.Request) -> web.Response:
    """The file itself, with its content type: 404 when the caller may not see it or there is
    none; 410 when it was forgotten under the retention rule."""
    seller_id = await evidence_reader(request)
    evidence_id = request.match_info["evidence_id"]
    evidence = await in_transaction(
        request.app[SESSIONS], lambda session: readable_evidence(session, evidence_id, seller_id)
    )
    if evidence is None:
        raise ApiError.single(404, "not_found", "No such file.")
    stored = request.app[SETTINGS].evidence_dir / evidence.sha256
    try:
        content = stored.read_bytes()
    except FileNotFoundError:
        raise ApiError.single(
            410, "evidence_forgotten", "The file was deleted under the retention rule."
        ) from None
    extension = _EXTENSIONS.get(evidence.content_type, "")
    return web.Response(
        body=content,
        content_type=evidence.content_type,
        headers={
            **_FILE_HEADERS,
            "Content-Disposition": f'inline; filename="{evidence.id}{extension}"',
        },
    )
