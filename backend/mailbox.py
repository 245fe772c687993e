"""A local SMTP server that keeps every message it receives as a file: the demo's mail.

``make run`` starts it (``python -m backend mailbox``) on a loopback port and points
``CLAIMS_SMTP_URL`` at it, so the e-mails customers and sellers would get are written to
``var/mail/<timestamp>-<id>.eml`` (open them with any mail program, or read them as text) and
nothing leaves the machine. It accepts every message for every recipient and relays nothing.
"""

from __future__ import annotations

import secrets
import signal
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from backend.settings import REPO_ROOT

DEFAULT_MAIL_DIR = REPO_ROOT / "var" / "mail"


class Mailbox:
    """An aiosmtpd handler: each message, as received, into its own ``.eml`` file."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Store the message (aiosmtpd calls this once the client sent it whole)."""
        now = datetime.now(timezone.utc)
        name = f"{now:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(4)}.eml"
        partial = self.directory / f".{name}.part"
        partial.write_bytes(envelope.content)
        partial.rename(self.directory / name)  # a reader never sees half a message
        return "250 Message kept in the mailbox"

    def messages(self) -> list[Path]:
        """The stored messages, oldest first."""
        return sorted(self.directory.glob("*.eml"))


def mailbox_server(directory: Path, host: str, port: int) -> Controller:
    """An SMTP server on ``host:port`` storing messages under ``directory`` (call ``start``)."""
    return Controller(Mailbox(directory), hostname=host, port=port, enable_SMTPUTF8=True)


def serve_mailbox(directory: Path, host: str, port: int) -> None:
    """Run the mailbox until SIGINT or SIGTERM."""
    server = mailbox_server(directory, host, port)
    stopping = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stopping.set())
    server.start()
    print(f"mailbox: smtp://{host}:{port}, messages in {directory}", flush=True)
    try:
        stopping.wait()
    finally:
        server.stop()
