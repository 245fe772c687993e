"""The insurance accelerator: partner insurers' quotes for sellers that must (or soon must) insure.

A seller required to insure, or whose best month came within 20 % of the threshold, and without
qualifying cover asks for quotes: ``quote_request`` says what the partners are told (the seller's
category mix and monthly sales, the cover the policy requires, the marketplace as additional
insured), ``backend.partner_quotes`` asks them, ``store_round`` keeps the offers. A chosen offer
becomes a pending policy (``accept_quote``) that the marketplace verifies like a seller's own
filing, once the insurer has bound it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import Session

from backend.clock import format_timestamp
from backend.insurance_requirement import seller_insurance_status
from backend.insurance_verification import PENDING
from backend.models import (
    InsurancePolicy,
    InsuranceQuote,
    InsuranceQuoteRequest,
    MonthlySales,
    Order,
    OrderItem,
    Seller,
)
from backend.money import format_money
from backend.outbox import OutboxKind, write_message
from backend.partner_quotes import InsurerUnavailable, QuoteRound
from backend.policy.insurance import QuoteEligibility, quote_eligibility
from backend.references import new_quote_id
from backend.refusals import NotEligibleForQuotes, QuoteNotFound, QuoteNotOpen
from backend.settings import Settings

# The partners are told about the last year of the seller's business.
SALES_HISTORY_MONTHS = 12
UNCATEGORIZED = "uncategorized"
CURRENCY = "USD"
SUBMITTED_BY_QUOTE = "partner_quote"
QUOTE_ACCEPTED = "insurance.quote_accepted"


@dataclass(frozen=True)
class QuoteAsk:
    """An eligible seller's request for quotes: why it is eligible, and what partners are told."""

    eligibility: QuoteEligibility
    request: dict[str, Any]  # a PartnerQuoteRequest


def eligibility_of(
    session: Session, seller_id: str, on: date, settings: Settings
) -> QuoteEligibility:
    """Whether the seller is offered quotes on ``on``, and why."""
    status = seller_insurance_status(session, seller_id, on, settings.policy)
    return quote_eligibility(status, _monthly_sales(session, seller_id, on), settings.policy)


def quote_request(session: Session, seller_id: str, now: datetime, settings: Settings) -> QuoteAsk:
    """What the partners are asked for this seller; refuses ``not_eligible`` sellers."""
    eligibility = eligibility_of(session, seller_id, now.date(), settings)
    if not eligibility.eligible:
        raise NotEligibleForQuotes.single("not_eligible", eligibility.reason)
    seller = session.get(Seller, seller_id)
    sales = _monthly_sales(session, seller_id, now.date())[-SALES_HISTORY_MONTHS:]
    return QuoteAsk(
        eligibility,
        {
            "seller": {"id": seller.id, "name": seller.name},
            "category_mix": category_mix(session, seller_id, now),
            "monthly_sales": [
                {"month": month.strftime("%Y-%m"), "amount": format_money(amount)}
                for month, amount in sales
            ],
            "coverage": {
                "per_occurrence_limit": format_money(settings.policy.minimum_per_occurrence_limit),
                "currency": CURRENCY,
            },
            "additional_insured": {"name": settings.marketplace_name},
            "requested_at": format_timestamp(now),
        },
    )


def _monthly_sales(session: Session, seller_id: str, on: date) -> list[tuple[date, Decimal]]:
    return [
        (month, amount)
        for month, amount in session.execute(
            select(MonthlySales.month, MonthlySales.amount)
            .where(MonthlySales.seller_id == seller_id, MonthlySales.month <= on)
            .order_by(MonthlySales.month)
        )
    ]


def category_mix(session: Session, seller_id: str, now: datetime) -> list[dict[str, str]]:
    """The share of the seller's last year of sales per product category, largest first."""
    cents = func.sum(type_coerce(OrderItem.price, BigInteger) * OrderItem.quantity)
    rows = session.execute(
        select(OrderItem.category, cents)
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            OrderItem.seller_id == seller_id,
            Order.placed_at > now - timedelta(days=365),
            Order.placed_at <= now,
        )
        .group_by(OrderItem.category)
    ).all()
    by_category: dict[str, int] = {}
    for category, amount in rows:
        name = category or UNCATEGORIZED
        by_category[name] = by_category.get(name, 0) + int(amount)
    total = sum(by_category.values())
    if not total:
        return []
    return [
        {"category": name, "share": str((Decimal(amount) / total).quantize(Decimal("0.0001")))}
        for name, amount in sorted(by_category.items(), key=lambda item: (-item[1], item[0]))
    ]


def store_round(
    session: Session, seller_id: str, ask: QuoteAsk, answers: QuoteRound, now: datetime
) -> dict[str, Any]:
    """Keep the partners' offers (an insurer repeating an earlier quote id is left out)."""
    unavailable = list(answers.unavailable)
    round_ = InsuranceQuoteRequest(seller_id=seller_id, requested_at=now, basis=ask.request)
    for offer in answers.offers:
        known = session.execute(
            select(InsuranceQuote.id).where(
                InsuranceQuote.insurer_id == offer.insurer.id,
                InsuranceQuote.insurer_quote_id == offer.quote_id,
            )
        ).first()
        if known is not None:
            unavailable.append(InsurerUnavailable(offer.insurer.id, "repeated an earlier quote id"))
            continue
        round_.quotes.append(
            InsuranceQuote(
                id=new_quote_id(),
                seller_id=seller_id,
                insurer_id=offer.insurer.id,
                insurer_name=offer.insurer.name,
                insurer_quote_id=offer.quote_id,
                premium_annual=offer.premium_annual,
                currency=offer.currency,
                per_occurrence_limit=offer.per_occurrence_limit,
                aggregate_limit=offer.aggregate_limit,
                deductible=offer.deductible,
                valid_until=offer.valid_until,
                terms_url=offer.terms_url,
            )
        )
    round_.unavailable = [
        {"insurer_id": missing.insurer_id, "problem": missing.problem} for missing in unavailable
    ]
    session.add(round_)
    session.flush()
    return offers_json(ask.eligibility, round_, now)


