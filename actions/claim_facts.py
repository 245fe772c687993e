"""What one customer message changes in the claim being filled in.

The claim form asks one question at a time, but customers answer several at once ("order
112-4455667-1234567, the kettle's base melted on the 3rd and burned my counter, around $300 to
fix"), answer out of order, and correct earlier answers ("actually it was $450", "no, the 4th").
`claim_update` turns the facts of a message (actions/message_facts.py) into slot candidates for
the form's validators, as text the validators read like any typed answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from actions.message_facts import MessageFacts
from actions.parsing import TREATMENT_LABELS, format_money

AMOUNT_SLOTS = ("property_damage_amount", "medical_costs", "lost_earnings")
PROPERTY_SLOTS = ("property_damage_description", "property_damage_amount")
INJURY_SLOTS = ("injury_description", "injury_treatment", "medical_costs", "lost_earnings")
# What the customer told about the claim, as agents see it in their queue (the backend reads the
# live ones from Rasa with the same list, backend/rasa_conversations.py; a test keeps them equal).
FACT_SLOTS = (
    "order_id",
    "customer_email",
    "claim_sku",
    "incident_date",
    "defect_description",
    "harm_kind",
    *PROPERTY_SLOTS,
    *INJURY_SLOTS,
    "evidence_ids",
)
DESCRIPTION_SLOTS = ("defect_description", "property_damage_description", "injury_description")
# Questions whose text answer is a value that a message about something else cannot be.
TYPED_SLOTS = (
    "order_id",
    "customer_email",
    "claim_sku",
    "incident_date",
    "harm_kind",
    "injury_treatment",
    *AMOUNT_SLOTS,
)
# While the summary is shown, any differing fact is a change to the claim.
REVIEW_SLOTS = ("claim_confirmed", "claim_correction")
# A message shorter than this is no account of what happened ("it burned").
MIN_DESCRIPTION_WORDS = 4

HARM_KINDS = {
    frozenset({"property_damage"}): "property",
    frozenset({"injury"}): "injury",
    frozenset({"property_damage", "injury"}): "both",
}
KINDS_OF = {
    "property": {"property_damage"},
    "injury": {"injury"},
    "both": {"property_damage", "injury"},
}

SLOT_LABELS = {
    "order_id": "the order number",
    "customer_email": "the email address",
    "claim_sku": "the item",
    "incident_date": "the date",
    "harm_kind": "the kind of harm",
    "property_damage_amount": "the property damage cost",
    "injury_treatment": "the treatment",
    "medical_costs": "the medical costs",
    "lost_earnings": "the lost earnings",
}


@dataclass(frozen=True)
class ClaimUpdate:
    """Slot candidates from one message, and what they mean for the question asked."""

    candidates: dict[str, Any]
    corrected: tuple[str, ...] = ()  # answered slots this message changes
    drop_text_answer: bool = False  # the message did not answer the question asked


def claim_update(
    facts: MessageFacts,
    slots: Mapping[str, Any],
    requested: str | None,
    text: str,
    *,
    last_amount_slot: str | None = None,
    item_for: Any = None,
) -> ClaimUpdate:
    """The candidates a message gives the claim form.

    `slots` are the claim's current answers (the question asked still unanswered),
    `last_amount_slot` the amount answered last (what "actually it was $450" corrects), and
    `item_for(products) -> sku | None` picks the order's item the customer named.
    """
    changing = facts.is_correction or requested in REVIEW_SLOTS
    found = _values(facts, slots, requested, changing, last_amount_slot, item_for)
    candidates: dict[str, Any] = {}
    corrected: list[str] = []
    for slot, value in found.items():
        current = slots.get(slot)
        if current in (None, "") or slot == requested:
            candidates[slot] = value
        elif changing and not _same(slot, current, value):
            candidates[slot] = value
            corrected.append(slot)

    kind = _harm_kind(facts, slots.get("harm_kind"))
    if kind and kind != slots.get("harm_kind"):
        candidates["harm_kind"] = kind
    if not changing:
        candidates.update(_descriptions(facts, slots, requested, text))
    if facts.products:
        candidates["mentioned_item"] = " ".join(facts.products)

    answered_elsewhere = any(
        slot in TYPED_SLOTS or slot in DESCRIPTION_SLOTS for slot in candidates if slot != requested
    )
    drop = (
        requested is not None
        and requested not in candidates
        and (bool(corrected) or (requested in TYPED_SLOTS and answered_elsewhere))
    )
    return ClaimUpdate(candidates, tuple(corrected), drop)


def describe(slot: str, value: Any, item_titles: Mapping[str, str] | None = None) -> str:
    """A slot's value the way the customer reads it."""
    if slot in AMOUNT_SLOTS:
        return format_money(value)
    if slot == "incident_date":
        day = date.fromisoformat(value)
        return f"{day:%B} {day.day}, {day.year}"
    if slot == "injury_treatment":
        return TREATMENT_LABELS.get(value, value)
    if slot == "claim_sku":
        return (item_titles or {}).get(value, value)
    if slot == "harm_kind":
        return {
            "property": "property damage",
            "injury": "an injury",
            "both": "property damage and an injury",
        }.get(value, value)
    return str(value)


