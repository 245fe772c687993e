"""The harms a claim reports, as the action server drafts them and the backend files them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PropertyDamage:
    """What the defect damaged, and what it costs."""

    description: str
    amount: Decimal


@dataclass(frozen=True)
class Injury:
    """Who was hurt, how they were treated, and what it cost."""

    description: str
    treatment: str
    medical_costs: Decimal
    lost_earnings: Decimal
