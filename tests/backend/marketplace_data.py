"""Marketplace data for the backend tests: who sells what to whom, and who is insured."""

from __future__ import annotations

import copy
from typing import Any

DANA_ORDER = "112-1234567-1234567"
SAM_ORDER = "113-7654321-7654321"
UNDELIVERED_ORDER = "114-1111111-2222222"
DANA_EMAIL = "dana@example.com"
SAM_EMAIL = "sam@example.org"
HEATER = "B0HEATER01"  # sold by S-ACME, insured (valid, $1M, marketplace named)
KETTLE = "B0KETTLE02"  # sold by S-BARE, no insurance
LAMP = "B0LAMP0003"  # sold by S-THIN, insured but only for $500,000

_DATA: dict[str, Any] = {
    "sellers": [
        {
            "id": "S-ACME",
            "name": "Acme Home LLC",
            "email": "claims@acme.example",
            "api_key": "sk-acme-0001-000000000000000",
            "monthly_sales": [{"month": "2026-10", "amount": "12500.00"}],
            "insurance": {
                "policy_number": "PL-1",
                "insurer": "Example Mutual",
                "per_occurrence_limit": "1000000.00",
                "additional_insured": True,
                "valid_from": "2026-01-01",
                "valid_to": "2027-01-01",
            },
        },
        {
            "id": "S-BARE",
            "name": "Bare Goods",
            "email": "hello@bare.example",
            "api_key": "sk-bare-0002-000000000000000",
            "monthly_sales": [],
            "insurance": None,
        },
        {
            "id": "S-THIN",
            "name": "Thin Cover Lamps",
            "email": "lamps@thin.example",
            "monthly_sales": [{"month": "2026-09", "amount": "15000.00"}],
            "insurance": {
                "policy_number": "PL-9",
                "insurer": "Small Mutual",
                "per_occurrence_limit": "500000.00",
                "additional_insured": True,
                "valid_from": "2026-01-01",
                "valid_to": "2027-01-01",
            },
        },
    ],
    "orders": [
        {
            "id": DANA_ORDER,
            "customer": {
                "id": "C-1",
                "name": "Dana Reyes",
                "email": DANA_EMAIL,
                "postal_code": "97201",
            },
            "placed_at": "2026-09-01T10:00:00Z",
            "delivered_at": "2026-09-04T15:00:00Z",
            "items": [
                {
                    "sku": HEATER,
                    "title": "Oil-filled space heater 1500W",
                    "seller_id": "S-ACME",
                    "price": "89.99",
                    "quantity": 1,
                },
                {
                    "sku": KETTLE,
                    "title": "Electric kettle 1.7L",
                    "seller_id": "S-BARE",
                    "price": "24.50",
                    "quantity": 2,
                },
                {
                    "sku": LAMP,
                    "title": "Desk lamp",
                    "seller_id": "S-THIN",
                    "price": "39.00",
                    "quantity": 1,
                },
            ],
        },
        {
            "id": SAM_ORDER,
            "customer": {"id": "C-2", "name": "Sam Lee", "email": SAM_EMAIL},
            "placed_at": "2026-09-10T08:30:00+02:00",
            "delivered_at": "2026-09-12T12:00:00Z",
            "items": [
                {
                    "sku": HEATER,
                    "title": "Oil-filled space heater 1500W",
                    "seller_id": "S-ACME",
                    "price": "89.99",
                    "quantity": 1,
                }
            ],
        },
        {
            "id": UNDELIVERED_ORDER,
            "customer": {"id": "C-2", "name": "Sam Lee", "email": SAM_EMAIL},
            "placed_at": "2026-10-09T08:00:00Z",
            "delivered_at": None,
            "items": [
                {
                    "sku": KETTLE,
                    "title": "Electric kettle 1.7L",
                    "seller_id": "S-BARE",
                    "price": "24.50",
                    "quantity": 1,
                }
            ],
        },
    ],
}


def marketplace() -> dict[str, Any]:
    """A fresh copy of the test marketplace (tests may change it)."""
    return copy.deepcopy(_DATA)


def claim_body(**changes: Any) -> dict[str, Any]:
    """A valid $350.00 claim by Dana about the insured heater; ``changes`` override fields."""
    body: dict[str, Any] = {
        "order_id": DANA_ORDER,
        "customer_email": DANA_EMAIL,
        "sku": HEATER,
        "incident_date": "2026-10-02",
        "defect_description": "the heater's cord melted and sparked",
        "property_damage": {"description": "scorched rug and wall", "amount": "350.00"},
        "injury": {
            "description": "burn on right hand",
            "treatment": "first_aid",
            "medical_costs": "0.00",
            "lost_earnings": "0.00",
        },
        "evidence_ids": [],
        "channel": "rest",
        "conversation_id": "conv-dana-1",
    }
    body.update(changes)
    return body


def harm(
    property_amount: str = "0.00", medical: str = "0.00", lost: str = "0.00"
) -> dict[str, Any]:
    """The two harm objects of a claim with these amounts (their sum is the claimed total)."""
    return {
        "property_damage": {"description": "ruined sofa", "amount": property_amount},
        "injury": {
            "description": "burns",
            "treatment": "doctor",
            "medical_costs": medical,
            "lost_earnings": lost,
        },
    }
