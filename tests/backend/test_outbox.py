"""The outbox dispatcher: seller webhooks delivered to a real local HTTP endpoint, signed, retried
with backoff, never lost when a process dies, never held by two dispatchers at once."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta

import pytest
from aiohttp import web
from sqlalchemy import select

from backend.__main__ import main
from backend.api.app import create_app
from backend.clock import format_timestamp
from backend.db import make_engine, make_session_factory, run_in_transaction
from backend.models import OutboxMessage
from backend.outbox import OutboxKind, claim_batch, lease, write_message
from backend.workers import dispatch_once, work
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.marketplace_data import DANA_EMAIL, claim_body, marketplace

SECRET = "test-webhook-secret"
HOOK_PATH = "/hooks/claims"


class FakeSellerEndpoint:
    """A seller's webhook receiver: fails the first ``failures`` requests, can be slow."""

    def __init__(self, failures: int = 0, delay: float = 0.0) -> None:
        self.failures = failures
        self.delay = delay
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.peers: list[tuple[str, int]] = []  # the connection each request came on

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append((dict(request.headers), await request.read()))
        self.peers.append(request.transport.get_extra_info("peername"))
        if self.delay:
            await asyncio.sleep(self.delay)
        if len(self.received) <= self.failures:
            return web.Response(status=500, text="down for maintenance")
        return web.Response(status=200)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(HOOK_PATH, self.handle)
        return app

    @property
    def message_ids(self) -> list[str]:
        return [headers["X-Claims-Message-Id"] for headers, _ in self.received]


@pytest.fixture
def outbox_settings(settings):
    """Signed webhooks, a 1-second timeout, 4 attempts, no periodic dispatcher."""
    return dataclasses.replace(
        settings,
        webhook_secret=SECRET,
        webhook_timeout_seconds=1,
        webhook_max_attempts=4,
        outbox_dispatch_seconds=0,
    )


@pytest.fixture
async def desk(aiohttp_client, outbox_settings):
    return await aiohttp_client(create_app(outbox_settings))


async def seller_url(aiohttp_server, endpoint: FakeSellerEndpoint) -> str:
    server = await aiohttp_server(endpoint.app())
    return str(server.make_url(HOOK_PATH))


def queue_webhooks(db, url: str, now, count: int = 1) -> list[int]:
    """Write and commit ``count`` webhook messages, as a claim's change would."""

    def write(session):
        messages = [
            write_message(
                session,
                OutboxKind.SELLER_WEBHOOK,
                "claim.routed",
                url,
                {"topic": "claim.routed", "at": format_timestamp(now), "n": n},
                None,
                now,
            )
            for n in range(count)
        ]
        session.flush()
        return [message.id for message in messages]

    return run_in_transaction(db, write)


def stored(db, message_id: int) -> OutboxMessage:
    with db() as session:
        return session.get(OutboxMessage, message_id)


async def test_a_claims_webhook_is_signed_and_delivered_through_the_admin_api(
    desk, aiohttp_server, clock
):
    endpoint = FakeSellerEndpoint()
    data = marketplace()
    data["sellers"][0]["webhook_url"] = await seller_url(aiohttp_server, endpoint)
    assert (await desk.post("/api/admin/marketplace", json=data, headers=ADMIN)).status == 200
    filed = await desk.post("/api/claims", json=claim_body(), headers=SERVICE)
    reference = (await filed.json())["reference"]

    response = await desk.post("/api/admin/outbox/dispatch", headers=ADMIN)

    assert response.status == 200
    assert await response.json() == {
        "claimed": 1,
        "delivered": 1,
        "retrying": 0,
        "failed": 0,
        "kept": 0,
    }
    [(headers, body)] = endpoint.received
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Claims-Signature"] == expected
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Claims-Topic"] == "claim.concession_paid"
    payload = json.loads(body)
    assert payload["topic"] == "claim.concession_paid"
    assert payload["at"] == format_timestamp(clock.now)
    assert payload["claim"]["reference"] == reference
    assert payload["claim"]["claimed_total"] == "350.00"
    assert DANA_EMAIL not in body.decode()
    listing = await desk.get("/api/admin/outbox?kind=seller_webhook", headers=ADMIN)
    [message] = (await listing.json())["messages"]
    assert headers["X-Claims-Message-Id"] == str(message["id"])
    assert (message["status"], message["attempts"], message["claim_reference"]) == (
        "delivered",
        1,
        reference,
    )
    assert message["delivered_at"] == format_timestamp(clock.now)
    assert message["locked_until"] is None


