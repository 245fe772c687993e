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


# The simulated customers of tests/e2e/personas.py: one order each (no claim of one is a
# duplicate of another's), on products they can name. (order id, email, [(sku, title)]).
PERSONA_ITEMS = {
    "heater": ("P0HEATER", "Ceramic space heater 1500W"),
    "kettle": ("P0KETTLE", "Glass electric kettle 1.7L"),
    "charger": ("P0CHARGER", "65W USB-C laptop charger"),
    "power bank": ("P0POWERBANK", "20000mAh power bank"),
    "hair dryer": ("P0HAIRDRYER", "Ionic hair dryer 2000W"),
    "blender": ("P0BLENDER", "High-speed blender 1.5L"),
    "toaster": ("P0TOASTER", "4-slice toaster"),
    "pressure cooker": ("P0COOKER", "Electric pressure cooker 6qt"),
    "lamp": ("P0LAMP", "LED desk lamp"),
    "e-bike battery": ("P0EBIKEBAT", "48V e-bike battery"),
    "air fryer": ("P0AIRFRYER", "Digital air fryer 5.8qt"),
    "curling iron": ("P0CURLING", "Ceramic curling iron"),
    "extension cord": ("P0EXTCORD", "6-outlet extension cord"),
    "phone case": ("P0PHONECASE", "Clear phone case"),
    "mug": ("P0MUG", "Ceramic travel mug"),
    "cable": ("P0CABLE", "Braided USB-C cable"),
}


def persona_order_id(number: int) -> str:
    """The order of persona `number` (1-based): 2NN-0000NNN-0000NNN."""
    return f"2{number:02d}-{number:07d}-{number:07d}"


def persona_email(number: int) -> str:
    return f"customer{number:02d}@example.com"


def _persona_order(number: int, products: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": persona_order_id(number),
        "customer": {
            "id": f"C-P{number:02d}",
            "name": f"Customer {number}",
            "email": persona_email(number),
            "postal_code": "10001",
        },
        "placed_at": _iso(DELIVERED - timedelta(days=3)),
        "delivered_at": _iso(DELIVERED),
        "items": [
            {
                "sku": PERSONA_ITEMS[product][0],
                "title": PERSONA_ITEMS[product][1],
                "seller_id": "S-INS" if index % 2 == 0 else "S-UNI",
                "price": "39.99",
                "quantity": 1,
            }
            for index, product in enumerate(products)
        ],
    }


# What each persona bought (persona n has order persona_order_id(n)); some orders have several
# items, so the assistant must ask which one (or pick the one the customer named).
PERSONA_PRODUCTS: tuple[tuple[str, ...], ...] = (
    ("heater",),
    ("kettle",),
    ("charger", "cable", "mug"),
    ("power bank",),
    ("hair dryer",),
    ("blender", "phone case"),
    ("toaster",),
    ("pressure cooker",),
    ("lamp", "cable"),
    ("e-bike battery",),
    ("air fryer",),
    ("curling iron", "mug"),
    ("extension cord",),
    ("heater",),
    ("kettle", "mug"),
    ("charger",),
    ("power bank", "phone case"),
    ("hair dryer",),
    ("blender",),
    ("toaster", "mug"),
    ("pressure cooker",),
    ("lamp",),
    ("e-bike battery",),
    ("air fryer", "cable"),
    ("curling iron",),
    ("extension cord",),
    ("heater", "mug"),
    ("kettle",),
    ("charger",),
    ("power bank",),
    ("hair dryer", "cable"),
    ("blender",),
    ("toaster",),
    ("pressure cooker", "mug"),
    ("lamp",),
    ("e-bike battery",),
    ("air fryer",),
    ("curling iron",),
    ("extension cord", "cable"),
    ("heater",),
    # Orders 41 and 42: the browser tests' own (a claim filed on the same order and item twice
    # is a duplicate, so no two tests file on one).
    ("heater",),
    ("kettle", "mug"),
)
# Orders of tests that are not personas: 39, 40 (messaging channels), 41, 42 (browser tests).
CHAT_PAGE_ORDER, INTAKE_ORDER = 41, 42


def _iso(day: date) -> str:
    return f"{day.isoformat()}T12:00:00Z"


def marketplace() -> dict[str, Any]:
    """One insured seller, one uninsured; a single-item and a multi-item order, delivered a
    month ago so every test day is inside the filing window."""
    insured = {
        "policy_number": "PL-T",
        "insurer": "Example Mutual",
        "per_occurrence_limit": "1000000.00",
        "additional_insured": True,
        "valid_from": (TODAY - timedelta(days=365)).isoformat(),
        "valid_to": (TODAY + timedelta(days=365)).isoformat(),
    }
    month = TODAY.strftime("%Y-%m")
    return {
        "sellers": [
            {
                "id": "S-INS",
                "name": "Insured Home",
                "email": "claims@insured.example",
                "api_key": "sk-ins-test",
                "monthly_sales": [{"month": month, "amount": "12500.00"}],
                "insurance": insured,
            },
            {
                "id": "S-UNI",
                "name": "Uninsured Gadgets",
                "email": "help@uninsured.example",
                "api_key": "sk-uni-test",
                "monthly_sales": [{"month": month, "amount": "4000.00"}],
                "insurance": None,
            },
        ],
        "orders": [
            {
                "id": SINGLE_ITEM_ORDER,
                "customer": {
                    "id": "C-1",
                    "name": "Dana Reyes",
                    "email": DANA,
                    "postal_code": "97201",
                },
                "placed_at": _iso(DELIVERED - timedelta(days=3)),
                "delivered_at": _iso(DELIVERED),
                "items": [{**HEATER, "seller_id": "S-INS", "price": "89.99", "quantity": 1}],
            },
            {
                "id": MULTI_ITEM_ORDER,
                "customer": {
                    "id": "C-2",
                    "name": "Sam Okafor",
                    "email": SAM,
                    "postal_code": "60614",
                },
                "placed_at": _iso(DELIVERED - timedelta(days=2)),
                "delivered_at": _iso(DELIVERED),
                "items": [
                    {**KETTLE, "seller_id": "S-INS", "price": "34.50", "quantity": 1},
                    {**CHARGER, "seller_id": "S-UNI", "price": "29.99", "quantity": 2},
                ],
            },
            *(
                _persona_order(number, products)
                for number, products in enumerate(PERSONA_PRODUCTS, start=1)
            ),
        ],
    }
