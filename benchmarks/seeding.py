"""Fast bulk seeding of a claims database with realistic rows, for the screening benchmark.

What is stored per seeded claim: its order (one item, a delivery address), the claim row itself
(filed over the two years before "now", mostly finished, amounts with cents, a narrative), its
20 narrative signature rows and, for one claim in three, an evidence file attached. Customers
have about four claims each over two years, a few households share an address.

Signatures: distinct narratives hash into buckets no other narrative shares, so the seeded
claims' buckets are drawn at random (computing 20 million MinHash bands would take longer than
the benchmark); 2% of the claims tell one of ``TEMPLATES`` stock stories, with their real
signatures, so a new claim's lookup meets crowded buckets as it would in production.
Decisions and timeline events are not seeded: screening never reads them.
"""

from __future__ import annotations

import hashlib
import io
import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.engine import Connection

from backend.delivery_address import delivery_address_key
from backend.models import (
    Claim,
    ClaimEvidence,
    Customer,
    Evidence,
    NarrativeSignature,
    Order,
    OrderItem,
    Seller,
)
from backend.narratives import BANDS, signature

CHUNK = 5000
SELLERS = 20
SKUS = 200
TEMPLATES = 100
TEMPLATE_SHARE = 0.02
EVIDENCE_EVERY = 3  # every third claim has a file attached
FINISHED_MIX = (
    ("closed", 0.6),
    ("concession_paid", 0.25),
    ("denied", 0.1),
    ("awaiting_seller", 0.05),
)

_VOCABULARY = (
    "the heater kettle charger lamp cord plug battery cable fan blender toaster iron dryer "
    "melted sparked smoked caught fire exploded overheated cracked leaked shorted burned "
    "scorched stained ruined damaged flooded my our rug sofa wall floor desk table carpet "
    "curtain kitchen counter hand arm leg face finger after while when during a few minutes "
    "hours of use left on plugged in charging overnight morning evening suddenly loud pop and "
    "then smell smoke flames water everywhere"
)
_WORDS = tuple(_VOCABULARY.split())


def template_story(index: int) -> str:
    """One of the stock stories a fraction of claims tell (and a bench claim may copy)."""
    rng = random.Random(index)
    return " ".join(rng.choice(_WORDS) for _ in range(18))


def unique_story(rng: random.Random) -> str:
    """A narrative of 12 to 30 words, practically never told twice."""
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 30)))


def order_id(prefix: int, index: int) -> str:
    """An order id like 900-0000000-0000042."""
    return f"{prefix:03d}-{index // 10**7 % 10**7:07d}-{index % 10**7:07d}"


def customer_address(customer: int) -> str:
    """Where a customer lives; customers 0-4 of every hundred share one household's address."""
    home = customer - customer % 100 if customer % 100 < 5 else customer
    return f"{home % 9000 + 1} Elm Street, Apt {home % 40 + 1}, Springfield {home}"


@dataclass(frozen=True)
class Population:
    """The sizes the seeding used."""

    claims: int
    customers: int
    now: datetime