async def test_a_failing_endpoint_is_retried_with_growing_jittered_delays_until_it_answers(
    aiohttp_server, db, outbox_settings, clock
):
    endpoint = FakeSellerEndpoint(failures=2)
    [message_id] = queue_webhooks(db, await seller_url(aiohttp_server, endpoint), clock.now)

    first = await dispatch_once(db, outbox_settings)
    after_first = stored(db, message_id)
    too_soon = await dispatch_once(db, outbox_settings)
    clock.now = after_first.next_attempt_at
    second = await dispatch_once(db, outbox_settings)
    after_second = stored(db, message_id)
    clock.now = after_second.next_attempt_at
    third = await dispatch_once(db, outbox_settings)

    assert (first.retrying, too_soon.claimed, second.retrying, third.delivered) == (1, 0, 1, 1)
    assert after_first.status == "pending" and after_first.attempts == 1
    assert "HTTP 500" in after_first.last_error
    # About 30 s after the first failure, about 1 min after the second: each between half and all.
    first_wait = after_first.next_attempt_at - after_first.created_at
    second_wait = after_second.next_attempt_at - after_first.next_attempt_at
    assert timedelta(seconds=15) <= first_wait <= timedelta(seconds=30)
    assert timedelta(seconds=30) <= second_wait <= timedelta(seconds=60)
    delivered = stored(db, message_id)
    assert (delivered.status, delivered.attempts, delivered.last_error) == ("delivered", 3, None)
    assert endpoint.message_ids == [str(message_id)] * 3


async def test_after_the_last_allowed_attempt_the_message_is_failed_for_admins_to_see(
    aiohttp_server, db, outbox_settings, clock, desk
):
    endpoint = FakeSellerEndpoint(failures=100)
    [message_id] = queue_webhooks(db, await seller_url(aiohttp_server, endpoint), clock.now)

    for _ in range(outbox_settings.webhook_max_attempts):
        await dispatch_once(db, outbox_settings)
        clock.advance(hours=2)
    later = await dispatch_once(db, outbox_settings)

    assert later.claimed == 0
    assert len(endpoint.received) == outbox_settings.webhook_max_attempts
    response = await desk.get("/api/admin/outbox?status=failed", headers=ADMIN)
    [failed] = (await response.json())["messages"]
    assert (failed["id"], failed["attempts"]) == (message_id, 4)
    assert "HTTP 500" in failed["last_error"]
    pending = await desk.get("/api/admin/outbox?status=pending", headers=ADMIN)
    assert (await pending.json())["messages"] == []


async def test_an_endpoint_that_does_not_answer_in_time_is_retried_later(
    aiohttp_server, db, outbox_settings, clock
):
    endpoint = FakeSellerEndpoint(delay=3.0)
    [message_id] = queue_webhooks(db, await seller_url(aiohttp_server, endpoint), clock.now)

    report = await dispatch_once(db, outbox_settings)

    assert (report.claimed, report.retrying) == (1, 1)
    message = stored(db, message_id)
    assert (message.status, message.attempts) == ("pending", 1)
    assert "did not answer in time" in message.last_error
    assert message.next_attempt_at > clock.now


async def test_a_message_committed_before_the_process_died_is_delivered_by_a_later_dispatcher(
    aiohttp_client, aiohttp_server, outbox_settings, migrated_url
):
    endpoint = FakeSellerEndpoint()
    data = marketplace()
    data["sellers"][0]["webhook_url"] = await seller_url(aiohttp_server, endpoint)
    first_process = await aiohttp_client(create_app(outbox_settings))
    await first_process.post("/api/admin/marketplace", json=data, headers=ADMIN)
    filed = await first_process.post("/api/claims", json=claim_body(), headers=SERVICE)
    assert filed.status == 201
    reference = (await filed.json())["reference"]
    await first_process.close()  # gone before any dispatcher ran
    assert endpoint.received == []

    engine = make_engine(migrated_url)
    try:
        report = await dispatch_once(make_session_factory(engine), outbox_settings)
    finally:
        engine.dispose()

    assert report.delivered == 1
    [(_, body)] = endpoint.received
    assert json.loads(body)["claim"]["reference"] == reference


async def test_a_dispatcher_that_dies_holding_messages_holds_them_only_until_its_lease_ends(
    aiohttp_server, db, outbox_settings, clock
):
    endpoint = FakeSellerEndpoint()
    [message_id] = queue_webhooks(db, await seller_url(aiohttp_server, endpoint), clock.now)
    hold = lease(outbox_settings)
    # A dispatcher claims the message, commits, and dies before posting it.
    [held] = run_in_transaction(db, lambda session: claim_batch(session, clock.now, hold, 10))
    assert held.id == message_id

    while_held = await dispatch_once(db, outbox_settings)
    clock.now = stored(db, message_id).locked_until
    after_lease = await dispatch_once(db, outbox_settings)

    assert while_held.claimed == 0
    assert after_lease.delivered == 1
    assert endpoint.message_ids == [str(message_id)]
    assert stored(db, message_id).status == "delivered"


