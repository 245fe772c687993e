"""Validation of the claim form: each answer is checked (with the backend where it knows better)
while the customer is still in the conversation, and a refused answer gets a kind sentence.

Every message may also answer other questions or correct earlier answers
(actions/claim_facts.py); the form then asks only what is still missing.

Form order: order_id -> customer_email -> claim_sku (multi-item orders only) -> incident_date ->
defect_description -> harm_kind -> [property_damage_description, property_damage_amount] ->
[injury_description, injury_treatment, medical_costs, lost_earnings] -> evidence_provided ->
(claim_correction, after a "no" to the summary) -> claim_confirmed.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.claim_facts import (
    INJURY_SLOTS,
    PROPERTY_SLOTS,
    REVIEW_SLOTS,
    SLOT_LABELS,
    claim_update,
    describe,
)
from actions.claims_backend import BackendUnavailable, Order, Rejected
from actions.form_base import (
    ATTACHMENT_MARK,
    UNAVAILABLE,
    ClaimsFormValidationAction,
    Revision,
    answer_text,
    evidence_in_message,
    latest_user_metadata,
    message_is_new,
    yes_or_no,
)
from actions.handoff import HANDOFF_SLOT, queue_handoff
from actions.handoff_triggers import handoff_reason
from actions.message_facts import MessageFacts, facts_amount, facts_in_message
from claims_contract.claims import FACT_SLOTS, MAX_TEXT_CHARS

FORM = "claim_form"
# How the questions (domain responses) name the claim's item: "the <title>", or "the product".
ITEM_SLOT = "claim_item"

# Every slot that belongs to one claim; all are cleared once it is filed.
CLAIM_SLOTS = (
    *FACT_SLOTS,
    "evidence_provided",
    "claim_correction",
    "claim_confirmed",
    "mentioned_item",
    "claim_order",
    "claim_run_id",
    "form_validation_failures",
)
# How answers given without being asked are acknowledged ("Thanks — I've noted ...").
NOTED = {
    "order_id": "{label}",
    "customer_email": "{label}",
    "claim_sku": "{label} ({value})",
    "incident_date": "{label} ({value})",
    "defect_description": "what went wrong",
    "property_damage_amount": "{label} ({value})",
    "injury_treatment": "{label} ({value})",
    "medical_costs": "{label} ({value})",
    "lost_earnings": "{label} ({value})",
}
# Messages that are not answers: the form steps aside and a rule answers them (domain.yml's
# `not_answers`), so they are not read for claim facts either.
NOT_ANSWERS = frozenset(
    {
        "greet",
        "goodbye",
        "bot_challenge",
        "ask_human",
        "ask_why_needed",
        "ask_coverage",
        "ask_is_insurance",
        "claim_non_economic",
        "pause_claim",
        "resume_claim",
        "ask_status",
        "withdraw_claim",
        "agent_handback",
    }
)

ORDER_NOT_FOUND = (
    "I can't find that order — could you check the number? "
    f"It looks like {parsing.ORDER_ID_EXAMPLE}."
)
NOT_AN_ORDER_ID = (
    "That doesn't look like an order number. It looks like "
    f"{parsing.ORDER_ID_EXAMPLE} and is in your order confirmation email."
)

# What the customer may ask to change after seeing the summary -> the slots to ask again.
# Checked in this order; the first match wins.
CORRECTIONS: list[tuple[str, tuple[str, ...]]] = [
    (
        r"start (all )?over|restart|from scratch|everything|all of it|begin again",
        (
            "order_id",
            "customer_email",
            "claim_sku",
            "claim_order",
            "incident_date",
            "defect_description",
            "harm_kind",
            *PROPERTY_SLOTS,
            *INJURY_SLOTS,
            "evidence_provided",
        ),
    ),
    (r"e-?mail", ("customer_email",)),
    (r"order", ("order_id", "customer_email", "claim_sku", "claim_order")),
    (r"\bitem|product|sku", ("claim_sku",)),
    (r"date|when|\bday\b", ("incident_date",)),
    (r"defect|what went wrong|fault|what happened|problem", ("defect_description",)),
    (r"medical|bills?", ("medical_costs",)),
    (r"earning|wage|income|salary|\bwork", ("lost_earnings",)),
    (r"treat|\bcare\b|doctor|hospital", ("injury_treatment",)),
    (r"injur|hurt|wound", ("injury_description",)),
    (r"amount|cost|price|value|how much|\$|money|total", ("property_damage_amount",)),
    (r"damage|property|broke", ("property_damage_description",)),
    (r"kind|type|harm|both", ("harm_kind", *PROPERTY_SLOTS, *INJURY_SLOTS)),
    (r"photo|file|evidence|picture|receipt|document|paper", ("evidence_provided",)),
]
NOTHING_TO_CHANGE = re.compile(
    r"^\s*(nothing|none|no(thing)?,? it'?s (fine|ok|right|correct)|it'?s (fine|ok|correct))",
    re.IGNORECASE,
)


def order_items(tracker: Tracker) -> list[dict[str, str]]:
    """The items of the customer's verified order ([] until the order's email is checked)."""
    order = tracker.get_slot("claim_order") or {}
    return list(order.get("items") or [])


def item_title(tracker: Tracker) -> str | None:
    """The title of the item the claim is about, once known."""
    sku = tracker.get_slot("claim_sku")
    return next((item["title"] for item in order_items(tracker) if item["sku"] == sku), None)


class ValidateClaimForm(ClaimsFormValidationAction):
    """Validates `claim_form` and decides which of its slots this claim needs."""

    side_slots = ("evidence_ids",)

    def name(self) -> str:
        return f"validate_{FORM}"

    def today(self) -> date:
        """The day incident dates are judged against (UTC, like the backend)."""
        return parsing.today_utc()

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The questions this claim needs, in the order they are asked."""
        slots = ["order_id", "customer_email"]
        if len(order_items(tracker)) != 1:
            # A single-item order fills claim_sku when its email is checked.
            slots.append("claim_sku")
        slots += ["incident_date", "defect_description", "harm_kind"]
        harm_kind = tracker.get_slot("harm_kind")
        if harm_kind in ("property", "both"):
            slots += PROPERTY_SLOTS
        if harm_kind in ("injury", "both"):
            slots += INJURY_SLOTS
        slots.append("evidence_provided")
        if tracker.get_slot("claim_confirmed") is False:
            slots.append("claim_correction")
        slots.append("claim_confirmed")
        return slots

    # ---- what else the message said ----------------------------------------------------------

    async def revise_candidates(
        self,
        candidates: dict[str, Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Revision:
        """Add every claim fact of a new message; drop the text answer to the question asked
        when the message was about something else (a correction, an answer out of order, files
        sent with no words). A message that calls for a person queues a handoff."""
        revised = dict(candidates)
        if not tracker.get_slot("customer_email") and "customer_email" not in revised:
            # Signed in on the website: the email question is never asked.
            email = await self.signed_in_email(tracker)
            if email:
                revised["customer_email"] = email
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        if intent in NOT_ANSWERS or not message_is_new(tracker, FORM):
            return Revision(revised)
        text = message.get("text") or ""
        requested = tracker.get_slot("requested_slot")
        facts = facts_in_message(text, message.get("entities") or [], self.today(), asked=requested)
        if facts.emergency or (
            intent == "emergency" and (message.get("intent") or {}).get("confidence", 0) >= 0.8
        ):
            # The claim goes on: "the motor started smoking" is also the answer asked for.
            dispatcher.utter_message(response="utter_emergency_during_claim")
        if facts.non_economic:
            dispatcher.utter_message(response="utter_non_economic")
        reason = handoff_reason(text, facts)
        if (
            reason
            # A new reason is added to the waiting handoff (a lawyer after an injury, say).
            and reason != tracker.get_slot(HANDOFF_SLOT)
            and await queue_handoff(self.backend, dispatcher, tracker, reason)
        ):
            revised[HANDOFF_SLOT] = reason

        arrived = evidence_in_message(tracker)
        if (
            arrived
            and requested != "evidence_provided"
            and text.lstrip().startswith(ATTACHMENT_MARK)
        ):
            # Files sent while another question is open: kept (the side slot), not an answer.
            revised.pop(requested, None)
            dispatcher.utter_message(text=files_received(len(arrived)))
            return Revision(revised)
        answers = {slot: tracker.get_slot(slot) for slot in self.domain_slots(domain)}
        answers.update({slot: None for slot in candidates if slot == requested})
        update = claim_update(
            facts,
            answers,
            requested,
            text,
            item_for=lambda products: _match_item(" ".join(products), order_items(tracker)),
        )
        if update.doubt:
            dispatcher.utter_message(text=update.doubt)
        if update.drop_text_answer:
            revised.pop(requested, None)
        revised.update(update.candidates)
        added = tuple(
            slot for slot in update.candidates if slot != requested and slot not in update.corrected
        )
        return Revision(revised, update.corrected, added, update.cleared)

    def describe(self, slot: str, value: Any, tracker: Tracker) -> tuple[str, str]:
        titles = {item["sku"]: item["title"] for item in order_items(tracker)}
        return SLOT_LABELS.get(slot, slot.replace("_", " ")), describe(slot, value, titles)

    async def after_validation(
        self,
        revision: Revision,
        validated: dict[str, Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Several answers in one message are acknowledged; a change made while the summary
        is shown shows the summary again; the questions name the item once it is known."""
        noted = [
            self._noted(slot, validated[slot], tracker)
            for slot in NOTED
            if slot in revision.added and validated.get(slot) is not None
        ]
        if len(noted) >= 2:
            dispatcher.utter_message(
                text=f"Thanks — I've noted {', '.join(noted[:-1])} and {noted[-1]}."
            )
        # Answers about a harm the customer ruled out ("nobody got hurt") are forgotten.
        more: dict[str, Any] = {slot: None for slot in revision.cleared}
        if revision.corrected and tracker.get_slot("requested_slot") in REVIEW_SLOTS:
            more.update(claim_correction=None, claim_confirmed=None)
        title = item_title(tracker)
        item = f"the {title}" if title else "the product"
        if item != tracker.get_slot(ITEM_SLOT):
            more[ITEM_SLOT] = item
        return more

    def _noted(self, slot: str, value: Any, tracker: Tracker) -> str:
        label, said = self.describe(slot, value, tracker)
        return NOTED[slot].format(label=label, value=said)

    # ---- side slot ------------------------------------------------------------------------

    async def extract_evidence_ids(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Add the `metadata.evidence_ids` of the latest message to the claim's files."""
        known = list(tracker.get_slot("evidence_ids") or [])
        merged = known + [i for i in evidence_in_message(tracker) if i not in known]
        return {"evidence_ids": merged} if merged != known else {}

    # ---- order and customer -----------------------------------------------------------------

    async def validate_order_id(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """The order must exist; its email (if already given) must match it."""
        order_id = parsing.parse_order_id(answer_text(value))
        if not order_id:
            dispatcher.utter_message(text=NOT_AN_ORDER_ID)
            return {"order_id": None}
        known = tracker.get_slot("claim_order") or {}
        if known.get("order_id") == order_id:
            return {"order_id": order_id}

        found = await self.backend.get_order(order_id)
        if isinstance(found, BackendUnavailable):
            dispatcher.utter_message(text=UNAVAILABLE)
            return {"order_id": None}
        if isinstance(found, Rejected):
            dispatcher.utter_message(
                text=NOT_AN_ORDER_ID if found.has("invalid_value") else ORDER_NOT_FOUND
            )
            return {"order_id": None}

        # A new order: whatever was checked against another order must be checked again.
        slots: dict[str, Any] = {
            "order_id": order_id,
            "claim_order": {"order_id": order_id},
            "claim_sku": None,
        }
        email = tracker.get_slot("customer_email")
        if email:
            slots.update(await self._check_customer(order_id, email, dispatcher, tracker))
        return slots

    async def validate_customer_email(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """The email must be the one on the order (the backend checks it)."""
        email = parsing.parse_email(answer_text(value))
        if not email:
            dispatcher.utter_message(
                text="That doesn't look like an email address (like name@example.com)."
            )
            return {"customer_email": None}
        order_id = tracker.get_slot("order_id")
        known = tracker.get_slot("claim_order") or {}
        if not order_id or known.get("order_id") != order_id:
            # Checked as soon as the order is known (validate_order_id).
            return {"customer_email": email}
        if (known.get("email") or "").lower() == email.lower():
            return {"customer_email": known["email"]}
        return await self._check_customer(order_id, email, dispatcher, tracker)

    async def _check_customer(
        self, order_id: str, email: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        found = await self.backend.get_order(order_id, customer_email=email)
        if isinstance(found, BackendUnavailable):
            dispatcher.utter_message(text=UNAVAILABLE)
            return {"customer_email": None}
        if isinstance(found, Rejected):
            if found.has("order_not_found"):
                dispatcher.utter_message(text=ORDER_NOT_FOUND)
                return {"order_id": None, "claim_order": None, "customer_email": None}
            dispatcher.utter_message(text=f"That email doesn't match the one on order {order_id}.")
            return {"customer_email": None}
        verified = self._verified_order(found, email, tracker.get_slot("mentioned_item"))
        told = tracker.get_slot("incident_date")
        if isinstance(told, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", told):
            # A day told before the order was known is judged now.
            verified.update(
                await self._judge_date(
                    verified["claim_order"], date.fromisoformat(told), dispatcher
                )
            )
        return verified

    @staticmethod
    def _verified_order(order: Order, email: str, mentioned_item: str | None) -> dict[str, Any]:
        items = [{"sku": item.sku, "title": item.title} for item in order.items]
        delivered_on = order.delivered_on
        slots: dict[str, Any] = {
            "customer_email": email,
            "claim_order": {
                "order_id": order.id,
                "email": email,
                "delivered_on": delivered_on.isoformat() if delivered_on else None,
                "items": items,
            },
        }
        if len(items) == 1:
            slots["claim_sku"] = items[0]["sku"]
        elif mentioned_item:
            # The customer already named the product: no need to ask which item it was.
            chosen = _match_item(mentioned_item, items)
            if chosen:
                slots["claim_sku"] = chosen
        return slots

    async def validate_claim_sku(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """An item of the order, chosen by button (its sku) or by typing its title or sku."""
        items = order_items(tracker)
        if not items:
            # The order is not checked yet; the item is asked again once it is.
            return {"claim_sku": None}
        chosen = _match_item(answer_text(value), items)
        if chosen is None:
            dispatcher.utter_message(text="Sorry, I couldn't tell which item you mean.")
            return {"claim_sku": None}
        return {"claim_sku": chosen}

    # ---- what happened ------------------------------------------------------------------------

    async def validate_incident_date(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """A day a claim on the order can name, stored as YYYY-MM-DD. The backend judges it
        (after delivery, not in the future) once the order is known; until then it is kept and
        judged when the order is."""
        facts = None if isinstance(value, date) else self._read(value)
        day = value if facts is None else facts.incident_date
        if day is None:
            dispatcher.utter_message(
                text=(facts and facts.doubt) or "Sorry, I couldn't read that as a date."
            )
            return {"incident_date": None}
        order = tracker.get_slot("claim_order") or {}
        if not order.get("order_id"):
            return {"incident_date": day.isoformat()}
        return await self._judge_date(order, day, dispatcher)

    async def _judge_date(
        self, order: dict[str, Any], day: date, dispatcher: CollectingDispatcher
    ) -> dict[str, Any]:
        """Ask the backend whether a claim on `order` can name `day`; say why not."""
        found = await self.backend.get_order(order["order_id"], incident_date=day)
        if isinstance(found, BackendUnavailable):
            dispatcher.utter_message(text=UNAVAILABLE)
            return {"incident_date": None}
        if isinstance(found, Rejected):
            if found.has("incident_in_future"):
                dispatcher.utter_message(
                    text=f"{_readable_date(day)} hasn't happened yet — I need the day the "
                    "incident actually happened."
                )
            elif found.has("incident_before_delivery") and order.get("delivered_on"):
                delivered = date.fromisoformat(order["delivered_on"])
                dispatcher.utter_message(
                    text=f"Your order was delivered on {_readable_date(delivered)}, and "
                    f"{_readable_date(day)} is before that; a claim covers harm after delivery."
                )
            else:
                dispatcher.utter_message(text=found.errors[0].message)
            return {"incident_date": None}
        return {"incident_date": day.isoformat()}

    async def validate_defect_description(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Free text; just long enough to mean something."""
        return _description("defect_description", value, dispatcher)

    async def validate_harm_kind(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """property, injury or both (from the message's facts, or a button's words)."""
        kind = value if value in parsing.HARM_KINDS else parsing.parse_harm_kind(answer_text(value))
        if kind is None:
            dispatcher.utter_message(text="Sorry, I didn't catch that.")
        return {"harm_kind": kind}

    async def validate_property_damage_description(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Free text."""
        return _description("property_damage_description", value, dispatcher)

    async def validate_property_damage_amount(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Money, to the cent, zero or more."""
        return self._amount("property_damage_amount", value, dispatcher)

    async def validate_injury_description(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Free text."""
        return _description("injury_description", value, dispatcher)

    async def validate_injury_treatment(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """One of none, first_aid, doctor, emergency_room, hospitalized."""
        level = (
            value
            if value in parsing.TREATMENT_LEVELS
            else self._read(value, "injury_treatment").injury_treatment
        )
        if level is None:
            dispatcher.utter_message(text="Sorry, I didn't catch the treatment.")
        return {"injury_treatment": level}

    async def validate_medical_costs(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Money, 0 allowed."""
        return self._amount("medical_costs", value, dispatcher)

    async def validate_lost_earnings(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Money, 0 allowed."""
        return self._amount("lost_earnings", value, dispatcher)

    def _read(self, value: Any, asked: str = "incident_date") -> MessageFacts:
        """An answer that reached a validator as text (a form run after an interruption), read
        as the answer to `asked`, the same way revise_candidates reads every message."""
        return facts_in_message(answer_text(value), [], self.today(), asked=asked)

    def _amount(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        """An amount of money to the cent, zero or more, for the amount question `slot`."""
        if not isinstance(value, Decimal):
            facts = self._read(value, slot)
            value = facts_amount(facts, slot)
            if value is None:
                dispatcher.utter_message(
                    text=facts.doubt
                    or "Sorry, I couldn't read an amount in dollars there. A number like 350 is "
                    'enough, or "none".'
                )
                return {slot: None}
        if value < 0:
            dispatcher.utter_message(text="An amount can't be negative.")
            return {slot: None}
        return {slot: parsing.money(value)}

    # ---- evidence and confirmation -------------------------------------------------------------

    async def validate_evidence_provided(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """True once files arrived, False when the customer has none yet."""
        files = list(tracker.get_slot("evidence_ids") or [])
        if isinstance(value, bool):
            # Already answered (a form run after an interruption re-validates it).
            return {"evidence_provided": bool(files) or value}
        arrived = latest_user_metadata(tracker).get("evidence_ids") or []
        if arrived and files:
            dispatcher.utter_message(text=files_received(len(files)))
            return {"evidence_provided": True}
        if value == "none" or parsing.says_none_yet(answer_text(value)):
            return {"evidence_provided": bool(files)}
        dispatcher.utter_message(text="I haven't received any files yet.")
        return {"evidence_provided": None}

    async def validate_claim_correction(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Which answer to ask again; the summary is shown again afterwards."""
        text = answer_text(value)
        if NOTHING_TO_CHANGE.match(text):
            return {"claim_correction": None, "claim_confirmed": None}
        to_clear = _slots_to_correct(text, tracker.get_slot("harm_kind"))
        if not to_clear:
            dispatcher.utter_message(text="Sorry, I couldn't tell which part to change.")
            return {"claim_correction": None}
        cleared: dict[str, Any] = {slot: None for slot in to_clear}
        if to_clear == CORRECTIONS[0][1]:
            # Starting over forgets the files too; otherwise files received stay attached.
            cleared["evidence_ids"] = []
        cleared.update(claim_correction=None, claim_confirmed=None)
        return cleared

    async def validate_claim_confirmed(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Yes files the claim; no asks what to change."""
        return {
            "claim_confirmed": yes_or_no(
                value, dispatcher, "Please answer yes to file the claim, or no to change something."
            )
        }


# ---- helpers ------------------------------------------------------------------------------------


def files_received(count: int) -> str:
    """The thanks for files that arrived."""
    return f"Thank you — I've got {count} file{'s' if count != 1 else ''}."


def _description(slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    text = answer_text(value)
    if len(text) < 3 or not re.search(r"[A-Za-z]", text):
        dispatcher.utter_message(text="Could you tell me a little more?")
        return {slot: None}
    if len(text) > MAX_TEXT_CHARS:
        dispatcher.utter_message(
            text=f"That's longer than one answer can be ({MAX_TEXT_CHARS:,} characters at "
            "most). Could you say it more briefly? Long documents are welcome as files."
        )
        return {slot: None}
    return {slot: text}


def _match_item(text: str, items: list[dict[str, str]]) -> str | None:
    """The sku of the item the customer means, by sku, title, or words of the title."""
    if not text:
        return None
    lowered = text.lower()
    for item in items:
        if lowered == item["sku"].lower() or item["sku"].lower() in lowered:
            return item["sku"]
    for item in items:
        title = item["title"].lower()
        if lowered == title or lowered in title or title in lowered:
            return item["sku"]
    words = set(re.findall(r"[a-z0-9]+", lowered)) - {"the", "a", "an", "my", "it", "was"}
    scored = sorted(
        (
            (len(words & set(re.findall(r"[a-z0-9]+", item["title"].lower()))), item["sku"])
            for item in items
        ),
        reverse=True,
    )
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def _slots_to_correct(text: str, harm_kind: str | None) -> tuple[str, ...]:
    lowered = text.lower()
    for pattern, slots in CORRECTIONS:
        if re.search(pattern, lowered):
            if slots == ("property_damage_amount",) and harm_kind == "injury":
                return ("medical_costs",)
            return slots
    return ()


def _readable_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"
