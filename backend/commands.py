"""What a caller asks the claims desk to do, parsed once from a schema-valid request body.

The API edge turns a body into a command (``FileClaim.from_body``, ``RespondToClaim.from_body``)
right after checking it against ``openapi.yaml``; dates and money are parsed and optional parts
defaulted here, so the services take typed commands and never read the raw body again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from backend.clock import parse_date
from backend.money import format_money, parse_money
from backend.policy.filing import Losses
from claims_contract.harms import Injury, PropertyDamage

DEFAULT_CHANNEL = "rest"


def request_fingerprint(body: Any) -> str:
    """A digest of a JSON body that ignores key order and spacing."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class UncoveredLoss:
    """A loss the policy does not cover: recorded, never part of the claimed total."""

    kind: str
    description: str | None
    amount: Decimal

    def as_json(self) -> dict[str, str | None]:
        """The loss as the claim keeps it, its amount written exactly ("100" → "100.00")."""
        return {
            "kind": self.kind,
            "description": self.description,
            "amount": format_money(self.amount),
        }


@dataclass(frozen=True)
class FileClaim:
    """A customer's claim to file (``POST /api/claims``)."""

    order_id: str
    customer_email: str
    sku: str
    incident_date: date
    defect_description: str
    property_damage: PropertyDamage | None
    injury: Injury | None
    other_losses: tuple[UncoveredLoss, ...]
    evidence_ids: tuple[str, ...]  # as sent, repeats included (problems name their index)
    channel: str
    conversation_id: str | None
    # The body's digest: a request repeated with the same Idempotency-Key must be the same.
    fingerprint: str

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> FileClaim:
        """The command in a ``ClaimSubmission`` body."""
        damage, injury = body.get("property_damage"), body.get("injury")
        return cls(
            order_id=body["order_id"],
            customer_email=body["customer_email"].strip(),
            sku=body["sku"],
            incident_date=parse_date(body["incident_date"]),
            defect_description=body["defect_description"],
            property_damage=(
                PropertyDamage(damage["description"], parse_money(damage["amount"]))
                if damage
                else None
            ),
            injury=(
                Injury(
                    injury["description"],
                    injury["treatment"],
                    parse_money(injury["medical_costs"]),
                    parse_money(injury["lost_earnings"]),
                )
                if injury
                else None
            ),
            other_losses=tuple(
                UncoveredLoss(loss["kind"], loss.get("description"), parse_money(loss["amount"]))
                for loss in body.get("other_losses") or ()
            ),
            evidence_ids=tuple(body.get("evidence_ids", ())),
            channel=body.get("channel") or DEFAULT_CHANNEL,
            conversation_id=body.get("conversation_id"),
            fingerprint=request_fingerprint(body),
        )

    @property
    def losses(self) -> Losses:
        """What the claim asks for, by kind of loss, as the policy weighs it."""
        return Losses(
            property_damage=self.property_damage.amount if self.property_damage else None,
            medical_costs=self.injury.medical_costs if self.injury else None,
            lost_earnings=self.injury.lost_earnings if self.injury else None,
            uncovered=sum((loss.amount for loss in self.other_losses), Decimal("0.00")),
        )


@dataclass(frozen=True)
class RespondToClaim:
    """A seller's answer to a claim awaiting it (``POST /api/seller/claims/{ref}/response``)."""

    action: str  # backend.policy.seller_response: accept, forward_to_insurer or reject
    statement: str | None  # the seller's defence; None when blank
    evidence_ids: tuple[str, ...]  # each file once, in the order sent

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> RespondToClaim:
        """The command in a ``SellerResponseRequest`` body."""
        return cls(
            action=body["action"],
            statement=(body.get("statement") or "").strip() or None,
            evidence_ids=tuple(dict.fromkeys(body.get("evidence_ids", ()))),
        )


@dataclass(frozen=True)
class AppealConcession:
    """A seller's appeal against the concession paid on its claim
    (``POST /api/seller/claims/{ref}/appeal``)."""

    statement: str  # as written; a blank one is refused
    evidence_ids: tuple[str, ...]  # each file once, in the order sent

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> AppealConcession:
        """The command in an ``AppealRequest`` body."""
        return cls(
            statement=body["statement"],
            evidence_ids=tuple(dict.fromkeys(body.get("evidence_ids", ()))),
        )
