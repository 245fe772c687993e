"""A simulated customer: one adaptive loop that answers whatever the assistant asks from a
persona's facts, in the persona's words, until the claim is filed (or the customer gives up).

The loop recognises the assistant's questions by their wording (actions/claim_questions.py),
so it follows the assistant wherever it goes: a question it already answered in an earlier
message is not expected again, and each question asked counts as a customer turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from tests.recent_marketplace import persona_email, persona_order_id

from .chat import Chat

REFERENCE = re.compile(r"CLM-[A-Z0-9]{4,}")
# The persona run's figures, printed in pytest's terminal summary.
SUMMARY = pytest.StashKey[str]()
MAX_TURNS = 30
# How many times the customer answers the same question before giving up.
MAX_ATTEMPTS = 3

# The assistant's question (normal or rephrased wording) -> the slot it asks for.
QUESTIONS: list[tuple[str, re.Pattern[str]]] = [
    (slot, re.compile(pattern, re.IGNORECASE))
    for slot, pattern in [
        ("claim_correction", r"what would you like to change"),
        ("claim_confirmed", r"shall i file it|to file the claim as shown"),
        ("order_id", r"what's the order number|the order number is three digits"),
        ("customer_email", r"what email address did you use|which email address did you"),
        ("claim_sku", r"which item from that order|tap the item"),
        ("incident_date", r"when did it happen|on what day did it happen"),
        ("defect_description", r"what was defective|what went wrong with the product"),
        ("harm_kind", r"property damage, an injury, or both|was something damaged"),
        ("property_damage_amount", r"cost to repair or replace|repair or replacement cost"),
        ("property_damage_description", r"describe the property damage|what was damaged\?"),
        ("injury_description", r"describe the injury|who was hurt"),
        ("injury_treatment", r"what treatment did|treated at home"),
        ("medical_costs", r"medical costs come to|billed for treatment"),
        ("lost_earnings", r"cost you any earnings|pay did you lose"),
        ("evidence_provided", r"attach photos|attach any other|attach photos or documents"),
    ]
]


@dataclass(frozen=True)
class Injury:
    description: str
    treatment: str  # as the backend stores it: none, first_aid, doctor, ...
    treatment_said: str
    medical_costs: Decimal
    medical_said: str
    lost_earnings: Decimal
    lost_said: str


@dataclass(frozen=True)
class Persona:
    """A customer with a claim: what is true (checked against the stored claim) and how they
    say it. `answers` overrides how a question is answered (a list: one answer per attempt);
    `before` sends extra messages (questions, corrections) the first time a question is asked;
    `opening` is what they say first."""

    name: str
    style: str
    number: int  # the persona's order in tests/recent_marketplace.py
    sku: str
    incident_date: date
    date_said: str
    defect: str
    opening: tuple[str, ...]
    property_damage: tuple[str, Decimal, str] | None = None  # description, amount, as said
    injury: Injury | None = None
    files: int = 0
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    before: dict[str, tuple[str, ...]] = field(default_factory=dict)
    item_said: str | None = None  # typed instead of pressing the item's button
    questions: tuple[str, ...] | None = None  # exactly what the assistant should ask, if set

    @property
    def total(self) -> Decimal:
        total = self.property_damage[1] if self.property_damage else Decimal(0)
        if self.injury:
            total += self.injury.medical_costs + self.injury.lost_earnings
        return total


@dataclass
class Outcome:
    """How one persona's conversation went."""

    persona: str
    style: str
    filed: bool = False
    reference: str | None = None
    turns: int = 0
    problem: str = ""
    asked: list[str] = field(default_factory=list)


def question_asked(replies: list[dict]) -> tuple[str | None, list[dict]]:
    """The slot the assistant's last question asks for, and its buttons."""
    for reply in reversed(replies):
        text = reply.get("text") or ""
        for slot, pattern in QUESTIONS:
            if pattern.search(text):
                return slot, reply.get("buttons") or []
    return None, []


def converse(chat: Chat, persona: Persona, evidence_ids: list[str]) -> Outcome:
    """Play the persona until the claim is filed; return what happened."""
    outcome = Outcome(persona.name, persona.style)
    replies: list[dict] = []
    for message in persona.opening:
        replies = _say(chat, outcome, message)
    attempts: dict[str, int] = {}
    interjected: set[str] = set()
    files_sent = False
    while outcome.turns < MAX_TURNS:
        said = chat.text(replies)
        reference = REFERENCE.search(said)
        if reference and ("filed" in said or "recorded" in said):
            outcome.filed, outcome.reference = True, reference.group()
            return outcome
        slot, buttons = question_asked(replies)
        if slot is None:
            outcome.problem = f"no question recognised in: {said!r}"
            return outcome
        if slot in persona.before and slot not in interjected:
            # Extra messages the first time this is asked; then see what is asked next.
            interjected.add(slot)
            for extra in persona.before[slot]:
                replies = _say(chat, outcome, extra)
            continue
        outcome.asked.append(slot)
        attempt = attempts.get(slot, 0)
        attempts[slot] = attempt + 1
        if attempt >= MAX_ATTEMPTS:
            outcome.problem = f"{slot} asked {attempt + 1} times"
            return outcome
        if slot == "evidence_provided" and persona.files and not files_sent:
            files_sent = True
            replies = _say(chat, outcome, "here are my photos", evidence_ids=evidence_ids)
            continue
        replies = _say(chat, outcome, answer(persona, slot, attempt, buttons))
    outcome.problem = f"not filed after {MAX_TURNS} turns"
    return outcome


def answer(persona: Persona, slot: str, attempt: int, buttons: list[dict]) -> str:
    """The persona's answer to a question (its own words first, plain words when asked again)."""
    own = persona.answers.get(slot, ())
    if attempt < len(own):
        return own[attempt]
    if slot == "claim_sku":
        if persona.item_said and attempt == 0:
            return persona.item_said
        return next(b["payload"] for b in buttons if b["payload"] == persona.sku)
    damage, injury = persona.property_damage, persona.injury
    plain = {
        "order_id": persona_order_id(persona.number),
        "customer_email": persona_email(persona.number),
        "incident_date": persona.date_said if attempt == 0 else persona.incident_date.isoformat(),
        "defect_description": persona.defect,
        "harm_kind": "both" if damage and injury else "property damage" if damage else "injury",
        "property_damage_description": damage[0] if damage else "",
        "property_damage_amount": damage[2]
        if damage and attempt == 0
        else f"{damage[1]}"
        if damage
        else "",
        "injury_description": injury.description if injury else "",
        "injury_treatment": injury.treatment_said
        if injury and attempt == 0
        else (injury.treatment.replace("_", " ") if injury else ""),
        "medical_costs": injury.medical_said
        if injury and attempt == 0
        else f"{injury.medical_costs}"
        if injury
        else "",
        "lost_earnings": injury.lost_said
        if injury and attempt == 0
        else f"{injury.lost_earnings}"
        if injury
        else "",
        "evidence_provided": "none yet" if attempt == 0 else "/no_evidence",
        "claim_confirmed": "yes" if attempt == 0 else "/affirm",
        "claim_correction": "nothing, it's fine",
    }
    return plain[slot]


def _say(chat: Chat, outcome: Outcome, message: str, **metadata) -> list[dict]:
    outcome.turns += 1
    return chat.say(message, **metadata)
