"""Looking up an order while the customer chats: its items and dates, never the customer's data."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from backend.clock import format_timestamp
from backend.credentials import same_email
from backend.models import Customer, Order
from backend.money import format_money
from backend.refusals import CustomerMismatch, InvalidOrderId, OrderNotFound

ORDER_ID_PATTERN = re.compile(r"^\d{3}-\d{7}-\d{7}$")


def check_order_id(order_id: str) -> None:
    """Refuse (``InvalidOrderId``) an order id not shaped like ``112-1234567-1234567``."""
    if not ORDER_ID_PATTERN.match(order_id):
        raise InvalidOrderId.single(
            "invalid_value",
            "An order number looks like 112-1234567-1234567.",
            field="order_id",
        )


def order_for_customer(session: Session, order_id: str, customer_email: str | None) -> Order:
    """The order, if it exists (else ``OrderNotFound``) and, when an email is given, belongs to
    it (else ``CustomerMismatch``)."""
    # Its customer (for the email) and items (for the claim) with it, in one query.
    order = session.get(
        Order, order_id, options=[joinedload(Order.customer), joinedload(Order.items)]
    )
    if order is None:
        raise OrderNotFound.single(
            "order_not_found",
            f"We could not find order {order_id}. Please check the order number.",
            field="order_id",
        )
    if customer_email is not None and not same_email(customer_email, order.customer.email):
        raise CustomerMismatch.single(
            "customer_mismatch",
            "This email address is not the one on the order. "
            "Please use the email you ordered with.",
            field="customer_email",
        )
    return order


def order_as_json(order: Order) -> dict[str, Any]:
    """The order as the API shows it (no customer details)."""
    return {
        "id": order.id,
        "placed_at": format_timestamp(order.placed_at),
        "delivered_at": format_timestamp(order.delivered_at) if order.delivered_at else None,
        "items": [
            {
                "sku": item.sku,
                "title": item.title,
                "seller_id": item.seller_id,
                "price": format_money(item.price),
                "quantity": item.quantity,
            }
            for item in order.items
        ],
    }


def email_has_orders(session: Session, email: str) -> bool:
    """Whether ``email`` is the email on at least one order (a customer the marketplace knows)."""
    wanted = email.strip().casefold()
    return (
        session.execute(
            select(Customer.id)
            .join(Order, Order.customer_id == Customer.id)
            .where(func.lower(func.trim(Customer.email)) == wanted)
            .limit(1)
        ).first()
        is not None
    )
