"""The agent desk: conversations the assistant hands to a person, and hands back.

The assistant opens a handoff (or adds a reason to the conversation's open one); an agent takes
it (the assistant pauses and the customer is told who they are chatting with), writes to the
customer through the assistant's channel, and hands the conversation back with what they learnt
(the assistant resumes and carries on with the claim). An agent may also hand over a customer who
first called them (intake).

Rasa is told before the desk records anything, so an unreachable assistant (502
``assistant_unavailable``) leaves the desk as it was; taking a handoff is recorded first, so two
agents never both greet the customer, and undone if Rasa cannot be told.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backend.claim_view import CLAIM_VIEW_LOADING, claim_as_json
from backend.clock import format_timestamp
from backend.db import in_transaction
from backend.errors import ApiError
from backend.models import Claim, Handoff
from backend.rasa_conversations import (
    LATEST_CHANNEL,
    AssistantUnavailable,
    RasaConversations,
    claim_facts,
    transcript,
)
from backend.references import new_handoff_id


class HandoffStatus(str, Enum):
    """Where a handoff stands."""

    WAITING = "waiting"  # queued; the assistant still talks to the customer
    ACTIVE = "active"  # an agent holds it; the assistant is paused
    RETURNED = "returned"  # the assistant has the conversation back


OPEN_STATUSES = (HandoffStatus.WAITING, HandoffStatus.ACTIVE)
AGENT_INTAKE = "agent_intake"
HANDBACK_INTENT = "agent_handback"
# What an agent may tell the assistant at the hand-back, and the slot each fills.
HANDBACK_SLOTS = {
    "order_id": "order_id",
    "item": "mentioned_item",
    "customer_email": "customer_email",
}


def handoff_as_json(handoff: Handoff) -> dict[str, Any]:
    """The public shape of a handoff."""
    return {
        "id": handoff.id,
        "conversation_id": handoff.conversation_id,
        "channel": handoff.channel,
        "reason": handoff.reason,
        "reasons": list(handoff.reasons),
        "status": handoff.status,
        "agent": handoff.agent,
        "facts": dict(handoff.facts),
        "customer_message": handoff.customer_message,
        "note": handoff.note,
        "created_at": format_timestamp(handoff.created_at),
        "taken_at": _timestamp(handoff.taken_at),
        "returned_at": _timestamp(handoff.returned_at),
    }


def _timestamp(moment: datetime | None) -> str | None:
    return format_timestamp(moment) if moment is not None else None


def assistant_unavailable() -> ApiError:
    """The error for a Rasa server that cannot be reached or refuses: nothing was changed."""
    return ApiError.single(
        502,
        "assistant_unavailable",
        "The assistant cannot be reached right now; nothing was changed. Please retry.",
    )


# ---- the queue (what the assistant and the console call) --------------------------------------


def open_handoff(session: Session, request: Mapping[str, Any], now: datetime) -> tuple[dict, bool]:
    """Queue a handoff for the conversation, or update its open one; returns (handoff, created).

    An open handoff (waiting or active) gets the new reason added and the facts merged, so the
    agent sees one entry per conversation however often the assistant asks for help.
    """
    conversation_id = request["conversation_id"]
    facts = {name: value for name, value in (request.get("facts") or {}).items()}
    handoff = session.execute(
        select(Handoff)
        .where(
            Handoff.conversation_id == conversation_id,
            Handoff.status.in_([status.value for status in OPEN_STATUSES]),
        )
        .order_by(Handoff.created_at, Handoff.id)
        .limit(1)
        .with_for_update()
    ).scalar_one_or_none()
    if handoff is None:
        handoff = Handoff(
            id=new_handoff_id(),
            conversation_id=conversation_id,
            channel=request["channel"],
            reason=request["reason"],
            reasons=[request["reason"]],
            status=HandoffStatus.WAITING.value,
            facts=facts,
            customer_message=request.get("customer_message"),
            created_at=now,
        )
        session.add(handoff)
        session.flush()
        return handoff_as_json(handoff), True
    if request["reason"] not in handoff.reasons:
        handoff.reasons = [*handoff.reasons, request["reason"]]
    handoff.facts = {**handoff.facts, **facts}
    if request.get("customer_message"):
        handoff.customer_message = request["customer_message"]
    return handoff_as_json(handoff), False


def list_handoffs(session: Session, statuses: Collection[HandoffStatus]) -> list[dict[str, Any]]:
    """The handoffs in ``statuses``, oldest first."""
    handoffs = session.execute(
        select(Handoff)
        .where(Handoff.status.in_([status.value for status in statuses]))
        .order_by(Handoff.created_at, Handoff.id)
    ).scalars()
    return [handoff_as_json(handoff) for handoff in handoffs]


def find_handoff(session: Session, handoff_id: str, lock: bool = False) -> Handoff:
    """The handoff, or 404 ``handoff_not_found``; ``lock`` when the caller is about to change it."""
    query = select(Handoff).where(Handoff.id == handoff_id)
    handoff = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if handoff is None:
        raise ApiError.single(
            404, "handoff_not_found", f"There is no handoff {handoff_id}.", field="id"
        )
    return handoff


def claims_of_conversation(session: Session, conversation_id: str) -> list[dict[str, Any]]:
    """The claims filed in the conversation, oldest first, as the desk sees them."""
    claims = session.execute(
        select(Claim)
        .where(Claim.conversation_id == conversation_id)
        .options(*CLAIM_VIEW_LOADING)
        .order_by(Claim.filed_at, Claim.id)
    ).scalars()
    return [claim_as_json(claim) for claim in claims]


async def handoff_detail(
    sessions: sessionmaker, rasa: RasaConversations, handoff_id: str
) -> dict[str, Any]:
    """The handoff with the conversation so far, the claim facts now and the claims filed.

    Without Rasa, the transcript is empty and the facts are those the assistant sent.
    """

    def read(session: Session) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        handoff = find_handoff(session, handoff_id)
        return handoff_as_json(handoff), claims_of_conversation(session, handoff.conversation_id)

    detail, claims = await in_transaction(sessions, read)
    try:
        tracker = await rasa.tracker(detail["conversation_id"])
    except AssistantUnavailable:
        return {**detail, "transcript": [], "claims": claims, "assistant_reachable": False}
    return {
        **detail,
        "transcript": transcript(tracker),
        "facts": claim_facts(tracker),
        "claims": claims,
        "assistant_reachable": True,
    }


async def conversation_transcript(rasa: RasaConversations, conversation_id: str) -> list[dict]:
    """What has been said in the conversation (502 if Rasa cannot be reached)."""
    try:
        return transcript(await rasa.tracker(conversation_id))
    except AssistantUnavailable:
        raise assistant_unavailable() from None


# ---- an agent's work ------------------------------------------------------------------------


def _refuse_unless_free_for(handoff: Handoff, agent: str) -> None:
    """409 unless ``agent`` may act on the handoff: waiting, or active in their hands."""
    if handoff.status == HandoffStatus.RETURNED.value:
        raise ApiError.single(
            409, "handoff_returned", "This conversation is already back with the assistant."
        )
    if handoff.status == HandoffStatus.ACTIVE.value and handoff.agent != agent:
        raise ApiError.single(
            409, "handoff_taken", f"{handoff.agent} is already chatting with this customer."
        )


def greeting(agent: str) -> str:
    """What the customer reads when an agent takes the conversation."""
    return f"You're now chatting with {agent} from the claims team."


async def take_handoff(
    sessions: sessionmaker, rasa: RasaConversations, handoff_id: str, agent: str, now: datetime
) -> dict[str, Any]:
    """The agent takes the conversation: the assistant pauses and the customer is greeted.

    Taking it again while holding it changes nothing and greets nobody twice.
    """

    def claim_it(session: Session) -> tuple[dict[str, Any], bool]:
        handoff = find_handoff(session, handoff_id, lock=True)
        _refuse_unless_free_for(handoff, agent)
        if handoff.status == HandoffStatus.ACTIVE.value:
            return handoff_as_json(handoff), False
        handoff.status = HandoffStatus.ACTIVE.value
        handoff.agent = agent
        handoff.taken_at = now
        return handoff_as_json(handoff), True

    taken, changed = await in_transaction(sessions, claim_it)
    if not changed:
        return taken
    events = [{"event": "pause"}, _agent_message(agent, greeting(agent))]
    try:
        await rasa.append_events(
            taken["conversation_id"],
            events,
            output_channel=LATEST_CHANNEL,
            execute_side_effects=True,
        )
    except AssistantUnavailable:
        await in_transaction(sessions, lambda session: _release(session, handoff_id, agent))
        raise assistant_unavailable() from None
    return taken


def _release(session: Session, handoff_id: str, agent: str) -> None:
    """Put a handoff the agent could not take back in the queue, as it was."""
    handoff = find_handoff(session, handoff_id, lock=True)
    if handoff.status == HandoffStatus.ACTIVE.value and handoff.agent == agent:
        handoff.status = HandoffStatus.WAITING.value
        handoff.agent = None
        handoff.taken_at = None


def _agent_message(agent: str, text: str) -> dict[str, Any]:
    """A bot event an agent writes: sent to the customer, marked as the agent's in the tracker."""
    return {"event": "bot", "text": text, "metadata": {"agent": agent}}


