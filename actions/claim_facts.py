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

from actions.message_facts import MessageFacts, facts_amount
from actions.parsing import TREATMENT_LABELS, format_money

AMOUNT_SLOTS = ("property_damage_amount", "medical_costs", "lost_earnings")
PROPERTY_SLOTS = ("property_damage_description", "property_damage_amount")
INJURY_SLOTS = ("injury_description", "injury_treatment", "medical_costs", "lost_earnings")
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
# Questions whose answer is one value a message either carries or not.
VALUE_SLOTS = ("order_id", "customer_email", "incident_date", *AMOUNT_SLOTS)
# While the summary is shown, any differing fact is a change to the claim.
REVIEW_SLOTS = ("claim_confirmed", "claim_correction")

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
    cleared: tuple[str, ...] = ()  # answers about a harm the message ruled out
    doubt: str | None = None  # what to ask instead of storing a guess


WHAT_TO_CHANGE = (
    "Sorry — what should I change? Tell me the new value with what it is for, for example "
    '"the date was November 3" or "the repair was $410".'
)


def which_amount_doubt(amount: Decimal, answered: list[str]) -> str:
    """The question asked when a new amount could correct several answers."""
    listed = " or ".join(SLOT_LABELS[slot].removeprefix("the ") for slot in answered)
    return (
        f"Which amount should be {format_money(amount)}: the {listed}? Tell me with what it is "
        'for, for example "the repair was $410".'
    )


def claim_update(
    facts: MessageFacts,
    slots: Mapping[str, Any],
    requested: str | None,
    text: str,
    *,
    item_for: Any = None,
) -> ClaimUpdate:
    """The candidates a message gives the claim form, as typed values (Decimal, date, str).

    `slots` are the claim's current answers (the question asked still unanswered), and
    `item_for(products) -> sku | None` picks the order's item the customer named. The message was read with the question asked (`facts_in_message(...,
    asked=requested)`), so a bare answer is already the asked slot's value.
    """
    changing = facts.is_correction or requested in REVIEW_SLOTS
    found, doubt = _values(facts, slots, requested, changing, item_for)
    cued = _cued_amounts(facts)
    candidates: dict[str, Any] = {}
    corrected: list[str] = []
    for slot, value in found.items():
        current = slots.get(slot)
        # An amount said with what it is for ("the repair was $410") changes that amount.
        restated = slot in cued
        if current in (None, "") or slot == requested:
            candidates[slot] = value
        elif (changing or restated) and not _same(slot, current, value):
            candidates[slot] = value
            corrected.append(slot)

    kind, cleared = _harm_kind(facts, slots.get("harm_kind"), requested)
    if kind and kind != slots.get("harm_kind"):
        candidates["harm_kind"] = kind
    for slot in cleared:
        candidates.pop(slot, None)  # "nothing else broke" is no $0 repair
    if requested in DESCRIPTION_SLOTS and not corrected and doubt is None:
        candidates[requested] = _described(facts, slots)
    if not changing:
        candidates.update(_descriptions(facts, slots, requested))
    if facts.products:
        candidates["mentioned_item"] = " ".join(facts.products)
    if facts.doubt and requested in (*AMOUNT_SLOTS, "incident_date"):
        doubt = doubt or facts.doubt
    if facts.is_correction and not found and requested in VALUE_SLOTS:
        # "wait, that's wrong": a correction that says neither what nor to what.
        doubt = doubt or WHAT_TO_CHANGE

    answered_elsewhere = any(
        slot in TYPED_SLOTS or slot in DESCRIPTION_SLOTS for slot in candidates if slot != requested
    )
    drop = requested is not None and (
        requested in cleared
        or (
            requested not in candidates
            and (
                bool(corrected)
                or doubt is not None
                or (requested in TYPED_SLOTS and answered_elsewhere)
            )
        )
    )
    return ClaimUpdate(candidates, tuple(corrected), drop, cleared, doubt)


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
    item_for: Any,
) -> tuple[dict[str, Any], str | None]:
    values: dict[str, Any] = {}
    doubt = None
    if facts.order_id:
        values["order_id"] = facts.order_id
    if facts.customer_email:
        values["customer_email"] = facts.customer_email
    if facts.incident_date:
        values["incident_date"] = facts.incident_date
    values.update(_cued_amounts(facts))
    if facts.unassigned_amount is not None and changing:
        target, answered = _corrected_amount_slot(facts, slots)
        if target is None and not answered and requested in AMOUNT_SLOTS:
            target = requested  # "sorry, it was $300": nothing to correct, it is the answer
        if target and target not in values:
            values[target] = facts.unassigned_amount
        elif target is None and len(answered) > 1:
            doubt = which_amount_doubt(facts.unassigned_amount, answered)
    if facts.injury_treatment:
        values["injury_treatment"] = facts.injury_treatment
    if facts.products and item_for is not None:
        sku = item_for(facts.products)
        if sku:
            values["claim_sku"] = sku
    return values, doubt


