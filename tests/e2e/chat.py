"""A customer on Rasa's REST channel, and the backend calls a test makes to check the outcome."""

from __future__ import annotations

import json
import struct
import urllib.request
import uuid
import zlib
from dataclasses import dataclass, field

from stack import Stack

# The staff account the end-to-end tests' agent signs in with (tests/e2e/conftest.py creates it).
AGENT, AGENT_PASSWORD = "Alex", "alex-e2e-password"


def http(method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple:
    """One HTTP call; returns (status, parsed JSON body)."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@dataclass
class Chat:
    """One conversation: send a message, read the assistant's replies."""

    stack: Stack
    sender: str
    transcript: list[tuple[str, list[dict]]] = field(default_factory=list)

    def say(self, message: str, **metadata) -> list[dict]:
        """Send one customer message; return the assistant's replies (text and buttons)."""
        payload = {"sender": self.sender, "message": message, "metadata": metadata}
        status, replies = http(
            "POST",
            f"http://127.0.0.1:{self.stack.ports.rasa}/webhooks/rest/webhook",
            json.dumps(payload).encode(),
            {
                "Content-Type": "application/json",
                # The REST channel is a trusted integration: it needs the service token.
                "Authorization": f"Bearer {self.stack.env['CLAIMS_SERVICE_TOKEN']}",
            },
        )
        assert status == 200, replies
        self.transcript.append((message, replies))
        return replies

    def text(self, replies: list[dict]) -> str:
        return "\n".join(reply.get("text", "") for reply in replies)

    def backend(self, method: str, path: str, token: str = "CLAIMS_ADMIN_TOKEN", **kwargs) -> tuple:
        """Call the backend as the admin (or another role) would."""
        headers = {"Authorization": f"Bearer {self.stack.env[token]}", **kwargs.pop("headers", {})}
        url = f"http://127.0.0.1:{self.stack.ports.backend}{path}"
        return http(method, url, kwargs.get("body"), headers)

    def upload_evidence(
        self, content: bytes, filename: str, content_type: str, seller_key: str | None = None
    ) -> str:
        """Upload a file as the web chat would (or, with `seller_key`, as that seller does, for
        no conversation); return its evidence id."""
        boundary = uuid.uuid4().hex
        conversation = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="conversation_id"\r\n\r\n'
            f"{self.sender}\r\n"
        )
        body = (
            (
                ("" if seller_key else conversation)
                + f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        if seller_key:
            headers["Authorization"] = f"Bearer {seller_key}"
        status, evidence = self.backend(
            "POST", "/api/evidence", token="CLAIMS_SERVICE_TOKEN", body=body, headers=headers
        )
        assert status == 201, evidence
        return evidence["id"]


def png_image() -> bytes:
    """A real 1x1 PNG, as a phone camera upload would be (in miniature), and like two real
    photos never the same file twice: screening flags one file on two customers' claims."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + uuid.uuid4().hex.encode())
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
