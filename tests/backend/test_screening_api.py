"""Screening through the API, on both databases: what each rule sees in the stored claims, how
the score routes a claim, and what the customer is told."""

from __future__ import annotations

import io
from typing import Any

from aiohttp import FormData
from sqlalchemy import func, select

from backend.models import Claim, Decision, NarrativeSignature, Payout
from tests.backend import evidence_files
from tests.backend.conftest import ADMIN, SERVICE
from tests.backend.marketplace_data import (
    DANA_EMAIL,
    HEATER,
    KETTLE,
    LAMP,
    SAM_EMAIL,
    SAM_ORDER,
    claim_body,
)

STORY = (
    "The space heater's power cord melted near the plug and sparked, then the rug under "
    "the desk caught fire and the wall behind it was scorched black"
)
ACCUSING_WORDS = ("fraud", "suspicious", "suspect", "abuse", "identical", "reused")


def order(number: int, customer: str, email: str, address: str | None, delivered: str) -> dict:
    """An order of one heater ($89.99) for the given customer, delivered on ``delivered``."""
    return {
        "id": f"200-0000000-{number:07d}",
        "customer": {"id": customer, "name": customer, "email": email},
        "placed_at": "2026-08-01T10:00:00Z",
        "delivered_at": f"{delivered}T12:00:00Z",
        "delivery_address": address,
        "items": [
            {
                "sku": HEATER,
                "title": "Oil-filled space heater 1500W",
                "seller_id": "S-ACME",
                "price": "89.99",
                "quantity": 1,
            }
        ],
    }


async def add_orders(client, *orders: dict) -> None:
    response = await client.post(
        "/api/admin/marketplace", json={"orders": list(orders)}, headers=ADMIN
    )
    assert response.status == 200, await response.text()


def body_for(order_record: dict, **changes: Any) -> dict:
    """A clean $120.37 claim on the order's heater."""
    body = claim_body(
        order_id=order_record["id"],
        customer_email=order_record["customer"]["email"],
        incident_date="2026-10-01",
        property_damage={"description": "scorched rug", "amount": "120.37"},
        injury=None,
    )
    body.update(changes)
    return body


async def file(client, body) -> dict:
    response = await client.post("/api/claims", json=body, headers=SERVICE)
    assert response.status == 201, await response.text()
    return await response.json()


async def file_sams_claim(client, evidence_id: str) -> dict:
    """Sam's claim on his heater, with one file."""
    body = claim_body(
        order_id=SAM_ORDER,
        customer_email=SAM_EMAIL,
        incident_date="2026-09-20",
        evidence_ids=[evidence_id],
    )
    return await file(client, body)


def findings_of(db, reference: str) -> dict[str, dict]:
    with db() as session:
        decision = session.execute(
            select(Decision).join(Claim).where(Claim.reference == reference)
        ).scalar_one()
        return {finding["code"]: finding for finding in decision.findings}


async def upload(client, content: bytes) -> str:
    data = FormData()
    data.add_field("file", content, filename="photo.png", content_type="image/png")
    response = await client.post("/api/evidence", data=data, headers=SERVICE)
    assert response.status == 201, await response.text()
    return (await response.json())["id"]


def assert_sent_to_review(claim: dict, as_customer: bool = False) -> None:
    """Nothing paid or routed, a kind explanation with a delay, no accusation (and for the
    customer no fraud score and no rule codes)."""
    assert claim["status"] == "under_review"
    assert claim["decision"]["outcome"] == "under_review"
    assert claim["decision"]["payer"] is None
    assert claim["decision"]["reasons"][0] == "referred_for_review"
    if as_customer:
        assert claim["decision"]["fraud_score"] is None
        assert claim["decision"]["reasons"] == ["referred_for_review"]
    else:
        assert claim["decision"]["fraud_score"] >= 0.5
    assert claim["seller_response_due"] is None
    explanation = claim["decision"]["explanation"]
    assert "specialist will review it within 5 days" in explanation
    assert not any(word in explanation.lower() for word in ACCUSING_WORDS)
    assert [event["type"] for event in claim["events"]] == ["submitted", "referred_for_review"]


# ---- claim frequency -------------------------------------------------------------------------


