"""Money: exact decimal amounts in Python, integer cents in the database, strings in JSON."""

from __future__ import annotations

import re
from decimal import Decimal

CENT = Decimal("0.01")

# Zero or more, to the cent, written plainly: "350", "350.5", "350.00". No sign, no exponent.
MONEY_PATTERN = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


class InvalidAmount(ValueError):
    """A text that is not an amount of money written as a plain decimal string."""


def parse_money(text: str) -> Decimal:
    """Read an amount like "350.00" exactly; refuse negatives, fractions of a cent, NaN, floats."""
    if not isinstance(text, str) or not MONEY_PATTERN.match(text):
        raise InvalidAmount(f"{text!r} is not an amount of money like 350.00")
    return Decimal(text).quantize(CENT)


def format_money(amount: Decimal) -> str:
    """Write an amount for JSON, always with two decimals: "350.00"."""
    return str(amount.quantize(CENT))


def to_cents(amount: Decimal) -> int:
    """Convert an exact amount to whole cents, refusing fractions of a cent."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise InvalidAmount(f"{amount} has a fraction of a cent")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Convert whole cents back to an exact amount."""
    return (Decimal(cents) / 100).quantize(CENT)


def format_dollars(amount: Decimal) -> str:
    """Write an amount for people: "$1,000.00"."""
    return f"${amount.quantize(CENT):,}"
