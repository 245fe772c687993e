"""The claims desk's records, as SQLAlchemy 2.0 typed declarative models.

Each column's Python type is its ``Mapped[...]`` annotation (``| None``: the column may be empty).
Money (``Decimal``) is stored as integer cents and timestamps (``datetime``) as naive UTC, read
back timezone-aware, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from backend.money import from_cents, to_cents
from backend.policy.lifecycle import FINISHED_STATUSES

# Stable constraint names, so later migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Money(TypeDecorator[Decimal]):
    """An exact amount of money, stored as integer cents."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else to_cents(value)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else from_cents(value)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time, stored as naive UTC and read back timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a timestamp without a timezone")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    """Every model: money is ``Money`` and moments are ``UTCDateTime`` wherever annotated so."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[type, type[TypeDecorator]]] = {
        Decimal: Money,
        datetime: UTCDateTime,
    }


class Seller(Base):
    """A business selling on the marketplace; answers for its products' claims."""

    __tablename__ = "sellers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    # Only a digest of the seller's API key is kept; the key itself is the seller's secret.
    api_key_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Where the seller wants claim notifications POSTed (through the outbox); none: e-mail only.
    webhook_url: Mapped[str | None] = mapped_column(String(2000))

    monthly_sales: Mapped[list[MonthlySales]] = relationship(
        back_populates="seller", order_by="MonthlySales.month"
    )
    insurance_policies: Mapped[list[InsurancePolicy]] = relationship(
        back_populates="seller", order_by="InsurancePolicy.valid_from"
    )


class MonthlySales(Base):
    """A seller's sales in one calendar month (decides whether insurance is required)."""

    __tablename__ = "monthly_sales"

    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True, doc="the first day of the month")
    amount: Mapped[Decimal]

    seller: Mapped[Seller] = relationship(back_populates="monthly_sales")


class InsurancePolicy(Base):
    """A product liability policy a seller holds; kept as history, dates say when it applies."""

    __tablename__ = "insurance_policies"
    __table_args__ = (UniqueConstraint("seller_id", "policy_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"), index=True)
    policy_number: Mapped[str] = mapped_column(String(100))
    insurer: Mapped[str] = mapped_column(String(200))
    per_occurrence_limit: Mapped[Decimal]
    additional_insured: Mapped[bool]
    valid_from: Mapped[date]
    valid_to: Mapped[date]
    # "marketplace" (loaded with the marketplace data) or "seller" (uploaded through its API).
    submitted_by: Mapped[str] = mapped_column(String(32), default="marketplace")
    submitted_at: Mapped[datetime | None]
    proof_evidence_id: Mapped[str | None] = mapped_column(String(32), ForeignKey("evidence.id"))
    # "verified" (loaded by the marketplace, or a seller's proof an admin verified), "pending"
    # (filed by the seller, not yet looked at) or "rejected". Only verified cover counts.
    verification: Mapped[str] = mapped_column(
        String(16), default="verified", server_default="verified"
    )
    verified_by: Mapped[str | None] = mapped_column(String(100))
    verified_at: Mapped[datetime | None]

    seller: Mapped[Seller] = relationship(back_populates="insurance_policies")


class InsuranceQuoteRequest(Base):
    """One round of asking the partner insurers for a seller's quotes, and who did not answer."""

    __tablename__ = "insurance_quote_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"), index=True)
    requested_at: Mapped[datetime]
    # What the insurers were told: category mix, monthly sales, cover asked for.
    basis: Mapped[dict[str, Any]] = mapped_column(JSON)
    # [{"insurer_id", "problem"}] for each insurer that failed, was slow or answered nonsense.
    unavailable: Mapped[list[dict[str, Any]]] = mapped_column(JSON)

    quotes: Mapped[list[InsuranceQuote]] = relationship(
        back_populates="request", order_by="InsuranceQuote.id", cascade="all"
    )


class InsuranceQuote(Base):
    """A partner insurer's offer of product liability cover to a seller, valid until a date."""

    __tablename__ = "insurance_quotes"
    __table_args__ = (UniqueConstraint("insurer_id", "insurer_quote_id"),)

    id: Mapped[str] = mapped_column(
        String(16), primary_key=True, doc="the marketplace's reference, QT-..."
    )
    request_id: Mapped[int] = mapped_column(ForeignKey("insurance_quote_requests.id"), index=True)
    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"), index=True)
    insurer_id: Mapped[str] = mapped_column(String(64))
    insurer_name: Mapped[str] = mapped_column(String(200))
    insurer_quote_id: Mapped[str] = mapped_column(String(64))
    premium_annual: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    per_occurrence_limit: Mapped[Decimal]
    aggregate_limit: Mapped[Decimal]
    deductible: Mapped[Decimal]
    valid_until: Mapped[datetime]
    terms_url: Mapped[str] = mapped_column(String(2000))
    accepted_at: Mapped[datetime | None]
    # The pending policy the accepted offer became.
    policy_number: Mapped[str | None] = mapped_column(String(100))

    request: Mapped[InsuranceQuoteRequest] = relationship(back_populates="quotes")


