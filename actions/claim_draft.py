"""The claim as the customer has told it so far: read from the slots, summarised for the customer
and turned into the body of `POST /api/claims`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker

from actions.parsing import TREATMENT_LABELS, format_money, money
from claims_contract.harms import Injury, PropertyDamage


@dataclass(frozen=True)
class ClaimDraft:
    """Everything a claim needs, as collected by the claim form."""

    order_id: str
    customer_email: str
    sku: str
    item_title: str | None
    incident_date: str
    defect_description: str
    property_damage: PropertyDamage | None
    injury: Injury | None
    evidence_ids: list[str] = field(default_factory=list)

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> ClaimDraft:
        """Read the claim slots; raises KeyError naming the first missing answer."""

        def slot(name: str) -> Any:
            value = tracker.get_slot(name)
            if value is None or value == "":
                raise KeyError(name)
            return value

        kind = slot("harm_kind")
        damage = injury = None
        if kind in ("property", "both"):
            damage = PropertyDamage(
                slot("property_damage_description"), Decimal(slot("property_damage_amount"))
            )
        if kind in ("injury", "both"):
            injury = Injury(
                slot("injury_description"),
                slot("injury_treatment"),
                Decimal(slot("medical_costs")),
                Decimal(slot("lost_earnings")),
            )
        sku = slot("claim_sku")
        items = (tracker.get_slot("claim_order") or {}).get("items") or []
        return cls(
            order_id=slot("order_id"),
            customer_email=slot("customer_email"),
            sku=sku,
            item_title=next((i["title"] for i in items if i["sku"] == sku), None),
            incident_date=slot("incident_date"),
            defect_description=slot("defect_description"),
            property_damage=damage,
            injury=injury,
            evidence_ids=list(tracker.get_slot("evidence_ids") or []),
        )

    @property
    def total(self) -> Decimal:
        """What the customer claims: property damage + medical costs + lost earnings."""
        total = Decimal(0)
        if self.property_damage:
            total += self.property_damage.amount
        if self.injury:
            total += self.injury.medical_costs + self.injury.lost_earnings
        return total

    def request_body(self, channel: str, conversation_id: str) -> dict[str, Any]:
        """The body of `POST /api/claims`, money as decimal strings."""
        return {
            "order_id": self.order_id,
            "customer_email": self.customer_email,
            "sku": self.sku,
            "incident_date": self.incident_date,
            "defect_description": self.defect_description,
            "property_damage": None
            if self.property_damage is None
            else {
                "description": self.property_damage.description,
                "amount": money(self.property_damage.amount),
            },
            "injury": None
            if self.injury is None
            else {
                "description": self.injury.description,
                "treatment": self.injury.treatment,
                "medical_costs": money(self.injury.medical_costs),
                "lost_earnings": money(self.injury.lost_earnings),
            },
            "evidence_ids": list(self.evidence_ids),
            "channel": channel,
            "conversation_id": conversation_id,
        }

    def _told(self, description: str) -> str:
        # One message often tells the defect and the harm at once: not shown twice.
        return "as told above" if description == self.defect_description else description

    def summary(self) -> str:
        """The claim in a few lines a customer can check."""
        day = date.fromisoformat(self.incident_date)
        item = self.item_title or self.sku
        lines = [
            f"• Order: {self.order_id} — {item}",
            f"• Email: {self.customer_email}",
            f"• Date: {day:%B} {day.day}, {day.year}",
            f"• What went wrong: {self.defect_description}",
        ]
        if self.property_damage:
            lines.append(
                f"• Property damage: {self._told(self.property_damage.description)} — "
                f"{format_money(self.property_damage.amount)}"
            )
        if self.injury:
            lines.append(
                f"• Injury: {self._told(self.injury.description)} — "
                f"{TREATMENT_LABELS.get(self.injury.treatment, self.injury.treatment)}; "
                f"medical costs {format_money(self.injury.medical_costs)}, "
                f"lost earnings {format_money(self.injury.lost_earnings)}"
            )
        files = len(self.evidence_ids)
        lines.append(f"• Files: {files if files else 'none yet (you can add them later)'}")
        lines.append(f"• Total claimed: {format_money(self.total)}")
        return "\n".join(lines)
