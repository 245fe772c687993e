"""E-mail to customers and sellers, delivered by the outbox to a real SMTP server in this process
(the mailbox ``make run`` starts): sent once, retried while the server is down, safe to read."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from backend.api.app import create_app
from backend.clock import format_timestamp
from backend.db import make_engine, make_session_factory, run_in_transaction
from backend.mail import SmtpServer
from backend.mailbox import Mailbox, mailbox_server
from backend.outbox import OutboxKind, session_info, write_message
from backend.workers import dispatch_once
from tests.backend.conftest import ADMIN
from tests.backend.marketplace_data import DANA_EMAIL, marketplace
from tests.backend.seller_side import concession_claim, routed_claim

HOSTILE = "<script>alert('owned')</script> & <b>bold</b>"


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalMailServer:
    """The mailbox on a fixed loopback port, which a test can take down and bring back."""

    def __init__(self, directory: Path) -> None:
        self.port = spare_port()
        self.mailbox = Mailbox(directory)
        self.server = None

    def start(self) -> None:
        self.server = mailbox_server(self.mailbox.directory, "127.0.0.1", self.port)
        self.server.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def received(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in self.mailbox.messages()
        ]


@pytest.fixture
def mail_server(tmp_path) -> Iterator[LocalMailServer]:
    server = LocalMailServer(tmp_path / "mail")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(settings, mail_server):
    return dataclasses.replace(
        settings,
        smtp_url=f"smtp://127.0.0.1:{mail_server.port}",
        smtp_timeout_seconds=5,
        webhook_max_attempts=4,
    )


@pytest.fixture
async def desk(aiohttp_client, mail_settings):
    client = await aiohttp_client(create_app(mail_settings))
    response = await client.post("/api/admin/marketplace", json=marketplace(), headers=ADMIN)
    assert response.status == 200, await response.text()
    return client


async def dispatch(client) -> dict[str, int]:
    response = await client.post("/api/admin/outbox/dispatch", headers=ADMIN)
    assert response.status == 200
    return await response.json()


async def emails_about(client, reference: str) -> dict[str, dict]:
    """The claim's e-mails in the outbox, by kind."""
    response = await client.get("/api/admin/outbox", headers=ADMIN)
    return {
        message["kind"]: message
        for message in (await response.json())["messages"]
        if message["claim_reference"] == reference and message["kind"].endswith("_email")
    }


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


async def test_a_concession_emails_the_customer_and_the_seller_once_each(desk, mail_server):
    claim = await concession_claim(desk)
    reference = claim["reference"]
    waiting = await emails_about(desk, reference)
    assert {kind: m["status"] for kind, m in waiting.items()} == {
        "customer_email": "pending",
        "seller_email": "pending",
    }

    first = await dispatch(desk)
    again = await dispatch(desk)

    assert first["delivered"] >= 2 and again["claimed"] == 0
    delivered = await emails_about(desk, reference)
    assert {m["status"] for m in delivered.values()} == {"delivered"}
    received = {message["To"]: message for message in mail_server.received()}
    assert set(received) == {DANA_EMAIL, "hello@bare.example"}
    to_customer, to_seller = received[DANA_EMAIL], received["hello@bare.example"]
    assert to_customer["Subject"] == f"We received your claim {reference}"
    assert claim["decision"]["explanation"] in text_of(to_customer)
    assert to_seller["Subject"] == f"Claim {reference} was paid as a concession"
    assert "does not count against your order defect rate" in text_of(to_seller)
    for message in received.values():
        assert message["From"] == "Marketplace claims <claims@marketplace.example>"
        assert message["Message-ID"].startswith("<claims-outbox-")
        assert f"service message about claim {reference}" in text_of(message)
        assert reference in html_of(message)
        assert "List-Unsubscribe" not in message
    assert DANA_EMAIL not in to_seller.as_string()


async def test_emails_wait_while_the_mail_server_is_down_and_go_when_it_is_back(
    desk, mail_server, clock
):
    mail_server.stop()
    claim = await concession_claim(desk)

    down = await dispatch(desk)

    assert down["retrying"] >= 2 and down["delivered"] == 0
    waiting = await emails_about(desk, claim["reference"])
    for message in waiting.values():
        assert (message["status"], message["attempts"]) == ("pending", 1)
        assert "mail server did not take the e-mail" in message["last_error"]
    assert mail_server.received() == []

    mail_server.start()
    assert (await dispatch(desk))["claimed"] == 0  # not due yet: it waits its retry delay
    clock.advance(minutes=1)
    back = await dispatch(desk)

    assert back["delivered"] >= 2
    assert {m["status"] for m in (await emails_about(desk, claim["reference"])).values()} == {
        "delivered"
    }
    assert sorted(message["To"] for message in mail_server.received()) == [
        DANA_EMAIL,
        "hello@bare.example",
    ]


def queue_emails(sessions, now, count: int, **payload) -> list[int]:
    """Write and commit ``count`` seller e-mails, as claims' changes would."""

    def write(session):
        messages = [
            write_message(
                session,
                OutboxKind.SELLER_EMAIL,
                "claim.routed",
                payload.get("recipient", f"seller{n}@shop.example"),
                {
                    "topic": "claim.routed",
                    "at": format_timestamp(now),
                    "claim": {"reference": f"CLM-TEST{n:02d}", "status": "awaiting_seller"},
                    "subject": payload.get("subject", f"New claim {n}"),
                    "message": payload.get("message", f"Claim number {n}."),
                },
                None,
                now,
            )
            for n in range(count)
        ]
        session.flush()
        return [message.id for message in messages]

    return run_in_transaction(sessions, write)


