"""The claims desk's records, as SQLAlchemy declarative models (SQLAlchemy 1.4, 2.0 style).

Money columns hold integer cents and read back as ``Decimal``; timestamps are stored in UTC and
read back timezone-aware, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship
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

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


class Money(TypeDecorator):
    """An exact amount of money, stored as integer cents."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: object) -> int | None:
        return None if value is None else to_cents(value)

    def process_result_value(self, value: int | None, dialect: object) -> Decimal | None:
        return None if value is None else from_cents(value)


class UTCDateTime(TypeDecorator):
    """A moment in time, stored as naive UTC and read back timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a timestamp without a timezone")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Seller(Base):
    """A business selling on the marketplace; answers for its products' claims."""

    __tablename__ = "sellers"

    id = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    email = Column(String(254), nullable=False)
    # Only a digest of the seller's API key is kept; the key itself is the seller's secret.
    api_key_sha256 = Column(String(64), nullable=True, unique=True)
    # Where the seller wants claim notifications POSTed (through the outbox); none: e-mail only.
    webhook_url = Column(String(2000), nullable=True)

    monthly_sales = relationship(
        "MonthlySales", back_populates="seller", order_by="MonthlySales.month"
    )
    insurance_policies = relationship(
        "InsurancePolicy", back_populates="seller", order_by="InsurancePolicy.valid_from"
    )


class MonthlySales(Base):
    """A seller's sales in one calendar month (decides whether insurance is required)."""

    __tablename__ = "monthly_sales"

    seller_id = Column(String(64), ForeignKey("sellers.id"), primary_key=True)
    month = Column(Date, primary_key=True, doc="the first day of the month")
    amount = Column(Money, nullable=False)

    seller = relationship("Seller", back_populates="monthly_sales")


class InsurancePolicy(Base):
    """A product liability policy a seller holds; kept as history, dates say when it applies."""

    __tablename__ = "insurance_policies"
    __table_args__ = (UniqueConstraint("seller_id", "policy_number"),)

    id = Column(Integer, primary_key=True)
    seller_id = Column(String(64), ForeignKey("sellers.id"), nullable=False, index=True)
    policy_number = Column(String(100), nullable=False)
    insurer = Column(String(200), nullable=False)
    per_occurrence_limit = Column(Money, nullable=False)
    additional_insured = Column(Boolean, nullable=False)
    valid_from = Column(Date, nullable=False)
    valid_to = Column(Date, nullable=False)
    # "marketplace" (loaded with the marketplace data) or "seller" (uploaded through its API).
    submitted_by = Column(String(32), nullable=False, default="marketplace")
    submitted_at = Column(UTCDateTime, nullable=True)
    proof_evidence_id = Column(String(32), ForeignKey("evidence.id"), nullable=True)
    # "verified" (loaded by the marketplace, or a seller's proof an admin verified), "pending"
    # (filed by the seller, not yet looked at) or "rejected". Only verified cover counts.
    verification = Column(String(16), nullable=False, default="verified", server_default="verified")
    verified_by = Column(String(100), nullable=True)
    verified_at = Column(UTCDateTime, nullable=True)

    seller = relationship("Seller", back_populates="insurance_policies")


class InsuranceQuoteRequest(Base):
    """One round of asking the partner insurers for a seller's quotes, and who did not answer."""

    __tablename__ = "insurance_quote_requests"

    id = Column(Integer, primary_key=True)
    seller_id = Column(String(64), ForeignKey("sellers.id"), nullable=False, index=True)
    requested_at = Column(UTCDateTime, nullable=False)
    # What the insurers were told: category mix, monthly sales, cover asked for.
    basis = Column(JSON, nullable=False)
    # [{"insurer_id", "problem"}] for each insurer that failed, was slow or answered nonsense.
    unavailable = Column(JSON, nullable=False)

    quotes = relationship(
        "InsuranceQuote", back_populates="request", order_by="InsuranceQuote.id", cascade="all"
    )


