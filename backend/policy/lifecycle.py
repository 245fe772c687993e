"""The life of a claim: the statuses it can be in and the events recorded along the way."""

from __future__ import annotations

from enum import Enum


class ClaimStatus(str, Enum):
    """Where a claim stands (the public contract's list)."""

    UNDER_REVIEW = "under_review"
    DENIED = "denied"
    CONCESSION_PAID = "concession_paid"
    AWAITING_SELLER = "awaiting_seller"
    SELLER_ACCEPTED = "seller_accepted"
    SELLER_REJECTED = "seller_rejected"
    MARKETPLACE_STEPPED_IN = "marketplace_stepped_in"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


# A claim in any other status still "stands": a second claim on the same item is a duplicate.
FINISHED_STATUSES = frozenset({ClaimStatus.DENIED, ClaimStatus.WITHDRAWN, ClaimStatus.CLOSED})


class ClaimEventType(str, Enum):
    """Things that happen to a claim, recorded in its timeline."""

    SUBMITTED = "submitted"
    DENIED = "denied"
    CONCESSION_PAID = "concession_paid"
    SELLER_NOTIFIED = "seller_notified"
    INSURER_NOTIFIED = "insurer_notified"
    # Screening found enough to ask a fraud expert before anything is paid or routed.
    REFERRED_FOR_REVIEW = "referred_for_review"
    # The seller side: the seller's answer, its deadline, the marketplace stepping in, money back.
    SELLER_ACCEPTED = "seller_accepted"
    SELLER_FORWARDED_TO_INSURER = "seller_forwarded_to_insurer"
    SELLER_REJECTED = "seller_rejected"
    SELLER_REMINDED = "seller_reminded"  # its response is due within 48 hours
    SELLER_DEADLINE_MISSED = "seller_deadline_missed"
    MARKETPLACE_STEPPED_IN = "marketplace_stepped_in"
    RECOVERY_OPENED = "recovery_opened"
    REIMBURSEMENT_WAIVED = "reimbursement_waived"
    WAIVER_WINDOW_CLOSED = "waiver_window_closed"
    APPEALED = "appealed"
    # The desk and the customer: a fraud expert's review, evidence added later, a withdrawal.
    REVIEWED = "reviewed"
    EVIDENCE_ADDED = "evidence_added"
    WITHDRAWN = "withdrawn"
    # The desk takes every claim to its end: disputes and appeals decided, recoveries released,
    # sought or collected, payouts confirmed paid, and the claim closed.
    DISPUTE_DECIDED = "dispute_decided"
    APPEAL_DECIDED = "appeal_decided"
    RECOVERY_RELEASED = "recovery_released"
    RECOVERY_SOUGHT = "recovery_sought"
    RECOVERY_COLLECTED = "recovery_collected"
    PAYOUT_PAID = "payout_paid"
    CLOSED = "closed"


class Outcome(str, Enum):
    """What the claims desk decided to do with a claim."""

    DENIED = "denied"
    UNDER_REVIEW = "under_review"
    CONCESSION = "concession"
    ROUTED_TO_SELLER = "routed_to_seller"
    SELLER_ACCEPTED = "seller_accepted"
    FORWARDED_TO_INSURER = "forwarded_to_insurer"
    SELLER_REJECTED = "seller_rejected"
    MARKETPLACE_STEPPED_IN = "marketplace_stepped_in"


class RecoveryKind(str, Enum):
    """Why the marketplace seeks money back from a seller."""

    CONCESSION_REIMBURSEMENT = "concession_reimbursement"  # a concession, seller not insured
    STEP_IN = "step_in"  # the marketplace paid a claim the seller should have


class RecoveryStatus(str, Enum):
    """Where a recovery stands."""

    AWAITING_PROOF = "awaiting_proof"  # the seller may still waive it with proof of insurance
    OPEN = "open"  # the marketplace is seeking the money
    HELD = "held"  # not sought while the seller's dispute of the claim is open
    WAIVED = "waived"  # the seller proved valid insurance in time, or won its appeal
    RELEASED = "released"  # the desk decided not to seek a held recovery
    COLLECTED = "collected"  # the money came in


class AppealStatus(str, Enum):
    """Where a seller's appeal against a concession stands."""

    OPEN = "open"  # waiting for the desk
    UPHELD = "upheld"  # the concession stands, its reimbursement as it was
    GRANTED = "granted"  # the reimbursement is waived


class Payer(str, Enum):
    """Who pays the customer."""

    MARKETPLACE = "marketplace"
    SELLER = "seller"
    INSURER = "insurer"  # the seller forwarded the claim to its insurer