class InsuranceReminder(Base):
    """A reminder sent to a seller about its proof of insurance: one per kind and due date."""

    __tablename__ = "insurance_reminders"

    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"), primary_key=True)
    proof_due: Mapped[date] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    sent_at: Mapped[datetime]


class Customer(Base):
    """A person who buys on the marketplace."""

    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    postal_code: Mapped[str | None] = mapped_column(String(20))


class Order(Base):
    """A customer's order; ``delivered_at`` is empty until it arrives."""

    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(19), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), ForeignKey("customers.id"), index=True)
    placed_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    # Free text as the marketplace has it; screening compares a normalised form.
    delivery_address: Mapped[str | None] = mapped_column(Text)

    customer: Mapped[Customer] = relationship()
    items: Mapped[list[OrderItem]] = relationship(back_populates="order", order_by="OrderItem.id")


class OrderItem(Base):
    """One product on an order, sold by one seller."""

    __tablename__ = "order_items"
    __table_args__ = (UniqueConstraint("order_id", "sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[str] = mapped_column(String(19), ForeignKey("orders.id"))
    sku: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"), index=True)
    price: Mapped[Decimal]
    quantity: Mapped[int]
    # The product category as the marketplace names it ("space_heaters"); insurers price by it.
    category: Mapped[str | None] = mapped_column(String(64))

    order: Mapped[Order] = relationship(back_populates="items")


class Evidence(Base):
    """An uploaded file (photo, invoice, medical bill), stored on disk under its SHA-256."""

    __tablename__ = "evidence"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    original_filename: Mapped[str | None] = mapped_column(String(255))
    conversation_id: Mapped[str | None] = mapped_column(String(255), index=True)
    uploaded_at: Mapped[datetime]
    # The seller who uploaded it (its defences, appeals, insurance proof), else None.
    uploaded_by_seller: Mapped[str | None] = mapped_column(String(64))
    # A photo's perceptual hash (16 hex digits) and the day its camera says it was taken.
    perceptual_hash: Mapped[str | None] = mapped_column(String(16))
    taken_on: Mapped[date | None]


class Claim(Base):
    """A customer's claim that a defective product caused property damage or injury."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    order_id: Mapped[str] = mapped_column(String(19), ForeignKey("orders.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"), index=True)
    customer_id: Mapped[str] = mapped_column(String(64), ForeignKey("customers.id"), index=True)
    customer_email: Mapped[str] = mapped_column(String(254))
    incident_date: Mapped[date]
    defect_description: Mapped[str] = mapped_column(Text)
    property_damage_description: Mapped[str | None] = mapped_column(Text)
    property_damage_amount: Mapped[Decimal | None]
    injury_description: Mapped[str | None] = mapped_column(Text)
    injury_treatment: Mapped[str | None] = mapped_column(String(32))
    medical_costs: Mapped[Decimal | None]
    lost_earnings: Mapped[Decimal | None]
    claimed_total: Mapped[Decimal]
    channel: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str | None] = mapped_column(String(255), index=True)
    filed_at: Mapped[datetime]
    seller_response_due: Mapped[datetime | None] = mapped_column(index=True)
    # The order's delivery address, normalised, so screening counts claims per address by index.
    delivery_address_key: Mapped[str | None] = mapped_column(String(255), index=True)
    # The seller disputes the claim (it rejected or appealed); stays open after a step-in.
    dispute_open: Mapped[bool] = mapped_column(default=False)
    # Losses the policy does not cover (pain and suffering, ...) as the customer listed them
    # ([{"kind", "description", "amount"}]); never part of the claimed total.
    other_losses: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    order: Mapped[Order] = relationship()
    events: Mapped[list[ClaimEvent]] = relationship(
        back_populates="claim", order_by="ClaimEvent.id", cascade="all"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="claim", order_by="Decision.id", cascade="all"
    )
    attachments: Mapped[list[ClaimEvidence]] = relationship(
        back_populates="claim",
        order_by="[ClaimEvidence.attached_at, ClaimEvidence.evidence_id]",
        cascade="all",
    )
    payouts: Mapped[list[Payout]] = relationship(
        back_populates="claim", order_by="Payout.id", cascade="all"
    )
    seller_responses: Mapped[list[SellerResponse]] = relationship(
        back_populates="claim", order_by="SellerResponse.id", cascade="all"
    )
    recoveries: Mapped[list[Recovery]] = relationship(
        back_populates="claim", order_by="Recovery.id", cascade="all"
    )
    appeals: Mapped[list[Appeal]] = relationship(
        back_populates="claim", order_by="Appeal.id", cascade="all"
    )

    @property
    def decision(self) -> Decision | None:
        """The decision that currently stands (the latest one)."""
        return self.decisions[-1] if self.decisions else None


# The database itself refuses a second standing claim on one item, so it is never paid twice.
_standing = Claim.status.notin_(sorted(status.value for status in FINISHED_STATUSES))
Index("ix_claims_customer_id_filed_at", Claim.customer_id, Claim.filed_at)
Index("ix_claims_delivery_address_key_filed_at", Claim.delivery_address_key, Claim.filed_at)
Index(
    "uq_claims_standing_claim_per_item",
    Claim.order_id,
    Claim.sku,
    unique=True,
    sqlite_where=_standing,
    postgresql_where=_standing,
)


class ClaimEvent(Base):
    """One entry in a claim's timeline ("submitted", "seller_notified", ...); never changed."""

    __tablename__ = "claim_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    at: Mapped[datetime]
    type: Mapped[str] = mapped_column(String(40))
    # Who did it: "system", "sweep", "customer", "seller:S-ACME" (its API key),
    # "seller:S-ACME:alice" (one of its users), "admin", "agent", "service".
    actor: Mapped[str] = mapped_column(String(200), default="system")
    note: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship(back_populates="events")


class Decision(Base):
    """What the claims desk decided and why; a claim keeps every decision, the latest stands."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    decided_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(32))
    payer: Mapped[str | None] = mapped_column(String(32))
    reimbursement_sought: Mapped[bool]
    odr_impact: Mapped[bool]
    fraud_score: Mapped[float]
    reasons: Mapped[list[str]] = mapped_column(JSON)
    # The screening rules' findings ([{"code", "weight", "detail"}]), for fraud experts.
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200), default="system")
    note: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship(back_populates="decisions")


class ClaimEvidence(Base):
    """A piece of evidence attached to a claim."""

    __tablename__ = "claim_evidence"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    evidence_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("evidence.id"), primary_key=True
    )
    attached_at: Mapped[datetime]

    claim: Mapped[Claim] = relationship(back_populates="attachments")
    evidence: Mapped[Evidence] = relationship()


# Screening finds the other claims a file is attached to without reading every attachment.
Index("ix_claim_evidence_evidence_id", ClaimEvidence.evidence_id)


class Payout(Base):
    """Money paid to the customer and who pays it: a concession, a marketplace step-in, or the
    seller (or its insurer) paying a claim it accepted."""

    __tablename__ = "payouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    payer: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal]
    reimbursement_sought: Mapped[bool]
    created_at: Mapped[datetime]
    # When the desk confirmed the customer was paid; a claim closes once every payout is.
    paid_at: Mapped[datetime | None]

    claim: Mapped[Claim] = relationship(back_populates="payouts")


class SellerResponse(Base):
    """A seller's answer to a claim routed to it: accept, reject with a defence, or forward."""

    __tablename__ = "seller_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"))
    action: Mapped[str] = mapped_column(String(32))
    statement: Mapped[str | None] = mapped_column(Text)
    evidence_ids: Mapped[list[str]] = mapped_column(JSON)
    responded_at: Mapped[datetime]

    claim: Mapped[Claim] = relationship(back_populates="seller_responses")


