"""The claim a conversation stored, and where it differs from what the customer said."""

from __future__ import annotations

from decimal import Decimal

from .chat import Chat
from .customer import Persona

CONCESSION_LIMIT = Decimal(1000)


def stored_claim(chat: Chat) -> dict | None:
    status, body = chat.backend("GET", f"/api/admin/claims?conversation_id={chat.sender}")
    assert status == 200, body
    return body["claims"][0] if len(body["claims"]) == 1 else None


def differences(persona: Persona, claim: dict) -> list[str]:
    """Where the stored claim differs from what the persona said."""
    expected = {
        "order_id": persona.order_id,
        "sku": persona.sku,
        "incident_date": persona.incident_date.isoformat(),
        "claimed_total": f"{persona.total:.2f}",
        "status": "concession_paid" if persona.total < CONCESSION_LIMIT else "awaiting_seller",
        "files": persona.files,
        "property_damage": f"{persona.property_damage[1]:.2f}" if persona.property_damage else None,
        "injury": (
            persona.injury.treatment,
            f"{persona.injury.medical_costs:.2f}",
            f"{persona.injury.lost_earnings:.2f}",
        )
        if persona.injury
        else None,
    }
    injury = claim["injury"]
    stored = {
        "order_id": claim["order_id"],
        "sku": claim["sku"],
        "incident_date": claim["incident_date"],
        "claimed_total": claim["claimed_total"],
        "status": claim["status"],
        "files": len(claim["evidence"]),
        "property_damage": claim["property_damage"] and claim["property_damage"]["amount"],
        "injury": (injury["treatment"], injury["medical_costs"], injury["lost_earnings"])
        if injury
        else None,
    }
    problems = [
        f"{key}: said {expected[key]!r}, stored {stored[key]!r}"
        for key in expected
        if expected[key] != stored[key]
    ]
    if not claim["defect_description"].strip():
        problems.append("no defect description stored")
    return problems
