"""Screening's facts come in one query whose every part goes through an index, on both databases,
so screening time does not grow with the number of claims stored (``make bench`` measures it;
this checks the plan).

PostgreSQL prefers reading a tiny table whole, so its plans are taken with sequential scans
discouraged: what is checked is that an index serves each part, as it will on a large table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from backend.models import Evidence
from backend.narratives import signature
from backend.screening_facts import gather_facts

NOW = datetime(2026, 10, 10, 12, 0, tzinfo=timezone.utc)
STORY = (
    "The space heater's power cord melted near the plug and sparked, then the rug under "
    "the desk caught fire and the wall behind it was scorched black"
)


def plans(session: Session, query: Callable[[Session], object]) -> list[str]:
    """The plan of every statement ``query`` runs, each as one line of text."""
    statements = []
    connection = session.connection()

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", capture)
    try:
        query(session)
    finally:
        event.remove(connection, "before_cursor_execute", capture)
    sqlite = connection.dialect.name == "sqlite"
    if not sqlite:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
    cursor = connection.connection.cursor()
    found = []
    for statement, parameters in statements:
        cursor.execute(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, parameters)
        found.append(" | ".join(str(row[-1]) for row in cursor.fetchall()))
    return found


# What each part of the facts query reads through (``|``: either serves).
INDEXES = {
    "claims on the item": "ix_claims_order_id|uq_claims_standing_claim_per_item",
    "reviews of those claims": "ix_claim_events_claim_id",
    "claims per customer": "ix_claims_customer_id_filed_at",
    "claims per address": "ix_claims_delivery_address_key_filed_at",
    "uploads of the same file": "ix_evidence_sha256",
    "claims the file is attached to": "ix_claim_evidence_evidence_id",
    "narrative buckets": "ix_narrative_signatures_bucket_band",
    "photos sharing a hash band": "ix_photo_hash_bands_band_value",
}


def gather(session: Session) -> object:
    return gather_facts(
        session,
        order_id="112-1234567-1234567",
        sku="B0HEATER01",
        customer_id="C-1",
        address_key="7 elm st",
        evidence_ids=["EV-PLAN"],
        narrative=signature(STORY),
        now=NOW,
    )


def test_the_facts_come_in_one_query_read_through_indexes(db):
    with db() as session, session.begin():
        session.add(
            Evidence(
                id="EV-PLAN",
                sha256="a" * 64,
                content_type="image/png",
                size=1,
                uploaded_at=NOW,
            )
        )
        session.flush()
        found = plans(session, gather)
        session.rollback()

    assert len(found) == 1
    plan = found[0]
    for part, index in INDEXES.items():
        assert any(name in plan for name in index.split("|")), (part, plan)
    assert "SCAN claims" not in plan and "Seq Scan" not in plan, plan