async def test_two_dispatchers_at_once_send_every_email_exactly_once(
    mail_settings, mail_server, clock
):
    engines = [make_engine(mail_settings.database_url) for _ in range(2)]
    first, second = (
        make_session_factory(engine, session_info(mail_settings)) for engine in engines
    )
    try:
        queue_emails(first, clock(), count=12)

        reports = await asyncio.gather(
            dispatch_once(first, mail_settings, batch_size=4),
            dispatch_once(second, mail_settings, batch_size=4),
        )
    finally:
        for engine in engines:
            engine.dispose()

    assert sum(report.delivered for report in reports) == 12
    received = mail_server.received()
    assert len(received) == 12
    assert len({message["Message-ID"] for message in received}) == 12


async def test_customer_text_is_escaped_in_the_html_of_the_sellers_email(desk, mail_server):
    claim = await routed_claim(desk, narrative=f"the heater sparked {HOSTILE}")

    await dispatch(desk)

    (to_seller,) = [m for m in mail_server.received() if m["To"] == "claims@acme.example"]
    assert claim["reference"] in to_seller["Subject"]
    html = html_of(to_seller)
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt; &amp; &lt;b&gt;" in html
    assert HOSTILE in text_of(to_seller)  # the plain text shows it as written


async def test_a_line_break_in_a_subject_or_address_adds_no_header(
    desk, mail_settings, mail_server, clock
):
    engine = make_engine(mail_settings.database_url)
    sessions = make_session_factory(engine, session_info(mail_settings))
    try:
        queue_emails(sessions, clock(), count=1, subject="Hi\r\nBcc: thief@evil.example")
        (hostile_address,) = queue_emails(
            sessions,
            clock(),
            count=1,
            recipient="seller@shop.example\r\nBcc: thief@evil.example",
        )
    finally:
        engine.dispose()

    report = await dispatch(desk)

    assert (report["delivered"], report["retrying"]) == (1, 1)
    (received,) = mail_server.received()
    assert received["Subject"] == "Hi Bcc: thief@evil.example"
    assert "Bcc" not in received and received["To"] == "seller0@shop.example"
    listing = await desk.get("/api/admin/outbox?kind=seller_email", headers=ADMIN)
    refused = next(m for m in (await listing.json())["messages"] if m["id"] == hostile_address)
    assert "is not one e-mail address" in refused["last_error"]


async def test_without_a_mail_server_emails_are_recorded_not_sent(loaded, mail_server):
    claim = await concession_claim(loaded)

    await dispatch(loaded)

    assert {m["status"] for m in (await emails_about(loaded, claim["reference"])).values()} == {
        "recorded"
    }
    assert mail_server.received() == []


def test_the_smtp_url_names_the_server_its_credentials_and_its_tls():
    plain = SmtpServer.from_url("smtp://claims%40shop.example:p%3Ass@mail.example:587")
    assert (plain.hostname, plain.port, plain.username, plain.password) == (
        "mail.example",
        587,
        "claims@shop.example",
        "p:ss",
    )
    assert (plain.use_tls, plain.start_tls) == (False, None)
    assert SmtpServer.from_url("smtp://mail.example?starttls=require").start_tls is True
    assert SmtpServer.from_url("smtp://mail.example?starttls=never").start_tls is False
    secure = SmtpServer.from_url("smtps://mail.example")
    assert (secure.port, secure.use_tls, secure.start_tls) == (465, True, False)
    for wrong in ("http://mail.example", "smtp://", "smtp://mail.example?starttls=maybe"):
        with pytest.raises(ValueError):
            SmtpServer.from_url(wrong)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_the_backend_signs_in_to_a_server_that_asks_for_a_password(tmp_path, settings, clock):
    def authenticate(server, session, envelope, mechanism, auth_data):
        known = (auth_data.login, auth_data.password) == (b"claims@shop.example", b"p:ss")
        return AuthResult(success=known)

    port = spare_port()
    mailbox = Mailbox(tmp_path / "mail")
    server = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        auth_required=True,
        auth_require_tls=False,  # a test on loopback; real servers ask for TLS first
        authenticator=authenticate,
    )
    server.start()
    engine = make_engine(settings.database_url)
    try:
        outcomes = {}
        for password in ("wrong", "p%3Ass"):
            signed_in = dataclasses.replace(
                settings, smtp_url=f"smtp://claims%40shop.example:{password}@127.0.0.1:{port}"
            )
            sessions = make_session_factory(engine, session_info(signed_in))
            queue_emails(sessions, clock(), count=1)
            outcomes[password] = await dispatch_once(sessions, signed_in)
            clock.advance(hours=1)
    finally:
        engine.dispose()
        server.stop()

    assert (outcomes["wrong"].delivered, outcomes["wrong"].retrying) == (0, 1)
    assert outcomes["p%3Ass"].delivered == 2  # the first one's retry too, now signed in
    assert len(mailbox.messages()) == 2
