"""Fraud experts review claims with their own accounts, and the timeline names who decided
(issue 11, with issue 13's staff accounts): nobody acts as someone else."""

from __future__ import annotations

import pytest

from tests.backend.claim_steps import file_suspicious_claim
from tests.backend.conftest import ADMIN, AGENT, SERVICE
from tests.backend.desk_steps import sign_in


async def test_an_expert_clears_a_claim_and_the_event_names_her(desk):
    claim = await file_suspicious_claim(desk)
    erin = await sign_in(desk, "erin", role="expert")

    queue = await desk.get("/api/admin/review-queue", headers=erin)
    assert queue.status == 200
    assert [c["reference"] for c in (await queue.json())["claims"]] == [claim["reference"]]
    response = await desk.post(
        f"/api/admin/claims/{claim['reference']}/review",
        json={"decision": "deny_unsubstantiated", "note": "the photos show another heater"},
        headers=erin,
    )

    assert response.status == 200
    decided = await response.json()
    reviewed = [event for event in decided["events"] if event["type"] == "reviewed"]
    assert [(event["actor"], event["note"]) for event in reviewed] == [
        ("erin", "the photos show another heater")
    ]


@pytest.mark.parametrize("who", ["agent session", "agent token", "service token"])
async def test_nobody_else_reviews(desk, who):
    claim = await file_suspicious_claim(desk)
    headers = {
        "agent session": await sign_in(desk, "alex"),
        "agent token": AGENT,
        "service token": SERVICE,
    }[who]

    response = await desk.post(
        f"/api/admin/claims/{claim['reference']}/review",
        json={"decision": "clear", "note": "x"},
        headers=headers,
    )

    assert response.status == 403
    after = await (await desk.get(f"/api/claims/{claim['reference']}", headers=ADMIN)).json()
    assert after["status"] == "under_review" and after["events"] == claim["events"]
