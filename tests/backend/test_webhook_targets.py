"""Seller webhooks go to public addresses only (issue 11, SSRF): an inward URL is refused when
the marketplace is loaded, and a name resolving inward is never connected to when sending."""

from __future__ import annotations

import dataclasses
import socket

import pytest
from aiohttp import web
from sqlalchemy import select

from backend.api.app import create_app
from backend.db import run_in_transaction
from backend.models import OutboxMessage, Seller
from backend.outbox import OutboxKind, write_message
from backend.webhook_targets import inward_host, is_private_address
from backend.workers import dispatch_once
from tests.backend.conftest import ADMIN
from tests.backend.marketplace_data import marketplace

INWARD = [
    "http://127.0.0.1:8000/api/admin/sweep",
    "http://localhost/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.7/hook",
    "http://192.168.1.1/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0/hook",
    "http://metadata.internal/hook",
]


@pytest.fixture
async def strict(aiohttp_client, settings):
    return await aiohttp_client(
        create_app(dataclasses.replace(settings, webhook_allow_private=False))
    )


@pytest.mark.parametrize("url", INWARD)
async def test_an_inward_webhook_url_is_refused_and_nothing_stored(strict, db, url):
    data = marketplace()
    data["sellers"][0]["webhook_url"] = url

    response = await strict.post("/api/admin/marketplace", json=data, headers=ADMIN)

    assert response.status == 422
    errors = (await response.json())["errors"]
    assert ("private_address", "sellers[0].webhook_url") in [
        (e["code"], e["field"]) for e in errors
    ]
    with db() as session:
        assert session.execute(select(Seller)).first() is None


def test_public_addresses_pass():
    assert not inward_host("https://hooks.acme.example/claims")
    assert not inward_host("https://93.184.216.34/hook")
    assert is_private_address("100.64.0.1")  # shared address space (carrier NAT)


async def test_a_webhook_resolving_inward_is_never_sent(settings, db, aiohttp_server, clock):
    """DNS rebinding: a name that resolves to 127.0.0.1 at sending time reaches nothing."""
    received = []

    async def handle(request: web.Request) -> web.Response:
        received.append(await request.read())
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/hook", handle)
    server = await aiohttp_server(app)
    # This machine's own name: no name check catches it, but it resolves inward.
    host = socket.gethostname()
    if not is_private_address(socket.getaddrinfo(host, None)[0][4][0]):
        pytest.skip(f"{host} resolves to a public address here")
    url = f"http://{host}:{server.port}/hook"

    def write(session):
        message = write_message(
            session, OutboxKind.SELLER_WEBHOOK, "claim.routed", url, {"n": 1}, None, clock.now
        )
        session.flush()
        return message.id

    message_id = run_in_transaction(db, write)
    strict = dataclasses.replace(settings, webhook_allow_private=False, webhook_max_attempts=1)

    report = await dispatch_once(db, strict)

    assert received == []
    assert report.delivered == 0
    with db() as session:
        assert session.get(OutboxMessage, message_id).status == "failed"
    # The same URL does reach the endpoint when inward addresses are allowed (development).
    run_in_transaction(db, write)
    allowed = await dispatch_once(db, dataclasses.replace(strict, webhook_allow_private=True))
    assert allowed.delivered == 1 and len(received) == 1
