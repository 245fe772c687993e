"""The agent desk: conversations the assistant hands to a person, and hands back.

The assistant opens a handoff (or adds a reason to the conversation's open one); an agent takes
it (the assistant pauses and the customer is told who they are chatting with), writes to the
customer through the assistant's channel, and hands the conversation back with what they learnt
(the assistant resumes and carries on with the claim). An agent may also hand over a customer who
first called them (intake).

Taking and handing back are recorded first, under the handoff's lock, so of two agents (or two
clicks) exactly one reaches Rasa, and undone if Rasa cannot be told; messages and intakes tell
Rasa first and record after. Either way an unreachable assistant (502 ``assistant_unavailable``)
leaves the handoff as it was, and a retry is safe.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from backend.claim_view import CLAIM_VIEW_LOADING, claim_as_json
from backend.clock import format_timestamp
from backend.db import in_transaction
from backend.models import Claim, Handoff
from backend.rasa_conversations import (
    LATEST_CHANNEL,
    AssistantUnavailable,
    RasaConversations,
    claim_facts,
    transcript,
)
from backend.references import new_handoff_id
from backend.refusals import AssistantUnreachable, HandoffConflict, HandoffNotFound

log = logging.getLogger(__name__)


class HandoffStatus(str, Enum):
    """Where a handoff stands."""

    WAITING = "waiting"  # queued; the assistant still talks to the customer
    ACTIVE = "active"  # an agent holds it; the assistant is paused
    RETURNED = "returned"  # the assistant has the conversation back


# A conversation has at most one open handoff (the database's uq_handoffs_open_per_conversation).
OPEN_STATUSES = (HandoffStatus.WAITING, HandoffStatus.ACTIVE)
# Of concurrent requests opening a conversation's first handoff, the refused ones run again.
OPEN_HANDOFF_ATTEMPTS = 3
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


def assistant_unavailable(outcome: str = "the handoff stays as it was") -> AssistantUnreachable:
    """The error for a Rasa server that cannot be reached or refuses; ``outcome`` says what the
    desk kept (Rasa may have applied part of the change: every retry is safe)."""
    return AssistantUnreachable.single(
        "assistant_unavailable",
        f"The assistant cannot be reached right now; {outcome}. Please retry.",
    )


# ---- the queue (what the assistant and the console call) --------------------------------------


def open_handoff_of(session: Session, conversation_id: str, lock: bool = False) -> Handoff | None:
    """The conversation's open handoff (waiting or active), if it has one."""
    query = select(Handoff).where(
        Handoff.conversation_id == conversation_id,
        Handoff.status.in_([status.value for status in OPEN_STATUSES]),
    )
    return session.execute(query.with_for_update() if lock else query).scalar_one_or_none()


async def queue_handoff(
    sessions: sessionmaker, request: Mapping[str, Any], now: datetime
) -> tuple[dict, bool]:
    """``open_handoff`` in its own transaction, safe against concurrent requests.

    When two requests open a conversation's first handoff at once, the database lets one insert;
    the other is refused (IntegrityError) and runs again, finding that one to update.
    """
    return await in_transaction(
        sessions, lambda session: open_handoff(session, request, now), OPEN_HANDOFF_ATTEMPTS
    )


