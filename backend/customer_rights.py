"""The customer's rights over a claim: read where it stands, add evidence later, withdraw it.

The customer proves a claim is theirs with the order's email; a wrong email answers exactly
like an unknown reference, so nobody learns which claims exist. Trusted callers (the service,
agents, admins) may act without it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.claim_view import CLAIM_VIEW_LOADING, CUSTOMER_SIDE, claim_as_json, public_claim
from backend.claims import claim_by_reference, missing_evidence
from backend.credentials import same_email
from backend.models import Claim, ClaimEvidence
from backend.notifications import notify_claim_event
from backend.policy.lifecycle import ClaimEventType, ClaimStatus
from backend.policy.transitions import check_move, statuses_that_may_move_to
from backend.refusals import ClaimFinished, ClaimNotFound, InvalidEvidence, OtherConversation
from backend.timeline import record_event

# Evidence may still be added to a denied claim (it may change a reviewer's mind), not once the
# customer withdrew it or the desk closed it.
EVIDENCE_CLOSED_STATUSES = frozenset({ClaimStatus.WITHDRAWN, ClaimStatus.CLOSED})
# A claim may be withdrawn only while nobody has paid it or promised to: concession_paid and
# marketplace_stepped_in are paid, seller_accepted is being paid by the seller (or its insurer),
# denied, withdrawn and closed are finished.
WITHDRAWABLE_STATUSES = statuses_that_may_move_to(ClaimStatus.WITHDRAWN)


def customer_claim(
    session: Session, reference: str, customer_email: str | None, lock: bool = False
) -> Claim:
    """The claim, if it exists and (when an email is given as proof) is that customer's; else 404.

    ``lock``: the caller is about to change it (see ``claim_by_reference``).
    """
    claim = claim_by_reference(session, reference, lock=lock)
    if claim is None or (
        customer_email is not None and not same_email(customer_email, claim.customer_email)
    ):
        raise ClaimNotFound.of(reference)
    return claim


CUSTOMER = "customer"  # the actor of a caller proving itself with the customer's email or token


def notes_for(actor: str) -> frozenset[str] | None:
    """Whose timeline notes the caller may read: the customer's side its own, the desk all."""
    return CUSTOMER_SIDE if actor in CUSTOMER_SIDE else None


def view_for(claim: Claim, actor: str) -> dict[str, Any]:
    """The claim as ``actor`` may read it: the customer the public view (no fraud score, no
    screening rule codes), trusted callers all of it with the notes ``notes_for`` allows."""
    notes = notes_for(actor)
    return public_claim(claim, notes) if actor == CUSTOMER else claim_as_json(claim, notes)


def claim_for_caller(
    session: Session, reference: str, customer_email: str | None, actor: str
) -> dict[str, Any]:
    """The claim as the API shows it, for its customer or a trusted caller."""
    return view_for(customer_claim(session, reference, customer_email), actor)


def claims_on_order(
    session: Session, order_id: str, customer_email: str | None, actor: str
) -> list[dict[str, Any]]:
    """The claims on an order, oldest first; with an email, only that customer's.

    An unknown order and someone else's order both answer an empty list.
    """
    claims = session.execute(
        select(Claim)
        .where(Claim.order_id == order_id)
        .options(*CLAIM_VIEW_LOADING)
        .order_by(Claim.filed_at, Claim.id)
    ).scalars()
    return [
        view_for(claim, actor)
        for claim in claims
        if customer_email is None or same_email(customer_email, claim.customer_email)
    ]


def add_evidence(
    session: Session,
    reference: str,
    customer_email: str | None,
    evidence_ids: list[str],
    actor: str,
    now: datetime,
) -> dict[str, Any]:
    """Attach uploaded files to the claim, each once; files already attached are skipped."""
    claim = customer_claim(session, reference, customer_email, lock=True)
    if ClaimStatus(claim.status) in EVIDENCE_CLOSED_STATUSES:
        raise _finished(claim, "Evidence can no longer be added to it.")
    problems = missing_evidence(session, evidence_ids)
    if problems:
        raise InvalidEvidence(problems)
    attached = {attachment.evidence_id for attachment in claim.attachments}
    new = [
        evidence_id for evidence_id in dict.fromkeys(evidence_ids) if evidence_id not in attached
    ]
    if new:
        for evidence_id in new:
            claim.attachments.append(ClaimEvidence(evidence_id=evidence_id, attached_at=now))
        record_event(claim, ClaimEventType.EVIDENCE_ADDED, now, actor=actor, note=", ".join(new))
        notify_claim_event(session, claim, "claim.evidence_added", now)
        session.flush()
    return view_for(claim, actor)


def withdraw_claim(
    session: Session,
    reference: str,
    customer_email: str | None,
    reason: str,
    actor: str,
    now: datetime,
    conversation_id: str | None = None,
) -> dict[str, Any]:
    """Withdraw a claim nobody has paid yet (see ``WITHDRAWABLE_STATUSES``); the reason is kept.

    ``conversation_id``: the service acts in that conversation only, which must have filed the
    claim (403 ``other_conversation`` otherwise).
    """
    claim = customer_claim(session, reference, customer_email, lock=True)
    if conversation_id is not None and claim.conversation_id != conversation_id:
        raise OtherConversation.single(
            "other_conversation",
            "This claim was filed in another conversation; the customer withdraws it there or "
            "signed in.",
        )
    if ClaimStatus(claim.status) not in WITHDRAWABLE_STATUSES or claim.payouts:
        raise _finished(claim, "It can no longer be withdrawn.")
    check_move(ClaimStatus(claim.status), ClaimStatus.WITHDRAWN)
    claim.status = ClaimStatus.WITHDRAWN.value
    claim.seller_response_due = None  # the seller owes no answer to a withdrawn claim
    record_event(claim, ClaimEventType.WITHDRAWN, now, actor=actor, note=reason)
    notify_claim_event(session, claim, "claim.withdrawn", now)
    session.flush()
    return view_for(claim, actor)


def _finished(claim: Claim, consequence: str) -> ClaimFinished:
    """The refusal for a claim that is paid or finished (``claim_finished``)."""
    return ClaimFinished.single(
        "claim_finished",
        f"Claim {claim.reference} is {claim.status.replace('_', ' ')}. {consequence}",
        field="reference",
    )