async def test_the_fourth_claim_in_a_year_is_noted_and_the_sixth_goes_to_review(loaded, db):
    orders = [order(n, "C-FREQ", "freq@example.com", None, "2026-09-20") for n in range(6)]
    await add_orders(loaded, *orders)

    filed = [await file(loaded, body_for(record)) for record in orders]

    assert [claim["status"] for claim in filed] == ["concession_paid"] * 5 + ["under_review"]
    assert "frequent_claims_customer" not in findings_of(db, filed[2]["reference"])
    fourth = findings_of(db, filed[3]["reference"])["frequent_claims_customer"]
    assert fourth["weight"] == 0.3 and fourth["denies"] is False
    assert set(fourth["related"]) == {claim["reference"] for claim in filed[:3]}
    assert findings_of(db, filed[5]["reference"])["frequent_claims_customer"]["weight"] == 0.5
    assert filed[5]["decision"]["reasons"] == ["referred_for_review", "frequent_claims_customer"]
    assert_sent_to_review(filed[5])
    with db() as session:
        paid = session.execute(select(Payout.claim_id)).scalars().all()
        assert len(paid) == 5  # the claim under review is not paid


async def test_claims_older_than_a_year_do_not_count(loaded, clock, db):
    old = [order(n, "C-OLD", "old@example.com", None, "2026-09-20") for n in range(3)]
    new = order(9, "C-OLD", "old@example.com", None, "2027-10-01")
    await add_orders(loaded, *old, new)
    for record in old:
        await file(loaded, body_for(record))

    clock.advance(days=365)  # 2027-10-10 12:00: the first claims are exactly a year old
    claim = await file(loaded, body_for(new, incident_date="2027-10-02"))

    assert claim["status"] == "concession_paid"
    assert "frequent_claims_customer" not in findings_of(db, claim["reference"])


async def test_claims_from_other_accounts_at_one_address_are_counted(loaded, db):
    ring = [
        order(1, "C-R1", "r1@example.com", "7 Elm Street, Apt. 3, Salem", "2026-09-20"),
        order(2, "C-R2", "r2@example.com", "7 elm st apt 3 salem", "2026-09-20"),
        order(3, "C-R3", "r3@example.com", "7 ELM ST #3, SALEM", "2026-09-20"),
        order(4, "C-R4", "r4@example.com", "8 Elm Street, Apt. 3, Salem", "2026-09-20"),
    ]
    await add_orders(loaded, *ring)

    first, second, third, next_door = [await file(loaded, body_for(record)) for record in ring]

    assert "frequent_claims_address" not in findings_of(db, second["reference"])
    finding = findings_of(db, third["reference"])["frequent_claims_address"]
    assert finding["weight"] == 0.3
    assert set(finding["related"]) == {first["reference"], second["reference"]}
    assert "frequent_claims_address" not in findings_of(db, next_door["reference"])
    with db() as session:
        keys = session.execute(select(Claim.delivery_address_key).order_by(Claim.id)).scalars()
        assert list(keys)[-4:] == ["7 elm st unit 3 salem"] * 3 + ["8 elm st unit 3 salem"]


async def test_a_claim_without_a_known_address_has_no_address_key(loaded, db):
    claim = await file(loaded, claim_body())

    with db() as session:
        stored = session.execute(
            select(Claim.delivery_address_key).where(Claim.reference == claim["reference"])
        ).scalar_one()
        assert stored is None


# ---- evidence ---------------------------------------------------------------------------------


async def test_the_same_file_in_another_customers_claim_sends_it_to_review(loaded, db):
    photo = evidence_files.png()
    danas, sams = await upload(loaded, photo), await upload(loaded, photo)  # two uploads
    first = await file(loaded, claim_body(evidence_ids=[danas]))

    second = await file_sams_claim(loaded, sams)

    assert first["status"] == "concession_paid"
    assert_sent_to_review(second)
    assert second["decision"]["reasons"] == ["referred_for_review", "evidence_reused"]
    reused = findings_of(db, second["reference"])["evidence_reused"]
    assert reused["related"] == [first["reference"]]
    assert reused["files"] == [{"evidence_id": sams, "other_reference": first["reference"]}]


async def test_a_customer_may_use_the_same_file_in_their_own_claims(loaded, db):
    photo = await upload(loaded, evidence_files.png())
    await file(loaded, claim_body(sku=HEATER, evidence_ids=[photo]))

    again = await file(loaded, claim_body(sku=KETTLE, evidence_ids=[photo]))

    assert again["status"] == "concession_paid"
    assert "evidence_reused" not in findings_of(db, again["reference"])


# ---- photos -----------------------------------------------------------------------------------


