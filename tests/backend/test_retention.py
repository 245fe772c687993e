"""Retention (issue 11): `python -m backend forget` deletes evidence files, outbox payloads and
handoff facts older than the configured age, and nothing still needed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.__main__ import main
from backend.models import Evidence, Handoff, OutboxMessage
from tests.backend.claim_steps import file_claim, upload
from tests.backend.marketplace_data import harm


async def test_forgetting_old_data_keeps_what_open_claims_need(
    loaded, db, settings, monkeypatch, capsys
):
    old_photo = await upload(loaded)  # attached to nothing: forgotten
    open_photo = await upload(loaded, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"open-claim")
    await file_claim(loaded, evidence_ids=[open_photo], **harm("4000.00", "12.34"))
    with db() as session:
        session.add(
            Handoff(
                id="HO-OLD",
                conversation_id="c-old",
                channel="rest",
                reason="customer_asked",
                reasons=["customer_asked"],
                status="returned",
                facts={"customer_email": "dana@example.com"},
                customer_message="my address is 12 Elm St",
                created_at=settings.clock() - timedelta(days=800),
            )
        )
        for evidence in session.query(Evidence):
            evidence.uploaded_at -= timedelta(days=800)
        for message in session.query(OutboxMessage):
            message.created_at -= timedelta(days=800)
            message.status = "delivered"
        session.commit()
        old_digest = session.get(Evidence, old_photo).sha256
        open_digest = session.get(Evidence, open_photo).sha256
    for name, value in {
        "CLAIMS_DATABASE_URL": settings.database_url,
        "CLAIMS_EVIDENCE_DIR": str(settings.evidence_dir),
    }.items():
        monkeypatch.setenv(name, value)

    assert main(["forget", "--days", "730"]) == 0

    assert '"handoff_facts": 1' in capsys.readouterr().out
    assert not (settings.evidence_dir / old_digest).exists()
    assert (settings.evidence_dir / open_digest).exists()  # its claim still stands
    with db() as session:
        assert session.get(Handoff, "HO-OLD").facts == {}
        assert session.get(Handoff, "HO-OLD").customer_message is None
        payloads = [m.payload for m in session.query(OutboxMessage)]
        assert payloads and all(payload == {"forgotten": True} for payload in payloads)


@pytest.mark.parametrize("days", ["0", "-5", "soon"])
def test_a_bad_age_is_refused(days, capsys):
    with pytest.raises(SystemExit):
        main(["forget", "--days", days])
    assert "at least 1" in capsys.readouterr().err
