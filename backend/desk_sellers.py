"""Every seller's insurance as the desk checks it: overdue sellers first, then those required
and not yet compliant, then the rest; each with the policies on file and their proof files."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from backend.insurance_requirement import seller_insurance_status
from backend.models import InsurancePolicy, Seller
from backend.money import format_money
from backend.policy.parameters import PolicyParameters


def desk_sellers(session: Session, on: date, params: PolicyParameters) -> list[dict[str, Any]]:
    """Every seller's insurance status on ``on``, the ones needing attention first."""
    sellers = session.execute(
        select(Seller).options(selectinload(Seller.insurance_policies)).order_by(Seller.id)
    ).scalars()
    rows = []
    for seller in sellers:
        status = seller_insurance_status(session, seller.id, on, params)
        rows.append(
            {
                "seller_id": seller.id,
                "name": seller.name,
                "required": status.required,
                "compliant": status.compliant,
                "overdue": status.overdue,
                "reason": status.reason,
                "proof_due": status.proof_due.isoformat() if status.proof_due else None,
                "policies": [_policy(policy) for policy in seller.insurance_policies],
            }
        )
    rows.sort(key=lambda row: (not row["overdue"], row["compliant"] or not row["required"]))
    return rows


def _policy(policy: InsurancePolicy) -> dict[str, Any]:
    return {
        "policy_number": policy.policy_number,
        "insurer": policy.insurer,
        "status": policy.verification,
        "coverage_per_occurrence": format_money(policy.per_occurrence_limit),
        "proof_evidence_id": policy.proof_evidence_id,
        "valid_from": policy.valid_from.isoformat(),
        "valid_until": policy.valid_to.isoformat(),
    }
