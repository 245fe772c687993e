"""Marketplace data (sellers, their sales and insurance, customers, orders, items): loading it.

The data comes as one JSON document (the admin API and the ``load-marketplace`` command take the
same shape, see openapi.yaml ``MarketplaceData``) and is upserted by id, so loading the same
document twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.clock import parse_date, parse_month, parse_timestamp
from backend.credentials import api_key_digest
from backend.models import (
    Customer,
    InsurancePolicy,
    MonthlySales,
    Order,
    OrderItem,
    Seller,
)
from backend.money import parse_money
from backend.problem import Problem
from backend.refusals import InvalidMarketplaceData
from backend.webhook_targets import inward_host

SUBMITTED_BY_MARKETPLACE = "marketplace"


@dataclass(frozen=True)
class MarketplaceLoaded:
    """How many sellers and orders a load held."""

    sellers: int
    orders: int


def load_marketplace(
    session: Session, data: dict[str, Any], allow_private_webhooks: bool = False
) -> MarketplaceLoaded:
    """Upsert schema-valid marketplace ``data``; refuses (422, nothing changed) inconsistent data,
    and webhook URLs into the marketplace's own network unless ``allow_private_webhooks``."""
    sellers = data.get("sellers", [])
    orders = data.get("orders", [])
    problems = _consistency_problems(session, sellers, orders)
    if not allow_private_webhooks:
        problems += [
            Problem(
                "private_address",
                f"sellers[{index}].webhook_url",
                "A webhook must go to a public address, not this machine or its network.",
            )
            for index, seller in enumerate(sellers)
            if seller.get("webhook_url") and inward_host(seller["webhook_url"])
        ]
    if problems:
        raise InvalidMarketplaceData(problems)
    for record in sellers:
        _upsert_seller(session, record)
    # Items refer to sellers and orders to customers: make sure those rows exist first.
    session.flush()
    # A customer with several orders appears several times; the last record wins.
    customers = {order["customer"]["id"]: order["customer"] for order in orders}
    for record in customers.values():
        _upsert_customer(session, record)
    session.flush()
    for record in orders:
        _upsert_order(session, record)
    session.flush()
    return MarketplaceLoaded(sellers=len(sellers), orders=len(orders))


def _consistency_problems(
    session: Session, sellers: list[dict[str, Any]], orders: list[dict[str, Any]]
) -> list[Problem]:
    """What the schema cannot see: repeated ids, unknown sellers, impossible dates."""
    problems = []
    problems += _repeated("sellers", [seller["id"] for seller in sellers])
    problems += _repeated("orders", [order["id"] for order in orders])
    problems += _shared_api_keys(session, sellers)
    known_sellers = {seller["id"] for seller in sellers}
    for index, seller in enumerate(sellers):
        insurance = seller.get("insurance")
        if insurance and parse_date(insurance["valid_to"]) <= parse_date(insurance["valid_from"]):
            problems.append(
                Problem(
                    "invalid_value",
                    f"sellers[{index}].insurance.valid_to",
                    "The insurance must end after it starts.",
                )
            )
        problems += _repeated(
            f"sellers[{index}].monthly_sales",
            [sales["month"] for sales in seller.get("monthly_sales", [])],
        )
    for index, order in enumerate(orders):
        delivered_at = order.get("delivered_at")
        if delivered_at and parse_timestamp(delivered_at) < parse_timestamp(order["placed_at"]):
            problems.append(
                Problem(
                    "invalid_value",
                    f"orders[{index}].delivered_at",
                    "An order cannot be delivered before it was placed.",
                )
            )
        problems += _repeated(f"orders[{index}].items", [item["sku"] for item in order["items"]])
        for item_index, item in enumerate(order["items"]):
            seller_id = item["seller_id"]
            if seller_id not in known_sellers and session.get(Seller, seller_id) is None:
                problems.append(
                    Problem(
                        "seller_not_found",
                        f"orders[{index}].items[{item_index}].seller_id",
                        f"There is no seller {seller_id}; add it to sellers.",
                    )
                )
                known_sellers.add(seller_id)  # report each unknown seller once
    return problems


