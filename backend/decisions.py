"""Decisions taken after a claim was filed: the seller's answer, the marketplace stepping in.

Each is a new ``Decision`` row (the latest one stands), carrying over the fraud score and the
screening findings of the decision it follows, so the standing decision is always complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

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
) -> Decision:
    """Append a decision that now stands for ``claim``.

    ``odr_impact``: whether the claim counts against the seller's order defect rate. Concessions
    never do; a claim the seller accepted, or the marketplace paid in the seller's place, does.
    """
    standing = claim.decision
    decision = Decision(
        decided_at=now,
        outcome=outcome.value,
        payer=payer.value if payer else None,
        reimbursement_sought=reimbursement_sought,
        odr_impact=odr_impact,
        fraud_score=standing.fraud_score if standing else 0.0,
        reasons=list(reasons),
        findings=list(standing.findings) if standing else [],
        explanation=explanation,
        decided_by=decided_by,
        note=note,
    )
    claim.decisions.append(decision)
    return decision