async def test_the_same_picture_re_encoded_and_resized_in_another_claim_sends_it_to_review(
    loaded, db
):
    danas = await upload(loaded, evidence_files.photograph())
    # Another file, the same picture.
    sams = await upload(loaded, evidence_files.photograph(size=180, quality=60))
    first = await file(loaded, claim_body(evidence_ids=[danas]))

    second = await file_sams_claim(loaded, sams)

    assert first["status"] == "concession_paid"
    assert_sent_to_review(second)
    finding = findings_of(db, second["reference"])["photo_reused_altered"]
    assert finding["related"] == [first["reference"]] and finding["weight"] == 0.5
    assert finding["files"] == [{"evidence_id": sams, "other_reference": first["reference"]}]
    assert "evidence_reused" not in findings_of(db, second["reference"])  # not the same file


async def test_a_different_picture_is_no_finding(loaded, db):
    from PIL import Image

    other = io.BytesIO()
    Image.effect_mandelbrot((256, 256), (-2, -1.5, 1, 1.5), 100).convert("RGB").save(other, "JPEG")
    danas = await upload(loaded, evidence_files.photograph())
    sams = await upload(loaded, other.getvalue())
    await file(loaded, claim_body(evidence_ids=[danas]))
    second = await file_sams_claim(loaded, sams)
    assert "photo_reused_altered" not in findings_of(db, second["reference"])


async def test_tiny_or_flat_images_show_no_picture_to_compare(loaded, db):
    from PIL import Image

    def flat(colour: tuple[int, int, int], size: int = 256) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (size, size), colour).save(out, "PNG")
        return out.getvalue()

    await file(loaded, claim_body(evidence_ids=[await upload(loaded, flat((250, 250, 250)))]))
    second = await file_sams_claim(loaded, await upload(loaded, flat((240, 240, 240))))
    assert "photo_reused_altered" not in findings_of(db, second["reference"])
    assert second["status"] != "under_review"
    tiny = await file_sams_claim(loaded, await upload(loaded, evidence_files.png()))
    assert "photo_reused_altered" not in findings_of(db, tiny["reference"])


async def test_a_photo_taken_before_the_delivery_is_a_finding(loaded, db):
    # Dana's order was delivered on 2026-09-04; the incident was on 2026-10-02.
    early = await upload(loaded, evidence_files.photograph(taken="2026:08:30 09:15:00"))
    fresh = await upload(loaded, evidence_files.photograph(size=200, taken="2026:10:02 20:00:00"))
    claim = await file(loaded, claim_body(evidence_ids=[fresh, early]))
    finding = findings_of(db, claim["reference"])["photo_before_delivery"]
    assert "2026-08-30" in finding["detail"] and finding["weight"] == 0.5
    assert finding["files"] == [{"evidence_id": early, "other_reference": None}]


async def test_a_photo_long_before_the_incident_and_one_of_the_day(loaded, db):
    # Taken after the delivery.
    old = await upload(loaded, evidence_files.photograph(taken="2026:09:05 09:15:00"))
    claim = await file(loaded, claim_body(incident_date="2026-10-10", evidence_ids=[old]))
    assert findings_of(db, claim["reference"])["photo_long_before_incident"]["weight"] == 0.3
    fresh = await upload(loaded, evidence_files.photograph(size=200, taken="2026:10:02 20:00:00"))
    again = await file(loaded, claim_body(sku=KETTLE, evidence_ids=[fresh]))
    findings = findings_of(db, again["reference"])
    assert "photo_long_before_incident" not in findings
    assert "photo_before_delivery" not in findings


# ---- narratives -------------------------------------------------------------------------------


async def test_a_story_nearly_identical_to_another_customers_goes_to_review(loaded, db):
    first = await file(loaded, claim_body(defect_description=STORY))

    retold = STORY.replace("scorched black", "scorched badly")
    second = await file(
        loaded,
        claim_body(
            order_id=SAM_ORDER,
            customer_email=SAM_EMAIL,
            incident_date="2026-09-20",
            defect_description=retold,
        ),
    )

    assert_sent_to_review(second)
    finding = findings_of(db, second["reference"])["similar_narrative"]
    assert finding["related"] == [first["reference"]]
    with db() as session:
        per_claim = session.execute(
            select(NarrativeSignature.claim_id, func.count()).group_by(NarrativeSignature.claim_id)
        ).all()
        assert sorted(count for _, count in per_claim) == [20, 20]