def open_handoff(session: Session, request: Mapping[str, Any], now: datetime) -> tuple[dict, bool]:
    """Queue a handoff for the conversation, or update its open one; returns (handoff, created).

    An open handoff (waiting or active) gets the new reason added and the facts merged, so the
    agent sees one entry per conversation however often the assistant asks for help. A concurrent
    first handoff makes the insert fail with IntegrityError: run it again (``queue_handoff``).
    """
    conversation_id = request["conversation_id"]
    facts = {name: value for name, value in (request.get("facts") or {}).items()}
    handoff = open_handoff_of(session, conversation_id, lock=True)
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
        raise HandoffNotFound.single(
            "handoff_not_found", f"There is no handoff {handoff_id}.", field="id"
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
        raise assistant_unavailable("the conversation cannot be read") from None


# ---- an agent's work ------------------------------------------------------------------------


def _free_for(session: Session, handoff_id: str, agent: str) -> Handoff:
    """The handoff, locked, if ``agent`` may act on it: waiting, or active in their hands (409
    ``handoff_returned`` / ``handoff_taken`` otherwise)."""
    handoff = find_handoff(session, handoff_id, lock=True)
    if handoff.status == HandoffStatus.RETURNED.value:
        raise HandoffConflict.single(
            "handoff_returned", "This conversation is already back with the assistant."
        )
    if handoff.status == HandoffStatus.ACTIVE.value and handoff.agent != agent:
        raise taken_by(handoff.agent)
    return handoff


def taken_by(holder: str | None) -> HandoffConflict:
    """The refusal for a conversation another agent is chatting in."""
    return HandoffConflict.single(
        "handoff_taken", f"{holder} is already chatting with this customer."
    )


def greeting(agent: str) -> str:
    """What the customer reads when an agent takes the conversation."""
    return f"You're now chatting with {agent} from the claims team."


async def take_handoff(
    sessions: sessionmaker, rasa: RasaConversations, handoff_id: str, agent: str, now: datetime
) -> dict[str, Any]:
    """The agent takes the conversation: the assistant pauses and the customer is greeted.

    Taking it again while holding it changes nothing and greets nobody twice. If Rasa cannot be
    told, the assistant is asked to resume (it may have paused before failing) and the handoff
    goes back to the queue.
    """

    def claim_it(session: Session) -> tuple[dict[str, Any], bool]:
        handoff = _free_for(session, handoff_id, agent)
        if handoff.status == HandoffStatus.ACTIVE.value:
            return handoff_as_json(handoff), False
        handoff.status = HandoffStatus.ACTIVE.value
        handoff.agent = agent
        handoff.taken_at = now
        return handoff_as_json(handoff), True

    taken, changed = await in_transaction(sessions, claim_it)
    if not changed:
        return taken
    events = [{"event": "pause"}, agent_message(agent, greeting(agent))]
    try:
        await rasa.append_events(
            taken["conversation_id"],
            events,
            output_channel=LATEST_CHANNEL,
            execute_side_effects=True,
        )
    except AssistantUnavailable:
        await _resume_if_possible(rasa, taken["conversation_id"])
        await in_transaction(sessions, lambda session: _release(session, handoff_id, agent))
        raise assistant_unavailable() from None
    return taken


async def _resume_if_possible(rasa: RasaConversations, conversation_id: str) -> None:
    """Best effort: un-pause the assistant after a take Rasa may have half applied."""
    try:
        await rasa.append_events(conversation_id, [{"event": "resume"}])
    except AssistantUnavailable:
        log.warning("Could not resume %s after a failed take", conversation_id)


def _release(session: Session, handoff_id: str, agent: str) -> None:
    """Put a handoff the agent could not take back in the queue, as it was."""
    handoff = find_handoff(session, handoff_id, lock=True)
    if handoff.status == HandoffStatus.ACTIVE.value and handoff.agent == agent:
        handoff.status = HandoffStatus.WAITING.value
        handoff.agent = None
        handoff.taken_at = None


def agent_message(agent: str, text: str) -> dict[str, Any]:
    """A bot event an agent writes: sent to the customer, marked as the agent's in the tracker."""
    return {"event": "bot", "text": text, "metadata": {"agent": agent}}


async def send_agent_message(
    sessions: sessionmaker, rasa: RasaConversations, handoff_id: str, agent: str, text: str
) -> None:
    """Send the customer a message from the agent holding the conversation."""

    def check(session: Session) -> str:
        handoff = find_handoff(session, handoff_id)
        if handoff.status != HandoffStatus.ACTIVE.value or handoff.agent != agent:
            raise HandoffConflict.single(
                "handoff_not_active",
                "Only the agent chatting with the customer can write to them; take it first.",
            )
        return handoff.conversation_id

    conversation_id = await in_transaction(sessions, check)
    try:
        await rasa.append_events(
            conversation_id,
            [agent_message(agent, text)],
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
    """Write ``events`` and have the assistant carry on (intent ``agent_handback``).

    Raises ``AssistantUnavailable``. The events may have been written when the trigger failed;
    they only resume the assistant and set slots, so writing them again on a retry is harmless.
    """
    if events:
        await rasa.append_events(conversation_id, events)
    await rasa.trigger_intent(conversation_id, HANDBACK_INTENT, output_channel)


async def hand_back(
    sessions: sessionmaker,
    rasa: RasaConversations,
    handoff_id: str,
    agent: str,
    facts: Mapping[str, Any],
    note: str | None,
    now: datetime,
) -> dict[str, Any]:
    """Give the conversation back to the assistant with what the agent learnt.

    A waiting handoff may be handed back too (the agent answered without taking over). The return
    is recorded first, under the handoff's lock: a second hand-back (a double click) or a take
    racing it gets 409 and never reaches Rasa. If Rasa cannot be told, the handoff is put back
    as it was (unless the conversation has meanwhile opened a new handoff, which then carries on).
    """

    def return_it(session: Session) -> tuple[dict[str, Any], dict[str, Any]]:
        handoff = _free_for(session, handoff_id, agent)
        before = {
            "status": handoff.status,
            "agent": handoff.agent,
            "note": handoff.note,
            "facts": dict(handoff.facts),
        }
        handoff.status = HandoffStatus.RETURNED.value
        handoff.agent = handoff.agent or agent
        handoff.returned_at = now
        handoff.note = note
        handoff.facts = {**handoff.facts, **_as_slots(facts)}
        return handoff_as_json(handoff), before

    returned, before = await in_transaction(sessions, return_it)
    events = [{"event": "resume"}, *slot_events(facts)]
    try:
        await _hand_to_assistant(rasa, returned["conversation_id"], events, LATEST_CHANNEL)
    except AssistantUnavailable:
        try:
            await in_transaction(sessions, lambda session: _unreturn(session, handoff_id, before))
        except IntegrityError:  # a new handoff was opened in between: it carries on
            log.warning("Handoff %s stays returned: its conversation has a newer one", handoff_id)
        raise assistant_unavailable() from None
    return returned


def _unreturn(session: Session, handoff_id: str, before: Mapping[str, Any]) -> None:
    """Undo a hand-back Rasa could not be told of (a returned handoff is changed by nobody else)."""
    handoff = find_handoff(session, handoff_id, lock=True)
    if handoff.status != HandoffStatus.RETURNED.value:
        return
    if open_handoff_of(session, handoff.conversation_id) is not None:
        log.warning("Handoff %s stays returned: its conversation has a newer one", handoff_id)
        return
    handoff.status = before["status"]
    handoff.agent = before["agent"]
    handoff.note = before["note"]
    handoff.facts = before["facts"]
    handoff.returned_at = None


async def intake(
    sessions: sessionmaker,
    rasa: RasaConversations,
    request: Mapping[str, Any],
    agent: str,
    now: datetime,
) -> dict[str, Any]:
    """Hand the assistant a customer who came to the agent first; it picks up the claim there.

    Recorded as a handoff already returned (reason ``agent_intake``), for the desk's history.
    A conversation with an open handoff is refused (409) before the assistant hears anything:
    ``handoff_taken`` if another agent holds it, else ``handoff_open`` (take it or hand it back).
    """
    facts = request["facts"]
    conversation_id = request["conversation_id"]
    await in_transaction(sessions, lambda session: _refuse_if_open(session, conversation_id, agent))
    try:
        # A new conversation first gets its session started on its own: Rasa stamps the events
        # of a request before it starts the session, and its SQL tracker store replays events
        # by time, so facts sent with the first request would come back wiped by the start.
        await rasa.append_events(conversation_id, [{"event": "action", "name": "action_listen"}])
        await _hand_to_assistant(rasa, conversation_id, slot_events(facts), request["channel"])
    except AssistantUnavailable:
        raise assistant_unavailable("no intake was recorded") from None

    def record(session: Session) -> dict[str, Any]:
        handoff = Handoff(
            id=new_handoff_id(),
            conversation_id=conversation_id,
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


def _refuse_if_open(session: Session, conversation_id: str, agent: str) -> None:
    """409 if the conversation has an open handoff: an intake must not talk over it."""
    handoff = open_handoff_of(session, conversation_id)
    if handoff is None:
        return
    if handoff.status == HandoffStatus.ACTIVE.value and handoff.agent != agent:
        raise taken_by(handoff.agent)
    raise HandoffConflict.single(
        "handoff_open",
        f"This conversation already has an open handoff, {handoff.id}: take it or hand it back.",
        field="conversation_id",
    )