def _cued_amounts(facts: MessageFacts) -> dict[str, Decimal]:
    """The amounts the message says what they are for."""
    amounts = {slot: facts_amount(facts, slot) for slot in AMOUNT_SLOTS}
    return {slot: amount for slot, amount in amounts.items() if amount is not None}


def _corrected_amount_slot(
    facts: MessageFacts, slots: Mapping[str, Any]
) -> tuple[str | None, list[str]]:
    """Which answered amount a correction without a clue changes: the one whose old value it
    names ("$410, not $390"), else the only one answered; (None, the answered amounts) when it
    cannot tell."""
    answered = [slot for slot in AMOUNT_SLOTS if slots.get(slot) not in (None, "")]
    for slot in answered:
        if any(_same(slot, slots[slot], old) for old in facts.replaced_amounts):
            return slot, answered
    if len(answered) == 1:
        return answered[0], answered
    return None, answered


def _harm_kind(
    facts: MessageFacts, current: str | None, requested: str | None
) -> tuple[str | None, tuple[str, ...]]:
    """The kinds of harm told so far, and the answers to clear: a message adds a kind, and takes
    one away when it rules it out ("nobody got hurt", "nothing else broke") and another stays.
    Ruling out the only kind told, or answering the kind question that way, leaves the other
    one (a claim is about some harm)."""
    told = set(facts.harm_kinds) | KINDS_OF.get(current or "", set())
    ruled_out = set(facts.ruled_out_harms)
    kept = told - ruled_out
    if not kept and len(ruled_out) == 1 and (told == ruled_out or requested == "harm_kind"):
        kept = {"property_damage", "injury"} - ruled_out
    if not kept:
        return HARM_KINDS.get(frozenset(told)), ()
    if not told and not facts.ruled_out_harms:
        return None, ()
    removed = KINDS_OF.get(current or "", set()) - kept
    cleared: tuple[str, ...] = ()
    if "property_damage" in removed:
        cleared += PROPERTY_SLOTS
    if "injury" in removed:
        cleared += INJURY_SLOTS
    return HARM_KINDS.get(frozenset(kept)), cleared


def _described(facts: MessageFacts, slots: Mapping[str, Any]) -> str:
    """The answer to a description question: the customer's own words, or, for "as I said
    above", the account given earlier ("" when there is none: the question is asked again)."""
    if facts.refers_back:
        earlier = next((slots[slot] for slot in DESCRIPTION_SLOTS if slots.get(slot)), None)
        if earlier:
            return earlier
    return "" if facts.refers_back and not facts.story else facts.account


def _descriptions(
    facts: MessageFacts, slots: Mapping[str, Any], requested: str | None
) -> dict[str, str]:
    """A message telling what happened (a harm, or what the product did) is, in the customer's
    words, the account of the defect and of each harm it names (asked only when still missing)."""
    story = facts.story
    if story is None or not (facts.tells_harm or (facts.tells_defect and facts.products)):
        return {}
    wanted = ["defect_description"]
    if "property_damage" in facts.harm_kinds:
        wanted.append("property_damage_description")
    if "injury" in facts.harm_kinds:
        wanted.append("injury_description")
    return {slot: story for slot in wanted if slot != requested and not slots.get(slot)}


def _same(slot: str, current: Any, value: Any) -> bool:
    if slot in AMOUNT_SLOTS:
        try:
            return Decimal(str(current).lstrip("$")) == Decimal(str(value).lstrip("$"))
        except InvalidOperation:
            return False
    if slot == "incident_date":
        return str(current) == (value.isoformat() if isinstance(value, date) else str(value))
    return str(current).strip().lower() == str(value).strip().lower()