def _values(
    facts: MessageFacts,
    slots: Mapping[str, Any],
    requested: str | None,
    changing: bool,
    last_amount_slot: str | None,
    item_for: Any,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if facts.order_id:
        values["order_id"] = facts.order_id
    if facts.customer_email:
        values["customer_email"] = facts.customer_email
    if facts.incident_date:
        values["incident_date"] = facts.incident_date.isoformat()
    for slot, amount in (
        ("property_damage_amount", facts.property_damage_amount),
        ("medical_costs", facts.medical_costs),
        ("lost_earnings", facts.lost_earnings),
    ):
        if amount is not None:
            values[slot] = _money_text(amount)
    if facts.unassigned_amount is not None:
        target = _slot_for_unassigned_amount(slots, requested, changing, last_amount_slot)
        if target and target not in values:
            values[target] = _money_text(facts.unassigned_amount)
    if facts.injury_treatment:
        values["injury_treatment"] = facts.injury_treatment
    if facts.products and item_for is not None:
        sku = item_for(facts.products)
        if sku:
            values["claim_sku"] = sku
    return values


def _slot_for_unassigned_amount(
    slots: Mapping[str, Any],
    requested: str | None,
    changing: bool,
    last_amount_slot: str | None,
) -> str | None:
    """An amount with no clue corrects the last amount answered; as the answer to an amount
    question it is the question's own validator that reads the text."""
    if not changing:
        return None
    if last_amount_slot and slots.get(last_amount_slot) is not None:
        return last_amount_slot
    # Otherwise the amount answered last in the form's order.
    answered = [slot for slot in AMOUNT_SLOTS if slots.get(slot) is not None]
    return answered[-1] if answered else None


def _harm_kind(facts: MessageFacts, current: str | None) -> str | None:
    """The kinds of harm told so far: a message can add one, never take one away."""
    kinds = set(facts.harm_kinds) | KINDS_OF.get(current or "", set())
    return HARM_KINDS.get(frozenset(kinds))


def _descriptions(
    facts: MessageFacts, slots: Mapping[str, Any], requested: str | None, text: str
) -> dict[str, str]:
    """A message telling what happened is, in the customer's words, the account of the defect
    and of each harm it names (asked only when still missing)."""
    text = text.strip()
    if not facts.harm_kinds or len(text.split()) < MIN_DESCRIPTION_WORDS:
        return {}
    wanted = ["defect_description"]
    if "property_damage" in facts.harm_kinds:
        wanted.append("property_damage_description")
    if "injury" in facts.harm_kinds:
        wanted.append("injury_description")
    return {slot: text for slot in wanted if slot != requested and not slots.get(slot)}


def _money_text(amount: Decimal) -> str:
    return f"${amount:f}"


def _same(slot: str, current: Any, value: Any) -> bool:
    if slot in AMOUNT_SLOTS:
        try:
            return Decimal(str(current).lstrip("$")) == Decimal(str(value).lstrip("$"))
        except InvalidOperation:
            return False
    return str(current).strip().lower() == str(value).strip().lower()
