"""Who hears about what happens to a claim: messages written to the outbox with the change.

The customer hears of every topic except the marketplace's dealings with the seller (appeals,
reimbursements, reminders): by e-mail (``customer_email``, to the claim's ``customer_email``) and
in the conversation (``customer``). News that comes after the conversation ended and that the customer
did not cause (``PUSHED_TOPICS``) is pushed into the conversation the claim was filed in when its
channel can receive pushed messages (``PUSH_CHANNELS``): the outbox dispatcher delivers it. Every
other customer message is recorded: the conversation itself said it (the filing decision, a
withdrawal, added evidence), or the channel (REST) cannot be reached afterwards. The seller hears about a
claim once it has been put before them (the claim's timeline has ``seller_notified``): by
webhook when it gave a ``webhook_url``, else by e-mail; 48 hours before its response is due,
the deadlines sweep reminds it once (``claim.response_due_soon``). The seller's
insurer hears when a claim is routed to an insured seller and when the seller forwards a claim to
it (``insurer``). Each recipient sees only what it needs: the seller and the insurer never see
the customer's e-mail address or conversation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.claim_view import claim_as_json
from backend.clock import format_timestamp
from backend.insurance_requirement import policy_in_force
from backend.models import Claim, InsurancePolicy, Seller
from backend.money import format_dollars
from backend.outbox import OutboxKind, write_message
from backend.policy.lifecycle import ClaimEventType, ClaimStatus
from backend.policy.messages import for_seller
from backend.seller_sight import put_before_seller

ROUTED = "claim.routed"
CONCESSION_PAID = "claim.concession_paid"
DENIED = "claim.denied"
UNDER_REVIEW = "claim.under_review"
STEPPED_IN = "claim.stepped_in"
SELLER_RESPONDED = "claim.seller_responded"
WITHDRAWN = "claim.withdrawn"
REVIEWED = "claim.reviewed"
EVIDENCE_ADDED = "claim.evidence_added"
APPEALED = "claim.appealed"
REIMBURSEMENT_WAIVED = "claim.reimbursement_waived"
REIMBURSEMENT_DUE = "claim.reimbursement_due"
DISPUTE_DECIDED = "claim.dispute_decided"
APPEAL_DECIDED = "claim.appeal_decided"
RECOVERY_RELEASED = "claim.recovery_released"
RECOVERY_SOUGHT = "claim.recovery_sought"
CLOSED = "claim.closed"
RESPONSE_DUE_SOON = "claim.response_due_soon"
# Between the marketplace and the seller only: the customer has been paid, or need not act.
SELLER_ONLY_TOPICS = frozenset(
    {
        APPEALED,
        REIMBURSEMENT_WAIVED,
        REIMBURSEMENT_DUE,
        APPEAL_DECIDED,
        RECOVERY_RELEASED,
        RECOVERY_SOUGHT,
        RESPONSE_DUE_SOON,
    }
)
# News the customer hears later, in the conversation they filed the claim in.
PUSHED_TOPICS = frozenset({STEPPED_IN, SELLER_RESPONDED, REVIEWED, DISPUTE_DECIDED, CLOSED})
# The channels Rasa can send a message to unprompted (REST answers only the request it got).
PUSH_CHANNELS = frozenset({"socketio", "telegram", "twilio"})

# The topic that announces a newly filed claim, by the status its decision gave it.
SUBMISSION_TOPICS = {
    ClaimStatus.AWAITING_SELLER.value: ROUTED,
    ClaimStatus.CONCESSION_PAID.value: CONCESSION_PAID,
    ClaimStatus.DENIED.value: DENIED,
    ClaimStatus.UNDER_REVIEW.value: UNDER_REVIEW,
}
FORWARD_TO_INSURER = "forward_to_insurer"

# One sentence per topic for the seller; the customer reads the decision's own explanation.
_SELLER_SUMMARIES = {
    ROUTED: "Claim {reference} ({total}) needs your response by {due}: accept, reject with a "
    "defence, or forward it to your insurer.",
    CONCESSION_PAID: "The marketplace paid claim {reference} ({total}) as a concession; it does "
    "not count against your order defect rate.",
    STEPPED_IN: "The marketplace stepped in and paid claim {reference} ({total}).",
    SELLER_RESPONDED: "We received your response to claim {reference}.",
    WITHDRAWN: "The customer withdrew claim {reference}.",
    REVIEWED: "Claim {reference} was reviewed; it is now {status}.",
    EVIDENCE_ADDED: "The customer added evidence to claim {reference}.",
    DENIED: "Claim {reference} was denied.",
    APPEALED: "We received your appeal against the concession on claim {reference}.",
    REIMBURSEMENT_WAIVED: "Your insurance covers claim {reference}: the marketplace no longer "
    "seeks reimbursement of the concession ({total}).",
    REIMBURSEMENT_DUE: "The marketplace seeks reimbursement of the concession paid on claim "
    "{reference} ({total}): no proof of valid insurance arrived in time.",
    DISPUTE_DECIDED: "The marketplace upheld your defence on claim {reference}: the claim is "
    "denied.",
    APPEAL_DECIDED: "The marketplace decided your appeal on claim {reference}: {appeal}.",
    RECOVERY_RELEASED: "The marketplace no longer seeks {recovery} from you for claim {reference}.",
    RECOVERY_SOUGHT: "The marketplace now seeks {recovery} from you for claim {reference}.",
    CLOSED: "Claim {reference} is settled and closed.",
    RESPONSE_DUE_SOON: "Reminder: claim {reference} ({total}) needs your response by {due}: "
    "accept, reject with a defence, or forward it to your insurer. If you do not respond in "
    "time, the marketplace steps in and may seek the amount from you.",
}
# The subject of each topic's e-mail to the seller.
_SELLER_SUBJECTS = {
    ROUTED: "New claim {reference}: your response is due by {due}",
    CONCESSION_PAID: "Claim {reference} was paid as a concession",
    STEPPED_IN: "The marketplace paid claim {reference}",
    SELLER_RESPONDED: "Your response to claim {reference} was received",
    WITHDRAWN: "Claim {reference} was withdrawn",
    REVIEWED: "Claim {reference} was reviewed",
    EVIDENCE_ADDED: "New evidence on claim {reference}",
    DENIED: "Claim {reference} was denied",
    APPEALED: "Your appeal on claim {reference} was received",
    REIMBURSEMENT_WAIVED: "No reimbursement sought for claim {reference}",
    REIMBURSEMENT_DUE: "Reimbursement due for claim {reference}",
    DISPUTE_DECIDED: "Your defence on claim {reference} was upheld",
    APPEAL_DECIDED: "Your appeal on claim {reference} was decided",
    RECOVERY_RELEASED: "No reimbursement sought for claim {reference}",
    RECOVERY_SOUGHT: "Reimbursement sought for claim {reference}",
    CLOSED: "Claim {reference} is closed",
    RESPONSE_DUE_SOON: "Reminder: claim {reference} needs your response by {due}",
}
_CUSTOMER_SUMMARIES = {
    SELLER_RESPONDED: "The seller has responded to your claim {reference}; it is now {status}.",
    WITHDRAWN: "Your claim {reference} is withdrawn.",
    EVIDENCE_ADDED: "We added your new evidence to claim {reference}.",
    UNDER_REVIEW: "Your claim {reference} is being reviewed by our claims specialists; "
    "we will let you know the outcome.",
}
# The subject of each topic's e-mail to the customer (filing topics: the claim was received).
_CUSTOMER_SUBJECTS = {
    ROUTED: "We received your claim {reference}",
    CONCESSION_PAID: "We received your claim {reference}",
    DENIED: "We received your claim {reference}",
    UNDER_REVIEW: "We received your claim {reference}",
    STEPPED_IN: "The marketplace is paying your claim {reference}",
    SELLER_RESPONDED: "The seller answered your claim {reference}",
    WITHDRAWN: "Your claim {reference} is withdrawn",
    REVIEWED: "The review of your claim {reference} is done",
    EVIDENCE_ADDED: "Your files were added to claim {reference}",
    DISPUTE_DECIDED: "A decision on your claim {reference}",
    CLOSED: "Your claim {reference} is closed",
}


def notify_claim_event(
    session: Session,
    claim: Claim,
    topic: str,
    now: datetime,
    customer_message: str | None = None,
) -> None:
    """Write the outbox messages ``topic`` calls for (seller, insurer, customer) in ``session``.

    Topics: ``claim.routed``, ``claim.concession_paid``, ``claim.denied``, ``claim.under_review``,
    ``claim.stepped_in``, ``claim.seller_responded``, ``claim.withdrawn``, ``claim.reviewed``,
    ``claim.evidence_added``, ``claim.appealed``, ``claim.reimbursement_waived``,
    ``claim.reimbursement_due``, ``claim.dispute_decided``, ``claim.appeal_decided``,
    ``claim.recovery_released``, ``claim.recovery_sought``, ``claim.closed``,
    ``claim.response_due_soon``.
    ``customer_message``: what the customer reads, when neither the decision's explanation nor
    the topic's sentence says it (``backend.policy.messages``).
    """
    session.flush()  # the claim needs its id before messages can refer to it
    view = claim_as_json(claim)
    words = _words(claim)
    envelope = {"topic": topic, "at": format_timestamp(now)}
    if topic not in SELLER_ONLY_TOPICS:
        news = {
            **envelope,
            "claim": _facts(view, _CUSTOMER_FIELDS, _CUSTOMER_DECISION),
            "message": customer_message or _customer_summary(claim, topic, words),
        }
        write_message(
            session,
            OutboxKind.CUSTOMER,
            topic,
            claim.customer_email,
            {**news, "channel": claim.channel, "conversation_id": claim.conversation_id},
            claim.id,
            now,
            push=topic in PUSHED_TOPICS and claim.channel in PUSH_CHANNELS,
        )
        write_message(
            session,
            OutboxKind.CUSTOMER_EMAIL,
            topic,
            claim.customer_email,
            {**news, "subject": _subject(_CUSTOMER_SUBJECTS, topic, words)},
            claim.id,
            now,
        )
    if put_before_seller(claim):
        seller = session.get(Seller, claim.seller_id)
        kind, recipient = (
            (OutboxKind.SELLER_WEBHOOK, seller.webhook_url)
            if seller.webhook_url
            else (OutboxKind.SELLER_EMAIL, seller.email)
        )
        message = _SELLER_SUMMARIES.get(topic, "Claim {reference} is now {status}.")
        news = {
            **envelope,
            "claim": {
                **_facts(view, _SELLER_FIELDS, _SELLER_DECISION),
                "dispute_open": bool(claim.dispute_open),
            },
            "message": message.format(**words),
        }
        if kind is OutboxKind.SELLER_EMAIL:
            news["subject"] = _subject(_SELLER_SUBJECTS, topic, words)
        write_message(session, kind, topic, recipient, news, claim.id, now)
    policy = _insurer_to_notify(session, claim, topic)
    if policy is not None:
        write_message(
            session,
            OutboxKind.INSURER,
            topic,
            f"{policy.insurer} (policy {policy.policy_number})",
            {
                **envelope,
                "policy_number": policy.policy_number,
                "claim": _facts(view, _SELLER_FIELDS, _SELLER_DECISION),
            },
            claim.id,
            now,
        )


# What each recipient may read of the claim as the API shows it (``claim_as_json``).
_CUSTOMER_FIELDS = (
    "reference",
    "status",
    "order_id",
    "sku",
    "incident_date",
    "claimed_total",
    "seller_response_due",
)
# The seller and its insurer read the harm too, but nothing of who the customer is.
_SELLER_FIELDS = (
    *_CUSTOMER_FIELDS,
    "seller_id",
    "defect_description",
    "property_damage",
    "injury",
)
_CUSTOMER_DECISION = ("outcome", "reasons", "explanation")
_SELLER_DECISION = ("outcome", "reasons", "reimbursement_sought", "odr_impact")


def _facts(view: dict[str, Any], fields: tuple[str, ...], decision: tuple[str, ...]) -> dict:
    """The named fields of the claim's view, with the named parts of its decision."""
    return {
        **{field: view[field] for field in fields},
        "decision": {part: view["decision"][part] for part in decision},
    }