def _repeated(field: str, ids: list[str]) -> list[Problem]:
    return [
        Problem("duplicate_id", field, f"{identifier} appears more than once in {field}.")
        for identifier, count in Counter(ids).items()
        if count > 1
    ]


def _shared_api_keys(session: Session, sellers: list[dict[str, Any]]) -> list[Problem]:
    """A seller's API key identifies that seller alone."""
    problems = []
    first_holder: dict[str, str] = {}
    for index, seller in enumerate(sellers):
        if not seller.get("api_key"):
            continue
        digest = api_key_digest(seller["api_key"])
        holder_in_data = first_holder.setdefault(digest, seller["id"])
        holder_on_file = session.execute(
            select(Seller.id).where(Seller.api_key_sha256 == digest)
        ).scalar_one_or_none()
        if holder_in_data != seller["id"] or holder_on_file not in (None, seller["id"]):
            problems.append(
                Problem(
                    "duplicate_api_key",
                    f"sellers[{index}].api_key",
                    "Each seller needs its own API key.",
                )
            )
    return problems


def _upsert_seller(session: Session, record: dict[str, Any]) -> None:
    seller = session.get(Seller, record["id"]) or Seller(id=record["id"])
    seller.name = record["name"]
    seller.email = record["email"].strip()
    if record.get("api_key"):
        seller.api_key_sha256 = api_key_digest(record["api_key"])
    seller.webhook_url = record.get("webhook_url")
    session.add(seller)
    for sales in record.get("monthly_sales", []):
        month = parse_month(sales["month"])
        row = session.get(MonthlySales, (seller.id, month)) or MonthlySales(
            seller_id=seller.id, month=month
        )
        row.amount = parse_money(sales["amount"])
        session.add(row)
    if record.get("insurance"):
        policy = upsert_policy(session, seller.id, record["insurance"])
        policy.submitted_by = SUBMITTED_BY_MARKETPLACE


def upsert_policy(session: Session, seller_id: str, record: dict[str, Any]) -> InsurancePolicy:
    """Store a schema-valid policy record (marketplace data or a seller's own upload).

    Policies are history: a new policy number adds a policy, it does not replace the old one.
    """
    policy = session.execute(
        select(InsurancePolicy).where(
            InsurancePolicy.seller_id == seller_id,
            InsurancePolicy.policy_number == record["policy_number"],
        )
    ).scalar_one_or_none() or InsurancePolicy(
        seller_id=seller_id, policy_number=record["policy_number"]
    )
    policy.insurer = record["insurer"]
    policy.per_occurrence_limit = parse_money(record["per_occurrence_limit"])
    policy.additional_insured = record["additional_insured"]
    policy.valid_from = parse_date(record["valid_from"])
    policy.valid_to = parse_date(record["valid_to"])
    session.add(policy)
    return policy


def _upsert_customer(session: Session, record: dict[str, Any]) -> None:
    customer = session.get(Customer, record["id"]) or Customer(id=record["id"])
    customer.name = record["name"]
    customer.email = record["email"].strip()
    customer.postal_code = record.get("postal_code")
    session.add(customer)


def _upsert_order(session: Session, record: dict[str, Any]) -> None:
    order = session.get(Order, record["id"]) or Order(id=record["id"])
    order.customer_id = record["customer"]["id"]
    order.placed_at = parse_timestamp(record["placed_at"])
    delivered_at = record.get("delivered_at")
    order.delivered_at = parse_timestamp(delivered_at) if delivered_at else None
    order.delivery_address = (record.get("delivery_address") or "").strip() or None
    session.add(order)
    for record_item in record["items"]:
        item = session.execute(
            select(OrderItem).where(
                OrderItem.order_id == order.id, OrderItem.sku == record_item["sku"]
            )
        ).scalar_one_or_none() or OrderItem(order_id=order.id, sku=record_item["sku"])
        item.title = record_item["title"]
        item.seller_id = record_item["seller_id"]
        item.price = parse_money(record_item["price"])
        item.quantity = int(record_item["quantity"])
        item.category = record_item.get("category")
        session.add(item)
