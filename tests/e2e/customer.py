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

from tests.recent_marketplace import persona_email, persona_order_id

from .chat import Chat

REFERENCE = re.compile(r"CLM-[A-Z0-9]{4,}")
MAX_TURNS = 30
# How many times the customer answers the same question before giving up.
MAX_ATTEMPTS = 3
# Plain answers to a question about a harm the customer does not have.
NO_DAMAGE, NO_INJURY = "there was no property damage", "nobody was hurt"

# The assistant's question (normal or rephrased wording) -> the slot it asks for.
QUESTIONS: list[tuple[str, re.Pattern[str]]] = [
    (slot, re.compile(pattern, re.IGNORECASE))
    for slot, pattern in [
        ("claim_correction", r"what would you like to change"),
        # Not understood, the assistant asks for the story: the customer tells it.
        ("what_happened", r"just tell me what happened"),
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
class Correction:
    """A message that corrects an earlier answer (the question `after`, or "opening"), sent while
    another question is pending: the next one asked, or `at` when it is asked; at the summary at
    the latest."""

    after: str
    message: str
    at: str | None = None


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
    corrections: tuple[Correction, ...] = ()
    files_said: str = "here are my photos"  # the message the files are sent with
    order_id: str = ""  # default: persona_order_id(number)
    email: str = ""  # default: persona_email(number)

    def __post_init__(self) -> None:
        object.__setattr__(self, "order_id", self.order_id or persona_order_id(self.number))
        object.__setattr__(self, "email", self.email or persona_email(self.number))

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
    answered: set[str] = {"opening"}
    owed = list(persona.corrections)
    corrected: str | None = None  # the last correction sent, if the assistant asks what to change
    pending: tuple[str, list[dict]] | None = None  # the question standing when the customer cut in
    files_sent = False
    while outcome.turns < MAX_TURNS:
        said = chat.text(replies)
        reference = REFERENCE.search(said)
        if reference and ("filed" in said or "recorded" in said):
            outcome.filed, outcome.reference = True, reference.group()
            return outcome
        slot, buttons = question_asked(replies)
        if slot is None and pending:
            # The assistant took the interjection in without asking again: the question stands.
            slot, buttons = pending
        pending = None
        if slot is None:
            outcome.problem = f"no question recognised in: {said!r}"
            return outcome
        extras = []
        if slot in persona.before and slot not in interjected:
            # Extra messages the first time this is asked; then see what is asked next.
            interjected.add(slot)
            extras += persona.before[slot]
        for correction in [c for c in owed if _due(c, slot, answered)]:
            owed.remove(correction)
            extras.append(correction.message)
            corrected = correction.message
        if extras:
            for extra in extras:
                replies = _say(chat, outcome, extra)
            pending = slot, buttons
            continue
        outcome.asked.append(slot)
        attempt = attempts.get(slot, 0)
        attempts[slot] = attempt + 1
        if attempt >= MAX_ATTEMPTS:
            outcome.problem = f"{slot} asked {attempt + 1} times"
            return outcome
        answered.add(slot)
        if slot == "evidence_provided" and persona.files and not files_sent:
            files_sent = True
            replies = _say(chat, outcome, persona.files_said, evidence_ids=evidence_ids)
            continue
        if slot == "claim_correction" and corrected:
            replies, corrected = _say(chat, outcome, corrected), None
            continue
        replies = _say(chat, outcome, answer(persona, slot, attempt, buttons))
    outcome.problem = f"not filed after {MAX_TURNS} turns"
    return outcome


def _due(correction: Correction, slot: str, answered: set[str]) -> bool:
    """Is it time to send this correction, now that `slot` is asked?"""
    if correction.after not in answered or slot == correction.after:
        return False
    return correction.at in (None, slot) or slot == "claim_confirmed"


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
        "order_id": persona.order_id,
        "customer_email": persona.email,
        "incident_date": persona.date_said if attempt == 0 else persona.incident_date.isoformat(),
        "defect_description": persona.defect,
        "harm_kind": "both" if damage and injury else "property damage" if damage else "injury",
        "property_damage_description": damage[0] if damage else NO_DAMAGE,
        "property_damage_amount": damage[2]
        if damage and attempt == 0
        else f"{damage[1]}"
        if damage
        else NO_DAMAGE,
        "injury_description": injury.description if injury else NO_INJURY,
        "injury_treatment": injury.treatment_said
        if injury and attempt == 0
        else (injury.treatment.replace("_", " ") if injury else NO_INJURY),
        "medical_costs": injury.medical_said
        if injury and attempt == 0
        else f"{injury.medical_costs}"
        if injury
        else NO_INJURY,
        "lost_earnings": injury.lost_said
        if injury and attempt == 0
        else f"{injury.lost_earnings}"
        if injury
        else NO_INJURY,
        "what_happened": " and ".join(
            [persona.defect]
            + ([damage[0]] if damage else [])
            + ([injury.description] if injury else [])
        ),
        "evidence_provided": "none yet" if attempt == 0 else "/no_evidence",
        "claim_confirmed": "yes" if attempt == 0 else "/affirm",
        "claim_correction": "nothing, it's fine",
    }
    return plain[slot]


def _say(chat: Chat, outcome: Outcome, message: str, **metadata) -> list[dict]:
    outcome.turns += 1
    return chat.say(message, **metadata)
