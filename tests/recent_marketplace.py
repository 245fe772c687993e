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


def _order(
    order_id: str, customer: str, email: str, items: list[tuple[str, str]], insured: bool
) -> dict[str, Any]:
    """A test customer's order, delivered on DELIVERED; (sku, title) items, sellers alternating
    from the insured one (or from the uninsured one when not `insured`)."""
    return {
        "id": order_id,
        "customer": {
            "id": f"C-{customer}",
            "name": f"Customer {customer}",
            "email": email,
            "postal_code": "10001",
        },
        "placed_at": _iso(DELIVERED - timedelta(days=3)),
        "delivered_at": _iso(DELIVERED),
        "items": [
            {
                "sku": sku,
                "title": title,
                "seller_id": "S-INS" if (index % 2 == 0) == insured else "S-UNI",
                "price": "39.99",
                "quantity": 1,
            }
            for index, (sku, title) in enumerate(items)
        ],
    }


def _persona_order(number: int, products: tuple[str, ...]) -> dict[str, Any]:
    items = [PERSONA_ITEMS[product] for product in products]
    return _order(persona_order_id(number), f"P{number:02d}", persona_email(number), items, True)


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
    # Order 43: the claim that survives a restart of Rasa (tests/e2e/test_rasa_restart.py).
    ("heater",),
)
# Orders of tests that are not personas: 39, 40 (messaging channels), 41, 42 (browser tests),
# 43 (Rasa restarted mid-claim).
CHAT_PAGE_ORDER, INTAKE_ORDER, RESTART_ORDER = 41, 42, 43


# The generated customers of tests/e2e/generated_personas.py: one order each, 3NN-NNNNNNN-NNNNNNN
# (the 35 hand-written personas and the browser and messaging tests use 1NN and 2NN). Titles
# carry numbers that are not amounts: a size, a wattage, a model number.
GENERATED_PERSONAS = 240
GENERATED_ITEMS = {
    "pressure cooker": ("G0COOKER6Q", "Electric pressure cooker 6qt"),
    "space heater": ("G0HEATER15", "Ceramic space heater 1500W"),
    "air purifier": ("G0PURIFX2", "X200 air purifier"),
    "kettle": ("G0KETTLE17", "Electric kettle 1.7L"),
    "power bank": ("G0PWRBANK2", "20000mAh power bank"),
    "hair dryer": ("G0DRYER18", "1875W ionic hair dryer"),
    "charger": ("G0CHRGR65", "65W USB-C charger"),
    "air fryer": ("G0FRYER58", "Digital air fryer 5.8qt"),
    "toaster": ("G0TOAST2S", "2-slice toaster"),
    "extension cord": ("G0CORD12", "12ft 3-outlet extension cord"),
    "e-bike battery": ("G0EBAT48", "48V 13Ah e-bike battery"),
    "humidifier": ("G0HUMID4L", "4L cool mist humidifier"),
}
# Items bought along with the one that caused the harm (multi-item orders).
GENERATED_EXTRAS = {
    "mug": ("G0MUG12", "12oz ceramic mug"),
    "phone case": ("G0CASE15", "Phone case for model 15"),
    "towels": ("G0TOWEL2", "Bath towels (2 pack)"),
}


def generated_order_id(number: int) -> str:
    """The order of generated persona `number` (1-based): 3NN-NNNNNNN-NNNNNNN."""
    return f"3{number % 100:02d}-{number:07d}-{number:07d}"


def generated_email(number: int) -> str:
    first = ("dana", "li", "omar", "priya", "jo", "marta", "kofi", "sven")[number % 8]
    return f"{first}.buyer{number:03d}@example.com"


def generated_products(number: int) -> tuple[str, ...]:
    """What generated persona `number` bought: the harmful product first; every third order
    has a second item and every seventh a third."""
    products = list(GENERATED_ITEMS)
    extras = list(GENERATED_EXTRAS)
    bought = [products[(number * 5) % len(products)]]
    if number % 3 == 0:
        bought.append(extras[number % len(extras)])
    if number % 7 == 0:
        bought.append(products[(number * 5 + 1) % len(products)])
    return tuple(bought)


def _generated_order(number: int) -> dict[str, Any]:
    catalog = {**GENERATED_ITEMS, **GENERATED_EXTRAS}
    items = [catalog[product] for product in generated_products(number)]
    email = generated_email(number)
    return _order(generated_order_id(number), f"G{number:03d}", email, items, number % 2 == 0)


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
                "api_key": "sk-ins-test-0000000000000000",
                "monthly_sales": [{"month": month, "amount": "12500.00"}],
                "insurance": insured,
            },
            {
                "id": "S-UNI",
                "name": "Uninsured Gadgets",
                "email": "help@uninsured.example",
                "api_key": "sk-uni-test-0000000000000000",
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
            *(_generated_order(number) for number in range(1, GENERATED_PERSONAS + 1)),
        ],
    }
