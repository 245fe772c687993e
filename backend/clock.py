"""Time for the claims desk: an injectable clock and the one way timestamps are read and written.

Deadlines (filing window, seller response) depend on "now", so nothing reads the system time
directly: the clock is passed in through the settings and can be replaced in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def parse_timestamp(text: str) -> datetime:
    """Read an RFC 3339 timestamp ("2026-09-04T15:00:00Z"); an offset is required. Returns UTC."""
    moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no timezone offset")
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 falls before year 1 in UTC
        raise ValueError(f"timestamp {text!r} is out of range") from None


def format_timestamp(moment: datetime) -> str:
    """Write a timestamp as RFC 3339 in UTC with a "Z" suffix."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def parse_date(text: str) -> date:
    """Read a calendar date written as YYYY-MM-DD (nothing else is accepted)."""
    if len(text) != 10:
        raise ValueError(f"date {text!r} is not written as YYYY-MM-DD")
    return date.fromisoformat(text)


def parse_month(text: str) -> date:
    """Read a calendar month written as YYYY-MM; returns its first day."""
    if len(text) != 7:
        raise ValueError(f"month {text!r} is not written as YYYY-MM")
    return date.fromisoformat(text + "-01")