def latest_offers(
    session: Session, seller_id: str, now: datetime, settings: Settings
) -> dict[str, Any]:
    """The seller's eligibility today and the offers of its latest round (none yet: empty)."""
    eligibility = eligibility_of(session, seller_id, now.date(), settings)
    latest = session.execute(
        select(InsuranceQuoteRequest)
        .where(InsuranceQuoteRequest.seller_id == seller_id)
        .order_by(InsuranceQuoteRequest.requested_at.desc(), InsuranceQuoteRequest.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return offers_json(eligibility, latest, now)


def offers_json(
    eligibility: QuoteEligibility, round_: InsuranceQuoteRequest | None, now: datetime
) -> dict[str, Any]:
    """The offers side by side, cheapest first, as the seller API answers them."""
    quotes = sorted(
        round_.quotes if round_ else [], key=lambda q: (q.premium_annual, q.insurer_name)
    )
    return {
        "eligible": eligibility.eligible,
        "reason_code": eligibility.reason_code,
        "reason": eligibility.reason,
        "requested_at": format_timestamp(round_.requested_at) if round_ else None,
        "offers": [offer_json(quote, now) for quote in quotes],
        "unavailable": [missing["insurer_id"] for missing in round_.unavailable] if round_ else [],
    }


def offer_json(quote: InsuranceQuote, now: datetime) -> dict[str, Any]:
    """One offer; ``status`` is ``open``, ``expired`` or ``accepted``."""
    if quote.accepted_at is not None:
        status = "accepted"
    elif quote.valid_until <= now:
        status = "expired"
    else:
        status = "open"
    return {
        "quote_id": quote.id,
        "insurer_id": quote.insurer_id,
        "insurer_name": quote.insurer_name,
        "insurer_quote_id": quote.insurer_quote_id,
        "premium_annual": format_money(quote.premium_annual),
        "currency": quote.currency,
        "per_occurrence_limit": format_money(quote.per_occurrence_limit),
        "aggregate_limit": format_money(quote.aggregate_limit),
        "deductible": format_money(quote.deductible),
        "valid_until": format_timestamp(quote.valid_until),
        "terms_url": quote.terms_url,
        "status": status,
        "policy_number": quote.policy_number,
    }


def accept_quote(
    session: Session, seller_id: str, quote_id: str, now: datetime, settings: Settings
) -> dict[str, Any]:
    """The seller takes an open offer: it becomes a pending policy, the insurer is told.

    ``quote_not_found`` for another seller's or an unknown offer; ``quote_expired``,
    ``quote_accepted`` (this one) and ``offer_already_chosen`` (another of the same round).
    """
    quote = session.get(InsuranceQuote, quote_id)
    if quote is None or quote.seller_id != seller_id:
        raise QuoteNotFound.single("quote_not_found", "No such offer.", field="quote_id")
    # One choice per round even when two arrive at once: the round's row is locked, then its
    # offers are read again as the lock holder sees them.
    session.execute(
        select(InsuranceQuoteRequest.id)
        .where(InsuranceQuoteRequest.id == quote.request_id)
        .with_for_update()
    )
    offers = (
        session.execute(
            select(InsuranceQuote)
            .where(InsuranceQuote.request_id == quote.request_id)
            .execution_options(populate_existing=True)
        )
        .scalars()
        .all()
    )
    if quote.accepted_at is not None:
        raise QuoteNotOpen.single("quote_accepted", "You accepted this offer already.")
    if quote.valid_until <= now:
        raise QuoteNotOpen.single(
            "quote_expired", "This offer has expired; ask for new quotes.", field="quote_id"
        )
    if any(other.accepted_at is not None for other in offers):
        raise QuoteNotOpen.single(
            "offer_already_chosen", "You chose another offer of these quotes already."
        )
    quote.accepted_at = now
    quote.policy_number = f"{quote.insurer_id}-{quote.insurer_quote_id}"
    session.add(
        InsurancePolicy(
            seller_id=seller_id,
            policy_number=quote.policy_number,
            insurer=quote.insurer_name,
            per_occurrence_limit=quote.per_occurrence_limit,
            # The partners quote the cover the marketplace asks for, naming it additional insured.
            additional_insured=True,
            valid_from=now.date(),
            valid_to=_a_year_after(now.date()),
            submitted_by=SUBMITTED_BY_QUOTE,
            submitted_at=now,
            verification=PENDING,
        )
    )
    write_message(
        session,
        OutboxKind.INSURER,
        QUOTE_ACCEPTED,
        f"{quote.insurer_name} (quote {quote.insurer_quote_id})",
        {
            "topic": QUOTE_ACCEPTED,
            "at": format_timestamp(now),
            "insurer_id": quote.insurer_id,
            "insurer_quote_id": quote.insurer_quote_id,
            "seller_id": seller_id,
            "policy_number": quote.policy_number,
        },
        None,
        now,
    )
    session.flush()
    status = seller_insurance_status(session, seller_id, now.date(), settings.policy)
    return {"offer": offer_json(quote, now), "insurance": status.as_json(seller_id)}


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
