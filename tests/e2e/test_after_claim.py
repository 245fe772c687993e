"""After the claim, over the REST channel: its status (in the same conversation and in another
one, with the order's email as proof), more evidence, withdrawal."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.recent_marketplace import (
    PERSONA_ITEMS,
    PERSONA_PRODUCTS,
    TODAY,
    persona_email,
    persona_order_id,
)

from .chat import Chat, png_image

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"CLM-[A-Z0-9]{4,}")
# Orders of tests/recent_marketplace.py that no persona claims for.
STATUS_ORDER, EVIDENCE_ORDER, WITHDRAW_ORDER = 36, 37, 38


def file_claim(chat: Chat, number: int, amount: str = "$250") -> str:
    """File a property-damage claim on persona order `number` (under $1,000 it is paid at once,
    from $1,000 it awaits the seller); its reference."""
    product = PERSONA_PRODUCTS[number - 1][0]
    day = TODAY - timedelta(days=3)
    chat.say(
        f"order {persona_order_id(number)}: my {product} overheated on {day:%B} {day.day} "
        f"and burned my table, about {amount} to fix"
    )
    chat.say(persona_email(number))
    chat.say("none yet")
    reference = REFERENCE.search(chat.text(chat.say("yes")))
    assert reference, chat.transcript
    status, body = chat.backend("GET", f"/api/admin/claims?conversation_id={chat.sender}")
    assert status == 200 and body["claims"][0]["sku"] == PERSONA_ITEMS[product][0]
    return reference.group()


def test_status_in_the_same_conversation_and_in_another_with_the_email_as_proof(chat: Chat) -> None:
    reference = file_claim(chat, STATUS_ORDER)
    said = chat.text(chat.say("what's the status of my claim?"))
    assert f"Claim {reference} ($250.00) was accepted and paid by the marketplace." in said, (
        chat.transcript
    )

    later = Chat(chat.stack, sender=f"{chat.sender}-later")
    asked = later.text(later.say(f"hi, what's the status of {reference}?"))
    assert "email" in asked.lower(), later.transcript
    refused = later.text(later.say("someone.else@example.com"))
    assert "couldn't find" in refused and "email" in refused, later.transcript
    told = later.text(later.say(persona_email(STATUS_ORDER)))
    assert f"Claim {reference} ($250.00) was accepted" in told, later.transcript


def test_more_evidence_is_added_to_a_filed_claim(chat: Chat) -> None:
    reference = file_claim(chat, EVIDENCE_ORDER)
    evidence_id = chat.upload_evidence(png_image(), "damage.png", "image/png")
    asked = chat.text(chat.say("I have more photos for my claim"))
    assert "attach" in asked.lower(), chat.transcript
    added = chat.text(chat.say("here they are", evidence_ids=[evidence_id]))
    assert f"added 1 file to {reference}" in added, chat.transcript
    status, claim = chat.backend("GET", f"/api/claims/{reference}")
    assert status == 200
    assert [item["id"] for item in claim["evidence"]] == [evidence_id]


def test_a_claim_is_withdrawn_after_a_confirmation_and_a_reason(chat: Chat) -> None:
    # A paid claim cannot be withdrawn; one waiting for the seller can.
    reference = file_claim(chat, WITHDRAW_ORDER, amount="$1,250")
    # A withdrawal cannot be undone: the email proved while filing is asked for again.
    ask = chat.text(chat.say("I want to withdraw my claim"))
    assert "email" in ask.lower(), chat.transcript
    confirm = chat.text(chat.say(persona_email(WITHDRAW_ORDER)))
    assert reference in confirm and "withdraw" in confirm.lower(), chat.transcript
    chat.say("yes")
    done = chat.text(chat.say("the seller already refunded me"))
    assert f"claim {reference} is withdrawn" in done, chat.transcript
    status, claim = chat.backend("GET", f"/api/claims/{reference}")
    assert status == 200 and claim["status"] == "withdrawn"
