"""E-mail to customers and sellers: an outbox message written as a MIME e-mail and sent over SMTP.

The outbox dispatcher calls ``deliver_email`` once per attempt. The e-mail has a plain-text and an
HTML body (every text from the claim is escaped in the HTML), a transactional footer naming the
claim's reference (nothing to unsubscribe from), and a Message-ID made from the outbox message's
id: every attempt at one message sends the same e-mail, so a repeat after a crash (sent, but not
yet marked delivered) is recognisably the same message to mail servers and readers.

``CLAIMS_SMTP_URL`` names the server: ``smtp://user:password@host:port`` (STARTTLS when the server
offers it; ``?starttls=require`` insists on it, ``?starttls=never`` never uses it) or
``smtps://...`` (TLS from the start). User and password are optional and percent-encoded.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

from backend.clock import parse_timestamp
from backend.money import format_dollars
from backend.settings import Settings

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
STARTTLS_CHOICES = {"require": True, "never": False, "auto": None}
TOPIC_HEADER = "X-Claims-Topic"
MESSAGE_ID_HEADER = "X-Claims-Message-Id"

# The claim's facts an e-mail lists, in this order, under these labels (the payload holds what the
# recipient may read: the seller's never names the customer).
FACT_LABELS = (
    ("reference", "Claim"),
    ("order_id", "Order"),
    ("sku", "Item"),
    ("incident_date", "Date of the incident"),
    ("claimed_total", "Amount claimed"),
    ("seller_response_due", "Seller's response due"),
    ("defect_description", "What the customer reports"),
)


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to hand e-mails over."""

    hostname: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False  # smtps: TLS from the first byte
    start_tls: bool | None = None  # None: upgrade when the server offers STARTTLS

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Read ``smtp://user:password@host:port?starttls=require`` (or ``smtps://``)."""
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError("CLAIMS_SMTP_URL must look like smtp://user:password@host:port")
        starttls = parse_qs(parts.query).get("starttls", ["auto"])[-1]
        if starttls not in STARTTLS_CHOICES:
            raise ValueError("CLAIMS_SMTP_URL's starttls must be require, never or auto")
        return cls(
            hostname=parts.hostname,
            port=parts.port or DEFAULT_PORTS[parts.scheme],
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=parts.scheme == "smtps",
            start_tls=False if parts.scheme == "smtps" else STARTTLS_CHOICES[starttls],
        )


def message_id(outbox_id: int, sender: str) -> str:
    """The e-mail's Message-ID: the same for every attempt at outbox message ``outbox_id``."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"<claims-outbox-{outbox_id}@{domain}>"


def one_line(text: str) -> str:
    """``text`` with every line break and run of spaces made one space (safe in a header)."""
    return " ".join(text.split())


def is_plain_address(text: str) -> bool:
    """Whether ``text`` is exactly one bare address (no name, no second address, no spaces)."""
    return parseaddr(text)[1] == text and "@" in text and len(text.split()) == 1 and "," not in text


def compose(outbox_id: int, recipient: str, payload: dict[str, Any], sender: str) -> EmailMessage:
    """The e-mail for an outbox message; ``ValueError`` when its recipient is no address."""
    claim = payload.get("claim") or {}
    reference = claim.get("reference", "")
    if not is_plain_address(recipient):
        raise ValueError(f"{recipient!r} is not one e-mail address")
    email = EmailMessage()
    email["From"] = sender
    email["To"] = recipient
    email["Subject"] = one_line(payload.get("subject") or f"Your claim {reference}")
    email["Date"] = format_datetime(parse_timestamp(payload["at"]))
    email["Message-ID"] = message_id(outbox_id, sender)
    email["Auto-Submitted"] = "auto-generated"
    email[TOPIC_HEADER] = one_line(payload.get("topic", ""))
    email[MESSAGE_ID_HEADER] = str(outbox_id)
    if claim.get("status") != "awaiting_seller":
        claim = {**claim, "seller_response_due": None}  # past: no deadline to show
    facts = [(label, _fact(key, claim[key])) for key, label in FACT_LABELS if claim.get(key)]
    text, footer = payload.get("message", ""), _footer(reference)
    email.set_content(
        "\n".join([text, "", *(f"{label}: {value}" for label, value in facts), "", "-- ", footer])
        + "\n"
    )
    email.add_alternative(_html(text, facts, footer), subtype="html")
    return email


def _fact(key: str, value: Any) -> str:
    if key == "claimed_total":
        return format_dollars(Decimal(value))
    if key == "seller_response_due":
        moment = parse_timestamp(value)
        return f"{moment.day} {moment:%B %Y, %H:%M} UTC"
    return str(value)


def _footer(reference: str) -> str:
    return (
        f"This is a service message about claim {reference}, sent because the claim concerns "
        "you; it is not a newsletter and there is nothing to unsubscribe from. Please quote "
        f"{reference} when you write to us."
    )


def _html(text: str, facts: list[tuple[str, str]], footer: str) -> str:
    """The HTML body: the same words, every one of them escaped."""
    rows = "".join(
        f"<tr><th align='left'>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
        for label, value in facts
    )
    return (
        "<!DOCTYPE html><html><body>"
        f"<p>{html.escape(text)}</p>"
        f"<table>{rows}</table>"
        f"<hr><p style='color:#555;font-size:small'>{html.escape(footer)}</p>"
        "</body></html>\n"
    )


async def deliver_email(
    settings: Settings, outbox_id: int, recipient: str, payload: dict[str, Any]
) -> str | None:
    """Send the outbox message's e-mail; ``None`` when the server took it, else why not."""
    if not settings.smtp_url:
        return "no mail server is configured (CLAIMS_SMTP_URL)"
    server = SmtpServer.from_url(settings.smtp_url)
    try:
        email = compose(outbox_id, recipient, payload, settings.mail_from)
    except ValueError as error:
        return f"cannot write the e-mail: {error}"
    try:
        await aiosmtplib.send(
            email,
            sender=parseaddr(settings.mail_from)[1],
            recipients=[recipient],
            hostname=server.hostname,
            port=server.port,
            username=server.username,
            password=server.password,
            use_tls=server.use_tls,
            start_tls=server.start_tls,
            timeout=settings.smtp_timeout_seconds,
        )
    except (aiosmtplib.SMTPException, OSError) as error:
        return f"the mail server did not take the e-mail: {error.__class__.__name__}: {error}"
    return None
