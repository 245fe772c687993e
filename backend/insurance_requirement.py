"""The seller insurance requirement, read from the database: the seller's sales and policies.

The rule itself (who must be insured, what qualifies, when proof is due) is
``backend.policy.insurance``; this module gathers its facts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.insurance_verification import PENDING, VERIFIED
from backend.models import InsurancePolicy, MonthlySales
from backend.policy.insurance import InsuranceCover, InsuranceStatus, PolicyOnFile, insurance_status
from backend.policy.parameters import PolicyParameters
from backend.sellers import known_seller


def policy_in_force(session: Session, seller_id: str, day: date) -> InsurancePolicy | None:
    """The seller's verified policy in force on ``day`` (the latest started, if several), if any.

    In force as ``InsuranceCover`` says: from ``valid_from`` up to, not including, ``valid_to``.
    """
    return session.execute(
        select(InsurancePolicy)
        .where(
            InsurancePolicy.seller_id == seller_id,
            InsurancePolicy.verification == VERIFIED,
            InsurancePolicy.valid_from <= day,
            InsurancePolicy.valid_to > day,
        )
        .order_by(InsurancePolicy.valid_from.desc(), InsurancePolicy.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def cover_of(policy: InsurancePolicy) -> InsuranceCover:
    """A stored policy as the claims policy reads it."""
    return InsuranceCover(
        per_occurrence_limit=policy.per_occurrence_limit,
        additional_insured=policy.additional_insured,
        valid_from=policy.valid_from,
        valid_to=policy.valid_to,
    )


def insurance_of(session: Session, seller_id: str) -> list[InsuranceCover]:
    """Every verified policy the seller has had on file (a seller's word alone waives nothing)."""
    return [
        cover_of(policy)
        for policy in session.execute(
            select(InsurancePolicy).where(
                InsurancePolicy.seller_id == seller_id, InsurancePolicy.verification == VERIFIED
            )
        ).scalars()
    ]


def seller_insurance_status(
    session: Session, seller_id: str, on: date, params: PolicyParameters
) -> InsuranceStatus:
    """The seller's status on ``on``; 404 ``seller_not_found`` for an unknown seller."""
    known_seller(session, seller_id)
    sales = session.execute(
        select(MonthlySales.month, MonthlySales.amount).where(MonthlySales.seller_id == seller_id)
    ).all()
    policies = list(
        session.execute(
            select(InsurancePolicy).where(InsurancePolicy.seller_id == seller_id)
        ).scalars()
    )
    status = insurance_status(
        [(month, amount) for month, amount in sales],
        [
            PolicyOnFile(
                policy_number=policy.policy_number,
                insurer=policy.insurer,
                cover=cover_of(policy),
                submitted_by=policy.submitted_by,
            )
            for policy in policies
            if policy.verification == VERIFIED
        ],
        on,
        params,
    )
    pending = tuple(p.policy_number for p in policies if p.verification == PENDING)
    return replace(status, pending_verification=pending)