class InsuranceQuote(Base):
    """A partner insurer's offer of product liability cover to a seller, valid until a date."""

    __tablename__ = "insurance_quotes"
    __table_args__ = (UniqueConstraint("insurer_id", "insurer_quote_id"),)

    id = Column(String(16), primary_key=True, doc="the marketplace's reference, QT-...")
    request_id = Column(
        Integer, ForeignKey("insurance_quote_requests.id"), nullable=False, index=True
    )
    seller_id = Column(String(64), ForeignKey("sellers.id"), nullable=False, index=True)
    insurer_id = Column(String(64), nullable=False)
    insurer_name = Column(String(200), nullable=False)
    insurer_quote_id = Column(String(64), nullable=False)
    premium_annual = Column(Money, nullable=False)
    currency = Column(String(3), nullable=False)
    per_occurrence_limit = Column(Money, nullable=False)
    aggregate_limit = Column(Money, nullable=False)
    deductible = Column(Money, nullable=False)
    valid_until = Column(UTCDateTime, nullable=False)
    terms_url = Column(String(2000), nullable=False)
    accepted_at = Column(UTCDateTime, nullable=True)
    # The pending policy the accepted offer became.
    policy_number = Column(String(100), nullable=True)

    request = relationship("InsuranceQuoteRequest", back_populates="quotes")


class InsuranceReminder(Base):
    """A reminder sent to a seller about its proof of insurance: one per kind and due date."""

    __tablename__ = "insurance_reminders"

    seller_id = Column(String(64), ForeignKey("sellers.id"), primary_key=True)
    proof_due = Column(Date, primary_key=True)
    topic = Column(String(64), primary_key=True)
    sent_at = Column(UTCDateTime, nullable=False)


class Customer(Base):
    """A person who buys on the marketplace."""

    __tablename__ = "customers"

    id = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    email = Column(String(254), nullable=False)
    postal_code = Column(String(20), nullable=True)


