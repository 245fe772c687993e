"""The desk's decisions on money sought back from a seller.

A recovery held while the seller disputes the claim is released (nothing is sought: the desk
found the seller's defence sound enough) or collected (the marketplace now seeks it); a recovery
being sought is marked collected when the money came in.
"""

from __future__ import annotations

from enum import Enum

from backend.policy.lifecycle import ClaimEventType, RecoveryStatus


class RecoveryDecision(str, Enum):
    """What the desk may decide about a claim's recovery."""

    RELEASE = "release"
    COLLECT = "collect"
    MARK_COLLECTED = "mark_collected"


# Each decision: the status of the recovery it applies to, the status it leaves, its event.
RECOVERY_MOVES: dict[RecoveryDecision, tuple[RecoveryStatus, RecoveryStatus, ClaimEventType]] = {
    RecoveryDecision.RELEASE: (
        RecoveryStatus.HELD,
        RecoveryStatus.RELEASED,
        ClaimEventType.RECOVERY_RELEASED,
    ),
    RecoveryDecision.COLLECT: (
        RecoveryStatus.HELD,
        RecoveryStatus.OPEN,
        ClaimEventType.RECOVERY_SOUGHT,
    ),
    RecoveryDecision.MARK_COLLECTED: (
        RecoveryStatus.OPEN,
        RecoveryStatus.COLLECTED,
        ClaimEventType.RECOVERY_COLLECTED,
    ),
}
