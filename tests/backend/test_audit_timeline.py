"""The audit timeline: every transition appends an event with its time, actor and note; stored
events are never rewritten or deleted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from backend.models import Claim, ClaimEvent
from tests.backend.claim_steps import (
    file_claim,
    file_suspicious_claim,
    proof,
    review,
    upload,
)
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.marketplace_data import harm

ACME_KEY = {"Authorization": "Bearer sk-acme-0001-000000000000000"}
ASSISTANT = {**SERVICE, **proof()}


def entries(claim):
    return [(event["type"], event["actor"], event["note"]) for event in claim["events"]]


class Timeline:
    """Follows one claim through the API, checking that each step only appends events."""

    def __init__(self, client, claim):
        self.client = client
        self.claim = claim

    async def step(self, method, path, **request):
        response = await self.client.request(method, path, **request)
        assert response.status == 200, await response.text()
        read = await self.client.get(f"/api/claims/{self.claim['reference']}", headers=ADMIN)
        claim = await read.json()
        before = self.claim["events"]
        assert claim["events"][: len(before)] == before, "an earlier event was rewritten"
        self.claim = claim
        return entries(claim)[len(before) :]


async def test_every_transition_appends_events_with_its_actor_and_time(loaded, clock):
    claim = await file_claim(loaded, **harm("2500.00", "10.00"))
    timeline = Timeline(loaded, claim)
    reference = claim["reference"]
    assert entries(claim) == [
        ("submitted", "system", None),
        ("seller_notified", "system", None),
        ("insurer_notified", "system", None),
    ]

    clock.advance(hours=2)
    photo = await upload(loaded)
    added = await timeline.step(
        "POST",
        f"/api/claims/{reference}/evidence",
        json={"evidence_ids": [photo]},
        headers=ASSISTANT,
    )
    clock.advance(days=1)
    rejected = await timeline.step(
        "POST",
        f"/api/seller/claims/{reference}/response",
        json={"action": "reject", "statement": "used outdoors"},
        headers=ACME_KEY,
    )
    clock.advance(days=1)
    stepped_in = await timeline.step(
        "POST",
        f"/api/admin/claims/{reference}/step-in",
        json={"note": "photos show indoor use"},
        headers=ADMIN,
    )

    assert added == [("evidence_added", "customer", photo)]
    assert rejected[0][:2] == ("seller_rejected", "seller:S-ACME")
    assert stepped_in[0] == ("marketplace_stepped_in", "admin", "photos show indoor use")
    assert {actor for _, actor, _ in stepped_in} == {"admin"}
    times = [event["at"] for event in timeline.claim["events"]]
    assert times[:3] == ["2026-10-10T12:00:00Z"] * 3
    assert times[3] == "2026-10-10T14:00:00Z"
    assert times[4] == "2026-10-11T14:00:00Z"
    assert times[-1] == "2026-10-12T14:00:00Z"
    assert times == sorted(times)


async def customer_token(client) -> str:
    """Dana's signed token, as the marketplace website gets it for her."""
    response = await client.post(
        "/api/customer-tokens", json={"email": "dana@example.com"}, headers=SERVICE
    )
    return (await response.json())["token"]


async def test_a_review_and_a_withdrawal_append_with_their_actors(loaded, clock):
    reviewed = Timeline(loaded, await file_suspicious_claim(loaded))
    withdrawn = Timeline(
        loaded, await file_claim(loaded, sku="B0KETTLE02", **harm("3000.00", "1.00"))
    )
    assert entries(reviewed.claim)[-1][:2] == ("referred_for_review", "system")

    clock.advance(days=1)
    review_events = await reviewed.step(
        "POST",
        f"/api/admin/claims/{reviewed.claim['reference']}/review",
        json={"decision": "deny_unsubstantiated", "note": "no bills for the sofa"},
        headers=ADMIN,
    )
    withdrawal_events = await withdrawn.step(
        "POST",
        f"/api/claims/{withdrawn.claim['reference']}/withdraw",
        json={"reason": "the seller replaced it"},
        headers={"X-Customer-Token": await customer_token(loaded)},
    )

    assert review_events == [
        ("reviewed", "admin", "no bills for the sofa"),
        ("denied", "admin", None),
    ]
    assert withdrawal_events == [("withdrawn", "customer", "the seller replaced it")]


async def test_the_sweep_signs_what_it_does(loaded):
    claim = await file_claim(loaded, sku="B0KETTLE02", **harm("1000.00"))
    timeline = Timeline(loaded, claim)

    swept = await timeline.step(
        "POST", "/api/admin/sweep", json={"now": "2026-10-18T00:00:00Z"}, headers=ADMIN
    )

    assert swept[0][:2] == ("seller_deadline_missed", "sweep")
    assert {actor for _, actor, _ in swept} == {"sweep"}


async def test_the_view_shows_every_stored_event_in_order(loaded, db):
    claim = await file_suspicious_claim(loaded)
    _, reviewed = await review(loaded, claim["reference"], "clear", "fine")

    with db() as session:
        stored = session.execute(
            select(ClaimEvent)
            .join(Claim)
            .where(Claim.reference == claim["reference"])
            .order_by(ClaimEvent.id)
        ).scalars()
        rows = [(event.at, event.type, event.actor, event.note) for event in stored]

    shown = [
        (datetime.fromisoformat(e["at"].replace("Z", "+00:00")), e["type"], e["actor"], e["note"])
        for e in reviewed["events"]
    ]
    assert shown == rows


@pytest.mark.parametrize("change", ["note", "type", "at", "actor", "delete"])
async def test_a_stored_event_cannot_be_changed_or_deleted(loaded, db, change):
    claim = await file_claim(loaded)

    with db() as session, session.begin():
        event = session.execute(select(ClaimEvent).order_by(ClaimEvent.id)).scalars().first()
        if change == "delete":
            session.delete(event)
        elif change == "at":
            event.at = event.at + timedelta(days=1)
        else:
            setattr(event, change, "rewritten")
        with pytest.raises(ValueError, match="append-only"):
            session.flush()
        session.rollback()

    read = await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)
    assert (await read.json())["events"] == claim["events"]


async def test_removing_an_event_from_its_claim_is_refused_too(loaded, db):
    claim = await file_claim(loaded)

    with db() as session:
        stored = session.execute(select(Claim)).scalar_one()
        stored.events.pop()
        with pytest.raises(ValueError, match="append-only"):
            session.flush()
        session.rollback()

    read = await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)
    assert (await read.json())["events"] == claim["events"]
    assert datetime.fromisoformat(claim["events"][0]["at"].replace("Z", "+00:00")) == datetime(
        2026, 10, 10, 12, 0, tzinfo=timezone.utc
    )
