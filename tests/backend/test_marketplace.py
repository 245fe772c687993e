"""Loading marketplace data through the admin API and the command line."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from backend.__main__ import main
from backend.models import (
    Base,
    Customer,
    InsurancePolicy,
    MonthlySales,
    Order,
    OrderItem,
    Seller,
)
from backend.openapi import schema_problems
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.marketplace_data import DANA_ORDER, HEATER, SAM_ORDER, marketplace


def snapshot(sessions) -> dict[str, list[tuple]]:
    """Every row of every table, to compare the database before and after."""
    with sessions() as session:
        rows = {}
        for table in Base.metadata.sorted_tables:
            rows[table.name] = sorted(
                tuple(row) for row in session.execute(select(*table.columns)).all()
            )
        return rows


async def load(client, data, headers=ADMIN):
    response = await client.post("/api/admin/marketplace", json=data, headers=headers)
    return response.status, await response.json()


async def test_loading_answers_the_counts_and_stores_everything(client, db):
    status, counts = await load(client, marketplace())

    assert status == 200
    assert counts == {"sellers": 3, "orders": 3}
    with db() as session:
        acme = session.get(Seller, "S-ACME")
        assert (acme.name, acme.email) == ("Acme Home LLC", "claims@acme.example")
        assert acme.api_key_sha256 == hashlib.sha256(b"sk-acme-0001-000000000000000").hexdigest()
        assert session.get(MonthlySales, ("S-ACME", date(2026, 10, 1))).amount == Decimal(
            "12500.00"
        )
        policy = session.execute(
            select(InsurancePolicy).where(InsurancePolicy.seller_id == "S-ACME")
        ).scalar_one()
        assert policy.per_occurrence_limit == Decimal("1000000.00")
        assert policy.additional_insured is True
        assert (policy.valid_from, policy.valid_to) == (date(2026, 1, 1), date(2027, 1, 1))
        assert (
            session.execute(
                select(InsurancePolicy).where(InsurancePolicy.seller_id == "S-BARE")
            ).first()
            is None
        )
        order = session.get(Order, DANA_ORDER)
        assert order.customer_id == "C-1"
        assert order.delivered_at == datetime(2026, 9, 4, 15, 0, tzinfo=timezone.utc)
        heater = session.execute(
            select(OrderItem).where(OrderItem.order_id == DANA_ORDER, OrderItem.sku == HEATER)
        ).scalar_one()
        assert (heater.price, heater.quantity, heater.seller_id) == (
            Decimal("89.99"),
            1,
            "S-ACME",
        )
        # Sam appears on two orders and is stored once.
        assert session.get(Customer, "C-2").email == "sam@example.org"
        assert len(session.execute(select(Customer)).all()) == 2


async def test_the_api_key_itself_is_never_stored(client, db):
    await load(client, marketplace())

    everything = json.dumps(snapshot(db), default=str)
    assert "sk-acme-0001-000000000000000" not in everything


async def test_loading_the_same_data_twice_changes_nothing(client, db):
    await load(client, marketplace())
    before = snapshot(db)

    status, counts = await load(client, marketplace())

    assert (status, counts) == (200, {"sellers": 3, "orders": 3})
    assert snapshot(db) == before


async def test_loading_again_updates_by_id(client, db):
    await load(client, marketplace())
    data = marketplace()
    data["orders"][0]["items"][0]["price"] = "79.99"
    data["orders"][0]["customer"]["email"] = "dana.reyes@example.com"
    data["sellers"][0]["monthly_sales"].append({"month": "2026-11", "amount": "9000.50"})
    data["sellers"][0]["insurance"]["policy_number"] = "PL-2"  # a renewal
    data["sellers"][0]["insurance"]["valid_from"] = "2027-01-01"
    data["sellers"][0]["insurance"]["valid_to"] = "2028-01-01"

    await load(client, data)

    with db() as session:
        assert session.get(Customer, "C-1").email == "dana.reyes@example.com"
        prices = (
            session.execute(
                select(OrderItem.price).where(
                    OrderItem.order_id == DANA_ORDER, OrderItem.sku == HEATER
                )
            )
            .scalars()
            .all()
        )
        assert prices == [Decimal("79.99")]
        assert session.get(MonthlySales, ("S-ACME", date(2026, 11, 1))).amount == Decimal("9000.50")
        policies = (
            session.execute(
                select(InsurancePolicy.policy_number)
                .where(InsurancePolicy.seller_id == "S-ACME")
                .order_by(InsurancePolicy.valid_from)
            )
            .scalars()
            .all()
        )
        assert policies == ["PL-1", "PL-2"]  # insurance is history


def _break(data, path, value):
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


BAD_DATA = {
    "malformed order id": (("orders", 0, "id"), "112-1234567", "invalid_value", "orders[0].id"),
    "negative price": (
        ("orders", 0, "items", 0, "price"),
        "-1.00",
        "invalid_amount",
        "orders[0].items[0].price",
    ),
    "price as number": (
        ("orders", 0, "items", 0, "price"),
        89.99,
        "invalid_amount",
        "orders[0].items[0].price",
    ),
    "timestamp without zone": (
        ("orders", 0, "placed_at"),
        "2026-09-01T10:00:00",
        "invalid_value",
        "orders[0].placed_at",
    ),
    "bad insurance date": (
        ("sellers", 0, "insurance", "valid_to"),
        "2027-02-30",
        "invalid_value",
        "sellers[0].insurance.valid_to",
    ),
    "insurance ending before it starts": (
        ("sellers", 0, "insurance", "valid_to"),
        "2025-01-01",
        "invalid_value",
        "sellers[0].insurance.valid_to",
    ),
    "bad month": (
        ("sellers", 0, "monthly_sales", 0, "month"),
        "2026-13",
        "invalid_value",
        "sellers[0].monthly_sales[0].month",
    ),
    "unknown seller": (
        ("orders", 0, "items", 0, "seller_id"),
        "S-NOBODY",
        "seller_not_found",
        "orders[0].items[0].seller_id",
    ),
    "delivered before placed": (
        ("orders", 0, "delivered_at"),
        "2026-08-01T00:00:00Z",
        "invalid_value",
        "orders[0].delivered_at",
    ),
    "quantity zero": (
        ("orders", 0, "items", 0, "quantity"),
        0,
        "invalid_value",
        "orders[0].items[0].quantity",
    ),
    "missing customer email": (
        ("orders", 0, "customer"),
        {"id": "C-1", "name": "Dana"},
        "required",
        "orders[0].customer.email",
    ),
    "repeated order": (("orders", 1, "id"), DANA_ORDER, "duplicate_id", "orders"),
    "shared api key": (
        ("sellers", 1, "api_key"),
        "sk-acme-0001-000000000000000",
        "duplicate_api_key",
        "sellers[1].api_key",
    ),
}


@pytest.mark.parametrize("path, value, code, field", BAD_DATA.values(), ids=BAD_DATA.keys())
async def test_inconsistent_data_is_refused_and_nothing_is_stored(
    client, db, path, value, code, field
):
    status, answer = await load(client, _break(marketplace(), path, value))

    assert status == 422
    assert (code, field) in [(error["code"], error["field"]) for error in answer["errors"]]
    assert all(rows == [] for rows in snapshot(db).values())


async def test_loading_needs_the_admin_token(client, db):
    for headers, expected in (({}, 401), (SERVICE, 403), (AGENT, 403)):
        status, _ = await load(client, marketplace(), headers)
        assert status == expected
    assert all(rows == [] for rows in snapshot(db).values())


async def test_the_command_line_loads_the_same_file_idempotently(
    tmp_path, migrated_url, db, monkeypatch, capsys
):
    path = tmp_path / "marketplace.json"
    path.write_text(json.dumps(marketplace()))
    monkeypatch.setenv("CLAIMS_DATABASE_URL", migrated_url)

    assert main(["load-marketplace", str(path)]) == 0
    first = snapshot(db)
    assert main(["load-marketplace", str(path)]) == 0

    assert snapshot(db) == first
    assert len(first["orders"]) == 3
    assert "loaded 3 sellers and 3 orders" in capsys.readouterr().out


async def test_the_command_line_reports_bad_data_and_fails(
    tmp_path, migrated_url, db, monkeypatch, capsys
):
    path = tmp_path / "marketplace.json"
    path.write_text(json.dumps(_break(marketplace(), ("orders", 0, "id"), "nope")))
    monkeypatch.setenv("CLAIMS_DATABASE_URL", migrated_url)

    assert main(["load-marketplace", str(path)]) == 1
    assert main(["load-marketplace", str(tmp_path / "missing.json")]) == 1

    errors = capsys.readouterr().err
    assert "orders[0].id: invalid_value" in errors
    assert "cannot read" in errors
    assert all(rows == [] for rows in snapshot(db).values())


def test_the_command_line_says_when_the_database_is_not_migrated(tmp_path, monkeypatch, capsys):
    path = tmp_path / "marketplace.json"
    path.write_text(json.dumps(marketplace()))
    monkeypatch.setenv("CLAIMS_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")

    assert main(["load-marketplace", str(path)]) == 1
    assert "python -m backend migrate" in capsys.readouterr().err


def test_every_table_is_covered_by_the_snapshot(migrated_url, db):
    from backend.db import make_engine

    engine = make_engine(migrated_url)
    try:
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()
    assert tables == set(snapshot(db))


async def test_the_design_documents_example_loads_as_written(client, db):
    example = {
        "sellers": [
            {
                "id": "S-ACME",
                "name": "Acme Home LLC",
                "email": "claims@acme.example",
                "api_key": "sk-acme-00000000000000000000",
                "monthly_sales": [{"month": "2026-10", "amount": "12500.00"}],
                "insurance": {
                    "policy_number": "PL-1",
                    "insurer": "Example Mutual",
                    "per_occurrence_limit": "1000000.00",
                    "additional_insured": True,
                    "valid_from": "2026-01-01",
                    "valid_to": "2027-01-01",
                },
            }
        ],
        "orders": [
            {
                "id": "112-1234567-1234567",
                "customer": {
                    "id": "C-1",
                    "name": "Dana Reyes",
                    "email": "dana@example.com",
                    "postal_code": "97201",
                },
                "placed_at": "2026-09-01T10:00:00Z",
                "delivered_at": "2026-09-04T15:00:00Z",
                "items": [
                    {
                        "sku": "B0HEATER01",
                        "title": "Oil-filled space heater 1500W",
                        "seller_id": "S-ACME",
                        "price": "89.99",
                        "quantity": 1,
                    }
                ],
            }
        ],
    }

    assert await load(client, example) == (200, {"sellers": 1, "orders": 1})
    with db() as session:
        assert (
            session.get(Seller, "S-ACME").api_key_sha256
            == hashlib.sha256(b"sk-acme-00000000000000000000").hexdigest()
        )


async def test_a_sellers_webhook_and_an_orders_delivery_address_are_stored(client, db):
    data = marketplace()
    data["sellers"][0]["webhook_url"] = "https://acme.example/hooks/claims?v=2"
    data["orders"][0]["delivery_address"] = "  12 Elm St, Apt 4\nPortland, OR 97201  "

    assert (await load(client, data))[0] == 200

    with db() as session:
        assert session.get(Seller, "S-ACME").webhook_url == "https://acme.example/hooks/claims?v=2"
        assert session.get(Seller, "S-BARE").webhook_url is None
        assert session.get(Order, DANA_ORDER).delivery_address == (
            "12 Elm St, Apt 4\nPortland, OR 97201"
        )


async def test_loading_a_seller_again_without_a_webhook_removes_it(client, db):
    data = marketplace()
    data["sellers"][0]["webhook_url"] = "http://acme.example/hook"
    await load(client, data)

    await load(client, marketplace())

    with db() as session:
        assert session.get(Seller, "S-ACME").webhook_url is None


@pytest.mark.parametrize(
    "url", ["ftp://acme.example/hook", "acme.example/hook", "https://", "https://a b.example/"]
)
async def test_a_webhook_that_is_not_an_http_url_is_refused(client, db, url):
    data = marketplace()
    data["sellers"][0]["webhook_url"] = url

    status, answer = await load(client, data)

    assert status == 422
    assert ("invalid_value", "sellers[0].webhook_url") in [
        (error["code"], error["field"]) for error in answer["errors"]
    ]
    assert all(rows == [] for rows in snapshot(db).values())


async def test_an_overlong_delivery_address_is_refused(client, db):
    data = marketplace()
    data["orders"][1]["delivery_address"] = "x" * 1001

    status, answer = await load(client, data)

    assert status == 422
    assert answer["errors"][0]["field"] == "orders[1].delivery_address"


def test_the_demo_marketplace_gives_every_order_a_delivery_address():
    demo = json.loads(
        (Path(__file__).resolve().parents[2] / "data" / "demo" / "marketplace.json").read_text()
    )

    assert schema_problems("MarketplaceData", demo) == []
    assert all(order.get("delivery_address") for order in demo["orders"])


async def test_the_command_line_loads_webhooks_and_delivery_addresses(
    tmp_path, migrated_url, db, monkeypatch
):
    data = marketplace()
    data["sellers"][1]["webhook_url"] = "https://bare.example/hook"
    data["orders"][1]["delivery_address"] = "9 Harbor Rd, Salem, MA 01970"
    path = tmp_path / "marketplace.json"
    path.write_text(json.dumps(data))
    monkeypatch.setenv("CLAIMS_DATABASE_URL", migrated_url)

    assert main(["load-marketplace", str(path)]) == 0

    with db() as session:
        assert session.get(Seller, "S-BARE").webhook_url == "https://bare.example/hook"
        assert session.get(Order, SAM_ORDER).delivery_address == "9 Harbor Rd, Salem, MA 01970"
