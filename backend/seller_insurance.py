"""A seller filing its own insurance policy through its API (``POST /api/seller/insurance``).

The policy is stored as history (keyed by policy number, like the marketplace data), marked as
submitted by the seller, and then any concession reimbursement it now covers is waived.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.claims import missing_evidence
from backend.clock import parse_date
from backend.errors import ApiError, Problem
from backend.marketplace import upsert_policy
from backend.recoveries import waive_covered_reimbursements
from backend.settings import Settings

SUBMITTED_BY_SELLER = "seller"


def file_seller_policy(
    session: Session, seller_id: str, body: dict[str, Any], settings: Settings, now: datetime
) -> list[str]:
    """Store the schema-valid policy ``body`` for the seller; answers the claims it waived.

    422 (nothing stored) when the policy ends before it starts or names unknown evidence.
    """
    proof = body.get("proof_evidence_id")
    problems = [
        Problem(problem.code, "proof_evidence_id", problem.message)
        for problem in missing_evidence(session, [proof] if proof else [])
    ]
    if parse_date(body["valid_to"]) <= parse_date(body["valid_from"]):
        problems.append(
            Problem("invalid_value", "valid_to", "The insurance must end after it starts.")
        )
    if problems:
        raise ApiError(422, problems)
    policy = upsert_policy(session, seller_id, body)
    policy.submitted_by = SUBMITTED_BY_SELLER
    policy.submitted_at = now
    policy.proof_evidence_id = proof
    session.flush()
    return waive_covered_reimbursements(
        session, seller_id, now, waiver_days=settings.reimbursement_waiver_days
    )
