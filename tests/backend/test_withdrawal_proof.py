"""An email is no secret (issue 11, hole 3): withdrawing takes the customer's signed token or the
assistant in the conversation that filed the claim; identity checks are rate limited per client.

Each attack is refused and the claim is left exactly as it was.
"""

from __future__ import annotations

import dataclasses

import pytest

from backend.api.app import create_app
from tests.backend.claim_steps import file_claim, proof
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.marketplace_data import DANA_EMAIL, SAM_EMAIL, harm, marketplace

ROUTED = harm("4000.00", "12.34")  # waits for the seller: withdrawable
FILED_IN = "conv-dana-1"  # the conversation claim_body files Dana's claims in


async def customer_token(client, email=DANA_EMAIL) -> str:
    response = await client.post("/api/customer-tokens", json={"email": email}, headers=SERVICE)
    assert response.status == 201, await response.text()
    return (await response.json())["token"]


async def withdraw(client, reference, headers):
    response = await client.post(
        f"/api/claims/{reference}/withdraw", json={"reason": "not me"}, headers=headers
    )
    return response.status, await response.json()


async def as_stored(client, reference):
    return await (await client.get(f"/api/claims/{reference}", headers=ADMIN)).json()


async def test_the_customers_signed_token_withdraws_their_claim(loaded):
    claim = await file_claim(loaded, **ROUTED)
    token = await customer_token(loaded)

    status, body = await withdraw(loaded, claim["reference"], {"X-Customer-Token": token})

    assert status == 200 and body["status"] == "withdrawn"
    assert body["events"][-1]["actor"] == "customer"


async def test_the_assistant_withdraws_in_the_conversation_that_filed_it(loaded):
    claim = await file_claim(loaded, **ROUTED)
    headers = {**SERVICE, **proof(), "X-Conversation-Id": FILED_IN}

    status, body = await withdraw(loaded, claim["reference"], headers)

    assert status == 200 and body["status"] == "withdrawn"


ATTACKS = {
    "email alone": ({**proof()}, 403, "customer_token_required"),
    "service, no conversation": ({**SERVICE, **proof()}, 403, "conversation_required"),
    "service, another conversation": (
        {**SERVICE, **proof(), "X-Conversation-Id": "web-attacker"},
        403,
        "other_conversation",
    ),
    "forged customer token": ({"X-Customer-Token": "eyJhbGciOiJIUzI1NiJ9.e30.x"}, 401, None),
}


@pytest.mark.parametrize("headers, status, code", ATTACKS.values(), ids=ATTACKS.keys())
async def test_an_email_or_a_foreign_conversation_withdraws_nothing(loaded, headers, status, code):
    claim = await file_claim(loaded, **ROUTED)
    before = await as_stored(loaded, claim["reference"])

    answered, body = await withdraw(loaded, claim["reference"], headers)

    assert answered == status
    if code:
        assert body["errors"][0]["code"] == code
    assert await as_stored(loaded, claim["reference"]) == before


async def test_another_customers_token_withdraws_nothing(loaded):
    claim = await file_claim(loaded, **ROUTED)
    before = await as_stored(loaded, claim["reference"])
    sams = await customer_token(loaded, SAM_EMAIL)

    status, _ = await withdraw(loaded, claim["reference"], {"X-Customer-Token": sams})

    assert status == 404
    assert await as_stored(loaded, claim["reference"]) == before


async def test_the_service_cannot_mint_a_token_for_an_email_without_orders(loaded):
    response = await loaded.post(
        "/api/customer-tokens", json={"email": "victim@elsewhere.example"}, headers=SERVICE
    )

    assert response.status == 422
    assert (await response.json())["errors"][0]["code"] == "customer_not_found"


@pytest.fixture
async def strict(aiohttp_client, settings):
    """The backend allowing 3 identity checks a minute per client."""
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, identity_checks_per_minute=3))
    )
    response = await client.post("/api/admin/marketplace", json=marketplace(), headers=ADMIN)
    assert response.status == 200
    return client


async def test_guessing_emails_is_rate_limited_per_client(strict):
    claim = await file_claim(strict)
    url = f"/api/claims/{claim['reference']}"
    guesses = [f"guess{n}@example.com" for n in range(3)]
    for guess in guesses:
        assert (await strict.get(url, headers=proof(guess))).status == 404

    # The fourth check in the minute is refused, even with the right email.
    refused = await strict.get(url, headers=proof())

    assert refused.status == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert (await refused.json())["errors"][0]["code"] == "rate_limited"
    # Trusted callers are not limited.
    assert (await strict.get(url, headers=SERVICE)).status == 200


async def test_starting_chat_sessions_is_rate_limited(strict):
    statuses = [(await strict.post("/api/chat/sessions")).status for _ in range(4)]

    assert statuses == [201, 201, 201, 429]


async def test_behind_a_trusted_proxy_each_client_it_serves_has_its_own_limit(
    aiohttp_client, settings
):
    proxied = dataclasses.replace(
        settings, identity_checks_per_minute=1, trusted_proxies=frozenset({"127.0.0.1"})
    )
    client = await aiohttp_client(create_app(proxied))

    async def start_session(address: str) -> int:
        # A client may send its own X-Forwarded-For; the proxy appends the address it served.
        forwarded = {"X-Forwarded-For": f"203.0.113.9, {address}"}
        return (await client.post("/api/chat/sessions", headers=forwarded)).status

    statuses = [await start_session(a) for a in ("198.51.100.1", "198.51.100.2", "198.51.100.1")]

    assert statuses == [201, 201, 429]


async def test_an_untrusted_caller_cannot_choose_its_address(strict):
    statuses = [
        (
            await strict.post("/api/chat/sessions", headers={"X-Forwarded-For": f"198.51.100.{n}"})
        ).status
        for n in range(4)
    ]

    assert statuses == [201, 201, 201, 429]


async def test_agent_sign_in_attempts_are_rate_limited(strict):
    body = {"username": "Alex", "password": "a guess"}
    statuses = [(await strict.post("/api/staff/sign-in", json=body)).status for _ in range(4)]

    assert statuses == [401, 401, 401, 429]


async def test_email_guesses_through_the_assistant_are_limited_per_conversation(strict):
    claim = await file_claim(strict)
    url = f"/api/claims/{claim['reference']}"

    def asked_in(conversation, email):
        return {**SERVICE, **proof(email), "X-Conversation-Id": conversation}

    guesses = [
        (await strict.get(url, headers=asked_in("web-guesser", f"g{n}@example.com"))).status
        for n in range(4)
    ]
    elsewhere = await strict.get(url, headers=asked_in("web-dana", DANA_EMAIL))

    assert guesses == [404, 404, 404, 429]
    assert elsewhere.status == 200  # another conversation (customer) is not held back
