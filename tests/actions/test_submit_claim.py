"""Filing the confirmed claim with the real backend, and what the customer is told."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.claim_draft import ClaimDraft
from actions.claim_form import CLAIM_SLOTS
from actions.claims_backend import ClaimsBackend, FiledClaim
from actions.form_base import UNAVAILABLE
from actions.submit_claim import ActionSubmitClaim, outcome_message
from tests.actions.conftest import RunningBackend
from tests.actions.support import (
    SENDER,
    confirmed_claim,
    slot_events,
    texts,
    upload_evidence,
)
from tests.recent_marketplace import (
    CHARGER,
    DELIVERED,
    MULTI_ITEM_ORDER,
    SAM,
    SINGLE_ITEM_ORDER,
    TODAY,
)

REFERENCE = re.compile(r"CLM-[A-Z0-9]{4,}")
INCIDENT = (TODAY - timedelta(days=10)).isoformat()


def test_the_request_body_is_exactly_the_contract() -> None:
    draft = ClaimDraft.from_tracker(confirmed_claim(evidence_ids=["EV-1"]))
    assert draft.request_body(channel="rest", conversation_id=SENDER) == {
        "order_id": SINGLE_ITEM_ORDER,
        "customer_email": "dana@example.com",
        "sku": "B0HEATER01",
        "incident_date": INCIDENT,
        "defect_description": "the cord melted and sparked",
        "property_damage": {"description": "scorched rug and wall", "amount": "350.00"},
        "injury": {
            "description": "burn on my right hand",
            "treatment": "first_aid",
            "medical_costs": "0.00",
            "lost_earnings": "0.00",
        },
        "evidence_ids": ["EV-1"],
        "channel": "rest",
        "conversation_id": SENDER,
    }
    assert draft.total == Decimal("350.00")


def test_harm_that_was_not_reported_is_null() -> None:
    body = ClaimDraft.from_tracker(confirmed_claim(harm_kind="injury")).request_body("rest", "c")
    assert body["property_damage"] is None and body["injury"] is not None


async def test_a_small_claim_is_paid_now_and_the_claim_slots_are_cleared(
    backend: ClaimsBackend,
    running_backend: RunningBackend,
    dispatcher: CollectingDispatcher,
    domain: dict,
) -> None:
    evidence_id = await upload_evidence(running_backend)
    events = await ActionSubmitClaim(backend).run(
        dispatcher, confirmed_claim(evidence_ids=[evidence_id]), domain
    )

    said = texts(dispatcher)
    reference = REFERENCE.search(said)
    assert reference, said
    assert "paying you $350.00 now" in said
    slots = slot_events(events)
    assert slots.pop("claim_reference") == reference.group()
    # The customer proved this email: a later status question needn't ask it again.
    assert slots.pop("verified_email") == "dana@example.com"
    assert slots == {slot: None for slot in CLAIM_SLOTS}  # nothing leaks into a next claim

    status, stored = running_backend.call("GET", f"/api/admin/claims?conversation_id={SENDER}")
    assert status == 200
    [claim] = stored["claims"]
    assert claim["reference"] == reference.group()
    assert claim["status"] == "concession_paid"
    assert claim["claimed_total"] == "350.00"
    assert claim["incident_date"] == INCIDENT
    assert claim["injury"]["treatment"] == "first_aid"
    assert [item["id"] for item in claim["evidence"]] == [evidence_id]
    assert claim["channel"] == "rest" and claim["conversation_id"] == SENDER


async def test_a_large_claim_goes_to_the_seller_with_a_deadline(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    tracker = confirmed_claim(
        order_id=MULTI_ITEM_ORDER,
        customer_email=SAM,
        claim_sku=CHARGER["sku"],
        claim_order={"order_id": MULTI_ITEM_ORDER, "email": SAM, "items": [CHARGER]},
        harm_kind="property",
        property_damage_amount="1200.00",
    )
    await ActionSubmitClaim(backend).run(dispatcher, tracker, domain)
    said = texts(dispatcher)
    assert REFERENCE.search(said), said
    assert "sent it to the seller, who must respond by" in said
    assert "the marketplace steps in" in said


async def test_a_second_claim_for_the_same_item_is_explained(
    backend: ClaimsBackend, domain: dict
) -> None:
    await ActionSubmitClaim(backend).run(CollectingDispatcher(), confirmed_claim(), domain)
    dispatcher = CollectingDispatcher()
    await ActionSubmitClaim(backend).run(
        dispatcher, confirmed_claim(claim_run_id="run0000000000002"), domain
    )
    said = texts(dispatcher)
    assert REFERENCE.search(said), said
    assert "already an open claim" in said and "this item" in said


async def test_a_refused_answer_is_asked_again_and_the_rest_kept(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    early = (DELIVERED - timedelta(days=2)).isoformat()
    events = await ActionSubmitClaim(backend).run(
        dispatcher, confirmed_claim(incident_date=early), domain
    )
    assert texts(dispatcher) == (
        "The date you gave is before the order was delivered. "
        "Let's fix that — I kept your other answers."
    )
    slots = slot_events(events)
    assert slots["incident_date"] is None
    assert slots["claim_confirmed"] is None
    assert slots["claim_run_id"] not in (None, "run0000000000001")  # nothing was stored
    assert set(slots) == {"incident_date", "claim_confirmed", "claim_run_id"}
    assert events[-1] == {"event": "followup", "name": "claim_form", "timestamp": None}


async def test_an_email_refused_at_filing_is_checked_again_against_the_order(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    events = await ActionSubmitClaim(backend).run(
        dispatcher, confirmed_claim(customer_email="someone@else.example"), domain
    )
    slots = slot_events(events)
    assert slots["customer_email"] is None
    assert slots["claim_order"] == {"order_id": SINGLE_ITEM_ORDER}
    assert "doesn't match" in texts(dispatcher)


async def test_backend_down_keeps_every_answer_and_the_submission_id(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    events = await ActionSubmitClaim(down_backend).run(dispatcher, confirmed_claim(), domain)
    assert texts(dispatcher) == UNAVAILABLE
    assert slot_events(events) == {"claim_run_id": "run0000000000001", "claim_confirmed": None}
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "claim_form"


async def test_a_missing_answer_goes_back_to_the_form(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    events = await ActionSubmitClaim(down_backend).run(
        dispatcher, confirmed_claim(incident_date=None), domain
    )
    assert events[-1]["name"] == "claim_form"
    assert slot_events(events) == {"claim_confirmed": None}


def filed(status: str, decision: dict | None = None) -> FiledClaim:
    return FiledClaim(reference="CLM-7K3Q9X", status=status, decision=decision or {})


@pytest.mark.parametrize(
    ("claim", "words"),
    [
        (
            filed("concession_paid", decision={"explanation": "We pay you $1,200.00 now."}),
            "We pay you $1,200.00 now. There's nothing more you need to do.",
        ),
        (
            filed(
                "awaiting_seller",
                decision={"explanation": "The seller must respond by 2 December 2026."},
            ),
            "The seller must respond by 2 December 2026. Keep your reference",
        ),
        (filed("under_review"), "A claims specialist will review it"),
        (
            filed("denied", decision={"reasons": ["late_filing"], "explanation": "Too late."}),
            'recorded your claim CLM-7K3Q9X. Too late. If you think that\'s wrong, say "talk to a person"',
        ),
        (filed("seller_accepted"), "Its status is: seller accepted."),
    ],
)
def test_each_outcome_names_the_reference_in_plain_words(claim: FiledClaim, words: str) -> None:
    message = outcome_message(claim)
    assert "CLM-7K3Q9X" in message
    assert words in message
