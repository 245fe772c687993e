"""A customer files a claim by chatting over the REST channel; the backend stores what they said."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from .chat import Chat, png_image
from .mailbox import delivered

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"CLM-[A-Z0-9]{4,}")


def stored_claim(chat: Chat) -> dict:
    """The one claim this conversation filed, as the admin API returns it."""
    status, body = chat.backend("GET", f"/api/admin/claims?conversation_id={chat.sender}")
    assert status == 200, body
    assert len(body["claims"]) == 1, body
    return body["claims"][0]


def test_single_item_claim_with_both_harms_is_paid_at_once(chat: Chat) -> None:
    incident = (date.today() - timedelta(days=10)).isoformat()
    evidence_id = chat.upload_evidence(png_image(), "rug.png", "image/png")

    # What the first message tells (the defect, both harms) is not asked again.
    chat.say("Hi, my space heater caught fire, damaged my rug and burned my right hand")
    chat.say("112-1234567-1234567")
    chat.say("dana@example.com")
    chat.say(incident)
    chat.say("$350")
    chat.say("first aid")
    chat.say("0")
    chat.say("0")
    summary = chat.text(chat.say("here are the photos", evidence_ids=[evidence_id]))
    assert "350" in summary and "Oil-filled space heater" in summary, chat.transcript
    confirmation = chat.text(chat.say("yes"))

    reference = REFERENCE.search(confirmation)
    assert reference, chat.transcript
    claim = stored_claim(chat)
    assert claim["reference"] == reference.group()
    assert claim["order_id"] == "112-1234567-1234567"
    assert claim["sku"] == "B0HEATER01"
    assert claim["incident_date"] == incident
    assert claim["claimed_total"] == "350.00"
    assert claim["property_damage"]["amount"] == "350.00"
    assert claim["injury"]["treatment"] == "first_aid"
    assert [item["id"] for item in claim["evidence"]] == [evidence_id]
    assert claim["status"] == "concession_paid"
    assert claim["decision"]["payer"] == "marketplace"
    assert claim["decision"]["reimbursement_sought"] is False  # the seller is insured
    assert claim["channel"] == "rest" and claim["conversation_id"] == chat.sender
    assert "350" in confirmation  # the customer is told what is paid

    # The customer's "claim received" e-mail went out over SMTP to the stack's own mailbox.
    mail = delivered(chat.stack.mail_dir, "dana@example.com", claim["reference"])
    assert mail["Subject"] == f"We received your claim {claim['reference']}"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert claim["reference"] in text and "$350.00" in text, text


def test_multi_item_claim_over_the_limit_goes_to_the_seller(chat: Chat) -> None:
    incident = (date.today() - timedelta(days=5)).isoformat()

    chat.say("I want to file a claim")
    chat.say("my order is 113-2345678-2345678")
    item_question = chat.say("sam@example.com")
    buttons = [button for reply in item_question for button in reply.get("buttons", [])]
    charger = [button for button in buttons if "charger" in button["title"].lower()]
    assert len(buttons) == 2 and charger, chat.transcript
    chat.say(charger[0]["payload"])
    chat.say(incident)
    chat.say("it overheated while charging and burst into flames")
    chat.say("property damage")
    chat.say("my desk and laptop were burned")
    chat.say("$1,200")
    chat.say("I don't have any photos yet")
    summary = chat.text(chat.transcript[-1][1])
    assert "1,200" in summary or "1200" in summary, chat.transcript
    confirmation = chat.text(chat.say("yes"))

    assert REFERENCE.search(confirmation), chat.transcript
    claim = stored_claim(chat)
    assert claim["sku"] == "B0CHRGR65W"
    assert claim["injury"] is None
    assert claim["claimed_total"] == "1200.00"
    assert claim["status"] == "awaiting_seller"
    due = datetime.fromisoformat(claim["seller_response_due"].replace("Z", "+00:00"))
    assert f"{due.day} {due:%B %Y}" in confirmation, confirmation  # the customer hears the deadline


def test_unknown_order_is_questioned_while_the_customer_is_there(chat: Chat) -> None:
    chat.say("a blender I bought cut my hand")
    reply = chat.text(chat.say("999-9999999-9999999"))
    assert "find" in reply.lower(), chat.transcript
    next_question = chat.text(chat.say("112-1234567-1234567"))
    assert "email" in next_question.lower(), chat.transcript
    status, body = chat.backend("GET", f"/api/admin/claims?conversation_id={chat.sender}")
    assert status == 200 and body["claims"] == []
