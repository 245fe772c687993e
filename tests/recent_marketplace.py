"""A small marketplace delivered a month before today, so every test day is inside the filing
window: one insured seller, one uninsured; a single-item and a multi-item order. The action tests
and the end-to-end tests load it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

TODAY = datetime.now(timezone.utc).date()
DELIVERED = TODAY - timedelta(days=30)

SINGLE_ITEM_ORDER = "112-1234567-1234567"
MULTI_ITEM_ORDER = "113-2345678-2345678"
DANA = "dana@example.com"
SAM = "sam@example.com"
HEATER = {"sku": "B0HEATER01", "title": "Oil-filled space heater 1500W"}
KETTLE = {"sku": "B0KETTLE22", "title": "Electric kettle 1.7L"}
CHARGER = {"sku": "B0CHRGR65W", "title": "65W USB-C fast charger"}


def _iso(day: date) -> str:
    return f"{day.isoformat()}T12:00:00Z"


def marketplace() -> dict[str, Any]:
    """One insured seller, one uninsured; a single-item and a multi-item order, delivered a
    month ago so every test day is inside the filing window."""
    insured = {"policy_number": "PL-T", "insurer": "Example Mutual",
               "per_occurrence_limit": "1000000.00", "additional_insured": True,
               "valid_from": (TODAY - timedelta(days=365)).isoformat(),
               "valid_to": (TODAY + timedelta(days=365)).isoformat()}
    month = TODAY.strftime("%Y-%m")
    return {
        "sellers": [
            {"id": "S-INS", "name": "Insured Home", "email": "claims@insured.example",
             "api_key": "sk-ins-test", "monthly_sales": [{"month": month, "amount": "12500.00"}],
             "insurance": insured},
            {"id": "S-UNI", "name": "Uninsured Gadgets", "email": "help@uninsured.example",
             "api_key": "sk-uni-test", "monthly_sales": [{"month": month, "amount": "4000.00"}],
             "insurance": None},
        ],
        "orders": [
            {"id": SINGLE_ITEM_ORDER,
             "customer": {"id": "C-1", "name": "Dana Reyes", "email": DANA,
                          "postal_code": "97201"},
             "placed_at": _iso(DELIVERED - timedelta(days=3)), "delivered_at": _iso(DELIVERED),
             "items": [{**HEATER, "seller_id": "S-INS", "price": "89.99", "quantity": 1}]},
            {"id": MULTI_ITEM_ORDER,
             "customer": {"id": "C-2", "name": "Sam Okafor", "email": SAM,
                          "postal_code": "60614"},
             "placed_at": _iso(DELIVERED - timedelta(days=2)), "delivered_at": _iso(DELIVERED),
             "items": [{**KETTLE, "seller_id": "S-INS", "price": "34.50", "quantity": 1},
                       {**CHARGER, "seller_id": "S-UNI", "price": "29.99", "quantity": 2}]},
        ],
    }
