"""A claim fraud experts denied cannot be filed again on the same order and item and be paid
(issue 11, hole 5): the new claim goes to the experts, nothing is paid."""

from __future__ import annotations

from sqlalchemy import func, select

from backend.models import Payout
from tests.backend.claim_steps import file_claim, file_suspicious_claim, review
from tests.backend.conftest import ADMIN


async def test_a_claim_refiled_after_an_experts_denial_goes_back_to_the_experts(loaded, db):
    denied = await file_suspicious_claim(loaded)
    status, _ = await review(loaded, denied["reference"], "deny_unsubstantiated")
    assert status == 200

    # The same customer, order and item again, now looking harmless (a small amount).
    again = await file_claim(loaded)

    assert again["status"] == "under_review"
    assert again["decision"]["payer"] is None
    queue = await (await loaded.get("/api/admin/review-queue", headers=ADMIN)).json()
    [queued] = [claim for claim in queue["claims"] if claim["reference"] == again["reference"]]
    finding = next(
        f for f in queued["screening"]["findings"] if f["code"] == "refiled_after_denial"
    )
    assert denied["reference"] in finding["detail"]
    with db() as session:
        assert session.execute(select(func.count()).select_from(Payout)).scalar_one() == 0


async def test_a_claim_on_an_item_whose_claim_was_withdrawn_is_not_held(loaded):
    first = await file_claim(loaded, property_damage={"description": "rug", "amount": "4000.00"})
    await loaded.post(
        f"/api/claims/{first['reference']}/withdraw", json={"reason": "x"}, headers=ADMIN
    )

    again = await file_claim(loaded)

    assert again["status"] == "concession_paid"