async def send_agent_message(
    sessions: sessionmaker, rasa: RasaConversations, handoff_id: str, agent: str, text: str
) -> None:
    """Send the customer a message from the agent holding the conversation."""

    def check(session: Session) -> str:
        handoff = find_handoff(session, handoff_id)
        if handoff.status != HandoffStatus.ACTIVE.value or handoff.agent != agent:
            raise ApiError.single(
                409,
                "handoff_not_active",
                "Only the agent chatting with the customer can write to them; take it first.",
            )
        return handoff.conversation_id

    conversation_id = await in_transaction(sessions, check)
    try:
        await rasa.append_events(
            conversation_id,
            [_agent_message(agent, text)],
            output_channel=LATEST_CHANNEL,
            execute_side_effects=True,
        )
    except AssistantUnavailable:
        raise assistant_unavailable() from None


def slot_events(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Slot events for what an agent learnt (order id, item, email): the assistant keeps them."""
    return [
        {"event": "slot", "name": slot, "value": facts[name]}
        for name, slot in HANDBACK_SLOTS.items()
        if facts.get(name) is not None
    ]


def _as_slots(facts: Mapping[str, Any]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in slot_events(facts)}


async def _hand_to_assistant(
    rasa: RasaConversations,
    conversation_id: str,
    events: list[dict[str, Any]],
    output_channel: str,
) -> None:
    """Write ``events`` and have the assistant carry on (intent ``agent_handback``)."""
    try:
        if events:
            await rasa.append_events(conversation_id, events)
        await rasa.trigger_intent(conversation_id, HANDBACK_INTENT, output_channel)
    except AssistantUnavailable:
        raise assistant_unavailable() from None


async def hand_back(
    sessions: sessionmaker,
    rasa: RasaConversations,
    handoff_id: str,
    agent: str,
    facts: Mapping[str, Any],
    note: str | None,
    now: datetime,
) -> dict[str, Any]:
    """Give the conversation back to the assistant with what the agent learnt."""
    handoff = await in_transaction(
        sessions, lambda session: _checked_for(session, handoff_id, agent)
    )
    events = [{"event": "resume"}, *slot_events(facts)]
    await _hand_to_assistant(rasa, handoff["conversation_id"], events, LATEST_CHANNEL)

    def record(session: Session) -> dict[str, Any]:
        handoff = find_handoff(session, handoff_id, lock=True)
        _refuse_unless_free_for(handoff, agent)
        handoff.status = HandoffStatus.RETURNED.value
        handoff.agent = handoff.agent or agent
        handoff.returned_at = now
        handoff.note = note
        handoff.facts = {**handoff.facts, **_as_slots(facts)}
        return handoff_as_json(handoff)

    return await in_transaction(sessions, record)


def _checked_for(session: Session, handoff_id: str, agent: str) -> dict[str, Any]:
    handoff = find_handoff(session, handoff_id)
    _refuse_unless_free_for(handoff, agent)
    return handoff_as_json(handoff)


async def intake(
    sessions: sessionmaker,
    rasa: RasaConversations,
    request: Mapping[str, Any],
    agent: str,
    now: datetime,
) -> dict[str, Any]:
    """Hand the assistant a customer who came to the agent first; it picks up the claim there.

    Recorded as a handoff already returned (reason ``agent_intake``), for the desk's history.
    """
    facts = request["facts"]
    await _hand_to_assistant(
        rasa, request["conversation_id"], slot_events(facts), request["channel"]
    )

    def record(session: Session) -> dict[str, Any]:
        handoff = Handoff(
            id=new_handoff_id(),
            conversation_id=request["conversation_id"],
            channel=request["channel"],
            reason=AGENT_INTAKE,
            reasons=[AGENT_INTAKE],
            status=HandoffStatus.RETURNED.value,
            agent=agent,
            facts=_as_slots(facts),
            created_at=now,
            taken_at=now,
            returned_at=now,
        )
        session.add(handoff)
        session.flush()
        return handoff_as_json(handoff)

    return await in_transaction(sessions, record)
