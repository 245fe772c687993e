"""Sellers behind on proof of insurance are reminded by e-mail a week before it is due and once
it is overdue, once each, however often the sweep runs; the desk can list who is overdue."""

from __future__ import annotations

from datetime import date

import aiohttp
import pytest
from sqlalchemy import select

from backend.insurance_reminders import sellers_behind_on_insurance
from backend.models import OutboxMessage
from backend.policy.parameters import PolicyParameters
from tests.backend.conftest import ADMIN
from tests.backend.evidence_files import pdf
from tests.backend.fake_insurers import REQUIRED, quote_sellers

# S-REQ ($12,000 in September, no policy) and S-THIN ($15,000 in September, a $500,000 policy)
# must prove insurance by 30 October; S-ACME is insured; the others are not required.
DUE = "2026-10-30"


@pytest.fixture
async def market(loaded):
    response = await loaded.post("/api/admin/marketplace", json=quote_sellers(), headers=ADMIN)
    assert response.status == 200, await response.text()
    return loaded


async def sweep(client, now: str) -> list[dict[str, str]]:
    response = await client.post("/api/admin/sweep", json={"now": now}, headers=ADMIN)
    assert response.status == 200, await response.text()
    return (await response.json())["insurance_reminders"]


def reminders(db) -> list[tuple[str, str, str, str]]:
    with db() as session:
        return [
            (m.recipient, m.topic, m.kind, m.payload["proof_due"])
            for m in session.execute(
                select(OutboxMessage)
                .where(OutboxMessage.topic.like("insurance_proof_%"))
                .order_by(OutboxMessage.id)
            ).scalars()
        ]


async def test_a_week_before_the_due_date_each_seller_behind_is_reminded_once(market, db):
    assert await sweep(market, "2026-10-22T23:59:59Z") == []  # due in 8 days

    first = await sweep(market, "2026-10-23T00:00:00Z")
    again = await sweep(market, "2026-10-23T00:00:01Z")
    later = await sweep(market, "2026-10-30T23:00:00Z")  # the last day: not overdue yet

    assert first == [
        {"seller_id": "S-REQ", "topic": "insurance_proof_due_soon"},
        {"seller_id": "S-THIN", "topic": "insurance_proof_due_soon"},
    ]
    assert again == later == []
    assert reminders(db) == [
        ("s-req@sellers.example", "insurance_proof_due_soon", "seller_email", DUE),
        ("lamps@thin.example", "insurance_proof_due_soon", "seller_email", DUE),
    ]
    with db() as session:
        message = session.execute(
            select(OutboxMessage).where(OutboxMessage.recipient == "s-req@sellers.example")
        ).scalar_one()
    assert "due by 2026-10-30" in message.payload["message"]


async def test_once_overdue_each_seller_behind_is_reminded_once_more(market, db):
    await sweep(market, "2026-10-24T00:00:00Z")

    overdue = await sweep(market, "2026-10-31T00:00:00Z")
    again = await sweep(market, "2026-11-15T00:00:00Z")

    assert overdue == [
        {"seller_id": "S-REQ", "topic": "insurance_proof_overdue"},
        {"seller_id": "S-THIN", "topic": "insurance_proof_overdue"},
    ]
    assert again == []
    assert [topic for _, topic, _, _ in reminders(db)] == [
        "insurance_proof_due_soon",
        "insurance_proof_due_soon",
        "insurance_proof_overdue",
        "insurance_proof_overdue",
    ]


async def test_a_seller_whose_proof_awaits_verification_is_not_reminded(market, db):
    form = aiohttp.FormData()
    form.add_field("file", pdf(), filename="certificate.pdf")
    uploaded = await market.post("/api/evidence", data=form, headers=REQUIRED)
    assert uploaded.status == 201, await uploaded.text()
    filed = await market.post(
        "/api/seller/insurance",
        json={
            "policy_number": "OWN-1",
            "insurer": "Own Mutual",
            "per_occurrence_limit": "1000000.00",
            "additional_insured": True,
            "valid_from": "2026-10-01",
            "valid_to": "2027-10-01",
            "proof_evidence_id": (await uploaded.json())["id"],
        },
        headers=REQUIRED,
    )
    assert filed.status == 201, await filed.text()

    reminded = await sweep(market, "2026-10-31T00:00:00Z")

    assert reminded == [{"seller_id": "S-THIN", "topic": "insurance_proof_overdue"}]


async def test_the_desk_can_list_who_is_behind_and_who_is_overdue(market, db):
    with db() as session:
        before = sellers_behind_on_insurance(session, date(2026, 10, 30), PolicyParameters())
        after = sellers_behind_on_insurance(session, date(2026, 10, 31), PolicyParameters())

    assert [(seller, status.overdue) for seller, status in before] == [
        ("S-REQ", False),
        ("S-THIN", False),
    ]
    assert [(seller, status.overdue) for seller, status in after] == [
        ("S-REQ", True),
        ("S-THIN", True),
    ]
