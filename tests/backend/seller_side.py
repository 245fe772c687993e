"""Helpers for the seller-side tests: sellers' keys, claims filed through the API, more buyers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.api.appkeys import SESSIONS, SETTINGS
from backend.db import run_in_transaction
from backend.models import Claim, SellerUser
from backend.seller_users import create_user
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.marketplace_data import (
    DANA_EMAIL,
    DANA_ORDER,
    HEATER,
    KETTLE,
    claim_body,
    marketplace,
)

ACME = {"Authorization": "Bearer sk-acme-0001-000000000000000"}  # sells the heater, insured
BARE = {"Authorization": "Bearer sk-bare-0002-000000000000000"}  # sells the kettle, no insurance
UNKNOWN_KEY = {"Authorization": "Bearer sk-nobody-0000-0000000000000"}
DESK_TOKENS = {"admin": ADMIN, "service": SERVICE, "agent": AGENT}

# Distinct stories, so screening never finds two claims "nearly identical".
NARRATIVES = (
    "the heater's cord melted and sparked",
    "smoke poured out of the back panel overnight",
    "the thermostat stuck and the casing warped badly",
    "a loud pop then flames came from the switch",
    "oil leaked from a cracked fin onto the floor",
    "the plug scorched the wall socket black",
    "it tipped over and kept running until the carpet charred",
    "the power light flickered before the fuse box tripped and burned",
)


def _one_of(sku: str) -> dict[str, Any]:
    """One of an item as Dana's order lists it (title, seller and price)."""
    dana = next(order for order in marketplace()["orders"] if order["id"] == DANA_ORDER)
    item = next(item for item in dana["items"] if item["sku"] == sku)
    return {**item, "quantity": 1}


def buyer_orders(count: int) -> dict[str, Any]:
    """Marketplace data: ``count`` more customers, each with an order of a heater and a kettle."""
    return {
        "orders": [
            {
                "id": f"200-0000000-{index:07d}",
                "customer": {
                    "id": f"C-BUYER-{index}",
                    "name": f"Buyer {index}",
                    "email": f"buyer{index}@example.com",
                },
                "placed_at": "2026-09-01T10:00:00Z",
                "delivered_at": "2026-09-04T15:00:00Z",
                "items": [_one_of(HEATER), _one_of(KETTLE)],
            }
            for index in range(count)
        ]
    }


async def add_buyers(client, count: int) -> list[tuple[str, str]]:
    """Load ``count`` more buyers; answers their (order id, email) pairs."""
    data = buyer_orders(count)
    response = await client.post("/api/admin/marketplace", json=data, headers=ADMIN)
    assert response.status == 200, await response.text()
    return [(order["id"], order["customer"]["email"]) for order in data["orders"]]


async def file_claim(
    client,
    amount: str = "1234.56",
    sku: str = HEATER,
    order_id: str = DANA_ORDER,
    email: str = DANA_EMAIL,
    narrative: str = NARRATIVES[0],
) -> dict[str, Any]:
    """File a property-damage claim through the API and answer it as stored."""
    body = claim_body(
        order_id=order_id,
        customer_email=email,
        sku=sku,
        defect_description=narrative,
        property_damage={"description": "damaged floor and curtains", "amount": amount},
        injury=None,
    )
    response = await client.post("/api/claims", json=body, headers=SERVICE)
    assert response.status == 201, await response.text()
    return await response.json()


async def routed_claim(client, sku: str = HEATER, **details: Any) -> dict[str, Any]:
    """A claim of $1,000 or more, routed to the item's seller with a 7-day deadline."""
    claim = await file_claim(client, sku=sku, **details)
    assert claim["status"] == "awaiting_seller", claim
    return claim


async def concession_claim(client, sku: str = KETTLE, **details: Any) -> dict[str, Any]:
    """A claim under $1,000 the marketplace paid at once."""
    claim = await file_claim(client, amount="250.00", sku=sku, **details)
    assert claim["status"] == "concession_paid", claim
    return claim


def stored_claim(db, reference: str) -> Claim:
    """The claim as stored, with everything it holds loaded."""
    with db() as session:
        claim = session.execute(select(Claim).where(Claim.reference == reference)).scalar_one()
        # Loaded now, for the test to read after the session closes.
        for collection in (
            "events",
            "decisions",
            "payouts",
            "recoveries",
            "seller_responses",
            "appeals",
        ):
            getattr(claim, collection)
        return claim


def event_log(claim: dict[str, Any]) -> list[tuple[str, str]]:
    """A claim's timeline as (type, actor) pairs."""
    return [(event["type"], event["actor"]) for event in claim["events"]]


SELLER_USER_PASSWORD = "a long seller passphrase"


def ensure_seller_user(client, username: str, seller_id: str) -> None:
    """The seller user ``username`` of ``seller_id`` (password SELLER_USER_PASSWORD), created in
    the app's database if new."""

    def ensure(session):
        known = session.execute(select(SellerUser.id).where(SellerUser.username == username))
        if known.first() is None:
            create_user(
                session,
                seller_id,
                username,
                None,
                SELLER_USER_PASSWORD,
                client.app[SETTINGS].clock(),
            )

    run_in_transaction(client.app[SESSIONS], ensure)


async def seller_user(client, username: str = "alice", seller_id: str = "S-ACME") -> dict[str, str]:
    """Sign in as the seller user ``username`` (created if new); its Authorization header."""
    ensure_seller_user(client, username, seller_id)
    response = await client.post(
        "/api/seller/sign-in", json={"username": username, "password": SELLER_USER_PASSWORD}
    )
    assert response.status == 200, await response.text()
    return {"Authorization": f"Bearer {(await response.json())['token']}"}