def population(claims: int, now: datetime) -> Population:
    """About four claims per customer (at least 200 customers, so bench orders have owners)."""
    return Population(claims=claims, customers=max(claims // 4, 200), now=now)


def _chunks(rows: Iterator[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert(connection: Connection, table, rows: Iterator[dict]) -> int:
    count = 0
    for chunk in _chunks(rows):
        connection.execute(table.__table__.insert(), chunk)
        count += len(chunk)
    return count


def seed_marketplace(connection: Connection, people: Population) -> int:
    """Sellers and customers; the number of rows written."""
    sellers = (
        {
            "id": f"S-B{index:02d}",
            "name": f"Bench seller {index}",
            "email": f"s{index}@bench.example",
        }
        for index in range(SELLERS)
    )
    customers = (
        {
            "id": f"C-{index}",
            "name": f"Customer {index}",
            "email": f"c{index}@bench.example",
            "postal_code": f"{index % 99999:05d}",
        }
        for index in range(people.customers)
    )
    return _insert(connection, Seller, sellers) + _insert(connection, Customer, customers)


def _claim_rows(people: Population, rng: random.Random) -> Iterator[tuple[dict, ...]]:
    """For each seeded claim: its order, item, claim, signatures and maybe its evidence."""
    statuses = [status for status, _ in FINISHED_MIX]
    weights = [weight for _, weight in FINISHED_MIX]
    templates = [signature(template_story(index)) for index in range(TEMPLATES)]
    for index in range(people.claims):
        customer = index % people.customers
        filed_at = people.now - timedelta(seconds=rng.randint(3600, 730 * 86400))
        incident = (filed_at - timedelta(days=rng.randint(1, 30))).date()
        delivered_at = datetime.combine(incident, filed_at.timetz()) - timedelta(
            days=rng.randint(0, 60)
        )
        address = customer_address(customer)
        order = order_id(900, index)
        sku = f"B0BENCH{index % SKUS:03d}"
        amount = Decimal(rng.randint(500, 400000)) / 100
        story = unique_story(rng)
        status = rng.choices(statuses, weights)[0]
        rows: list[tuple[type, dict]] = [
            (
                Order,
                {
                    "id": order,
                    "customer_id": f"C-{customer}",
                    "placed_at": delivered_at - timedelta(days=3),
                    "delivered_at": delivered_at,
                    "delivery_address": address,
                },
            ),
            (
                OrderItem,
                {
                    "order_id": order,
                    "sku": sku,
                    "title": f"Bench item {sku}",
                    "seller_id": f"S-B{index % SELLERS:02d}",
                    "price": Decimal(rng.randint(500, 50000)) / 100,
                    "quantity": 1,
                },
            ),
            (
                Claim,
                {
                    "id": index + 1,
                    "reference": f"CLM-S{index:07d}",
                    "status": status,
                    "order_id": order,
                    "sku": sku,
                    "seller_id": f"S-B{index % SELLERS:02d}",
                    "customer_id": f"C-{customer}",
                    "customer_email": f"c{customer}@bench.example",
                    "incident_date": incident,
                    "defect_description": story,
                    "property_damage_description": "damage to the room",
                    "property_damage_amount": amount,
                    "claimed_total": amount,
                    "channel": "rest",
                    "conversation_id": f"bench-{index}",
                    "filed_at": filed_at,
                    "delivery_address_key": delivery_address_key(address),
                    "dispute_open": False,
                },
            ),
        ]
        if rng.random() < TEMPLATE_SHARE:
            bands = templates[rng.randrange(TEMPLATES)].bands
        else:
            bands = tuple((band, secrets.token_hex(16)) for band in range(BANDS))
        rows += [
            (NarrativeSignature, {"claim_id": index + 1, "band": band, "bucket": bucket})
            for band, bucket in bands
        ]
        if index % EVIDENCE_EVERY == 0:
            evidence_id = f"EV-S{index:010d}"
            rows.append(
                (
                    Evidence,
                    {
                        "id": evidence_id,
                        "sha256": hashlib.sha256(f"seeded-{index}".encode()).hexdigest(),
                        "content_type": "image/jpeg",
                        "size": 120_000,
                        "uploaded_at": filed_at,
                    },
                )
            )
            rows.append(
                (
                    ClaimEvidence,
                    {"claim_id": index + 1, "evidence_id": evidence_id, "attached_at": filed_at},
                )
            )
        yield rows


def _copy_signatures(connection: Connection, rows: list[dict]) -> None:
    """PostgreSQL's COPY for the 20 signature rows per claim: several times faster than INSERT."""
    buffer = io.StringIO(
        "".join(f"{row['claim_id']}\t{row['band']}\t{row['bucket']}\n" for row in rows)
    )
    with connection.connection.cursor() as cursor:
        cursor.copy_expert("COPY narrative_signatures (claim_id, band, bucket) FROM STDIN", buffer)


def seed_claims(connection: Connection, people: Population, seed: int = 7) -> int:
    """Every seeded claim with its order, item, signatures and evidence; rows written."""
    order = (Order, OrderItem, Evidence, Claim, ClaimEvidence, NarrativeSignature)
    pending: dict[type, list[dict]] = {model: [] for model in order}
    written = 0

    def flush() -> int:
        count = 0
        for model in order:  # parents before children
            if not pending[model]:
                continue
            if model is NarrativeSignature and connection.dialect.name == "postgresql":
                _copy_signatures(connection, pending[model])
            else:
                connection.execute(model.__table__.insert(), pending[model])
            count += len(pending[model])
            pending[model].clear()
        return count

    for claim_number, rows in enumerate(_claim_rows(people, random.Random(seed)), start=1):
        for model, row in rows:
            pending[model].append(row)
        if claim_number % CHUNK == 0:
            written += flush()
    return written + flush()