async def test_a_different_story_or_the_same_customers_own_story_is_not_flagged(loaded, db):
    await file(loaded, claim_body(defect_description=STORY))

    own = await file(loaded, claim_body(sku=LAMP, defect_description=STORY))
    other = await file(
        loaded,
        claim_body(
            order_id=SAM_ORDER,
            customer_email=SAM_EMAIL,
            incident_date="2026-09-20",
            defect_description=(
                "The heater's thermostat failed and it kept heating until the plastic casing "
                "warped and the carpet underneath was discoloured and melted in one spot"
            ),
        ),
    )

    assert own["status"] == other["status"] == "concession_paid"
    assert "similar_narrative" not in findings_of(db, own["reference"])
    assert "similar_narrative" not in findings_of(db, other["reference"])


# ---- amounts ----------------------------------------------------------------------------------


async def test_a_claim_hundreds_of_times_the_item_price_is_reviewed_not_denied(loaded, db):
    claim = await file(
        loaded,
        claim_body(property_damage={"description": "the house burned down", "amount": "250000.00"}),
    )

    assert_sent_to_review(claim)
    assert claim["decision"]["reasons"] == [
        "referred_for_review",
        "amount_far_above_item_price",
        "round_amounts",
    ]
    assert claim["claimed_total"] == "250000.00"


async def test_a_large_claim_right_after_delivery_with_round_amounts_is_noted_only(loaded, db):
    claim = await file(
        loaded,
        claim_body(
            incident_date="2026-09-05",  # the day after delivery
            property_damage={"description": "sofa", "amount": "3000.00"},
        ),
    )

    assert claim["status"] == "awaiting_seller"  # 0.41: under the review threshold
    assert set(findings_of(db, claim["reference"])) == {
        "large_claim_soon_after_delivery",
        "round_amounts",
    }
    assert claim["decision"]["fraud_score"] == 0.41


async def test_a_claim_under_review_still_stands_so_a_second_one_is_a_duplicate(loaded):
    big = {"description": "the house burned down", "amount": "250000.00"}
    first = await file(loaded, claim_body(property_damage=big))

    second = await file(loaded, claim_body(conversation_id="again"))

    assert first["status"] == "under_review"
    assert second["status"] == "denied"
    assert second["decision"]["reasons"] == ["duplicate"]


async def test_the_customer_reads_the_review_explanation_with_their_email(loaded):
    big = {"description": "the house burned down", "amount": "250000.00"}
    claim = await file(loaded, claim_body(property_damage=big))

    response = await loaded.get(
        f"/api/claims/{claim['reference']}", headers={"X-Customer-Email": DANA_EMAIL}
    )

    assert response.status == 200
    assert_sent_to_review(await response.json(), as_customer=True)


# ---- uncovered losses -------------------------------------------------------------------------


async def test_a_claim_for_pain_and_suffering_only_is_stored_as_not_covered(loaded, db):
    claim = await file(
        loaded,
        claim_body(
            property_damage=None,
            injury=None,
            other_losses=[{"kind": "pain_and_suffering", "amount": "5000.00"}],
        ),
    )

    assert claim["status"] == "denied"
    assert claim["decision"]["reasons"] == ["not_covered"]
    assert claim["claimed_total"] == "0.00"
    assert "not pain and suffering" in claim["decision"]["explanation"]
    with db() as session:
        assert session.execute(select(func.count()).select_from(Payout)).scalar_one() == 0


async def test_uncovered_losses_are_left_out_of_the_total_and_the_customer_is_told(loaded):
    claim = await file(
        loaded,
        claim_body(
            other_losses=[
                {"kind": "punitive", "amount": "10000.00"},
                {"kind": "emotional_distress", "description": "nightmares", "amount": "2500.50"},
            ]
        ),
    )

    assert claim["status"] == "concession_paid"
    assert claim["claimed_total"] == "350.00"
    assert claim["decision"]["reasons"] == [
        "valid",
        "under_concession_limit",
        "uncovered_losses_excluded",
    ]
    assert "$350.00" in claim["decision"]["explanation"]
    assert (
        "the $12,500.50 listed for them is not part of the claim"
        in (claim["decision"]["explanation"])
    )
    assert claim["other_losses"] == [
        {"kind": "punitive", "description": None, "amount": "10000.00"},
        {"kind": "emotional_distress", "description": "nightmares", "amount": "2500.50"},
    ]


async def test_uncovered_losses_of_zero_are_no_harm(loaded):
    response = await loaded.post(
        "/api/claims",
        json=claim_body(
            property_damage=None,
            injury=None,
            other_losses=[{"kind": "pain_and_suffering", "amount": "0.00"}],
        ),
        headers=SERVICE,
    )

    assert response.status == 422
    assert [error["code"] for error in (await response.json())["errors"]] == ["no_harm_reported"]
