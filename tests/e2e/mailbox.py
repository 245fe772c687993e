"""The e-mail a running stack delivered: the .eml files its mailbox keeps (Stack.mail_dir)."""

from __future__ import annotations

import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

# The outbox delivers in the background, retrying: how long a message may take to arrive.
DELIVERY_SECONDS = 60


def delivered(folder: Path, to: str, subject: str) -> EmailMessage:
    """The one message to `to` whose subject contains `subject`, once the mailbox kept it."""
    deadline = time.monotonic() + DELIVERY_SECONDS
    while True:
        found = [
            message
            for message in map(_read, sorted(folder.glob("*.eml")))
            if message["To"] == to and subject in message["Subject"]
        ]
        if found or time.monotonic() > deadline:
            assert len(found) == 1, f"{len(found)} messages to {to} about {subject!r} in {folder}"
            return found[0]
        time.sleep(0.5)


def _read(path: Path) -> EmailMessage:
    with path.open("rb") as file:
        return BytesParser(policy=policy.default).parse(file)
