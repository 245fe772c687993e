"""Request bodies become typed commands once, at the edge: dates and money parsed, optional
parts defaulted, the body's fingerprint taken for idempotent replays."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.commands import (
    AppealConcession,
    FileClaim,
    Injury,
    PropertyDamage,
    RespondToClaim,
    UncoveredLoss,
)
from tests.backend.marketplace_data import claim_body


def test_a_claim_body_becomes_a_command_with_dates_and_money_parsed():
    body = claim_body(
        customer_email="  dana@example.com ",
        property_damage={"description": "Scorched rug", "amount": "120"},
        injury={
            "description": "Burnt hand",
            "treatment": "urgent_care",
            "medical_costs": "80.5",
            "lost_earnings": "0",
        },
        other_losses=[{"kind": "pain_and_suffering", "amount": "1000"}],
        evidence_ids=["EV-1", "EV-1"],
    )
    del body["channel"], body["conversation_id"]

    command = FileClaim.from_body(body)

    assert command.customer_email == "dana@example.com"
    assert command.incident_date == date.fromisoformat(body["incident_date"])
    assert command.property_damage == PropertyDamage("Scorched rug", Decimal("120.00"))
    assert command.injury == Injury("Burnt hand", "urgent_care", Decimal("80.50"), Decimal(0))
    assert command.other_losses == (UncoveredLoss("pain_and_suffering", None, Decimal(1000)),)
    assert command.other_losses[0].as_json()["amount"] == "1000.00"
    assert command.losses.total == Decimal("200.50")
    assert command.losses.uncovered == Decimal("1000.00")
    assert command.evidence_ids == ("EV-1", "EV-1")  # as sent: problems name the index
    assert (command.channel, command.conversation_id) == ("rest", None)


def test_the_fingerprint_ignores_key_order_but_not_values():
    body = claim_body()
    reordered = dict(reversed(list(body.items())))
    changed = {**body, "defect_description": "Something else entirely"}

    assert FileClaim.from_body(reordered).fingerprint == FileClaim.from_body(body).fingerprint
    assert FileClaim.from_body(changed).fingerprint != FileClaim.from_body(body).fingerprint


def test_a_sellers_answer_and_appeal_keep_each_file_once_and_no_blank_defence():
    response = RespondToClaim.from_body(
        {"action": "reject", "statement": "   ", "evidence_ids": ["EV-2", "EV-1", "EV-2"]}
    )
    appeal = AppealConcession.from_body({"statement": "Not ours", "evidence_ids": ["EV-3"] * 2})

    assert response == RespondToClaim("reject", None, ("EV-2", "EV-1"))
    assert appeal == AppealConcession("Not ours", ("EV-3",))
