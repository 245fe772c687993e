"""The desk's failed messages in Chromium: e-mail to a seller that could not be delivered (the
mail server was down) waits in the queue; an admin retries one, which goes out once the server is
back, and drops another. The backend runs with its own mail server, started late."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect
from stack import Ports, Stack, isolated_environment, spare_port, staff_account

from tests.recent_marketplace import marketplace, persona_email, persona_order_id

from .desk import ADMIN, ADMIN_PASSWORD, Filing, sign_in
from .mailbox import delivered

pytestmark = pytest.mark.e2e

PERSONA_HEATER = "P0HEATER"
SELLER_EMAIL = "claims@insured.example"


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The backend alone, its mail server not running yet; a message fails at its first attempt
    and is delivered only when the admin asks (no periodic dispatch)."""
    workdir = tmp_path_factory.mktemp("desk-messages")
    env = isolated_environment(workdir, marketplace())
    env.update(CLAIMS_WEBHOOK_MAX_ATTEMPTS="1", CLAIMS_OUTBOX_DISPATCH_SECONDS="0")
    staff_account(env, ADMIN, "admin", ADMIN_PASSWORD)
    running = Stack(
        env=env,
        ports=Ports(backend=spare_port()),
        log_dir=workdir / "log",
        mail_dir=workdir / "mail",
    )
    running.start(["backend"])
    yield running
    running.stop()


def test_an_admin_retries_one_failed_message_and_drops_another(
    new_page: Callable[..., Page], backend: Stack
) -> None:
    filing = Filing(backend, "desk-messages")
    references = [
        filing.file(persona_order_id(order), persona_email(order), PERSONA_HEATER, "1234.56", [])[
            "reference"
        ]
        for order in (1, 14)  # heaters of the insured seller, S-INS
    ]
    status, report = filing.call("POST", "/api/admin/outbox/dispatch")
    assert status == 200 and report["failed"] >= 2, report
    status, answer = filing.call("GET", "/api/admin/outbox?status=failed&kind=seller_email")
    failed = {message["claim_reference"]: message["id"] for message in answer["messages"]}
    retried, dropped = failed[references[0]], failed[references[1]]

    desk = new_page()
    sign_in(desk, f"http://127.0.0.1:{backend.ports.backend}", ADMIN, ADMIN_PASSWORD)
    retry = desk.get_by_role("button", name=f"Retry message {retried}")
    drop = desk.get_by_role("button", name=f"Drop message {dropped}")
    for message in (retry, drop):
        expect(message).to_be_visible()

    backend.start(["mailbox"])  # the mail server is back
    retry.click()
    expect(retry).to_have_count(0)  # the queue no longer shows it
    drop.click()
    expect(drop).to_have_count(0)

    status, report = filing.call("POST", "/api/admin/outbox/dispatch")
    assert status == 200, report
    status, answer = filing.call("GET", "/api/admin/outbox?kind=seller_email")
    statuses = {message["id"]: message["status"] for message in answer["messages"]}
    assert (statuses[retried], statuses[dropped]) == ("delivered", "dropped")
    delivered(backend.mail_dir, SELLER_EMAIL, references[0])
