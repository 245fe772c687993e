"""Decisions on a claim: the policy's at filing or review, the seller's answer, a step-in.

Each is a new ``Decision`` row (the latest one stands). One taken after the claim was filed
carries over the fraud score and the screening findings of the decision it follows, so the
standing decision is always complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from backend.lifecycle import Outcome, Payer
from backend.models import Claim, Decision


def record_decision(
    claim: Claim,
    now: datetime,
    *,
    outcome: Outcome,
    payer: Payer | None,
    reimbursement_sought: bool,
    odr_impact: bool,
    reasons: Iterable[str],
    explanation: str,
    decided_by: str,
    note: str | None = None,
    fraud_score: float | None = None,
    findings: list[dict[str, Any]] | None = None,
) -> Decision:
    """Append a decision that now stands for ``claim``.

    ``odr_impact``: whether the claim counts against the seller's order defect rate. Concessions
    never do; a claim the seller accepted, or the marketplace paid in the seller's place, does.
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
        outcome=outcome.value,
        payer=payer.value if payer else None,
        reimbursement_sought=reimbursement_sought,
        odr_impact=odr_impact,
        fraud_score=fraud_score,
        reasons=list(reasons),
        findings=findings,
        explanation=explanation,
        decided_by=decided_by,
        note=note,
    )
    claim.decisions.append(decision)
    return decision