class Recovery(Base):
    """Money the marketplace seeks back from a seller (a concession's reimbursement, a step-in)."""

    __tablename__ = "recoveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal]
    status: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship(back_populates="recoveries")


class Appeal(Base):
    """A seller's appeal against a concession decision."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"))
    statement: Mapped[str] = mapped_column(Text)
    evidence_ids: Mapped[list[str]] = mapped_column(JSON)
    filed_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship(back_populates="appeals")


class NarrativeSignature(Base):
    """One locality-sensitive hash band of a claim's narrative; equal bands mean similar text.

    Looking up a new claim's bands by index finds near-identical narratives without reading
    every claim, so screening time does not grow with the number of claims.
    """

    __tablename__ = "narrative_signatures"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    band: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(32))


# Bucket first: a claim's 20 buckets are looked up in one ``IN`` list (cheap to plan and to run),
# the band checked alongside.
Index("ix_narrative_signatures_bucket_band", NarrativeSignature.bucket, NarrativeSignature.band)


class OutboxMessage(Base):
    """A notification written in the same transaction as the change it reports.

    A dispatcher delivers it afterwards (seller webhooks with retry and backoff); customer and
    insurer messages are recorded here for the delivery channels. Nothing is lost when a process
    dies after the commit: undelivered messages are still here.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(
        String(32), doc="seller_webhook, seller_email, customer, insurer"
    )
    topic: Mapped[str] = mapped_column(String(64), doc="what happened, e.g. claim.routed")
    recipient: Mapped[str] = mapped_column(String(2000))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    created_at: Mapped[datetime]
    # pending, delivered, failed, recorded, dropped (an admin gave up on a failed message).
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    # A dispatcher holding the message until then; another instance skips it meanwhile.
    locked_until: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


