"""Looking up an order while the customer chats."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from backend.openapi import schema_problems
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.marketplace_data import DANA_EMAIL, DANA_ORDER, SAM_EMAIL, UNDELIVERED_ORDER


@pytest.mark.parametrize("headers", [SERVICE, AGENT, ADMIN], ids=["service", "agent", "admin"])
async def test_an_order_shows_its_dates_and_items(loaded, headers):
    response = await loaded.get(f"/api/orders/{DANA_ORDER}", headers=headers)

    assert response.status == 200
    order = await response.json()
    assert schema_problems("OrderView", order) == []
    assert order["id"] == DANA_ORDER
    assert order["placed_at"] == "2026-09-01T10:00:00Z"
    assert order["delivered_at"] == "2026-09-04T15:00:00Z"
    assert order["items"][0] == {
        "sku": "B0HEATER01",
        "title": "Oil-filled space heater 1500W",
        "seller_id": "S-ACME",
        "price": "89.99",
        "quantity": 1,
    }
    assert [item["sku"] for item in order["items"]] == ["B0HEATER01", "B0KETTLE02", "B0LAMP0003"]


async def test_an_order_never_shows_the_customer(loaded):
    response = await loaded.get(f"/api/orders/{DANA_ORDER}", headers=SERVICE)

    text = await response.text()
    assert "customer" not in await response.json()
    assert DANA_EMAIL not in text and "Dana" not in text and "97201" not in text


async def test_timestamps_with_offsets_are_stored_in_utc(loaded):
    response = await loaded.get("/api/orders/113-7654321-7654321", headers=SERVICE)

    assert (await response.json())["placed_at"] == "2026-09-10T06:30:00Z"


async def test_an_undelivered_order_has_no_delivery_time(loaded):
    response = await loaded.get(f"/api/orders/{UNDELIVERED_ORDER}", headers=SERVICE)

    assert (await response.json())["delivered_at"] is None


async def test_the_customers_email_matches_trimmed_and_case_insensitively(loaded):
    proof = {**SERVICE, "X-Customer-Email": "  Dana@Example.COM "}

    response = await loaded.get(f"/api/orders/{DANA_ORDER}", headers=proof)

    assert response.status == 200


async def test_another_customers_email_is_a_mismatch(loaded):
    proof = {**SERVICE, "X-Customer-Email": SAM_EMAIL}

    response = await loaded.get(f"/api/orders/{DANA_ORDER}", headers=proof)

    assert response.status == 403
    [error] = (await response.json())["errors"]
    assert (error["code"], error["field"]) == ("customer_mismatch", "customer_email")
    assert "B0HEATER01" not in await response.text()


async def test_an_unknown_order_is_404(loaded):
    response = await loaded.get("/api/orders/999-9999999-9999999", headers=SERVICE)

    assert response.status == 404
    assert (await response.json())["errors"][0]["code"] == "order_not_found"


@pytest.mark.parametrize("order_id", ["112-1234567", "abc-defghij-klmnopq", "1121234567123456"])
async def test_a_malformed_order_id_is_422(loaded, order_id):
    response = await loaded.get(f"/api/orders/{order_id}", headers=SERVICE)

    assert response.status == 422
    [error] = (await response.json())["errors"]
    assert (error["code"], error["field"]) == ("invalid_value", "order_id")


async def test_looking_up_an_order_needs_a_token(loaded):
    anonymous = await loaded.get(f"/api/orders/{DANA_ORDER}")
    email_only = await loaded.get(
        f"/api/orders/{DANA_ORDER}", headers={"X-Customer-Email": DANA_EMAIL}
    )

    assert anonymous.status == email_only.status == 401


@pytest.mark.parametrize(
    ("now", "day", "status", "code"),
    [
        # Delivered 2026-09-04 15:00Z: the day of delivery is a possible incident date.
        ("2026-10-10T09:00:00", "2026-09-04", 200, None),
        ("2026-10-10T09:00:00", "2026-09-01", 422, "incident_before_delivery"),
        ("2026-10-10T09:00:00", "2026-10-12", 422, "incident_in_future"),
        # At 11:00 UTC it is already the next day east of UTC+13: that day is not refused.
        ("2026-10-10T11:00:00", "2026-10-11", 200, None),
        ("2026-10-10T09:00:00", "10/11/2026", 422, "invalid_value"),
    ],
)
async def test_an_incident_date_is_judged_with_the_order(loaded, clock, now, day, status, code):
    clock.now = datetime.fromisoformat(now).replace(tzinfo=timezone.utc)

    response = await loaded.get(
        f"/api/orders/{DANA_ORDER}", params={"incident_date": day}, headers=SERVICE
    )

    assert response.status == status
    if code:
        assert [error["code"] for error in (await response.json())["errors"]] == [code]


async def test_an_undelivered_order_has_no_possible_incident_date(loaded):
    response = await loaded.get(
        f"/api/orders/{UNDELIVERED_ORDER}", params={"incident_date": "2026-10-01"}, headers=SERVICE
    )

    assert response.status == 422
    assert (await response.json())["errors"][0]["code"] == "incident_before_delivery"
