"""A seller filing its own insurance policy (``POST /api/seller/insurance``), and the marketplace
verifying or rejecting it (``POST /api/admin/sellers/{id}/insurance/{policy_number}/verification``).

A seller's filing is kept as ``pending`` with its proof file and waives nothing: only once an
admin verifies it does it count towards compliance and waive the concession reimbursements it
covers. A seller can neither overwrite a policy the marketplace loaded nor one already verified.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.claims import missing_evidence
from backend.clock import parse_date
from backend.insurance_verification import PENDING, REJECTED, VERIFIED
from backend.marketplace import upsert_policy
from backend.models import InsurancePolicy
from backend.money import format_money
from backend.problem import Problem
from backend.recoveries import waive_covered_reimbursements
from backend.refusals import InvalidInsurance, PolicyLocked, PolicyNotFound, PolicyNotPending
from backend.sellers import known_seller
from backend.settings import Settings

SUBMITTED_BY_SELLER = "seller"
DECISIONS = {"verify": VERIFIED, "reject": REJECTED}


def _policy(session: Session, seller_id: str, policy_number: str) -> InsurancePolicy | None:
    return session.execute(
        select(InsurancePolicy)
        .where(
            InsurancePolicy.seller_id == seller_id,
            InsurancePolicy.policy_number == policy_number,
        )
        .with_for_update()
    ).scalar_one_or_none()


def file_seller_policy(
    session: Session, seller_id: str, body: dict[str, Any], now: datetime
) -> None:
    """Store the schema-valid policy ``body`` as pending, with its proof file.

    422 (nothing stored) when the policy ends before it starts or its proof is unknown; 409 ``policy_locked`` for a policy number the marketplace loaded or
    already verified.
    """
    proof = body["proof_evidence_id"]
    problems = [
        Problem(problem.code, "proof_evidence_id", problem.message)
        for problem in missing_evidence(session, [proof])
    ]
    if parse_date(body["valid_to"]) <= parse_date(body["valid_from"]):
        problems.append(
            Problem("invalid_value", "valid_to", "The insurance must end after it starts.")
        )
    if problems:
        raise InvalidInsurance(problems)
    existing = _policy(session, seller_id, body["policy_number"])
    if existing is not None and (
        existing.submitted_by != SUBMITTED_BY_SELLER or existing.verification == VERIFIED
    ):
        raise PolicyLocked.single(
            "policy_locked",
            "This policy is on file already and verified; ask the marketplace to change it.",
            field="policy_number",
        )
    policy = upsert_policy(session, seller_id, body)
    policy.submitted_by = SUBMITTED_BY_SELLER
    policy.submitted_at = now
    policy.proof_evidence_id = proof
    policy.verification = PENDING
    policy.verified_by = None
    policy.verified_at = None
    session.flush()


def decide_seller_policy(
    session: Session,
    seller_id: str,
    policy_number: str,
    decision: str,
    admin: str,
    settings: Settings,
    now: datetime,
) -> list[str]:
    """Verify or reject a pending policy; a verified one waives what it covers (answered).

    404 ``seller_not_found`` / ``policy_not_found``; 409 ``not_pending``.
    """
    known_seller(session, seller_id)
    policy = _policy(session, seller_id, policy_number)
    if policy is None:
        raise PolicyNotFound.single("policy_not_found", "No such policy.", field="policy_number")
    if policy.verification != PENDING:
        raise PolicyNotPending.single(
            "not_pending", f"This policy is {policy.verification}, not pending."
        )
    policy.verification = DECISIONS[decision]
    policy.verified_by = admin
    policy.verified_at = now
    session.flush()
    if policy.verification != VERIFIED:
        return []
    return waive_covered_reimbursements(session, seller_id, now, settings.policy)


def policies_on_file(session: Session, seller_id: str) -> list[dict[str, Any]]:
    """Every policy the seller holds or filed, oldest cover first, with its verification."""
    policies = session.execute(
        select(InsurancePolicy)
        .where(InsurancePolicy.seller_id == seller_id)
        .order_by(InsurancePolicy.valid_from, InsurancePolicy.policy_number)
    ).scalars()
    return [
        {
            "policy_number": policy.policy_number,
            "insurer": policy.insurer,
            "per_occurrence_limit": format_money(policy.per_occurrence_limit),
            "additional_insured": policy.additional_insured,
            "valid_from": policy.valid_from.isoformat(),
            "valid_to": policy.valid_to.isoformat(),
            "submitted_by": policy.submitted_by,
            "verification": policy.verification,
            "proof_evidence_id": policy.proof_evidence_id,
        }
        for policy in policies
    ]