async def test_a_held_message_is_not_claimed_again(aiohttp_server, db, clock):
    [message_id] = queue_webhooks(db, "http://127.0.0.1:9/unused", clock.now)
    hold = timedelta(minutes=1)

    first = run_in_transaction(db, lambda session: claim_batch(session, clock.now, hold, 10))
    second = run_in_transaction(db, lambda session: claim_batch(session, clock.now, hold, 10))

    assert [message.id for message in first] == [message_id]
    assert second == []


async def test_two_dispatchers_at_once_send_each_message_exactly_once(
    aiohttp_server, db, outbox_settings, migrated_url, clock
):
    endpoint = FakeSellerEndpoint(delay=0.2)
    message_ids = queue_webhooks(db, await seller_url(aiohttp_server, endpoint), clock.now, 12)
    other_engine = make_engine(migrated_url)  # a second backend instance
    try:
        reports = await asyncio.gather(
            dispatch_once(db, outbox_settings, batch_size=5),
            dispatch_once(make_session_factory(other_engine), outbox_settings, batch_size=5),
        )
    finally:
        other_engine.dispose()

    assert sorted(endpoint.message_ids) == sorted(str(message_id) for message_id in message_ids)
    assert sum(report.delivered for report in reports) == 12
    with db() as session:
        statuses = session.execute(select(OutboxMessage.status, OutboxMessage.attempts)).all()
    assert set(statuses) == {("delivered", 1)}


async def test_the_backend_dispatches_periodically_while_it_runs(
    aiohttp_client, aiohttp_server, outbox_settings, db, clock
):
    endpoint = FakeSellerEndpoint()
    [message_id] = queue_webhooks(db, await seller_url(aiohttp_server, endpoint), clock.now)
    await aiohttp_client(
        create_app(dataclasses.replace(outbox_settings, outbox_dispatch_seconds=1))
    )

    for _ in range(50):
        if stored(db, message_id).status == "delivered":
            break
        await asyncio.sleep(0.1)

    assert stored(db, message_id).status == "delivered"
    assert endpoint.message_ids == [str(message_id)]


async def test_the_web_application_started_without_workers_leaves_the_outbox_alone(
    aiohttp_client, aiohttp_server, outbox_settings, db, clock
):
    endpoint = FakeSellerEndpoint()
    [message_id] = queue_webhooks(db, await seller_url(aiohttp_server, endpoint), clock.now)
    every_second = dataclasses.replace(outbox_settings, outbox_dispatch_seconds=1)
    await aiohttp_client(create_app(every_second, with_workers=False))

    await asyncio.sleep(2)

    assert stored(db, message_id).status == "pending"
    assert endpoint.received == []


async def test_the_workers_dispatch_without_the_web_application(
    aiohttp_server, outbox_settings, db, clock
):
    endpoint = FakeSellerEndpoint()
    [message_id] = queue_webhooks(db, await seller_url(aiohttp_server, endpoint), clock.now)
    worker = asyncio.create_task(
        work(dataclasses.replace(outbox_settings, outbox_dispatch_seconds=1))
    )
    try:
        for _ in range(50):
            if stored(db, message_id).status == "delivered":
                break
            await asyncio.sleep(0.1)
    finally:
        worker.cancel()
        with suppress(asyncio.CancelledError):
            await worker

    assert stored(db, message_id).status == "delivered"
    assert endpoint.message_ids == [str(message_id)]


async def test_dispatches_reuse_the_processs_connection_to_a_seller(
    desk, aiohttp_server, db, clock
):
    endpoint = FakeSellerEndpoint()
    url = await seller_url(aiohttp_server, endpoint)

    for _ in range(2):
        queue_webhooks(db, url, clock.now)
        assert (await desk.post("/api/admin/outbox/dispatch", headers=ADMIN)).status == 200

    assert len(endpoint.peers) == 2
    assert endpoint.peers[0] == endpoint.peers[1]  # one client, one kept-alive connection


@contextmanager
def endpoint_in_a_thread(endpoint: FakeSellerEndpoint) -> Iterator[str]:
    """The fake seller served from a background thread, for synchronous tests."""
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(endpoint.app())
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", 0).start())
    port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}{HOOK_PATH}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.run_until_complete(runner.cleanup())
        loop.close()


