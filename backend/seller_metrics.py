"""A seller's claims record over a window of days: orders, claims and the order defect rate.

The order defect rate is the share of the seller's orders placed in the window that have a claim
filed in the window whose standing decision counts against the seller (``Decision.odr_impact``).
Concessions never count: the marketplace paid them on its own account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, aliased

from backend.clock import format_timestamp
from backend.models import Claim, Decision, Order, OrderItem, Payout
from backend.sellers import known_seller

DEFAULT_WINDOW_DAYS = 90
MAX_WINDOW_DAYS = 730
RATE_PLACES = Decimal("0.0001")
CONCESSION_PAYOUT = "concession"


@dataclass(frozen=True)
class SellerMetrics:
    """The seller's figures for orders placed and claims filed from ``start`` to ``end``."""

    seller_id: str
    days: int
    start: datetime
    end: datetime
    orders: int
    claims: int
    odr_claims: int
    concessions: int

    @property
    def order_defect_rate(self) -> Decimal | None:
        """Defective orders per order, to four places; ``None`` without orders."""
        if self.orders == 0:
            return None
        return (Decimal(self.odr_claims) / Decimal(self.orders)).quantize(RATE_PLACES)

    def as_json(self) -> dict[str, Any]:
        """The metrics as the API answers them."""
        rate = self.order_defect_rate
        return {
            "seller_id": self.seller_id,
            "days": self.days,
            "from": format_timestamp(self.start),
            "to": format_timestamp(self.end),
            "orders": self.orders,
            "claims": self.claims,
            "odr_claims": self.odr_claims,
            "concessions": self.concessions,
            "order_defect_rate": str(rate) if rate is not None else None,
        }


def seller_metrics(session: Session, seller_id: str, now: datetime, days: int) -> SellerMetrics:
    """The seller's metrics for the ``days`` up to ``now``; 404 for an unknown seller."""
    known_seller(session, seller_id)
    start = now - timedelta(days=days)
    orders = session.execute(
        select(func.count(distinct(OrderItem.order_id)))
        .join(Order, Order.id == OrderItem.order_id)
        .where(OrderItem.seller_id == seller_id, Order.placed_at > start, Order.placed_at <= now)
    ).scalar_one()
    in_window = (Claim.seller_id == seller_id, Claim.filed_at > start, Claim.filed_at <= now)
    claims = session.execute(select(func.count(Claim.id)).where(*in_window)).scalar_one()
    later = aliased(Decision)
    standing = select(func.max(later.id)).where(later.claim_id == Claim.id).scalar_subquery()
    odr_claims = session.execute(
        select(func.count(Claim.id))
        .join(Decision, Decision.claim_id == Claim.id)
        .where(*in_window, Decision.id == standing, Decision.odr_impact.is_(True))
    ).scalar_one()
    concessions = session.execute(
        select(func.count(distinct(Claim.id)))
        .join(Payout, Payout.claim_id == Claim.id)
        .where(*in_window, Payout.kind == CONCESSION_PAYOUT)
    ).scalar_one()
    return SellerMetrics(
        seller_id=seller_id,
        days=days,
        start=start,
        end=now,
        orders=orders,
        claims=claims,
        odr_claims=odr_claims,
        concessions=concessions,
    )
