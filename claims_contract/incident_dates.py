"""Which calendar days a claim's incident may be, wherever the customer is.

Customers give dates in their own time zone, which may be up to 12 hours behind or 14 hours
ahead of UTC; the policy gives them the benefit of that doubt, and the assistant reads dates the
same way the backend judges them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

BEHIND_UTC = timedelta(hours=12)
AHEAD_OF_UTC = timedelta(hours=14)


def earliest_incident_day(delivered_at: datetime) -> date:
    """The first day an incident can be: delivery day somewhere on Earth."""
    return (delivered_at - BEHIND_UTC).date()


def latest_incident_day(now: datetime) -> date:
    """The last day an incident can be: today somewhere on Earth."""
    return (now + AHEAD_OF_UTC).date()