Index(
    "ix_outbox_messages_status_next_attempt_at", OutboxMessage.status, OutboxMessage.next_attempt_at
)


class IdempotencyKey(Base):
    """A client's ``Idempotency-Key``: the request it first came with and what that created."""

    __tablename__ = "idempotency_keys"

    scope: Mapped[str] = mapped_column(
        String(40), primary_key=True, doc="which operation, e.g. 'submit_claim'"
    )
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_sha256: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[str] = mapped_column(String(64), doc="what the first request created")
    created_at: Mapped[datetime]


class Handoff(Base):
    """A conversation the assistant hands to a person, from the queue to the hand-back.

    ``waiting`` until an agent takes it (the assistant is paused), ``active`` while the agent
    chats, ``returned`` once the assistant has the conversation back.
    """

    __tablename__ = "handoffs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(255))
    channel: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(32), doc="why it was opened")
    reasons: Mapped[list[str]] = mapped_column(JSON, doc="every reason given since, in order")
    status: Mapped[str] = mapped_column(String(16))
    agent: Mapped[str | None] = mapped_column(String(100))
    facts: Mapped[dict[str, Any]] = mapped_column(
        JSON, doc="the claim slots the assistant had collected"
    )
    customer_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    taken_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text, doc="the agent's words at the hand-back")


Index("ix_handoffs_conversation_id_status", Handoff.conversation_id, Handoff.status)
# The database itself refuses a second open handoff (waiting or active: OPEN_STATUSES in
# backend/handoffs.py) for one conversation, so concurrent requests for a person make one.
_open_handoff = Handoff.status.in_(("waiting", "active"))
Index(
    "uq_handoffs_open_per_conversation",
    Handoff.conversation_id,
    unique=True,
    sqlite_where=_open_handoff,
    postgresql_where=_open_handoff,
)


class StaffAccount(Base):
    """A person of the claims team (agent, fraud expert, admin), signing in with a password."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16), doc="agent, expert or admin")
    # argon2id, with its parameters and salt (argon2-cffi's encoded form); never the password.
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]


class StaffSession(Base):
    """A sign-in: it ends when it expires, when revoked (sign-out, disable, reset)."""

    __tablename__ = "staff_sessions"

    token_sha256: Mapped[str] = mapped_column(
        String(64), primary_key=True, doc="only the token's digest is kept"
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    account: Mapped[StaffAccount] = relationship()


class SellerUser(Base):
    """A person working for a seller, signing in to the seller portal with a password."""

    __tablename__ = "seller_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[str] = mapped_column(String(64), ForeignKey("sellers.id"), index=True)
    # Unique across sellers: signing in names the user, not the seller.
    username: Mapped[str] = mapped_column(String(100), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    # argon2id, with its parameters and salt (argon2-cffi's encoded form); never the password.
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]


class SellerSession(Base):
    """A seller user's sign-in: it ends when it expires, when revoked (sign-out, disable,
    reset)."""

    __tablename__ = "seller_sessions"

    token_sha256: Mapped[str] = mapped_column(
        String(64), primary_key=True, doc="only the token's digest is kept"
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("seller_users.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    user: Mapped[SellerUser] = relationship()


class PhotoHashBand(Base):
    """One band of a photo's perceptual hash: photos sharing a band are compared bit by bit, so
    finding the same picture in another claim reads an index, not every photo."""

    __tablename__ = "photo_hash_bands"

    evidence_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("evidence.id"), primary_key=True
    )
    band: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(String(8))


Index("ix_photo_hash_bands_band_value", PhotoHashBand.band, PhotoHashBand.value)