def test_the_command_line_dispatches_the_outbox(db, migrated_url, monkeypatch, capsys, clock):
    endpoint = FakeSellerEndpoint()
    monkeypatch.setenv("CLAIMS_DATABASE_URL", migrated_url)
    monkeypatch.setenv("CLAIMS_WEBHOOK_SECRET", SECRET)
    with endpoint_in_a_thread(endpoint) as url:
        [message_id] = queue_webhooks(db, url, clock.now)  # long due by the real clock

        assert main(["dispatch"]) == 0

    assert "1 claimed, 1 delivered, 0 to retry, 0 failed" in capsys.readouterr().out
    assert stored(db, message_id).status == "delivered"
    assert endpoint.received[0][0]["X-Claims-Signature"].startswith("sha256=")


async def test_the_outbox_is_for_admins_only(desk):
    for headers, expected in (({}, 401), ({"Authorization": "Bearer nope"}, 401)):
        assert (await desk.get("/api/admin/outbox", headers=headers)).status == expected
        assert (await desk.post("/api/admin/outbox/dispatch", headers=headers)).status == expected
    for headers in (SERVICE, AGENT, {"Authorization": "Bearer sk-acme-0001-000000000000000"}):
        assert (await desk.get("/api/admin/outbox", headers=headers)).status in (401, 403)
        assert (await desk.post("/api/admin/outbox/dispatch", headers=headers)).status in (
            401,
            403,
        )
    assert (await desk.get("/api/admin/outbox", headers=SERVICE)).status == 403
    assert (await desk.post("/api/admin/outbox/dispatch", headers=AGENT)).status == 403


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=lost", "status"),
        ("kind=pigeon", "kind"),
        ("limit=0", "limit"),
        ("limit=x", "limit"),
        ("limit=1001", "limit"),
        ("limit=-1", "limit"),
    ],
)
async def test_outbox_filters_are_checked(desk, query, field):
    response = await desk.get(f"/api/admin/outbox?{query}", headers=ADMIN)

    assert response.status == 422
    [error] = (await response.json())["errors"]
    assert (error["code"], error["field"]) == ("invalid_value", field)


async def failed_message(aiohttp_server, db, outbox_settings, clock, endpoint) -> int:
    """A webhook whose every allowed attempt failed."""
    [message_id] = queue_webhooks(db, await seller_url(aiohttp_server, endpoint), clock.now)
    for _ in range(outbox_settings.webhook_max_attempts):
        await dispatch_once(db, outbox_settings)
        clock.advance(hours=2)
    assert stored(db, message_id).status == "failed"
    return message_id


async def test_an_admin_retries_a_failed_message_and_it_is_delivered(
    aiohttp_server, db, outbox_settings, clock, desk
):
    endpoint = FakeSellerEndpoint(failures=outbox_settings.webhook_max_attempts)
    message_id = await failed_message(aiohttp_server, db, outbox_settings, clock, endpoint)
    items = (await (await desk.get("/api/desk/queue", headers=ADMIN)).json())["items"]
    assert [(item["kind"], item["outbox_id"]) for item in items] == [("failed_message", message_id)]

    response = await desk.post(f"/api/admin/outbox/{message_id}/retry", headers=ADMIN)

    assert response.status == 200, await response.text()
    retried = await response.json()
    assert (retried["status"], retried["attempts"]) == ("pending", 0)
    assert (await dispatch_once(db, outbox_settings)).delivered == 1
    assert stored(db, message_id).status == "delivered"
    again = await desk.post(f"/api/admin/outbox/{message_id}/retry", headers=ADMIN)
    assert again.status == 409
    assert (await again.json())["errors"][0]["code"] == "not_failed"


async def test_an_admin_drops_a_failed_message_and_nobody_sends_it(
    aiohttp_server, db, outbox_settings, clock, desk
):
    endpoint = FakeSellerEndpoint(failures=100)
    message_id = await failed_message(aiohttp_server, db, outbox_settings, clock, endpoint)

    response = await desk.post(f"/api/admin/outbox/{message_id}/drop", headers=ADMIN)

    assert response.status == 200 and (await response.json())["status"] == "dropped"
    clock.advance(days=1)
    assert (await dispatch_once(db, outbox_settings)).claimed == 0
    assert (await desk.get("/api/desk/queue", headers=ADMIN)).status == 200
    assert (await (await desk.get("/api/desk/queue", headers=ADMIN)).json())["items"] == []
    retried = await desk.post(f"/api/admin/outbox/{message_id}/retry", headers=ADMIN)
    assert retried.status == 409
    unknown = await desk.post("/api/admin/outbox/999999/drop", headers=ADMIN)
    assert unknown.status == 404
    assert (await unknown.json())["errors"][0]["code"] == "message_not_found"
