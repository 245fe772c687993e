"""Uploading evidence (multipart ``file`` plus optional ``conversation_id``).

The assistant's service token may upload for any conversation; a web chat's conversation token
only for its own (the conversation id may be left out: the token's is used); a seller's own key
(defence files, insurance proof) for none.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from backend.api.inputs import text_parameter, too_large
from backend.appkeys import SESSIONS, SETTINGS
from backend.auth import evidence_uploader
from backend.db import in_transaction
from backend.errors import ApiError
from backend.evidence import store_evidence

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
