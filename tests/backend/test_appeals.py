"""A seller appeals a concession on its claim: once, within 30 days, with a statement."""

from __future__ import annotations

from tests.backend.conftest import ADMIN
from tests.backend.seller_side import (
    ACME,
    BARE,
    concession_claim,
    event_log,
    routed_claim,
    stored_claim,
)

APPEAL = {"statement": "The kettle was dropped; see the photo of the dented base."}


async def appeal(client, reference, body=APPEAL, headers=BARE):
    response = await client.post(
        f"/api/seller/claims/{reference}/appeal", json=body, headers=headers
    )
    return response.status, await response.json()


def codes(answer):
    return [error["code"] for error in answer["errors"]]


async def test_a_seller_appeals_a_concession(loaded, db):
    claim = await concession_claim(loaded)

    status, appealed = await appeal(loaded, claim["reference"])

    assert status == 200
    assert appealed["status"] == "concession_paid"
    assert appealed["events"][-1] == {
        "at": "2026-10-10T12:00:00Z",
        "type": "appealed",
        "actor": "seller:S-BARE",
        "note": APPEAL["statement"],
    }
    stored = stored_claim(db, claim["reference"])
    assert stored.dispute_open is True
    assert [(a.seller_id, a.statement, a.status) for a in stored.appeals] == [
        ("S-BARE", APPEAL["statement"], "open")
    ]
    # The appeal leaves the reimbursement and the decision as they were.
    assert [r.status for r in stored.recoveries] == ["awaiting_proof"]
    # (As the seller reads it: without the fraud score.)
    assert appealed["decision"] == {**claim["decision"], "fraud_score": None}


async def test_a_concession_is_appealed_once(loaded, db):
    claim = await concession_claim(loaded)
    await appeal(loaded, claim["reference"])

    status, answer = await appeal(loaded, claim["reference"])

    assert status == 409 and codes(answer) == ["already_appealed"]
    assert len(stored_claim(db, claim["reference"]).appeals) == 1


async def test_the_appeal_window_is_thirty_days(loaded, clock, db):
    claim = await concession_claim(loaded)

    clock.advance(days=30)
    status, answer = await appeal(loaded, claim["reference"])
    assert status == 409 and codes(answer) == ["appeal_window_closed"]
    assert stored_claim(db, claim["reference"]).appeals == []

    clock.advance(seconds=-1)
    status, _ = await appeal(loaded, claim["reference"])
    assert status == 200


async def test_only_a_concession_can_be_appealed(loaded):
    claim = await routed_claim(loaded)

    status, answer = await appeal(loaded, claim["reference"], headers=ACME)

    assert status == 409 and codes(answer) == ["not_appealable"]


async def test_an_appeal_needs_a_statement_and_real_evidence(loaded, db):
    claim = await concession_claim(loaded)

    for body, expected in (
        ({}, [("required", "statement")]),
        ({"statement": "  "}, [("required", "statement")]),
        ({**APPEAL, "evidence_ids": ["EV-NOPE"]}, [("evidence_not_found", "evidence_ids[0]")]),
        ({"statement": 5}, [("invalid_type", "statement")]),
    ):
        status, answer = await appeal(loaded, claim["reference"], body)
        assert status == 422, body
        assert [(e["code"], e["field"]) for e in answer["errors"]] == expected
    malformed = await loaded.post(
        f"/api/seller/claims/{claim['reference']}/appeal", data=b"[", headers=BARE
    )
    assert malformed.status == 400
    assert stored_claim(db, claim["reference"]).appeals == []


async def test_the_desk_sees_the_appeal_in_the_timeline(loaded):
    claim = await concession_claim(loaded)
    await appeal(loaded, claim["reference"])

    response = await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)

    assert ("appealed", "seller:S-BARE") in event_log(await response.json())
