"""Files a customer sends on a messaging channel, fetched and kept in the claims evidence store.

Both connectors use this: download the attachment (size-limited, with a timeout), upload it to
`POST {CLAIMS_BACKEND_URL}/api/evidence` with the service token, and get back its evidence id, or
a kind sentence for the customer when the file cannot be kept.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field

import aiohttp

logger = logging.getLogger(__name__)

DEFAULT_BACKEND_URL = "http://127.0.0.1:8000"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = aiohttp.ClientTimeout(total=60, sock_connect=10)
# What the evidence store accepts (it checks the bytes; this only spares downloading a voice note).
ACCEPTED_DECLARED_TYPES = ("image/", "application/pdf")
WRONG_TYPE = "Please send a photo (JPEG, PNG, WebP or HEIC) or a PDF."


@dataclass(frozen=True)
class Attachment:
    """A file the customer sent, not fetched yet."""

    url: str = field(repr=False)  # a Telegram file URL holds the bot's token: never log it
    label: str  # how to name it to the customer: "your photo", "invoice.pdf"
    filename: str | None = None
    declared_type: str | None = None
    declared_size: int | None = None
    auth: aiohttp.BasicAuth | None = None


@dataclass
class Collected:
    """What became of a message's attachments: the ids kept and a sentence per file refused."""

    evidence_ids: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


class AttachmentRefused(Exception):
    """A file that cannot be kept; the message is a kind sentence for the customer."""


@dataclass(frozen=True)
class EvidenceStore:
    """The backend's evidence store, as the bot process reaches it."""

    backend_url: str = DEFAULT_BACKEND_URL
    service_token: str = ""
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def from_environment(cls) -> EvidenceStore:
        """Read CLAIMS_BACKEND_URL, CLAIMS_SERVICE_TOKEN and CLAIMS_EVIDENCE_MAX_BYTES."""
        return cls(
            backend_url=os.environ.get("CLAIMS_BACKEND_URL", DEFAULT_BACKEND_URL).rstrip("/"),
            service_token=os.environ.get("CLAIMS_SERVICE_TOKEN", ""),
            max_bytes=int(os.environ.get("CLAIMS_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)),
        )

    def too_large(self, label: str) -> AttachmentRefused:
        megabytes = self.max_bytes / (1024 * 1024)
        return AttachmentRefused(
            f"Sorry, I couldn't keep {label}: it is larger than {megabytes:g} MB. "
            "Could you send a smaller photo or a PDF?"
        )

    async def collect(self, attachments: list[Attachment], conversation_id: str) -> Collected:
        """Fetch and store each attachment; a refused file never stops the others."""
        collected = Collected()
        if not attachments:
            return collected
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            for attachment in attachments:
                try:
                    content = await self.fetch(session, attachment)
                    evidence_id = await self.upload(session, attachment, content, conversation_id)
                except AttachmentRefused as refusal:
                    collected.refusals.append(str(refusal))
                else:
                    collected.evidence_ids.append(evidence_id)
        return collected

    async def fetch(self, session: aiohttp.ClientSession, attachment: Attachment) -> bytes:
        """The attachment's bytes, refusing a wrong type or an oversized file before it is read."""
        declared = (attachment.declared_type or "").lower()
        if declared and not declared.startswith(ACCEPTED_DECLARED_TYPES):
            raise AttachmentRefused(f"Sorry, I couldn't keep {attachment.label}. {WRONG_TYPE}")
        if attachment.declared_size and attachment.declared_size > self.max_bytes:
            raise self.too_large(attachment.label)
        try:
            async with session.get(attachment.url, auth=attachment.auth) as response:
                if response.status != 200:
                    # The label, never the URL: a Telegram file URL holds the bot's token.
                    logger.error("Fetching %s answered %s", attachment.label, response.status)
                    raise could_not_fetch(attachment.label)
                if (response.content_length or 0) > self.max_bytes:
                    raise self.too_large(attachment.label)
                content = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    content += chunk
                    if len(content) > self.max_bytes:
                        raise self.too_large(attachment.label)
                return bytes(content)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Fetching %s failed: %s", attachment.label, type(error).__name__)
            raise could_not_fetch(attachment.label) from error

    async def upload(
        self,
        session: aiohttp.ClientSession,
        attachment: Attachment,
        content: bytes,
        conversation_id: str,
    ) -> str:
        """Store the file in the evidence store; return its evidence id."""
        form = aiohttp.FormData()
        form.add_field("conversation_id", conversation_id)
        form.add_field(
            "file",
            content,
            filename=attachment.filename or "attachment",
            content_type=attachment.declared_type or "application/octet-stream",
        )
        headers = {"Authorization": f"Bearer {self.service_token}"}
        try:
            async with session.post(
                f"{self.backend_url}/api/evidence", data=form, headers=headers
            ) as response:
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.error("Uploading evidence failed: %r", error)
            raise _could_not_store(attachment.label) from error
        if response.status == 201:
            return body["id"]
        if response.status == 413:
            raise self.too_large(attachment.label)
        if response.status in (415, 422):
            reason = _first_error_message(body) or WRONG_TYPE
            raise AttachmentRefused(f"Sorry, I couldn't keep {attachment.label}. {reason}")
        logger.error("The evidence store answered %s: %s", response.status, body)
        raise _could_not_store(attachment.label)


def message_text(text: str | None, evidence_ids: list[str]) -> str:
    """The text Rasa gets: the caption, or "📎 <n> file(s)" when the customer sent only files."""
    if text and text.strip():
        return text
    count = len(evidence_ids)
    return f"📎 {count} file" if count == 1 else f"📎 {count} files"


def _first_error_message(body: object) -> str | None:
    try:
        return body["errors"][0]["message"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None


def could_not_fetch(label: str) -> AttachmentRefused:
    """The kind refusal of a file that could not be downloaded (or may not be)."""
    return AttachmentRefused(
        f"Sorry, I couldn't download {label}. Could you send it again in a moment?"
    )


def _could_not_store(label: str) -> AttachmentRefused:
    return AttachmentRefused(
        f"Sorry, I couldn't save {label} just now. Could you send it again in a moment?"
    )
