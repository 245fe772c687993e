"""A seller's API key is a secret: one shorter than 24 characters is refused (issue 11)."""

from __future__ import annotations

from sqlalchemy import select

from backend.models import Seller
from tests.backend.conftest import ADMIN
from tests.backend.marketplace_data import marketplace


async def test_a_short_seller_api_key_is_refused_and_nothing_stored(client, db):
    data = marketplace()
    data["sellers"][0]["api_key"] = "k"

    response = await client.post("/api/admin/marketplace", json=data, headers=ADMIN)

    assert response.status == 422
    errors = (await response.json())["errors"]
    assert ("sellers[0].api_key", "invalid_value") in [(e["field"], e["code"]) for e in errors]
    with db() as session:
        assert session.execute(select(Seller)).first() is None
    # One character short of the minimum is refused too; the minimum itself is taken.
    data["sellers"][0]["api_key"] = "x" * 23
    assert (await client.post("/api/admin/marketplace", json=data, headers=ADMIN)).status == 422
    data["sellers"][0]["api_key"] = "x" * 24
    assert (await client.post("/api/admin/marketplace", json=data, headers=ADMIN)).status == 200
