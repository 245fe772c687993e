"""Filing a claim: what is covered, what can be claimed at all, and the filing window.

A claim that makes no sense (harm before delivery, a date in the future, nothing or too much
claimed) cannot be filed: nothing is stored. A claim filed after the filing window is stored and
denied (``late_filing``, found by screening).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from backend.policy.messages import for_customer
from backend.policy.parameters import PolicyParameters
from backend.problem import Problem
from claims_contract.incident_dates import earliest_incident_day, latest_incident_day

# Only economic losses are covered; pain and suffering, punitive and other damages are not.
COVERED_LOSSES = ("property_damage", "medical_costs", "lost_earnings")
# What a customer may list under ``other_losses``: recorded, never part of the claimed total.
UNCOVERED_LOSSES = ("pain_and_suffering", "punitive", "emotional_distress", "other_non_economic")


@dataclass(frozen=True)
class Losses:
    """What the customer claims, by covered kind of loss (``None``: not claimed)."""

    property_damage: Decimal | None
    medical_costs: Decimal | None
    lost_earnings: Decimal | None
    # The sum of the ``other_losses`` listed, which the policy does not cover.
    uncovered: Decimal = Decimal("0.00")

    @property
    def total(self) -> Decimal:
        """The claimed total: the sum of the covered losses."""
        return sum(
            (getattr(self, kind) or Decimal("0.00") for kind in COVERED_LOSSES), Decimal("0.00")
        )


def incident_date_problems(
    incident_date: date, delivered_at: datetime | None, now: datetime
) -> list[Problem]:
    """Why an incident date cannot be the date of a claim: before delivery, or ahead of every
    time zone's today. The assistant asks this too (``GET /api/orders/{id}?incident_date=``),
    so the customer hears it while still chatting.

    ``delivered_at`` is ``None`` while the order has not been delivered.
    """
    problems = []
    if delivered_at is None:
        problems.append(
            Problem("incident_before_delivery", "incident_date", for_customer("not_delivered"))
        )
    elif incident_date < earliest_incident_day(delivered_at):
        problems.append(
            Problem(
                "incident_before_delivery",
                "incident_date",
                for_customer("incident_before_delivery", delivered_at=delivered_at),
            )
        )
    if incident_date > latest_incident_day(now):
        problems.append(
            Problem("incident_in_future", "incident_date", for_customer("incident_in_future"))
        )
    return problems


def admissibility_problems(
    incident_date: date,
    delivered_at: datetime | None,
    losses: Losses,
    now: datetime,
    params: PolicyParameters,
) -> list[Problem]:
    """Why a claim cannot be filed at all (nothing is stored): dates and amounts that make no sense.

    ``delivered_at`` is ``None`` while the order has not been delivered.
    """
    problems = incident_date_problems(incident_date, delivered_at, now)
    if losses.total <= 0 and losses.uncovered <= 0:
        problems.append(Problem("no_harm_reported", None, for_customer("no_harm_reported")))
    if losses.total > params.claim_cap:
        problems.append(
            Problem(
                "amount_over_limit",
                None,
                for_customer("amount_over_limit", cap=params.claim_cap, total=losses.total),
            )
        )
    return problems


def days_filed_late(incident_date: date, filed_on: date, window_days: int) -> int | None:
    """How many days after the incident a claim filed outside the window was filed; ``None``
    when it was filed within ``window_days`` (default 90) of the incident."""
    days_since = (filed_on - incident_date).days
    return days_since if days_since > window_days else None
