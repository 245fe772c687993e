"""The insurance accelerator: sellers that must (or soon must) insure get partner insurers'
quotes side by side, over real HTTP; a chosen offer becomes a pending policy the marketplace
verifies; a failing, slow or hostile insurer costs the seller only that insurer's offer."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import pytest
from aiohttp import web
from sqlalchemy import select

from backend.api.app import create_app
from backend.models import InsurancePolicy, OutboxMessage
from backend.partner_quotes import parse_insurers
from tests.backend.conftest import ADMIN
from tests.backend.fake_insurers import (
    LOW,
    NEAR,
    REQUIRED,
    FakeInsurer,
    failing,
    offering,
    quote,
    quote_sellers,
    raw,
    serve,
    slow,
)
from tests.backend.marketplace_data import marketplace
from tests.backend.seller_side import ACME, BARE

QUOTES = "/api/seller/insurance/quotes"


async def backend_with(aiohttp_client, settings, insurers, timeout=3):
    """The backend asking ``insurers``, with the test marketplace and the quote sellers loaded."""
    configured = dataclasses.replace(
        settings,
        insurers=tuple(insurer.partner() for insurer in insurers),
        insurer_timeout_seconds=timeout,
    )
    client = await aiohttp_client(create_app(configured))
    for data in (marketplace(), quote_sellers()):
        response = await client.post("/api/admin/marketplace", json=data, headers=ADMIN)
        assert response.status == 200, await response.text()
    return client


@pytest.fixture
async def two_insurers(aiohttp_server):
    return [
        await serve(aiohttp_server, FakeInsurer("mutual", "Mutual Co", offering("MQ", "1900.00"))),
        await serve(aiohttp_server, FakeInsurer("harbor", "Harbor Ins", offering("HQ", "1450.50"))),
    ]


async def test_a_required_seller_gets_the_offers_side_by_side_cheapest_first(
    aiohttp_client, settings, two_insurers
):
    client = await backend_with(aiohttp_client, settings, two_insurers)

    response = await client.post(QUOTES, headers=REQUIRED)

    assert response.status == 201, await response.text()
    answer = await response.json()
    assert (answer["eligible"], answer["reason_code"], answer["unavailable"]) == (
        True,
        "required",
        [],
    )
    assert [
        (o["insurer_name"], o["premium_annual"], o["per_occurrence_limit"], o["status"])
        for o in answer["offers"]
    ] == [
        ("Harbor Ins", "1450.50", "1000000.00", "open"),
        ("Mutual Co", "1900.00", "1000000.00", "open"),
    ]
    assert all(o["quote_id"].startswith("QT-") for o in answer["offers"])
    # Every partner was told the same: the category mix, the sales, the cover, the marketplace.
    told = [insurer.requests[0]["body"] for insurer in two_insurers]
    assert told[0] == told[1]
    assert told[0]["seller"] == {"id": "S-REQ", "name": "Seller S-REQ"}
    assert told[0]["category_mix"] == [
        {"category": "space_heaters", "share": "0.6000"},
        {"category": "toys", "share": "0.2000"},
        {"category": "uncategorized", "share": "0.2000"},
    ]
    assert told[0]["monthly_sales"] == [
        {"month": "2026-08", "amount": "3000.00"},
        {"month": "2026-09", "amount": "12000.00"},
    ]
    assert told[0]["coverage"] == {"per_occurrence_limit": "1000000.00", "currency": "USD"}
    assert told[0]["additional_insured"] == {"name": settings.marketplace_name}

    latest = await (await client.get(QUOTES, headers=REQUIRED)).json()
    assert latest == answer


async def test_asking_for_quotes_is_rate_limited_per_seller(aiohttp_client, settings, two_insurers):
    limited = dataclasses.replace(settings, identity_checks_per_minute=2)
    client = await backend_with(aiohttp_client, limited, two_insurers)

    statuses = [(await client.post(QUOTES, headers=REQUIRED)).status for _ in range(2)]
    refused = await client.post(QUOTES, headers=REQUIRED)

    assert statuses == [201, 201]
    assert refused.status == 429
    assert (await refused.json())["errors"][0]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert [len(insurer.requests) for insurer in two_insurers] == [2, 2]  # not asked again
    # Another seller counts its own rounds.
    assert (await client.post(QUOTES, headers=NEAR)).status == 201


async def test_a_seller_that_never_asked_sees_no_offers_yet(aiohttp_client, settings, two_insurers):
    client = await backend_with(aiohttp_client, settings, two_insurers)

    latest = await (await client.get(QUOTES, headers=NEAR)).json()

    assert (
        latest["eligible"],
        latest["reason_code"],
        latest["offers"],
        latest["requested_at"],
    ) == (
        True,
        "near_threshold",
        [],
        None,
    )


HOSTILE_ANSWERS = {
    "not json": raw("<html>quote</html>", "text/html"),
    "too little cover": lambda body: quote("LOW-1", "100.00", per_occurrence_limit="500000.00"),
    "expired": lambda body: quote("OLD-1", "100.00", valid_until="2026-10-01T00:00:00Z"),
    "script link": lambda body: quote("JS-1", "100.00", terms_url="javascript:alert(1)"),
    "no premium": lambda body: quote("FREE-1", "0.00"),
    "float money": lambda body: quote("F-1", 99.5),
    "other currency": lambda body: quote("EUR-1", "100.00", currency="EUR"),
    "huge body": raw(b'{"quote_id": "' + b"A" * 100_000 + b'"}'),
    "deep nesting": raw("[" * 10_000 + "]" * 10_000),
    "redirect": lambda body: web.HTTPFound("http://127.0.0.1:9/elsewhere"),
    "missing fields": lambda body: {"quote_id": "X-1"},
}


@pytest.mark.parametrize("hostile", sorted(HOSTILE_ANSWERS))
async def test_a_down_slow_or_hostile_insurer_is_skipped_and_reported(
    aiohttp_client, aiohttp_server, settings, hostile
):
    good = await serve(aiohttp_server, FakeInsurer("good", "Good Ins", offering("G", "1200.00")))
    down = await serve(aiohttp_server, FakeInsurer("down", "Down Ins", failing()))
    sluggish = await serve(aiohttp_server, FakeInsurer("sluggish", "Slow Ins", slow(8)))
    bad = await serve(aiohttp_server, FakeInsurer("bad", "Bad Ins", HOSTILE_ANSWERS[hostile]))
    client = await backend_with(aiohttp_client, settings, [good, down, sluggish, bad], timeout=2)

    started = time.monotonic()
    response = await client.post(QUOTES, headers=REQUIRED)

    # Asked at once: the seller waits for the slow insurer's 2 s timeout, not its 8 s.
    assert time.monotonic() - started < 7
    assert response.status == 201, await response.text()
    answer = await response.json()
    assert [offer["insurer_id"] for offer in answer["offers"]] == ["good"]
    assert sorted(answer["unavailable"]) == ["bad", "down", "sluggish"]
    assert (await (await client.get(QUOTES, headers=REQUIRED)).json())["unavailable"] == answer[
        "unavailable"
    ]


async def test_a_chosen_offer_becomes_a_pending_policy_the_marketplace_verifies(
    aiohttp_client, settings, two_insurers, db
):
    client = await backend_with(aiohttp_client, settings, two_insurers)
    offers = (await (await client.post(QUOTES, headers=REQUIRED)).json())["offers"]
    chosen = offers[0]

    response = await client.post(f"{QUOTES}/{chosen['quote_id']}/accept", headers=REQUIRED)

    assert response.status == 201, await response.text()
    accepted = await response.json()
    policy_number = f"harbor-{chosen['insurer_quote_id']}"
    assert (accepted["offer"]["status"], accepted["offer"]["policy_number"]) == (
        "accepted",
        policy_number,
    )
    # Pending: it counts for nothing until the marketplace verifies it.
    assert accepted["insurance"]["compliant"] is False
    assert accepted["insurance"]["pending_verification"] == [policy_number]
    with db() as session:
        policy = session.execute(
            select(InsurancePolicy).where(InsurancePolicy.policy_number == policy_number)
        ).scalar_one()
        told = session.execute(
            select(OutboxMessage).where(OutboxMessage.topic == "insurance.quote_accepted")
        ).scalar_one()
    assert (policy.insurer, policy.verification, policy.submitted_by) == (
        "Harbor Ins",
        "pending",
        "partner_quote",
    )
    assert (str(policy.valid_from), str(policy.valid_to)) == ("2026-10-10", "2027-10-10")
    assert (told.kind, told.payload["insurer_quote_id"]) == ("insurer", chosen["insurer_quote_id"])

    verified = await client.post(
        f"/api/admin/sellers/S-REQ/insurance/{policy_number}/verification",
        json={"decision": "verify"},
        headers=ADMIN,
    )
    assert verified.status == 200, await verified.text()
    assert (await verified.json())["compliant"] is True
    status = await (await client.get("/api/seller/insurance", headers=REQUIRED)).json()
    assert (status["compliant"], status["policy"]["policy_number"]) == (True, policy_number)
    # Insured now: no more quotes.
    latest = await (await client.get(QUOTES, headers=REQUIRED)).json()
    assert (latest["eligible"], latest["reason_code"]) == (False, "insured")
    assert (await client.post(QUOTES, headers=REQUIRED)).status == 409


async def test_an_expired_foreign_or_second_choice_is_refused(
    aiohttp_client, settings, two_insurers, clock
):
    client = await backend_with(aiohttp_client, settings, two_insurers)
    first, second = (await (await client.post(QUOTES, headers=REQUIRED)).json())["offers"]
    accept = f"{QUOTES}/{{}}/accept"

    foreign = await client.post(accept.format(first["quote_id"]), headers=NEAR)
    assert (foreign.status, (await foreign.json())["errors"][0]["code"]) == (404, "quote_not_found")
    unknown = await client.post(accept.format("QT-NOSUCHQUOTE"), headers=REQUIRED)
    assert unknown.status == 404

    clock.advance(days=31)  # the quotes were valid till 9 November
    expired = await client.post(accept.format(first["quote_id"]), headers=REQUIRED)
    assert (expired.status, (await expired.json())["errors"][0]["code"]) == (409, "quote_expired")
    latest = await (await client.get(QUOTES, headers=REQUIRED)).json()
    assert {offer["status"] for offer in latest["offers"]} == {"expired"}

    clock.advance(days=-31)
    assert (await client.post(accept.format(first["quote_id"]), headers=REQUIRED)).status == 201
    again = await client.post(accept.format(first["quote_id"]), headers=REQUIRED)
    assert (again.status, (await again.json())["errors"][0]["code"]) == (409, "quote_accepted")
    other = await client.post(accept.format(second["quote_id"]), headers=REQUIRED)
    assert (other.status, (await other.json())["errors"][0]["code"]) == (
        409,
        "offer_already_chosen",
    )


@pytest.mark.parametrize(
    "seller, status, reason_code",
    [
        (REQUIRED, 201, "required"),  # $12,000 in September, no policy
        (NEAR, 201, "near_threshold"),  # $8,000.00: within 20 % of $10,000
        (LOW, 409, "below_threshold"),  # $7,999.99
        (ACME, 409, "insured"),  # required, with a verified $1M policy
        (BARE, 409, "below_threshold"),  # no sales at all
    ],
)
async def test_who_is_offered_quotes(
    aiohttp_client, settings, two_insurers, seller, status, reason_code
):
    client = await backend_with(aiohttp_client, settings, two_insurers)

    response = await client.post(QUOTES, headers=seller)

    assert response.status == status, await response.text()
    if status == 409:
        error = (await response.json())["errors"][0]
        assert error["code"] == "not_eligible"
        assert all(not insurer.requests for insurer in two_insurers)
    latest = await (await client.get(QUOTES, headers=seller)).json()
    assert (latest["eligible"], latest["reason_code"]) == (status == 201, reason_code)


async def test_partners_get_their_token(aiohttp_client, aiohttp_server, settings):
    insurer = await serve(aiohttp_server, FakeInsurer("mutual", "Mutual", offering("M", "10.00")))
    configured = dataclasses.replace(settings, insurers=(insurer.partner(token="partner-secret"),))
    client = await aiohttp_client(create_app(configured))
    await client.post("/api/admin/marketplace", json=quote_sellers(), headers=ADMIN)

    assert (await client.post(QUOTES, headers=REQUIRED)).status == 201
    assert insurer.requests[0]["authorization"] == "Bearer partner-secret"


@pytest.mark.parametrize(
    "text",
    [
        "{}",
        "not json",
        '[{"id": "Bad Id", "name": "X", "quote_url": "https://x.example/q"}]',
        '[{"id": "x", "name": "", "quote_url": "https://x.example/q"}]',
        '[{"id": "x", "name": "X", "quote_url": "ftp://x.example/q"}]',
        (
            '[{"id": "x", "name": "X", "quote_url": "https://x.example/q"},'
            ' {"id": "x", "name": "Y", "quote_url": "https://y.example/q"}]'
        ),
    ],
)
def test_a_wrong_insurers_setting_is_refused_at_start(text):
    with pytest.raises(ValueError, match="CLAIMS_INSURERS"):
        parse_insurers(text)


def test_the_insurers_setting_is_read():
    (insurer,) = parse_insurers(
        '[{"id": "acme-mutual", "name": "Acme Mutual", "quote_url": "https://a.example/q",'
        ' "token": "t"}]'
    )
    assert (insurer.id, insurer.name, insurer.quote_url, insurer.token) == (
        "acme-mutual",
        "Acme Mutual",
        "https://a.example/q",
        "t",
    )
    assert "t'" not in repr(insurer)


async def test_an_insurer_repeating_a_quote_id_is_not_offered_twice(
    aiohttp_client, aiohttp_server, settings
):
    same = await serve(
        aiohttp_server, FakeInsurer("same", "Same Co", lambda body: quote("S-1", "5.00"))
    )
    client = await backend_with(aiohttp_client, settings, [same])

    first = await (await client.post(QUOTES, headers=REQUIRED)).json()
    second = await (await client.post(QUOTES, headers=NEAR)).json()

    assert [offer["insurer_quote_id"] for offer in first["offers"]] == ["S-1"]
    assert (second["offers"], second["unavailable"]) == ([], ["same"])


async def test_two_offers_chosen_at_once_make_one_policy(
    aiohttp_client, settings, two_insurers, db
):
    client = await backend_with(aiohttp_client, settings, two_insurers)
    offers = (await (await client.post(QUOTES, headers=REQUIRED)).json())["offers"]

    answers = await asyncio.gather(
        *(client.post(f"{QUOTES}/{offer['quote_id']}/accept", headers=REQUIRED) for offer in offers)
    )

    assert sorted(answer.status for answer in answers) == [201, 409]
    with db() as session:
        pending = session.execute(
            select(InsurancePolicy).where(InsurancePolicy.seller_id == "S-REQ")
        ).scalars()
        assert len(list(pending)) == 1