def _words(claim: Claim) -> dict[str, str]:
    """The claim's facts as the summaries' sentences write them."""
    due = claim.seller_response_due
    appeal = claim.appeals[-1] if claim.appeals else None
    recovery = claim.recoveries[-1] if claim.recoveries else None
    return {
        "reference": claim.reference,
        "status": claim.status.replace("_", " "),
        "total": format_dollars(claim.claimed_total),
        "due": f"{due.day} {due:%B %Y}" if due else "the deadline",
        "appeal": for_seller(f"appeal_{appeal.status}") if appeal and appeal.decided_at else "",
        "recovery": format_dollars(recovery.amount) if recovery else "",
    }


def _subject(subjects: dict[str, str], topic: str, words: dict[str, str]) -> str:
    """An e-mail's subject line for ``topic``."""
    return subjects.get(topic, "News about claim {reference}").format(**words)


def _customer_summary(claim: Claim, topic: str, words: dict[str, str]) -> str:
    """Decisions speak for themselves (their explanation); other topics get a sentence."""
    template = _CUSTOMER_SUMMARIES.get(topic)
    if template is None and claim.decision is not None:
        return claim.decision.explanation
    return (template or "Your claim {reference} is now {status}.").format(**words)


def _insurer_to_notify(session: Session, claim: Claim, topic: str) -> InsurancePolicy | None:
    """The policy whose insurer hears of ``topic``: on routing to an insured seller, and when
    the seller forwards the claim to its insurer. ``None``: the insurer hears nothing."""
    routed_insured = (
        topic in (ROUTED, REVIEWED)
        and claim.status == ClaimStatus.AWAITING_SELLER.value
        and any(event.type == ClaimEventType.INSURER_NOTIFIED.value for event in claim.events)
    )
    forwarded = (
        topic == SELLER_RESPONDED
        and bool(claim.seller_responses)
        and claim.seller_responses[-1].action == FORWARD_TO_INSURER
    )
    if not (routed_insured or forwarded):
        return None
    return policy_in_force(session, claim.seller_id, claim.incident_date)