class Order(Base):
    """A customer's order; ``delivered_at`` is empty until it arrives."""

    __tablename__ = "orders"

    id = Column(String(19), primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    placed_at = Column(UTCDateTime, nullable=False)
    delivered_at = Column(UTCDateTime, nullable=True)
    # Free text as the marketplace has it; screening compares a normalised form.
    delivery_address = Column(Text, nullable=True)

    customer = relationship("Customer")
    items = relationship("OrderItem", back_populates="order", order_by="OrderItem.id")


class OrderItem(Base):
    """One product on an order, sold by one seller."""

    __tablename__ = "order_items"
    __table_args__ = (UniqueConstraint("order_id", "sku"),)

    id = Column(Integer, primary_key=True)
    order_id = Column(String(19), ForeignKey("orders.id"), nullable=False)
    sku = Column(String(64), nullable=False)
    title = Column(String(500), nullable=False)
    seller_id = Column(String(64), ForeignKey("sellers.id"), nullable=False, index=True)
    price = Column(Money, nullable=False)
    quantity = Column(Integer, nullable=False)
    # The product category as the marketplace names it ("space_heaters"); insurers price by it.
    category = Column(String(64), nullable=True)

    order = relationship("Order", back_populates="items")


class Evidence(Base):
    """An uploaded file (photo, invoice, medical bill), stored on disk under its SHA-256."""

    __tablename__ = "evidence"

    id = Column(String(32), primary_key=True)
    sha256 = Column(String(64), nullable=False, index=True)
    content_type = Column(String(100), nullable=False)
    size = Column(Integer, nullable=False)
    original_filename = Column(String(255), nullable=True)
    conversation_id = Column(String(255), nullable=True, index=True)
    uploaded_at = Column(UTCDateTime, nullable=False)
    # The seller who uploaded it (its defences, appeals, insurance proof), else None.
    uploaded_by_seller = Column(String(64), nullable=True)
    # A photo's perceptual hash (16 hex digits) and the day its camera says it was taken.
    perceptual_hash = Column(String(16), nullable=True)
    taken_on = Column(Date, nullable=True)


class Claim(Base):
    """A customer's claim that a defective product caused property damage or injury."""

    __tablename__ = "claims"

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True)
    status = Column(String(32), nullable=False, index=True)
    order_id = Column(String(19), ForeignKey("orders.id"), nullable=False, index=True)
    sku = Column(String(64), nullable=False)
    seller_id = Column(String(64), ForeignKey("sellers.id"), nullable=False, index=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    customer_email = Column(String(254), nullable=False)
    incident_date = Column(Date, nullable=False)
    defect_description = Column(Text, nullable=False)
    property_damage_description = Column(Text, nullable=True)
    property_damage_amount = Column(Money, nullable=True)
    injury_description = Column(Text, nullable=True)
    injury_treatment = Column(String(32), nullable=True)
    medical_costs = Column(Money, nullable=True)
    lost_earnings = Column(Money, nullable=True)
    claimed_total = Column(Money, nullable=False)
    channel = Column(String(64), nullable=False)
    conversation_id = Column(String(255), nullable=True, index=True)
    filed_at = Column(UTCDateTime, nullable=False)
    seller_response_due = Column(UTCDateTime, nullable=True, index=True)
    # The order's delivery address, normalised, so screening counts claims per address by index.
    delivery_address_key = Column(String(255), nullable=True, index=True)
    # The seller disputes the claim (it rejected or appealed); stays open after a step-in.
    dispute_open = Column(Boolean, nullable=False, default=False)
    # Losses the policy does not cover (pain and suffering, ...) as the customer listed them
    # ([{"kind", "description", "amount"}]); never part of the claimed total.
    other_losses = Column(JSON, nullable=True)

    order = relationship("Order")
    events = relationship(
        "ClaimEvent", back_populates="claim", order_by="ClaimEvent.id", cascade="all"
    )
    decisions = relationship(
        "Decision", back_populates="claim", order_by="Decision.id", cascade="all"
    )
    attachments = relationship(
        "ClaimEvidence",
        back_populates="claim",
        order_by="[ClaimEvidence.attached_at, ClaimEvidence.evidence_id]",
        cascade="all",
    )
    payouts = relationship("Payout", back_populates="claim", order_by="Payout.id", cascade="all")
    seller_responses = relationship(
        "SellerResponse", back_populates="claim", order_by="SellerResponse.id", cascade="all"
    )
    recoveries = relationship(
        "Recovery", back_populates="claim", order_by="Recovery.id", cascade="all"
    )
    appeals = relationship("Appeal", back_populates="claim", order_by="Appeal.id", cascade="all")

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

    id = Column(Integer, primary_key=True)
    claim_id = Column(Integer, ForeignKey("claims.id"), nullable=False, index=True)
    at = Column(UTCDateTime, nullable=False)
    type = Column(String(40), nullable=False)
    # Who did it: "system", "sweep", "customer", "seller:S-ACME" (its API key),
    # "seller:S-ACME:alice" (one of its users), "admin", "agent", "service".
    actor = Column(String(200), nullable=False, default="system")
    note = Column(Text, nullable=True)

    claim = relationship("Claim", back_populates="events")


class Decision(Base):
    """What the claims desk decided and why; a claim keeps every decision, the latest stands."""

    __tablename__ = "decisions"

    id = Column(Integer, primary_key=True)
    claim_id = Column(Integer, ForeignKey("claims.id"), nullable=False, index=True)
    decided_at = Column(UTCDateTime, nullable=False)
    outcome = Column(String(32), nullable=False)
    payer = Column(String(32), nullable=True)
    reimbursement_sought = Column(Boolean, nullable=False)
    odr_impact = Column(Boolean, nullable=False)
    fraud_score = Column(Float, nullable=False)
    reasons = Column(JSON, nullable=False)
    # The screening rules' findings ([{"code", "weight", "detail"}]), for fraud experts.
    findings = Column(JSON, nullable=False)
    explanation = Column(Text, nullable=False)
    decided_by = Column(String(200), nullable=False, default="system")
    note = Column(Text, nullable=True)

    claim = relationship("Claim", back_populates="decisions")


class ClaimEvidence(Base):
    """A piece of evidence attached to a claim."""

    __tablename__ = "claim_evidence"

    claim_id = Column(Integer, ForeignKey("claims.id"), primary_key=True)
    evidence_id = Column(String(32), ForeignKey("evidence.id"), primary_key=True)
    attached_at = Column(UTCDateTime, nullable=False)

    claim = relationship("Claim", back_populates="attachments")
    evidence = relationship("Evidence")


# Screening finds the other claims a file is attached to without reading every attachment.
Index("ix_claim_evidence_evidence_id", ClaimEvidence.evidence_id)


class Payout(Base):
    """Money paid to the customer and who pays it: a concession, a marketplace step-in, or the
    seller (or its insurer) paying a claim it accepted."""

    __tablename__ = "payouts"

    id = Column(Integer, primary_key=True)
    claim_id = Column(Integer, ForeignKey("claims.id"), nullable=False, index=True)
    kind = Column(String(32), nullable=False)
    payer = Column(String(32), nullable=False)
    amount = Column(Money, nullable=False)
    reimbursement_sought = Column(Boolean, nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
    # When the desk confirmed the customer was paid; a claim closes once every payout is.
    paid_at = Column(UTCDateTime, nullable=True)

    claim = relationship("Claim", back_populates="payouts")


class SellerResponse(Base):
    """A seller's answer to a claim routed to it: accept, reject with a defence, or forward."""

    __tablename__ = "seller_responses"

    id = Column(Integer, primary_key=True)
    claim_id = Column(Integer, ForeignKey("claims.id"), nullable=False, index=True)
    seller_id = Column(String(64), ForeignKey("sellers.id"), nullable=False)
    action = Column(String(32), nullable=False)
    statement = Column(Text, nullable=True)
    evidence_ids = Column(JSON, nullable=False)
    responded_at = Column(UTCDateTime, nullable=False)

    claim = relationship("Claim", back_populates="seller_responses")


class Recovery(Base):
    """Money the marketplace seeks back from a seller (a concession's reimbursement, a step-in)."""

    __tablename__ = "recoveries"

    id = Column(Integer, primary_key=True)
    claim_id = Column(Integer, ForeignKey("claims.id"), nullable=False, index=True)
    seller_id = Column(String(64), ForeignKey("sellers.id"), nullable=False, index=True)
    kind = Column(String(32), nullable=False)
    amount = Column(Money, nullable=False)
    status = Column(String(16), nullable=False)
    opened_at = Column(UTCDateTime, nullable=False)
    closed_at = Column(UTCDateTime, nullable=True)
    note = Column(Text, nullable=True)

    claim = relationship("Claim", back_populates="recoveries")


class Appeal(Base):
    """A seller's appeal against a concession decision."""

    __tablename__ = "appeals"

    id = Column(Integer, primary_key=True)
    claim_id = Column(Integer, ForeignKey("claims.id"), nullable=False, index=True)
    seller_id = Column(String(64), ForeignKey("sellers.id"), nullable=False)
    statement = Column(Text, nullable=False)
    evidence_ids = Column(JSON, nullable=False)
    filed_at = Column(UTCDateTime, nullable=False)
    status = Column(String(16), nullable=False)
    decided_at = Column(UTCDateTime, nullable=True)
    note = Column(Text, nullable=True)

    claim = relationship("Claim", back_populates="appeals")


class NarrativeSignature(Base):
    """One locality-sensitive hash band of a claim's narrative; equal bands mean similar text.

    Looking up a new claim's bands by index finds near-identical narratives without reading
    every claim, so screening time does not grow with the number of claims.
    """

    __tablename__ = "narrative_signatures"

    claim_id = Column(Integer, ForeignKey("claims.id"), primary_key=True)
    band = Column(Integer, primary_key=True)
    bucket = Column(String(32), nullable=False)


Index("ix_narrative_signatures_band_bucket", NarrativeSignature.band, NarrativeSignature.bucket)


class OutboxMessage(Base):
    """A notification written in the same transaction as the change it reports.

    A dispatcher delivers it afterwards (seller webhooks with retry and backoff); customer and
    insurer messages are recorded here for the delivery channels. Nothing is lost when a process
    dies after the commit: undelivered messages are still here.
    """

    __tablename__ = "outbox_messages"

    id = Column(Integer, primary_key=True)
    kind = Column(String(32), nullable=False, doc="seller_webhook, seller_email, customer, insurer")
    topic = Column(String(64), nullable=False, doc="what happened, e.g. claim.routed")
    recipient = Column(String(2000), nullable=False)
    payload = Column(JSON, nullable=False)
    claim_id = Column(Integer, ForeignKey("claims.id"), nullable=True, index=True)
    created_at = Column(UTCDateTime, nullable=False)
    # pending, delivered, failed, recorded, dropped (an admin gave up on a failed message).
    status = Column(String(16), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False)
    # A dispatcher holding the message until then; another instance skips it meanwhile.
    locked_until = Column(UTCDateTime, nullable=True)
    delivered_at = Column(UTCDateTime, nullable=True)
    last_error = Column(Text, nullable=True)


Index(
    "ix_outbox_messages_status_next_attempt_at", OutboxMessage.status, OutboxMessage.next_attempt_at
)


class IdempotencyKey(Base):
    """A client's ``Idempotency-Key``: the request it first came with and what that created."""

    __tablename__ = "idempotency_keys"

    scope = Column(String(40), primary_key=True, doc="which operation, e.g. 'submit_claim'")
    key = Column(String(255), primary_key=True)
    request_sha256 = Column(String(64), nullable=False)
    resource_id = Column(String(64), nullable=False, doc="what the first request created")
    created_at = Column(UTCDateTime, nullable=False)


class Handoff(Base):
    """A conversation the assistant hands to a person, from the queue to the hand-back.

    ``waiting`` until an agent takes it (the assistant is paused), ``active`` while the agent
    chats, ``returned`` once the assistant has the conversation back.
    """

    __tablename__ = "handoffs"

    id = Column(String(32), primary_key=True)
    conversation_id = Column(String(255), nullable=False)
    channel = Column(String(64), nullable=False)
    reason = Column(String(32), nullable=False, doc="why it was opened")
    reasons = Column(JSON, nullable=False, doc="every reason given since, in order")
    status = Column(String(16), nullable=False)
    agent = Column(String(100), nullable=True)
    facts = Column(JSON, nullable=False, doc="the claim slots the assistant had collected")
    customer_message = Column(Text, nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    taken_at = Column(UTCDateTime, nullable=True)
    returned_at = Column(UTCDateTime, nullable=True)
    note = Column(Text, nullable=True, doc="the agent's words at the hand-back")


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

    id = Column(Integer, primary_key=True)
    username = Column(String(100), nullable=False, unique=True)
    role = Column(String(16), nullable=False, doc="agent, expert or admin")
    # argon2id, with its parameters and salt (argon2-cffi's encoded form); never the password.
    password_hash = Column(String(200), nullable=False)
    disabled = Column(Boolean, nullable=False, default=False)
    created_at = Column(UTCDateTime, nullable=False)


class StaffSession(Base):
    """A sign-in: it ends when it expires, when revoked (sign-out, disable, reset)."""

    __tablename__ = "staff_sessions"

    token_sha256 = Column(String(64), primary_key=True, doc="only the token's digest is kept")
    account_id = Column(Integer, ForeignKey("staff_accounts.id"), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False)
    expires_at = Column(UTCDateTime, nullable=False)
    revoked_at = Column(UTCDateTime, nullable=True)

    account = relationship("StaffAccount")


class SellerUser(Base):
    """A person working for a seller, signing in to the seller portal with a password."""

    __tablename__ = "seller_users"

    id = Column(Integer, primary_key=True)
    seller_id = Column(String(64), ForeignKey("sellers.id"), nullable=False, index=True)
    # Unique across sellers: signing in names the user, not the seller.
    username = Column(String(100), nullable=False, unique=True)
    email = Column(String(254), nullable=True)
    # argon2id, with its parameters and salt (argon2-cffi's encoded form); never the password.
    password_hash = Column(String(200), nullable=False)
    disabled = Column(Boolean, nullable=False, default=False)
    created_at = Column(UTCDateTime, nullable=False)


class SellerSession(Base):
    """A seller user's sign-in: it ends when it expires, when revoked (sign-out, disable,
    reset)."""

    __tablename__ = "seller_sessions"

    token_sha256 = Column(String(64), primary_key=True, doc="only the token's digest is kept")
    user_id = Column(Integer, ForeignKey("seller_users.id"), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False)
    expires_at = Column(UTCDateTime, nullable=False)
    revoked_at = Column(UTCDateTime, nullable=True)

    user = relationship("SellerUser")


class PhotoHashBand(Base):
    """One band of a photo's perceptual hash: photos sharing a band are compared bit by bit, so
    finding the same picture in another claim reads an index, not every photo."""

    __tablename__ = "photo_hash_bands"

    evidence_id = Column(String(32), ForeignKey("evidence.id"), primary_key=True)
    band = Column(Integer, primary_key=True)
    value = Column(String(8), nullable=False)


Index("ix_photo_hash_bands_band_value", PhotoHashBand.band, PhotoHashBand.value)
