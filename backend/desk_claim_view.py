"""A claim as the claims desk reads it: everything the claim holds, in plain words, with the
decisions the person reading may take on it now."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.claim_view import claim_as_json
from backend.claims import claim_by_reference
from backend.clock import format_timestamp
from backend.closing import claim_money
from backend.disputes import rejected_at
from backend.models import Appeal, Claim, Customer, Evidence
from backend.money import format_money
from backend.policy.closing import may_close
from backend.policy.dispute import desk_due, is_overdue
from backend.policy.lifecycle import AppealStatus, ClaimStatus, RecoveryStatus
from backend.policy.messages import for_desk
from backend.policy.parameters import PolicyParameters
from backend.policy.step_in import STEP_IN_FROM
from backend.refusals import ClaimNotFound

# Who may take which decision: fraud experts review; admins decide everything.
EXPERT_ACTIONS = frozenset({"review"})


def desk_claim(
    session: Session, reference: str, role: str, params: PolicyParameters, now: datetime
) -> dict[str, Any]:
    """Claim ``reference`` for the desk (404 unknown); ``role``: the reader's (expert, admin)."""
    claim = claim_by_reference(session, reference)
    if claim is None:
        raise ClaimNotFound.of(reference)
    customer = session.get(Customer, claim.customer_id)
    due = _desk_due(claim, params)
    actions = _actions(claim, params, now)
    return {
        **claim_as_json(claim),
        "filed_at": format_timestamp(claim.filed_at),
        "customer": {"name": customer.name, "email": claim.customer_email},
        "facts": _facts(claim),
        "reasons_explained": _reasons_explained(claim),
        "findings": _findings(claim.decision.findings),
        "timeline": [
            {
                "at": format_timestamp(event.at),
                "type": event.type,
                "actor": event.actor,
                "note": event.note,
            }
            for event in claim.events
        ],
        "evidence": _evidence(session, claim),
        "seller_responses": [
            {
                "action": response.action,
                "statement": response.statement,
                "evidence_ids": list(response.evidence_ids),
                "responded_at": format_timestamp(response.responded_at),
            }
            for response in claim.seller_responses
        ],
        "appeals": [
            {
                "id": appeal.id,
                "statement": appeal.statement,
                "evidence_ids": list(appeal.evidence_ids),
                "filed_at": format_timestamp(appeal.filed_at),
                "status": appeal.status,
                "decided_at": _moment(appeal.decided_at),
                "note": appeal.note,
            }
            for appeal in claim.appeals
        ],
        "recoveries": [
            {
                "id": recovery.id,
                "kind": recovery.kind,
                "amount": format_money(recovery.amount),
                "status": recovery.status,
                "opened_at": format_timestamp(recovery.opened_at),
                "closed_at": _moment(recovery.closed_at),
                "note": recovery.note,
            }
            for recovery in claim.recoveries
        ],
        "payouts": [
            {
                "kind": payout.kind,
                "payer": payout.payer,
                "amount": format_money(payout.amount),
                "created_at": format_timestamp(payout.created_at),
                "paid_at": _moment(payout.paid_at),
            }
            for payout in claim.payouts
        ],
        "desk_due": _moment(due),
        "overdue": is_overdue(due, now),
        "actions": sorted(actions & EXPERT_ACTIONS if role == "expert" else actions),
    }


def _desk_due(claim: Claim, params: PolicyParameters) -> datetime | None:
    """When the desk's decision is due: on a seller's rejection, or on an open appeal."""
    if claim.status == ClaimStatus.SELLER_REJECTED.value:
        return desk_due(rejected_at(claim), params)
    appeal = _open_appeal(claim)
    return desk_due(appeal.filed_at, params) if appeal else None


def _open_appeal(claim: Claim) -> Appeal | None:
    return next((a for a in claim.appeals if a.status == AppealStatus.OPEN.value), None)


def _actions(claim: Claim, params: PolicyParameters, now: datetime) -> set[str]:
    """The decisions that fit the claim now (whoever may take them)."""
    status = ClaimStatus(claim.status)
    recovery_states = {RecoveryStatus.HELD.value, RecoveryStatus.OPEN.value}
    possible = {
        "review": status is ClaimStatus.UNDER_REVIEW,
        "step_in": status in STEP_IN_FROM,
        "dispute": status is ClaimStatus.SELLER_REJECTED,
        "appeal": _open_appeal(claim) is not None,
        "recovery": any(r.status in recovery_states for r in claim.recoveries),
        "mark_paid": any(payout.paid_at is None for payout in claim.payouts),
        "close": status is not ClaimStatus.CLOSED and may_close(claim_money(claim), now, params),
    }
    return {name for name, fits in possible.items() if fits}


def _facts(claim: Claim) -> dict[str, Any]:
    """What the customer told, under the filing contract's names."""
    harm_types = []
    if claim.property_damage_amount is not None:
        harm_types.append("property_damage")
    if claim.injury_treatment is not None:
        harm_types.append("injury")
    item = next((item for item in claim.order.items if item.sku == claim.sku), None)
    return {
        "product": item.title if item else claim.sku,
        "defect": claim.defect_description,
        "harm_types": harm_types,
        "property_damage_description": claim.property_damage_description,
        "property_damage_amount": _money(claim.property_damage_amount),
        "injury_description": claim.injury_description,
        "medical_amount": _money(claim.medical_costs),
        "lost_earnings_amount": _money(claim.lost_earnings),
        "treatment": claim.injury_treatment,
        "incident_date": claim.incident_date.isoformat(),
    }


def _reasons_explained(claim: Claim) -> list[str]:
    """A sentence per reason of the standing decision: screening's own, else the desk's words."""
    said_by_screening = {finding["code"]: finding["detail"] for finding in claim.decision.findings}
    return [said_by_screening.get(code) or for_desk(code) for code in claim.decision.reasons]


def _findings(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Screening's findings, one line per file of the claim and other claim each is about."""
    return [
        {
            "rule": finding["code"],
            "weight": finding["weight"],
            "explanation": finding["detail"],
            "other_reference": other,
            "evidence_id": evidence_id,
        }
        for finding in findings
        for evidence_id, other in _about(finding)
    ]


def _about(finding: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    """(the claim's file, the other claim) per line of a finding: its files when it is about
    files, else each other claim it names, else the claim as a whole."""
    if finding.get("files"):
        return [(file["evidence_id"], file["other_reference"]) for file in finding["files"]]
    return [(None, other) for other in finding.get("related") or [None]]


def _evidence(session: Session, claim: Claim) -> list[dict[str, Any]]:
    """The customer's files on the claim, then the files the seller sent with its answers."""
    ids = [attachment.evidence_id for attachment in claim.attachments]
    for answer in (*claim.seller_responses, *claim.appeals):
        ids += [evidence_id for evidence_id in answer.evidence_ids if evidence_id not in ids]
    stored = {
        evidence.id: evidence
        for evidence in session.execute(select(Evidence).where(Evidence.id.in_(ids))).scalars()
    }
    return [
        {
            "id": evidence.id,
            "sha256": evidence.sha256,
            "content_type": evidence.content_type,
            "size": evidence.size,
            "url": f"/api/evidence/{evidence.id}",
            "uploaded_by": "seller" if evidence.uploaded_by_seller else "customer",
            "taken_on": evidence.taken_on.isoformat() if evidence.taken_on else None,
        }
        for evidence in (stored[evidence_id] for evidence_id in ids if evidence_id in stored)
    ]


def _money(amount: Any) -> str | None:
    return None if amount is None else format_money(amount)


def _moment(value: datetime | None) -> str | None:
    return None if value is None else format_timestamp(value)
