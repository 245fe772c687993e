"""Decisions on a claim: the policy's at filing or review, the seller's answer, a step-in.

Each is a new ``Decision`` row (the latest one stands). One taken after the claim was filed
carries over the fraud score and the screening findings of the decision it follows, so the
standing decision is always complete.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from backend.models import Claim, Decision
from backend.policy.ruling import Ruling


def record_decision(
    claim: Claim,
    now: datetime,
    ruling: Ruling,
    *,
    decided_by: str,
    note: str | None = None,
    fraud_score: float | None = None,
    findings: list[dict[str, Any]] | None = None,
) -> Decision:
    """Append the policy's ``ruling`` as the decision that now stands for ``claim``.

    ``fraud_score`` and ``findings`` are carried over from the standing decision unless given
    (screening gives them when the claim is filed).
    """
    standing = claim.decision
    if fraud_score is None:
        fraud_score = standing.fraud_score if standing else 0.0
    if findings is None:
        findings = list(standing.findings) if standing else []
    decision = Decision(
        decided_at=now,
        outcome=ruling.outcome.value,
        payer=ruling.payer.value if ruling.payer else None,
        reimbursement_sought=ruling.reimbursement_sought,
        odr_impact=ruling.odr_impact,
        fraud_score=fraud_score,
        reasons=list(ruling.reasons),
        findings=findings,
        explanation=ruling.explanation,
        decided_by=decided_by,
        note=note,
    )
    claim.decisions.append(decision)
    return decision
