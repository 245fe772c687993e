"""Sellers behind on proof of insurance, and the reminders the deadline sweep sends them.

A seller required to insure and not compliant is reminded a week before its proof is due and
once it is overdue (``backend.policy.insurance.proof_reminder``), by e-mail through the outbox,
once per seller, due date and kind of reminder, however many sweeps run. A seller whose own
filing awaits the marketplace's verification has sent its proof and is not reminded.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.clock import format_timestamp
from backend.insurance_requirement import seller_insurance_status
from backend.models import InsuranceReminder, MonthlySales, Seller
from backend.outbox import OutboxKind, write_message
from backend.policy.insurance import PROOF_DUE_SOON, PROOF_OVERDUE, InsuranceStatus, proof_reminder
from backend.policy.parameters import PolicyParameters

_WORDS = {
    PROOF_DUE_SOON: "Your proof of product liability insurance is due by {due}. {reason}",
    PROOF_OVERDUE: "Your proof of product liability insurance was due on {due} and has not "
    "arrived. {reason}",
}


def sellers_behind_on_insurance(
    session: Session, on: date, params: PolicyParameters
) -> list[tuple[str, InsuranceStatus]]:
    """Every seller required to insure and not compliant on ``on``, with its status (``overdue``
    says whether its proof is late), in seller id order."""
    candidates = session.execute(
        select(MonthlySales.seller_id)
        .where(
            MonthlySales.amount >= params.insurance_sales_threshold,
            MonthlySales.month <= on,
        )
        .distinct()
        .order_by(MonthlySales.seller_id)
    ).scalars()
    behind = []
    for seller_id in list(candidates):
        status = seller_insurance_status(session, seller_id, on, params)
        if status.required and not status.compliant:
            behind.append((seller_id, status))
    return behind


def sellers_to_remind(session: Session, on: date, params: PolicyParameters) -> list[str]:
    """The sellers a reminder may be due to on ``on`` (``remind_seller`` decides)."""
    return [
        seller_id
        for seller_id, status in sellers_behind_on_insurance(session, on, params)
        if proof_reminder(status, params) is not None
    ]


def remind_seller(
    session: Session, seller_id: str, now: datetime, params: PolicyParameters
) -> str | None:
    """Write the reminder due to the seller now, unless sent already; answers its topic."""
    status = seller_insurance_status(session, seller_id, now.date(), params)
    topic = proof_reminder(status, params)
    if topic is None or status.pending_verification:
        return None
    if session.get(InsuranceReminder, (seller_id, status.proof_due, topic)) is not None:
        return None
    # The key makes a second sweeper's insert fail, so only one of them writes the e-mail.
    session.add(
        InsuranceReminder(seller_id=seller_id, proof_due=status.proof_due, topic=topic, sent_at=now)
    )
    session.flush()
    seller = session.get(Seller, seller_id)
    write_message(
        session,
        OutboxKind.SELLER_EMAIL,
        topic,
        seller.email,
        {
            "topic": topic,
            "at": format_timestamp(now),
            "seller_id": seller_id,
            "proof_due": status.proof_due.isoformat(),
            "message": _WORDS[topic].format(due=status.proof_due.isoformat(), reason=status.reason),
        },
        None,
        now,
    )
    return topic
