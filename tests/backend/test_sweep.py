"""The deadlines sweep: a seller's silence makes the marketplace step in, exactly once."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import threading

from sqlalchemy import func, select

from backend.__main__ import main
from backend.api.app import create_app
from backend.db import make_engine, make_session_factory
from backend.models import Payout, Recovery
from backend.openapi import schema_problems
from backend.sweep import sweep_deadlines
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.marketplace_data import HEATER, KETTLE, marketplace
from tests.backend.seller_side import (
    ACME,
    NARRATIVES,
    add_buyers,
    concession_claim,
    event_log,
    routed_claim,
    stored_claim,
)

DEADLINE = "2026-10-17T12:00:00Z"  # seven days after the test clock's start


async def sweep(client, body=None, headers=ADMIN):
    response = await client.post("/api/admin/sweep", json=body, headers=headers)
    return response.status, await response.json()


async def test_before_the_deadline_the_seller_is_only_reminded(loaded, db):
    claim = await routed_claim(loaded)

    status, summary = await sweep(loaded, {"now": "2026-10-17T11:59:59Z"})

    assert status == 200
    assert summary == {
        "now": "2026-10-17T11:59:59Z",
        "stepped_in": [],
        "sellers_reminded": [claim["reference"]],
        "waiver_windows_closed": [],
        "closed": [],
        "insurance_reminders": [],
    }
    assert stored_claim(db, claim["reference"]).status == "awaiting_seller"


async def test_the_seller_is_reminded_once_48_hours_before_its_deadline(loaded):
    claim = await routed_claim(loaded)
    reference = claim["reference"]

    _, early = await sweep(loaded, {"now": "2026-10-15T11:59:59Z"})
    _, due = await sweep(loaded, {"now": "2026-10-15T12:00:00Z"})
    _, again = await sweep(loaded, {"now": "2026-10-16T12:00:00Z"})

    assert (early["sellers_reminded"], due["sellers_reminded"]) == ([], [reference])
    assert again["sellers_reminded"] == []
    after = await (await loaded.get(f"/api/claims/{reference}", headers=ADMIN)).json()
    assert event_log(after)[-1] == ("seller_reminded", "sweep")
    listing = await loaded.get("/api/admin/outbox?kind=seller_email", headers=ADMIN)
    reminders = [
        message
        for message in (await listing.json())["messages"]
        if message["topic"] == "claim.response_due_soon"
    ]
    assert len(reminders) == 1
    assert reminders[0]["payload"]["subject"] == (
        f"Reminder: claim {reference} needs your response by 17 October 2026"
    )
    customer = await loaded.get("/api/admin/outbox?kind=customer_email", headers=ADMIN)
    assert "claim.response_due_soon" not in {
        m["topic"] for m in (await customer.json())["messages"]
    }


async def test_a_silent_seller_makes_the_marketplace_step_in(loaded, db):
    claim = await routed_claim(loaded)

    status, summary = await sweep(loaded, {"now": DEADLINE})

    assert status == 200
    assert schema_problems("SweepSummary", summary) == []
    assert summary["stepped_in"] == [claim["reference"]]
    after = await (await loaded.get(f"/api/claims/{claim['reference']}", headers=ADMIN)).json()
    assert after["status"] == "marketplace_stepped_in"
    assert event_log(after)[-3:] == [
        ("seller_deadline_missed", "sweep"),
        ("marketplace_stepped_in", "sweep"),
        ("recovery_opened", "sweep"),
    ]
    assert all(event["at"] == DEADLINE for event in after["events"][-3:])
    decision = after["decision"]
    assert (decision["outcome"], decision["payer"]) == ("marketplace_stepped_in", "marketplace")
    assert decision["reimbursement_sought"] is True and decision["odr_impact"] is True
    assert decision["reasons"] == ["seller_deadline_missed"]
    assert "did not respond" in decision["explanation"] and "$1,234.56" in decision["explanation"]
    stored = stored_claim(db, claim["reference"])
    assert [(p.kind, p.payer, str(p.amount)) for p in stored.payouts] == [
        ("step_in", "marketplace", "1234.56")
    ]
    assert [(r.kind, r.status, r.seller_id, str(r.amount)) for r in stored.recoveries] == [
        ("step_in", "open", "S-ACME", "1234.56")
    ]
    assert stored.decisions[-1].decided_by == "sweep"
    assert stored.dispute_open is False


async def test_sweeping_again_changes_nothing(loaded, db):
    claim = await routed_claim(loaded)
    await sweep(loaded, {"now": DEADLINE})

    status, summary = await sweep(loaded, {"now": "2026-12-01T00:00:00Z"})

    assert status == 200 and summary["stepped_in"] == []
    stored = stored_claim(db, claim["reference"])
    assert len(stored.payouts) == 1 and len(stored.recoveries) == 1


async def test_without_a_body_the_sweep_uses_the_clock(loaded, clock, db):
    claim = await routed_claim(loaded)
    clock.advance(days=7)

    response = await loaded.post("/api/admin/sweep", headers=ADMIN)
    summary = await response.json()

    assert response.status == 200
    assert summary == {
        "now": DEADLINE,
        "stepped_in": [claim["reference"]],
        "sellers_reminded": [],
        "waiver_windows_closed": [],
        "closed": [],
        "insurance_reminders": [],
    }
    status, summary = await sweep(loaded, {"now": None})
    assert status == 200 and summary["now"] == DEADLINE


async def test_only_the_admin_sweeps(loaded):
    for headers, expected in (
        ({}, 401),
        ({"Authorization": "Bearer nope"}, 401),
        (SERVICE, 403),
        (AGENT, 403),
        (ACME, 401),
    ):
        status, answer = await sweep(loaded, {"now": DEADLINE}, headers=headers)
        assert status == expected, headers
        assert answer["errors"][0]["code"] == ("unauthorized" if expected == 401 else "forbidden")


async def test_a_bad_sweep_request_is_refused(loaded, db):
    claim = await routed_claim(loaded)

    malformed = await loaded.post("/api/admin/sweep", data=b"now=soon", headers=ADMIN)
    assert malformed.status == 400
    assert (await malformed.json())["errors"][0]["code"] == "malformed_json"
    for body, code in (
        ({"now": "2026-12-01"}, "invalid_value"),
        ({"now": 7}, "invalid_type"),
        ([], "invalid_type"),
    ):
        status, answer = await sweep(loaded, body)
        assert status == 422, body
        assert answer["errors"][0]["code"] == code
    assert stored_claim(db, claim["reference"]).status == "awaiting_seller"


async def test_a_waiver_window_closes_after_seven_days(loaded, db):
    claim = await concession_claim(loaded, sku=KETTLE)  # S-BARE holds no insurance
    stored = stored_claim(db, claim["reference"])
    assert [(r.kind, r.status) for r in stored.recoveries] == [
        ("concession_reimbursement", "awaiting_proof")
    ]

    _, early = await sweep(loaded, {"now": "2026-10-17T11:59:59Z"})
    _, due = await sweep(loaded, {"now": DEADLINE})

    assert early["waiver_windows_closed"] == []
    assert due["waiver_windows_closed"] == [claim["reference"]]
    stored = stored_claim(db, claim["reference"])
    assert [(r.kind, r.status) for r in stored.recoveries] == [("concession_reimbursement", "open")]
    assert stored.status == "concession_paid"
    assert (stored.events[-1].type, stored.events[-1].actor) == ("waiver_window_closed", "sweep")


# ---- several instances at once --------------------------------------------------------------


async def claims_of_many_buyers(client, count):
    buyers = await add_buyers(client, count)
    return [
        (
            await routed_claim(
                client,
                sku=HEATER if i % 2 else KETTLE,
                order_id=order_id,
                email=email,
                narrative=NARRATIVES[i],
            )
        )["reference"]
        for i, (order_id, email) in enumerate(buyers)
    ]


def assert_paid_once(db, references):
    with db() as session:
        payouts = dict(
            session.execute(
                select(Payout.claim_id, func.count(Payout.id)).group_by(Payout.claim_id)
            ).all()
        )
        recoveries = dict(
            session.execute(
                select(Recovery.claim_id, func.count(Recovery.id)).group_by(Recovery.claim_id)
            ).all()
        )
    for reference in references:
        claim = stored_claim(db, reference)
        assert claim.status == "marketplace_stepped_in"
        assert payouts[claim.id] == 1 and recoveries[claim.id] == 1, reference
        assert [e.type for e in claim.events].count("marketplace_stepped_in") == 1
        assert [d.outcome for d in claim.decisions].count("marketplace_stepped_in") == 1


async def test_concurrent_sweeps_from_several_instances_pay_each_claim_once(loaded, db, settings):
    references = await claims_of_many_buyers(loaded, 6)
    now = settings.clock().replace(day=20)
    # Every "instance" has its own engine (its own connection pool), as separate processes do.
    engines = [make_engine(settings.database_url) for _ in range(4)]
    start = threading.Barrier(len(engines))
    results: list[list[str]] = []

    def instance(engine):
        start.wait()
        results.append(sweep_deadlines(make_session_factory(engine), settings, now).stepped_in)

    threads = [threading.Thread(target=instance, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()

    assert len(results) == len(engines)
    settled = [reference for result in results for reference in result]
    assert sorted(settled) == sorted(references)  # each claim by exactly one instance
    assert_paid_once(db, references)


async def test_concurrent_sweep_requests_pay_each_claim_once(loaded, db):
    references = await claims_of_many_buyers(loaded, 4)

    answers = await asyncio.gather(*(sweep(loaded, {"now": DEADLINE}) for _ in range(5)))

    assert all(status == 200 for status, _ in answers)
    settled = [reference for _, summary in answers for reference in summary["stepped_in"]]
    assert sorted(settled) == sorted(references)
    assert_paid_once(db, references)


# ---- the command line and the running backend -----------------------------------------------


async def test_the_command_line_sweeps_and_prints_a_summary(
    loaded, db, settings, monkeypatch, capsys
):
    claim = await routed_claim(loaded)
    monkeypatch.setenv("CLAIMS_DATABASE_URL", settings.database_url)

    assert await asyncio.to_thread(main, ["sweep", "--now", "2026-12-01T00:00:00Z"]) == 0

    assert json.loads(capsys.readouterr().out) == {
        "now": "2026-12-01T00:00:00Z",
        "stepped_in": [claim["reference"]],
        "sellers_reminded": [],
        "waiver_windows_closed": [],
        "closed": [],
        # S-THIN's $500,000 policy was not enough; its proof was due on 30 October.
        "insurance_reminders": [{"seller_id": "S-THIN", "topic": "insurance_proof_overdue"}],
    }
    assert stored_claim(db, claim["reference"]).status == "marketplace_stepped_in"


async def test_the_running_backend_sweeps_by_itself(aiohttp_client, settings, clock, db):
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, sweep_interval_seconds=1))
    )
    assert (await client.post("/api/admin/marketplace", json=marketplace(), headers=ADMIN)).ok
    claim = await routed_claim(client)
    clock.advance(days=7)

    for _ in range(50):
        await asyncio.sleep(0.1)
        if stored_claim(db, claim["reference"]).status != "awaiting_seller":
            break
    stored = stored_claim(db, claim["reference"])
    assert stored.status == "marketplace_stepped_in"
    assert [(e.type, e.actor) for e in stored.events][-3:-1] == [
        ("seller_deadline_missed", "sweep"),
        ("marketplace_stepped_in", "sweep"),
    ]
