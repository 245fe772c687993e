"""After the claim: the customer asks for its status, adds evidence or withdraws it
(action_start_claim_request, validate_claim_request_form, action_complete_claim_request), with
the real backend behind them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.claim_request_form import (
    ActionStartClaimRequest,
    ValidateClaimRequestForm,
    parse_lookup,
)
from actions.claim_requests import ActionCompleteClaimRequest, claim_status
from actions.claims_backend import ClaimsBackend, FiledClaim
from actions.submit_claim import ActionSubmitClaim
from tests.actions.conftest import RunningBackend
from tests.actions.support import (
    confirmed_claim,
    form_tracker,
    slot_events,
    texts,
    upload_evidence,
    user_event,
)
from tests.recent_marketplace import DANA, SAM, SINGLE_ITEM_ORDER

FORM = "claim_request_form"


async def file_claim(backend: ClaimsBackend, domain: dict, **slots: Any) -> str:
    """A claim filed by Dana for her heater; its reference."""
    events = await ActionSubmitClaim(backend).run(
        CollectingDispatcher(), confirmed_claim(**slots), domain
    )
    return slot_events(events)["claim_reference"]


def request_tracker(text: str, intent: str, **slots: Any) -> Tracker:
    message = user_event(text, intent)
    values = {"verified_email": None, "claim_reference": None, **slots}
    return Tracker(
        "test-conversation",
        values,
        message["parse_data"],
        [{"event": "action", "name": "action_listen"}, message],
        False,
        None,
        {},
        "action_listen",
    )


async def run_form(
    backend: ClaimsBackend, domain: dict, dispatcher: CollectingDispatcher, **tracker_args: Any
) -> dict[str, Any]:
    events = await ValidateClaimRequestForm(backend).run(
        dispatcher, form_tracker(form=FORM, **tracker_args), domain
    )
    return slot_events(events)


def test_a_reference_or_an_order_number_names_the_claim() -> None:
    assert parse_lookup("status of clm-7k3q9x please") == "CLM-7K3Q9X"
    assert parse_lookup(f"my order {SINGLE_ITEM_ORDER}") == SINGLE_ITEM_ORDER
    assert parse_lookup("my claim") is None


async def test_a_request_starts_with_what_the_conversation_knows(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    tracker = request_tracker(
        "what's the status of my claim?",
        "ask_status",
        claim_reference="CLM-AAAA11",
        verified_email=DANA,
    )
    slots = slot_events(await ActionStartClaimRequest().run(dispatcher, tracker, domain))
    assert slots["claim_request"] == "status"
    assert slots["claim_lookup"] == "CLM-AAAA11"
    assert slots["verified_email"] == DANA


async def test_a_reference_in_the_message_wins_over_the_last_claim(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    tracker = request_tracker(
        "I want to withdraw CLM-BBBB22", "withdraw_claim", claim_reference="CLM-AAAA11"
    )
    slots = slot_events(await ActionStartClaimRequest().run(dispatcher, tracker, domain))
    assert slots["claim_request"] == "withdraw"
    assert slots["claim_lookup"] == "CLM-BBBB22"
    assert slots["verified_email"] is None


async def test_the_claim_is_found_with_the_orders_email_and_its_status_told(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    reference = await file_claim(backend, domain)
    slots = await run_form(
        backend,
        domain,
        dispatcher,
        requested="verified_email",
        text=DANA,
        slots={"claim_request": "status", "claim_lookup": reference},
        candidates={"verified_email": DANA},
    )
    assert slots["requested_claims"] == [reference]
    assert slots["requested_slot"] is None  # nothing more to ask

    done = CollectingDispatcher()
    tracker = form_tracker(
        form=FORM,
        slots={"claim_request": "status", "requested_claims": [reference], "verified_email": DANA},
    )
    events = await ActionCompleteClaimRequest(backend).run(done, tracker, domain)
    assert texts(done) == f"Claim {reference} ($350.00) was accepted and paid by the marketplace."
    assert slot_events(events)["claim_reference"] == reference


async def test_another_email_finds_nothing_and_says_so(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    reference = await file_claim(backend, domain)
    slots = await run_form(
        backend,
        domain,
        dispatcher,
        requested="verified_email",
        text=SAM,
        slots={"claim_request": "status", "claim_lookup": reference},
        candidates={"verified_email": SAM},
    )
    assert slots["verified_email"] is None
    assert slots["requested_slot"] == "verified_email"
    assert f"I couldn't find claim {reference} for {SAM}" in texts(dispatcher)


async def test_an_email_given_when_the_claim_is_asked_is_kept(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    slots = await run_form(
        down_backend,
        domain,
        dispatcher,
        requested="claim_lookup",
        text=DANA,
        slots={"claim_request": "status"},
        candidates={"claim_lookup": DANA},
    )
    assert slots["verified_email"] == DANA
    assert slots["claim_lookup"] is None
    assert dispatcher.messages == []  # no "that doesn't look like a reference"


async def test_a_withdrawal_asks_for_confirmation_then_a_reason(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    known = {
        "claim_request": "withdraw",
        "claim_lookup": "CLM-AAAA11",
        "verified_email": DANA,
        "requested_claims": ["CLM-AAAA11"],
    }
    slots = await run_form(
        down_backend,
        domain,
        dispatcher,
        requested="withdrawal_confirmed",
        text="yes",
        intent="affirm",
        slots=known,
        candidates={"withdrawal_confirmed": True},
    )
    assert slots["requested_slot"] == "withdrawal_reason"
    slots = await run_form(
        down_backend,
        domain,
        dispatcher,
        requested="withdrawal_confirmed",
        text="no",
        intent="deny",
        slots=known,
        candidates={"withdrawal_confirmed": False},
    )
    assert slots["requested_slot"] is None  # kept: nothing more to ask


async def test_files_sent_with_the_request_are_taken_at_once(
    down_backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    known = {
        "claim_request": "add_evidence",
        "claim_lookup": "CLM-AAAA11",
        "verified_email": DANA,
        "requested_claims": ["CLM-AAAA11"],
    }
    slots = await run_form(
        down_backend,
        domain,
        dispatcher,
        requested="evidence_upload",
        text="here you go",
        slots=known,
        metadata={"evidence_ids": ["EV-1", "EV-2"]},
        candidates={"evidence_upload": "here you go"},
    )
    assert slots["evidence_upload"] == ["EV-1", "EV-2"]
    assert slots["requested_slot"] is None


def test_statuses_are_told_in_plain_words() -> None:
    waiting = FiledClaim(
        "CLM-CCCC33", "awaiting_seller", {}, seller_response_due=("2026-12-02T10:00:00Z")
    )
    assert claim_status(waiting) == (
        "Claim CLM-CCCC33 is with the seller, who must answer by 2 December 2026; if they "
        "don't, the marketplace steps in."
    )
    denied = FiledClaim("CLM-DDDD44", "denied", {"explanation": "We cannot accept this claim."})
    assert claim_status(denied) == (
        "Claim CLM-DDDD44 was not accepted. We cannot accept this claim."
    )


async def test_claims_are_found_by_order(
    backend: ClaimsBackend, dispatcher: CollectingDispatcher, domain: dict
) -> None:
    reference = await file_claim(backend, domain)
    slots = await run_form(
        backend,
        domain,
        dispatcher,
        requested="verified_email",
        text=DANA,
        slots={"claim_request": "status", "claim_lookup": SINGLE_ITEM_ORDER},
        candidates={"verified_email": DANA},
    )
    assert slots["requested_claims"] == [reference]


async def test_files_are_added_to_the_claim(
    backend: ClaimsBackend, running_backend: RunningBackend, domain: dict
) -> None:
    reference = await file_claim(backend, domain)
    evidence_id = await upload_evidence(running_backend)
    done = CollectingDispatcher()
    tracker = form_tracker(
        form=FORM,
        slots={
            "claim_request": "add_evidence",
            "requested_claims": [reference],
            "verified_email": DANA,
            "evidence_upload": [evidence_id],
        },
    )
    await ActionCompleteClaimRequest(backend).run(done, tracker, domain)
    assert f"I've added 1 file to {reference}" in texts(done)
    status, claim = running_backend.call("GET", f"/api/claims/{reference}")
    assert status == 200
    assert [item["id"] for item in claim["evidence"]] == [evidence_id]


async def test_a_claim_is_withdrawn_with_the_reason(
    backend: ClaimsBackend, running_backend: RunningBackend, domain: dict
) -> None:
    # A paid claim cannot be withdrawn; one waiting for the seller ($1,000 or more) can.
    reference = await file_claim(backend, domain, property_damage_amount="1350.00")
    done = CollectingDispatcher()
    tracker = form_tracker(
        form=FORM,
        slots={
            "claim_request": "withdraw",
            "requested_claims": [reference],
            "verified_email": DANA,
            "withdrawal_confirmed": True,
            "withdrawal_reason": "the seller refunded me",
        },
    )
    await ActionCompleteClaimRequest(backend).run(done, tracker, domain)
    assert f"claim {reference} is withdrawn" in texts(done)
    status, claim = running_backend.call("GET", f"/api/claims/{reference}")
    assert status == 200 and claim["status"] == "withdrawn"


async def test_a_withdrawal_asks_for_the_email_again(
    dispatcher: CollectingDispatcher, domain: dict
) -> None:
    # The email proved earlier in the conversation is not taken for a withdrawal.
    tracker = request_tracker(
        "I want to withdraw my claim", "withdraw_claim", claim_reference="CLM-AAAA11"
    )
    tracker.slots["verified_email"] = DANA
    slots = slot_events(await ActionStartClaimRequest().run(dispatcher, tracker, domain))
    assert slots["claim_request"] == "withdraw"
    assert slots["verified_email"] is None


async def test_a_claim_filed_in_another_conversation_is_not_withdrawn_here(
    backend: ClaimsBackend, running_backend: RunningBackend, domain: dict
) -> None:
    reference = await file_claim(backend, domain, property_damage_amount="1350.00")
    done = CollectingDispatcher()
    tracker = form_tracker(
        form=FORM,
        slots={
            "claim_request": "withdraw",
            "requested_claims": [reference],
            "verified_email": DANA,
            "withdrawal_confirmed": True,
            "withdrawal_reason": "someone else typing",
        },
    )
    tracker.sender_id = "another-conversation"
    await ActionCompleteClaimRequest(backend).run(done, tracker, domain)
    assert "filed in another conversation" in texts(done)
    status, claim = running_backend.call("GET", f"/api/claims/{reference}")
    assert status == 200 and claim["status"] == "awaiting_seller"
