"""Conversations survive a restart of Rasa (issue 11, reliability): the SQL tracker store keeps
each one where it stood, so a customer half-way through a claim finishes it afterwards."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.recent_marketplace import (
    PERSONA_PRODUCTS,
    RESTART_ORDER,
    TODAY,
    persona_email,
    persona_order_id,
)

from .chat import Chat

pytestmark = pytest.mark.e2e


def test_a_customer_finishes_a_claim_after_rasa_restarts(chat: Chat) -> None:
    day = TODAY - timedelta(days=3)
    chat.say(
        f"order {persona_order_id(RESTART_ORDER)}: my {PERSONA_PRODUCTS[RESTART_ORDER - 1][0]} "
        f"overheated on {day:%B} "
        f"{day.day} and burned my table, about $250 to fix"
    )
    asked = chat.text(chat.say(persona_email(RESTART_ORDER)))
    assert "attach" in asked.lower() or "photo" in asked.lower(), chat.transcript

    chat.stack.restart("rasa")

    # The same conversation carries on at the same question, every answer kept.
    summary = chat.text(chat.say("none yet"))
    assert "file it" in summary.lower(), chat.transcript
    confirmation = chat.text(chat.say("yes"))
    reference = re.search(r"CLM-[A-Z0-9]{4,}", confirmation)
    assert reference, chat.transcript
    status, claim = chat.backend("GET", f"/api/claims/{reference.group()}")
    assert status == 200 and claim["order_id"] == persona_order_id(RESTART_ORDER)
