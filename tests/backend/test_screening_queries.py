"""Screening's queries go through indexes on both databases, so screening time does not grow
with the number of claims stored (``make bench`` measures it; this checks the plans).

PostgreSQL prefers reading a tiny table whole, so its plans are taken with sequential scans
discouraged: what is checked is that an index serves the query, as it will on a large table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from backend.models import Evidence
from backend.narratives import signature
from backend.screening_facts import (
    claims_sharing_evidence,
    recent_claims_at_address,
    recent_claims_by_customer,
    similar_narratives,
    standing_claims_on_item,
)

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


QUERIES = {
    "claims per customer": (
        lambda session: recent_claims_by_customer(session, "C-1", NOW),
        ["ix_claims_customer_id_filed_at"],
    ),
    "claims per address": (
        lambda session: recent_claims_at_address(session, "7 elm st", "C-1", NOW),
        ["ix_claims_delivery_address_key_filed_at"],
    ),
    "narrative buckets": (
        lambda session: similar_narratives(session, signature(STORY), "C-1"),
        ["ix_narrative_signatures_band_bucket"],
    ),
    "standing claims on the item": (
        lambda session: standing_claims_on_item(session, "112-1234567-1234567", "B0HEATER01"),
        ["ix_claims_order_id|uq_claims_standing_claim_per_item"],
    ),
}


@pytest.mark.parametrize("query, indexes", QUERIES.values(), ids=QUERIES.keys())
def test_each_screening_query_reads_through_an_index(db, query, indexes):
    with db() as session, session.begin():
        found = plans(session, query)

    assert len(found) == len(indexes)
    for plan, index in zip(found, indexes):
        assert any(name in plan for name in index.split("|")), plan
        assert "SCAN claims" not in plan and "Seq Scan" not in plan, plan


def test_the_same_file_lookup_reads_through_indexes(db):
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
        uploads, claims = plans(session, lambda s: claims_sharing_evidence(s, ["EV-PLAN"], "C-1"))
        session.rollback()

    assert "ix_evidence_sha256" in uploads
    assert "ix_claim_evidence_evidence_id" in claims, claims
