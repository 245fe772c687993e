"""A ruling: what the policy decides about who pays a claim, and why, in the customer's words."""

from __future__ import annotations

from dataclasses import dataclass

from backend.policy.lifecycle import Outcome, Payer


@dataclass(frozen=True)
class Ruling:
    """Who pays, whether the marketplace seeks the money back, whether it counts against the
    seller's order defect rate (``odr_impact``), the reason codes and the customer's explanation.
    """

    outcome: Outcome
    payer: Payer | None
    reimbursement_sought: bool
    odr_impact: bool
    reasons: tuple[str, ...]
    explanation: str
